"""Paper pages and the home page's generated part, from templates (generator/render/templates/)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..analysis.links import is_code, link_label, lookups
from ..models import Corpus, Paper
from .digests import DigestRenderer
from .templating import page, render

DESCRIPTION_MAX = 160
HOME = "_generated/home.md"  # included into docs/index.md
LATEST = 10  # papers of the newest digest the home page lists


def describe(value: str) -> str:
    """Shorten an abstract to a meta description."""
    if len(value) <= DESCRIPTION_MAX:
        return value
    return value[: DESCRIPTION_MAX - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


@dataclass(frozen=True)
class Link:
    """A link found in an abstract, as the "Code and links" list shows it."""

    url: str
    label: str  # the kind of place: "GitHub", "Project page (GitHub Pages)", a host name
    kind: str  # "code" or "link"


class Renderer:
    """Render every paper page of one corpus, and the home page's generated part."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.papers = {p.id: p for p in corpus.papers}
        self.topics = {t.slug: t for t in corpus.topics}
        self.shown = {t.slug for t in corpus.shown_topics}
        self.digests = DigestRenderer(corpus)
        self.mentioned_by: dict[str, list[str]] = {}
        for source in sorted(corpus.mentions or {}):
            for target in corpus.mentions_of(source):
                self.mentioned_by.setdefault(target, []).append(source)

    def files(self) -> Iterator[tuple[str, str]]:
        """Yield (path under docs/, content) for every paper page, digest page, the archive and home."""
        for paper in self.corpus.papers:
            yield paper.url.removesuffix(".html") + ".md", self.paper_page(paper)
        yield from self.digests.files()
        yield HOME, self.home_snippet()

    def paper_page(self, paper: Paper) -> str:
        topics = [self.topics[s] for s in self.corpus.tags_of(paper.id) if s in self.topics]
        meta: dict[str, object] = {
            "title": paper.title,
            "description": describe(paper.abstract),
            "template": "paper.html",
        }
        if topics:
            meta["tags"] = [t.name for t in topics]  # Material's tags plugin checks them against tags_allowed
        return page(
            "paper.html",
            meta,
            here=paper.url,
            paper=paper,
            topics=topics,
            shown=self.shown,
            digests=[self.digests.links[a.digest_slug] for a in paper.appearances],
            links=[Link(url, link_label(url), "code" if is_code(url) else "link") for url in paper.links],
            lookups=lookups(paper.title),
            related=[(r, self.papers[r.id]) for r in self.corpus.related_of(paper.id)],
            mentions=[self.papers[i] for i in self.corpus.mentions_of(paper.id)],
            mentioned_by=[self.papers[i] for i in self.mentioned_by.get(paper.id, [])],
        )

    def home_snippet(self) -> str:
        corpus = self.corpus
        latest = corpus.digests[-1]  # the newest date's last digest
        return render(
            "home.html",
            here="index.html",
            papers=len(corpus.papers),
            digests=len(corpus.digests),
            topics=len(corpus.shown_topics),
            first=corpus.digests[0].date,
            last=latest.date,
            latest=self.digests.links[latest.slug],
            newest=self.digests.papers_of(latest)[:LATEST],
        )
