"""Redirect pages: a paper reached by its arXiv id (arxiv/<id>.html), and a published id whose paper
turned out to be another one (papers/<old id>.html), so that no URL the site gave out stops working."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from ..models import Corpus, Paper
from .templating import render


def _redirect(source: str, paper: Paper, site_url: str) -> tuple[str, str]:
    href = posixpath.relpath(paper.url, posixpath.dirname(source))
    canonical = f"{site_url}{paper.url}" if site_url else ""
    return source, render("redirect.html", title=paper.title, href=href, canonical=canonical)


def redirect_files(corpus: Corpus, site_url: str = "") -> Iterator[tuple[str, str]]:
    """Yield (path under docs/, HTML) for every arXiv id and every merged id, sorted by path.

    Old-style arXiv ids keep their slash (arxiv/hep-th/9901001.html): the path is the id.
    """
    papers = {p.id: p for p in corpus.papers}
    pages = [_redirect(f"arxiv/{p.arxiv_id}.html", p, site_url) for p in corpus.papers if p.arxiv_id]
    pages += [_redirect(f"papers/{old}.html", papers[new], site_url) for old, new in (corpus.aliases or {}).items()]
    yield from sorted(pages)
