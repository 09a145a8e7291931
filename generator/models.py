"""Plain value types passed between the pipeline stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True, order=True)
class Entry:
    """One title/abstract pair as it stands in one digest file."""

    title: str
    abstract: str
    line: int  # 1-based line of the title in the source file


@dataclass(frozen=True, order=True)
class Digest:
    """One digest file: its date and its entries in original order."""

    date: dt.date
    source: str  # file name, e.g. "2024-03-14.txt"
    slug: str  # page name under digests/, without ".html"
    entries: tuple[Entry, ...]

    @property
    def url(self) -> str:
        return f"digests/{self.slug}.html"


@dataclass(frozen=True, order=True)
class Appearance:
    """Where a paper was listed: a digest and its position in it."""

    date: dt.date
    source: str
    digest_slug: str
    position: int  # 0-based index in the digest


@dataclass(frozen=True)
class Paper:
    """One paper, merged over every digest that lists it."""

    id: str  # the stable slug; the page is papers/<id>.html
    key: str  # identity key: the title without case, punctuation or spacing
    title: str
    abstract: str
    appearances: tuple[Appearance, ...]  # oldest first
    links: tuple[str, ...]  # URLs found in the abstract, in order of first mention

    @property
    def url(self) -> str:
        return f"papers/{self.id}.html"

    @property
    def first_seen(self) -> dt.date:
        return self.appearances[0].date

    @property
    def last_seen(self) -> dt.date:
        return self.appearances[-1].date


@dataclass(frozen=True, order=True)
class Topic:
    """One topic of the taxonomy."""

    slug: str
    name: str
    area: str
    description: str
    phrases: tuple[str, ...]
    exclude: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return f"topics/{self.slug}.html"


@dataclass(frozen=True)
class Related:
    """A related paper with the reasons a reader can check."""

    id: str
    score: float
    shared_topics: tuple[str, ...]  # topic names
    shared_terms: tuple[str, ...]  # distinctive terms both papers use


MIN_TOPIC_PAPERS = 2  # a topic with fewer papers is listed but gets no page (nor feed)


@dataclass(frozen=True, eq=False)
class Corpus:
    """Everything the renderer needs, computed before anything is written."""

    digests: tuple[Digest, ...]  # oldest first, then by file name
    papers: tuple[Paper, ...]  # sorted by id
    topics: tuple[Topic, ...] = ()  # every topic of the taxonomy, in taxonomy order
    areas: tuple[str, ...] = ()
    tags: dict[str, tuple[str, ...]] | None = None  # paper id -> topic slugs, strongest first
    related: dict[str, tuple[Related, ...]] | None = None  # paper id -> related papers, best first
    mentions: dict[str, tuple[str, ...]] | None = None  # paper id -> ids its abstract names

    def tags_of(self, paper_id: str) -> tuple[str, ...]:
        return (self.tags or {}).get(paper_id, ())

    def related_of(self, paper_id: str) -> tuple[Related, ...]:
        return (self.related or {}).get(paper_id, ())

    def mentions_of(self, paper_id: str) -> tuple[str, ...]:
        return (self.mentions or {}).get(paper_id, ())

    @cached_property
    def papers_by_topic(self) -> dict[str, list[Paper]]:
        """Map every topic slug to its papers, newest listing first, ties by id."""
        grouped: dict[str, list[Paper]] = {t.slug: [] for t in self.topics}
        for paper in self.papers:
            for slug in self.tags_of(paper.id):
                grouped.setdefault(slug, []).append(paper)
        for papers in grouped.values():
            papers.sort(key=lambda p: (-p.last_seen.toordinal(), p.id))
        return grouped

    @cached_property
    def shown_topics(self) -> tuple[Topic, ...]:
        """Return the topics that get a page, in taxonomy order."""
        return tuple(t for t in self.topics if len(self.papers_by_topic[t.slug]) >= MIN_TOPIC_PAPERS)
