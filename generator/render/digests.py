"""Digest pages and the archive: each digest named by its date, the archive grouped by month and week."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from .. import dates
from ..models import Corpus, Digest, Entry, Listing, Note, Paper
from .templating import count, page

ARCHIVE = "digests/index.md"
# A month with more digests than this is split into weeks on the archive page.
WEEKS_FROM = 7
_PAGE = re.compile(r"digests/(?P<slug>[^/]+)\.md")


def digest_names(digests: Sequence[Digest]) -> dict[str, str]:
    """Name each digest by its date; a date's second digest and after get "(2)", "(3)", ...

    `digests` in corpus order (by date, then file name): {slug: "13 March 2024 (2)"}.
    """
    names = {}
    for date, same_day in itertools.groupby(digests, key=lambda d: d.date):
        for number, digest in enumerate(same_day, 1):
            names[digest.slug] = dates.long_date(date) + (f" ({number})" if number > 1 else "")
    return names


def unbuilt(gone: Iterable[str], folder: str) -> list[Note]:
    """Name each digest whose page the last build wrote and this one did not (gone: the generated
    files docs/ no longer has, as the writer reports them), for folder (data/digests).

    A file named after the page (SLUG.txt or SLUG.json) builds that page again: a slug begins with
    the digest's date and is its own slug.
    """
    notes = []
    for path in gone:
        page = _PAGE.fullmatch(path)
        if page and path != ARCHIVE:
            slug = page["slug"]
            message = (
                f"the digest page digests/{slug}.html is no longer built (its digest file, {slug}.txt or .json,"
                f" is not in {folder} now, or was renamed): its address will 404; put the file back under that"
                " name to keep it"
            )
            notes.append(Note(folder, None, message))
    return notes


@dataclass(frozen=True)
class DigestLink:
    """A digest as lists show it: its page, its name, its paper count."""

    url: str  # site path, digests/<slug>.html
    name: str
    date: dt.date
    papers: int


@dataclass(frozen=True)
class Week:
    """The digests of one ISO week within one month, newest first."""

    monday: dt.date
    digests: tuple[DigestLink, ...]


@dataclass(frozen=True)
class Month:
    """The digests of one month, newest first, split into weeks when the month has many."""

    first: dt.date  # the month's first day
    digests: tuple[DigestLink, ...]
    weeks: tuple[Week, ...]  # empty unless the month has more than WEEKS_FROM digests

    @property
    def anchor(self) -> str:
        return f"{self.first:%Y-%m}"


def months(links: Sequence[DigestLink]) -> list[Month]:
    """Group digests (newest first) by month, and by week in a month with many."""
    grouped = []
    for first, month in itertools.groupby(links, key=lambda d: d.date.replace(day=1)):
        listed = tuple(month)
        weeks: tuple[Week, ...] = ()
        if len(listed) > WEEKS_FROM:
            weeks = tuple(
                Week(monday, tuple(week))
                for monday, week in itertools.groupby(listed, lambda d: dates.week_start(d.date))
            )
        grouped.append(Month(first, listed, weeks))
    return grouped


class DigestRenderer:
    """Render the digest pages and the archive of one corpus."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.names = digest_names(corpus.digests)
        self.topics = {t.slug: t for t in corpus.topics}
        self.shown = {t.slug for t in corpus.shown_topics}
        self.listing = {(a.digest_slug, a.position): p for p in corpus.papers for a in p.appearances}
        self.links = {
            d.slug: DigestLink(d.url, self.names[d.slug], d.date, len(self.papers_of(d))) for d in corpus.digests
        }

    def files(self) -> Iterator[tuple[str, str]]:
        """Yield (path under docs/, content) for every digest page and the archive."""
        digests = self.corpus.digests
        for i, digest in enumerate(digests):
            before = self.links[digests[i - 1].slug] if i else None
            after = self.links[digests[i + 1].slug] if i + 1 < len(digests) else None
            yield digest.url.removesuffix(".html") + ".md", self.digest_page(digest, before, after)
        yield ARCHIVE, self.archive_page()

    def papers_of(self, digest: Digest) -> list[Paper]:
        """Return a digest's papers in listing order (a JSON digest: the API's), each once."""
        return [paper for paper, _ in self.listings_of(digest)]

    def listings_of(self, digest: Digest) -> list[tuple[Paper, Listing | None]]:
        """Return a digest's papers in listing order, each once, with what its JSON listing says (upvotes, code)."""
        return [(paper, entry.listing) for paper, entry in self.entries_of(digest)]

    def entries_of(self, digest: Digest) -> list[tuple[Paper, Entry]]:
        """Return a digest's papers in listing order, each once, with its entry: the title it had that day."""
        found = ((self.listing.get((digest.slug, i)), e) for i, e in enumerate(digest.entries))
        return [(paper, entry) for paper, entry in found if paper is not None]

    def digest_page(self, digest: Digest, before: DigestLink | None, after: DigestLink | None) -> str:
        name = self.names[digest.slug]
        listed = self.entries_of(digest)
        papers = [paper for paper, _ in listed]
        meta = {
            "title": f"Digest of {name}",
            "description": (
                f"{count(len(papers), 'paper')} on Hugging Face Daily Papers, {dates.long_date(digest.date)}."
            ),
            "search": {"exclude": True},
        }
        topics = {p.id: [self.topics[s] for s in self.corpus.tags_of(p.id) if s in self.topics] for p in papers}
        return page(
            "digest.html",
            meta,
            here=digest.url,
            name=name,
            digest=digest,
            papers=listed,
            topics=topics,
            shown=self.shown,
            before=before,
            after=after,
        )

    def archive_page(self) -> str:
        meta = {"title": "Digests", "description": "Every digest, newest first, by month.", "search": {"exclude": True}}
        newest_first = [self.links[d.slug] for d in reversed(self.corpus.digests)]
        return page("archive.html", meta, here="digests/index.html", months=months(newest_first), digests=newest_first)


def digest_files(corpus: Corpus) -> Iterable[tuple[str, str]]:
    """Return (path under docs/, content) for every digest page and the archive."""
    return DigestRenderer(corpus).files()
