"""The words a paper adds to the search index: its rarest, outside title and first sentence."""

from __future__ import annotations

import datetime as dt

from generator import keywords
from generator.models import Appearance, Paper


def paper(pid: str, title: str, abstract: str) -> Paper:
    seen = (Appearance(dt.date(2024, 3, 14), "a.txt", "a", 0),)
    return Paper(pid, pid, title, abstract, seen, ())


def test_rarest_words_outside_title_and_first_sentence_in_text_order():
    papers = [
        paper("a", "Zebra Models", "We study zebras. The model uses stripes and common words and quokkas."),
        paper("b", "Other", "Common words everywhere. The model uses common words."),
        paper("c", "Third", "Common words again. The model uses more common words."),
    ]
    chosen = keywords.keywords(papers, limit=2)
    # "stripes" and "quokkas" occur once in the corpus; "model", "uses", "common", "words" everywhere;
    # "zebras" stands in the first sentence, which the index keeps whole anyway.
    assert chosen["a"] == ("stripes", "quokkas")
    assert "the" not in keywords.keywords(papers, limit=50)["a"]


def test_ties_keep_text_order_and_output_is_deterministic():
    papers = [paper("a", "T", "First. Delta alpha gamma beta."), paper("b", "U", "Other words.")]
    assert keywords.keywords(papers, limit=3)["a"] == ("delta", "alpha", "gamma")
    assert keywords.keywords(papers) == keywords.keywords(list(reversed(papers)))
