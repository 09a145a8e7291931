"""Paper pages from the template: every piece of data text isolated, nothing of it read as markup."""

from __future__ import annotations

import datetime as dt
import re

from mkdocs.utils.meta import get_data

from generator.models import Corpus, Digest, Entry, Related, Topic
from generator.papers import identity
from generator.render import pages

RTL = "\u0646\u0645\u0627\u0630\u062c \u0627\u0644\u0644\u063a\u0629"  # Arabic: "language models"


def corpus() -> Corpus:
    day = dt.date(2024, 3, 14)
    entries = (
        Entry(f"{RTL}: 3 Tricks", f"We study {RTL} (2024). See https://github.com/x/y.", 2),
        Entry("</title><script>alert(1)</script> & {{ x }}", "An abstract with <b>markup</b>.", 4),
    )
    digests = [Digest(day, "2024-03-14.txt", "2024-03-14", entries)]
    papers = identity.merge(digests)
    topic = Topic(slug="llm", name=RTL, area="Language", description="Models of text.", phrases=("x",))
    first, second = papers
    return Corpus(
        digests=tuple(digests),
        papers=tuple(papers),
        topics=(topic,),
        areas=("Language",),
        tags={p.id: ("llm",) for p in papers},
        related={first.id: (Related(second.id, 0.5, (RTL,), ("models", RTL)),)},
    )


def test_data_text_is_isolated_against_bidi_reordering() -> None:
    data = corpus()
    files = dict(pages.Renderer(data).files())
    page = files[data.papers[0].url.removesuffix(".html") + ".md"]
    assert f'<h1 dir="auto">{RTL}: 3 Tricks</h1>' in page
    assert f'<p class="paper-abstract" dir="auto">We study {RTL} (2024).' in page
    assert re.search(r'<a href="[^"]+\.html" dir="auto">&lt;/title&gt;', page), "a related title: a dir=auto link"
    assert f"(<bdi>topics: {RTL}; terms: models, {RTL}</bdi>)" in page, "reasons inline: <bdi>"
    assert f'<a class="md-tag" href="../topics/llm.html">{RTL}</a>' in page  # a chip is an isolated flex item


def test_front_matter_keeps_titles_as_text_through_mkdocs_own_parser() -> None:
    data = corpus()
    files = dict(pages.Renderer(data).files())
    evil = next(p for p in data.papers if p.title.startswith("</title>"))
    markdown = files[evil.url.removesuffix(".html") + ".md"]
    body, meta = get_data(markdown)
    # MkDocs prints page titles as HTML: the front matter holds the escaped title, once.
    assert meta["title"] == "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ x }}"
    assert meta["tags"] == [RTL] and meta["template"] == "paper.html"
    assert "<script>" not in body and "<b>markup</b>" not in body
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ x }}</h1>" in body
