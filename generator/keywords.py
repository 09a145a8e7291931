"""Choose the words a paper contributes to the search index beyond its title and first sentence."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from lunr.stop_word_filter import WORDS as STOP_WORDS

from .links import first_sentence
from .models import Paper

WORDS = re.compile(r"[^\W_](?:[\w.\-]*[^\W_])?")
OPEN = 1_000_000  # first_sentence() without a length cut
LIMIT = 40  # words per paper; lunr.js builds its index in the browser, so each word costs load time


def keywords(papers: Sequence[Paper], limit: int = LIMIT) -> dict[str, tuple[str, ...]]:
    """Return, per paper id, the abstract's rarest words outside its title and first sentence.

    Rare words are what a reader types to find one paper among thousands; common ones
    ("model", "results") match half the corpus and only slow the index down. Ties go to the
    earlier word, so the choice is deterministic.
    """
    unique = [dict.fromkeys(WORDS.findall(p.abstract.lower())) for p in papers]  # in order of first use
    df: Counter[str] = Counter()
    for keys in unique:
        df.update(keys.keys())  # keys, not the mapping: each word once per paper
    chosen: dict[str, tuple[str, ...]] = {}
    for paper, keys in zip(papers, unique, strict=True):
        shown = set(WORDS.findall(f"{paper.title} {first_sentence(paper.abstract, OPEN)}".lower()))
        candidates = [k for k in keys if k not in shown and k not in STOP_WORDS and len(k) > 2 and not k.isdigit()]
        order = {key: i for i, key in enumerate(candidates)}
        rarest = sorted(candidates, key=df.__getitem__)[:limit]  # stable: ties keep text order
        chosen[paper.id] = tuple(sorted(rarest, key=order.__getitem__))
    return chosen
