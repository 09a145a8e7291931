"""Redirect pages: a paper by its arXiv id, and a merged paper's old id."""

from __future__ import annotations

import datetime as dt

from generator.models import Appearance, Corpus, Paper
from generator.papers.registry import Record
from generator.render.redirects import redirect_files


def paper(paper_id: str, title: str, arxiv_id: str | None) -> Paper:
    seen = (Appearance(dt.date(2024, 3, 12), "a.json", "a", 0),)
    return Paper(paper_id, paper_id.replace("-", ""), title, "Abstract.", seen, (), arxiv_id=arxiv_id)


def test_arxiv_ids_and_merged_ids_lead_to_the_paper():
    papers = (paper("old-title", 'Old <Title> & "Quotes"', "hep-th/9901001"), paper("text-only", "Text", None))
    corpus = Corpus(digests=(), papers=papers, aliases={"new-title": "old-title"})
    pages = dict(redirect_files(corpus))
    assert list(pages) == ["arxiv/hep-th/9901001.html", "papers/new-title.html"]
    arxiv = pages["arxiv/hep-th/9901001.html"]
    assert '<meta http-equiv="refresh" content="0; url=../../papers/old-title.html">' in arxiv
    assert '<a href="../../papers/old-title.html">arXiv:hep-th/9901001</a>' in arxiv  # what the address named
    assert "<title>arXiv:hep-th/9901001</title>" in arxiv and 'name="robots" content="noindex"' in arxiv
    for page in pages.values():  # no request for /favicon.ico at the host's root, outside the site
        assert '<link rel="icon" href="data:,">' in page
    merged = pages["papers/new-title.html"]
    assert 'url=old-title.html"' in merged and "<title>Old &lt;Title&gt; &amp; &#34;Quotes&#34;</title>" in merged
    assert '<a href="old-title.html">Old &lt;Title&gt; &amp; &#34;Quotes&#34;</a>' in merged


def test_every_registered_arxiv_id_of_a_paper_on_the_site_leads_to_it():
    papers = (paper("text-only", "Text", "2401.00077"), paper("merged-into", "M", None))
    published = (
        Record("text-only", 1, "2401.00001", ("Text",)),  # its lookup gave another id since
        Record("old-id", 1, "2401.00003", ("Old",)),  # merged into another paper
        Record("gone", 1, "2401.00004", ("Gone",)),  # in no digest now: no page to lead to
        Record("odd", 1, "../x", ("Odd",)),  # not arXiv's form: names no file
    )
    corpus = Corpus(
        digests=(), papers=papers, aliases={"old-id": "merged-into", "odd": "text-only"}, published=published
    )
    pages = dict(redirect_files(corpus))
    assert sorted(pages) == [
        "arxiv/2401.00001.html",
        "arxiv/2401.00003.html",
        "arxiv/2401.00077.html",
        "papers/odd.html",
        "papers/old-id.html",
    ]
    assert 'url=../papers/text-only.html"' in pages["arxiv/2401.00001.html"]
    assert 'url=../papers/merged-into.html"' in pages["arxiv/2401.00003.html"]
