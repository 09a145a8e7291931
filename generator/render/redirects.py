"""Redirect pages: a paper reached by its arXiv id (arxiv/<id>.html), and a published id whose paper
turned out to be another one (papers/<old id>.html), so that no URL the site gave out stops working."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from ..models import Corpus, Paper
from ..sources.daily_api import arxiv_id
from .templating import render


def _redirect(source: str, label: str, paper: Paper) -> tuple[str, str]:
    href = posixpath.relpath(paper.url, posixpath.dirname(source))
    return source, render("redirect.html", label=label, href=href)


def redirect_files(corpus: Corpus) -> Iterator[tuple[str, str]]:
    """Yield (path under docs/, HTML) for every arXiv id and every merged id, sorted by path.

    Every arXiv id the registry records for a paper on the site leads to it too, whatever the data
    says now (a title lookup that changed its answer, or is gone): a published URL keeps working.
    Old-style arXiv ids keep their slash (arxiv/hep-th/9901001.html): the path is the id.
    About 0.3 KB each (arXiv:<id> and the paper's address twice).
    """
    papers = {p.id: p for p in corpus.papers}
    pages = [_redirect(f"arxiv/{p.arxiv_id}.html", f"arXiv:{p.arxiv_id}", p) for p in corpus.papers if p.arxiv_id]
    shown = {path for path, _ in pages}
    aliases = corpus.aliases or {}
    for record in corpus.published:
        paper = papers.get(aliases.get(record.id, record.id))
        path = f"arxiv/{record.arxiv_id}.html"
        # Only an id in arXiv's own form names a file (the registry keeps whatever an older build wrote).
        if paper and record.arxiv_id and arxiv_id(record.arxiv_id) == record.arxiv_id and path not in shown:
            shown.add(path)
            pages.append(_redirect(path, f"arXiv:{record.arxiv_id}", paper))
    for old, new in aliases.items():
        pages.append(_redirect(f"papers/{old}.html", papers[new].title, papers[new]))
    yield from sorted(pages)
