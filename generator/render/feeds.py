"""Render the Atom feeds: the newest papers overall, per topic, and each reading list's papers.

Feeds are built with ElementTree, so titles and abstracts are always character data,
never markup. Dates come from the digests, never from the clock, so the same data
always gives the same bytes.

Atom wants absolute IRIs. Entry and feed ids are `urn:uuid:` names derived (uuid5) from
the page's address under the id base: the site_url the registry recorded when it first had
one (papers/registry.py), so they are absolute and stay as long as the paper's id does, even
when the site moves (RFC 4287, 4.2.6: an id must not change on relocation). Links are
absolute when site_url is set; without it they are relative to the feed file itself (Atom
allows IRI references there), which feed readers resolve against the address they fetched the
feed from.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from posixpath import relpath
from typing import TYPE_CHECKING

from ..models import Corpus, Paper, Topic

if TYPE_CHECKING:
    from ..sources.lists import ReadingList

ATOM = "http://www.w3.org/2005/Atom"
FEEDS = "feeds"
SITE_FEED = f"{FEEDS}/papers.xml"  # the newest papers; every page links it (overrides/partials/page-meta.html)
# Characters XML 1.0 forbids even as references; ElementTree would write them as they are.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EPOCH = dt.date(1970, 1, 1)


def xml_text(value: str) -> str:
    """Drop the characters an XML document cannot carry."""
    return _NOT_XML.sub("", value)


def timestamp(date: dt.date) -> str:
    """Format a digest date as an RFC 3339 timestamp at midnight UTC."""
    return f"{date.isoformat()}T00:00:00Z"


def newest_first(papers: Iterable[Paper]) -> list[Paper]:
    """Order papers by their latest listing, newest first; a day's papers in their digest's order."""
    return sorted(
        papers,
        key=lambda p: (-p.last_seen.toordinal(), p.appearances[-1].digest_slug, p.appearances[-1].position, p.id),
    )


class FeedWriter:
    """Render the feeds of one corpus for one public address."""

    def __init__(self, corpus: Corpus, site_name: str, site_url: str, feed_size: int, ids: str | None = None) -> None:
        self.corpus = corpus
        self.site_name = site_name
        self.site_url = id_base(site_url)
        self.ids = self.site_url if ids is None else id_base(ids)  # the base of every Atom id
        self.feed_size = feed_size
        self.topics = {t.slug: t for t in corpus.topics}

    def files(self) -> list[tuple[str, str]]:
        """Return (path under docs/, content) for every feed."""
        out = [
            self.feed(
                SITE_FEED,
                self.site_name,
                f"The newest papers on {self.site_name}." if self.site_name else "The newest papers.",
                "index.html",
                list(self.corpus.papers),
            )
        ]
        for topic in self.corpus.shown_topics:
            papers = self.corpus.papers_by_topic[topic.slug]
            out.append(
                self.feed(
                    topic_feed_path(topic),
                    f"{self.site_name}: {topic.name}" if self.site_name else topic.name,
                    topic.description,
                    topic.url,
                    papers,
                )
            )
        out.extend(self.list_feed(reading_list) for reading_list in self.corpus.lists)
        return out

    def list_feed(self, reading_list: ReadingList) -> tuple[str, str]:
        """Render a reading list's feed: every paper on it, in the list's order, its note before the abstract."""
        papers = {p.id: p for p in self.corpus.papers}
        path = list_feed_path(reading_list)
        root = self._head(
            path,
            f"{self.site_name}: {reading_list.title}" if self.site_name else reading_list.title,
            reading_list.description,
            reading_list.url,
            [e.date or papers[e.paper_id].last_seen for e in reading_list.entries],
        )
        for entry in reading_list.entries:
            paper = papers[entry.paper_id]
            summary = f"{entry.note}\n\n{paper.abstract}" if entry.note else paper.abstract
            self.entry(root, paper, path, entry.date, summary)
        return path, _serialise(root)

    def href(self, target: str, feed_path: str) -> str:
        """Address a site path from a feed: absolute with site_url, else relative to the feed."""
        if self.site_url:
            return self.site_url + target
        return relpath(target, feed_path.rsplit("/", 1)[0])

    def urn(self, target: str) -> str:
        """Name a site path with a stable, absolute urn:uuid."""
        return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, self.ids + target))

    def topic_names(self, paper: Paper) -> list[str]:
        return [self.topics[s].name for s in self.corpus.tags_of(paper.id) if s in self.topics]

    def feed(self, path: str, title: str, subtitle: str, page: str, papers: list[Paper]) -> tuple[str, str]:
        """Render one feed of the newest papers among papers: `feed_size` of them, or every paper of
        the newest day if there are more (a reader polling daily sees each day whole); none for 0."""
        ordered = newest_first(papers)
        newest_day = sum(1 for p in ordered if p.last_seen == ordered[0].last_seen) if ordered else 0
        entries = ordered[: max(self.feed_size, newest_day)] if self.feed_size > 0 else []
        root = self._head(path, title, subtitle, page, [p.last_seen for p in entries])
        for paper in entries:
            self.entry(root, paper, path)
        return path, _serialise(root)

    def _head(self, path: str, title: str, subtitle: str, page: str, dates: list[dt.date]) -> ET.Element:
        """Start a feed: its id, title, subtitle, date (the newest of dates), links and author."""
        dates = dates or [d.date for d in self.corpus.digests] or [_EPOCH]
        root = ET.Element("feed", {"xmlns": ATOM})
        _sub(root, "id", self.urn(path))
        _sub(root, "title", title, type="text")
        if subtitle:
            _sub(root, "subtitle", subtitle, type="text")
        _sub(root, "updated", timestamp(max(dates)))
        _sub(root, "link", rel="self", type="application/atom+xml", href=self.href(path, path))
        _sub(root, "link", rel="alternate", type="text/html", href=self.href(page, path))
        author = _sub(root, "author")
        _sub(author, "name", self.site_name or "Paper Digests")
        return root

    def entry(
        self, root: ET.Element, paper: Paper, path: str, date: dt.date | None = None, summary: str | None = None
    ) -> None:
        """Add a paper (on a list: the date it was read, the note) to a feed."""
        entry = _sub(root, "entry")
        _sub(entry, "id", self.urn(paper.url))
        _sub(entry, "title", paper.title, type="text")
        _sub(entry, "link", rel="alternate", type="text/html", href=self.href(paper.url, path))
        _sub(entry, "published", timestamp(date or paper.first_seen))
        _sub(entry, "updated", timestamp(date or paper.last_seen))
        _sub(entry, "summary", paper.abstract if summary is None else summary, type="text")
        for name in self.topic_names(paper):
            _sub(entry, "category", term=name)


def _serialise(root: ET.Element) -> str:
    ET.indent(root, space=" ")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"


def _sub(parent: ET.Element, tag: str, content: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if content is not None:
        element.text = xml_text(content)
    return element


def id_base(site_url: str) -> str:
    """Return site_url as the base of addresses: ending in a slash (empty stays empty)."""
    return site_url if not site_url or site_url.endswith("/") else site_url + "/"


def feed_files(
    corpus: Corpus, site_name: str, site_url: str, feed_size: int, ids: str | None = None
) -> list[tuple[str, str]]:
    """Return (path under docs/, content) for papers.xml, one feed per shown topic and one per reading list.

    ids: the base of the Atom ids (the registry's record), if not site_url."""
    return FeedWriter(corpus, site_name, site_url, feed_size, ids).files()


def topic_feed_path(topic: Topic) -> str:
    """Return a topic's feed path under docs/."""
    return topic_feed_of(topic.slug)


def topic_feed_of(slug: str) -> str:
    """Return the feed path under docs/ of the topic with this slug (one that may be gone)."""
    return f"{FEEDS}/topics/{slug}.xml"


def list_feed_path(reading_list: ReadingList) -> str:
    """Return a reading list's feed path under docs/."""
    return f"{FEEDS}/lists/{reading_list.slug}.xml"
