"""Plain value types passed between the pipeline stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .papers.authors import Authors
    from .papers.registry import Record
    from .sources.lists import ReadingList


@dataclass(frozen=True)
class Listing:
    """What a Daily Papers API item says about a paper, beyond its title and abstract.

    Text digests carry none of this; JSON digests (the API's saved responses) carry it per item.
    Unknown values are None (or empty); the digest's date is when the counts and stars held.
    """

    arxiv_id: str | None = None  # "2403.01234" or old-style "hep-th/9901001", no version suffix
    authors: tuple[str, ...] = ()  # visible authors' names in paper order; hidden ones are left out
    published: dt.date | None = None  # the arXiv publication date (paper.publishedAt)
    upvotes: int | None = None
    comments: int | None = None
    code: str | None = None  # the code repository's URL (paper.githubRepo), http(s) only
    code_stars: int | None = None
    project_page: str | None = None  # http(s) only
    keywords: tuple[str, ...] = ()  # paper.ai_keywords
    summary: str | None = None  # paper.ai_summary: the Hub's one-line summary
    withdrawn: dt.date | None = None  # paper.withdrawnAt


@dataclass(frozen=True, order=True)
class Note:
    """A repair or a skip the build made on its own, reported as `path:line: note: message`."""

    path: str  # the file as messages name it, e.g. "data/digests/2024-03-14.txt"
    line: int | None  # 1-based line in that file, or None for the file as a whole
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: note: {self.message}"


@dataclass(frozen=True, order=True)
class Entry:
    """One title/abstract pair as it stands in one digest file."""

    title: str
    abstract: str
    line: int  # 1-based line of the title in the source file (a JSON digest: the item's line)
    listing: Listing | None = field(default=None, compare=False)  # from a JSON digest only


@dataclass(frozen=True, order=True)
class Digest:
    """One digest file: its date and its entries in original order."""

    date: dt.date
    source: str  # file name, e.g. "2024-03-14.txt"
    slug: str  # page name under digests/, without ".html"
    entries: tuple[Entry, ...]
    kind: str = "text"  # "text" (a saved copy of the page) or "json" (a saved API response)
    notes: tuple[Note, ...] = field(default=(), compare=False)  # repairs made while reading the file

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
    title: str  # the title it was first listed under
    abstract: str
    appearances: tuple[Appearance, ...]  # oldest first
    links: tuple[str, ...]  # URLs found in the abstract, in order of first mention
    # From JSON digests (see Listing); None or empty for a paper only text digests list.
    arxiv_id: str | None = None
    authors: tuple[str, ...] = ()
    published: dt.date | None = None
    upvotes: int | None = None  # as of the newest JSON listing
    code: str | None = None
    code_stars: int | None = None
    project_page: str | None = None
    as_of: dt.date | None = None  # date of the newest JSON listing, which the counts above are from
    keywords: tuple[str, ...] = ()
    summary: str | None = None
    withdrawn: dt.date | None = None
    # Every other title the digests list it under (a retitled arXiv paper), each identity_key once,
    # as first listed: by the date first listed, then by text.
    other_titles: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return f"papers/{self.id}.html"

    @property
    def first_seen(self) -> dt.date:
        return self.appearances[0].date

    @property
    def last_seen(self) -> dt.date:
        return self.appearances[-1].date


def first_listed_newest(paper: Paper) -> tuple[int, str]:
    """Sort key of a paper list (topic and author pages): newest first by first listing, so a paper
    listed again keeps its place; ties by id."""
    return (-paper.first_seen.toordinal(), paper.id)


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
class Reason:
    """One piece of evidence that two papers are related, as a reader would check it."""

    kind: str  # "code" (same repository), "author", "keyword", "term" (shared distinctive term), "topic"
    text: str  # what to show: "owner/name", an author's name, a keyword, a term, a topic name


@dataclass(frozen=True)
class Related:
    """A related paper with the reasons a reader can check."""

    id: str
    score: float
    shared_topics: tuple[str, ...]  # topic names
    shared_terms: tuple[str, ...]  # distinctive terms both papers use
    reasons: tuple[Reason, ...] = ()  # every kind of evidence, strongest first: code, authors, keywords, terms, topics


# The topics/ folder's own page (topics/index.html, the overview): no topic may take its name.
TOPICS_OVERVIEW = "index"
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
    notes: tuple[Note, ...] = ()  # every repair and skip made while reading, in file order
    aliases: dict[str, str] | None = None  # a published id merged into another paper -> that paper's id
    published: tuple[Record, ...] = ()  # the registry of published ids after this build (papers/registry.py)
    feed_ids: str = ""  # the base of the feeds' Atom ids: the registry's, else site_url (render/feeds.py)
    authors: Authors | None = None  # every author, and who has a page (papers/authors.py)
    lists: tuple[ReadingList, ...] = ()  # the reading lists of data/lists/, by slug (sources/lists.py)

    def tags_of(self, paper_id: str) -> tuple[str, ...]:
        return (self.tags or {}).get(paper_id, ())

    def related_of(self, paper_id: str) -> tuple[Related, ...]:
        return (self.related or {}).get(paper_id, ())

    def mentions_of(self, paper_id: str) -> tuple[str, ...]:
        return (self.mentions or {}).get(paper_id, ())

    @cached_property
    def papers_by_topic(self) -> dict[str, list[Paper]]:
        """Map every topic slug to its papers, newest first by their first listing (a paper listed
        again keeps its place, so a full older page keeps its papers), ties by id."""
        grouped: dict[str, list[Paper]] = {t.slug: [] for t in self.topics}
        for paper in self.papers:
            for slug in self.tags_of(paper.id):
                grouped.setdefault(slug, []).append(paper)
        for papers in grouped.values():
            papers.sort(key=first_listed_newest)
        return grouped

    @cached_property
    def shown_topics(self) -> tuple[Topic, ...]:
        """Return the topics that get a page, in taxonomy order."""
        return tuple(t for t in self.topics if len(self.papers_by_topic[t.slug]) >= MIN_TOPIC_PAPERS)
