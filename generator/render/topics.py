"""Render the topic pages and the Topics overview, from templates (generator/render/templates/).

A topic's page that the last build wrote and this one does not (the topic renamed, deleted, or
down to fewer than MIN_TOPIC_PAPERS papers) is named in a note: its addresses go with it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .. import dates
from ..models import MIN_TOPIC_PAPERS, TOPICS_OVERVIEW, Corpus, Note, Paper, Topic
from .feeds import topic_feed_of, topic_feed_path
from .paging import newest, older_blocks
from .templating import page

CO_TOPICS = 6
CHART_BARS = 60  # more dates than this are grouped by month
# Papers per topic page: the newest on the topic's own page, older ones on numbered pages of
# exactly PAGE papers (generator/render/paging.py).
PAGE = 100
INDEX = f"topics/{TOPICS_OVERVIEW}.md"
_PAGE = re.compile(r"topics/(?P<slug>[^/]+)\.md")
_OLDER = re.compile(r"topics/(?P<slug>[^/]+)/[0-9]+\.md")


def area_anchor(area: str) -> str:
    """Return the overview's anchor for an area heading."""
    return "area-" + "-".join("".join(c if c.isalnum() else " " for c in area.lower()).split())


@dataclass(frozen=True)
class Bar:
    """One bar of a chart, in SVG user units."""

    x: float
    y: float
    width: float
    height: float
    label: str  # the date or month it counts
    value: int


@dataclass(frozen=True)
class Chart:
    """Papers per digest date (or per month), laid out for chart.svg."""

    bars: tuple[Bar, ...]
    unit: str  # "digest date" or "month"
    top: int  # the tallest bar's value
    summary: str  # one sentence for screen readers and the caption
    width: int = 600
    height: int = 120
    pad: int = 18


def chart(dates_seen: list[dt.date], label: str) -> Chart:
    """Lay out papers per digest date (per month past CHART_BARS dates) as a bar chart."""
    by_day = Counter(dates_seen)
    if len(by_day) > CHART_BARS:
        months = Counter(f"{d.year}-{d.month:02d}" for d in dates_seen)
        names = sorted(months)
        values = [months[k] for k in names]
        unit = "month"
    else:
        days = sorted(by_day)
        values = [by_day[d] for d in days]
        names = [dates.short_date(d) for d in days]
        unit = "digest date"
    width, height, pad = Chart.width, Chart.height, Chart.pad
    top = max(values)
    step = (width - 2 * pad) / len(values)
    bars = []
    for i, (name, value) in enumerate(zip(names, values, strict=True)):
        h = (height - 2 * pad) * value / top
        bars.append(Bar(pad + i * step, height - pad - h, max(step - 2, 1), h, name, value))
    summary = f"{label}: {sum(values)} papers over {len(values)} {unit}s, at most {top} per {unit}"
    return Chart(tuple(bars), unit, top, summary)


def unbuilt(gone: Iterable[str], added: Iterable[str], topics: Iterable[Topic], taxonomy: str) -> list[Note]:
    """Name each topic whose page the last build wrote and this one did not (gone and added: the
    generated files docs/ no longer has and newly has, as the writer reports them; topics: the
    taxonomy's now), with a page new in this build whose slug is like it, for taxonomy (its file)."""
    gone = list(gone)
    new = [m["slug"] for m in map(_PAGE.fullmatch, added) if m and m[0] != INDEX]
    older = Counter(m["slug"] for m in map(_OLDER.fullmatch, gone) if m)
    names = {t.slug: t.name for t in topics}
    notes = []
    for path in gone:
        page = _PAGE.fullmatch(path)
        if not page or path == INDEX:
            continue
        slug = page["slug"]
        addresses = [f"its address topics/{slug}.html"]
        if older[slug]:
            addresses.append(f"its {older[slug]} older pages topics/{slug}/<n>.html")
        if topic_feed_of(slug) in gone:
            addresses.append(topic_feed_of(slug))
        said = ", ".join(addresses[:-1]) + " and " + addresses[-1] if len(addresses) > 1 else addresses[0]
        if slug in names:
            why = f"topic '{names[slug]}' has fewer than {MIN_TOPIC_PAPERS} papers now"
            keep = f"it comes back with {MIN_TOPIC_PAPERS} papers"
        else:
            why = f"no topic with the slug '{slug}' in {taxonomy} now; renaming a topic moves its page"
            keep = "put the topic back under its old name (and in tags_allowed) to keep them"
            like = difflib.get_close_matches(slug, new, n=1)
            if like:
                why += f"; topics/{like[0]}.html is new"
        notes.append(
            Note(
                taxonomy, None, f"the topic page topics/{slug}.html is no longer built ({why}): {said} will 404; {keep}"
            )
        )
    return notes


class TopicRenderer:
    """Render topic pages for one corpus."""

    def __init__(self, corpus: Corpus, page: int = PAGE) -> None:
        self.corpus = corpus
        self.page = page
        self.by_topic = corpus.papers_by_topic
        self.counts = {slug: len(papers) for slug, papers in self.by_topic.items()}
        self.shown = corpus.shown_topics
        self.shown_slugs = {t.slug for t in self.shown}

    def files(self) -> Iterable[tuple[str, str]]:
        """Yield the overview and one page per shown topic."""
        yield INDEX, self.overview()
        for topic in self.shown:
            blocks = self.older(topic)
            yield f"topics/{topic.slug}.md", self.topic_page(topic, blocks)
            for number, block in enumerate(blocks, 1):
                yield f"topics/{topic.slug}/{number}.md", self.older_page(topic, number, len(blocks), block)

    def older(self, topic: Topic) -> list[list[Paper]]:
        """Return the topic's older pages: full blocks of `page` papers, oldest block first.

        The newest full block stays on the topic's own page, with the papers after it.
        """
        return older_blocks(self.by_topic[topic.slug], self.page)

    def older_page(self, topic: Topic, number: int, count: int, papers: list[Paper]) -> str:
        """Return one of a topic's older pages (numbered from the oldest)."""
        span = f"{dates.long_date(papers[-1].first_seen)} to {dates.long_date(papers[0].first_seen)}"
        meta = {
            "title": f"{topic.name}: papers from {span}",
            "description": f"Papers on {topic.name}, {span}.",
            "search": {"exclude": True},
            # The topic's feed, as on its first page (named by the topic's name, not this page's title).
            "feed": topic_feed_path(topic),
            "feed_title": topic.name,
        }
        here = f"topics/{topic.slug}/{number}.html"
        return page(
            "topic_older.html", meta, here=here, topic=topic, span=span, number=number, count=count, papers=papers
        )

    def overview(self) -> str:
        meta = {
            "title": "Topics",
            "description": "Every topic of the taxonomy, grouped by research area, with paper counts.",
        }
        areas = []
        for area in self.corpus.areas:
            topics = sorted(
                (t for t in self.corpus.topics if t.area == area), key=lambda t: (-self.counts[t.slug], t.name)
            )
            if topics:
                areas.append((area, area_anchor(area), [(t, self.counts[t.slug]) for t in topics]))
        return page(
            "topics_index.html",
            meta,
            here=INDEX.removesuffix(".md") + ".html",
            shown=self.shown_slugs,
            papers=len(self.corpus.papers),
            tagged=sum(1 for p in self.corpus.papers if self.corpus.tags_of(p.id)),
            min_papers=MIN_TOPIC_PAPERS,
            areas=areas,
        )

    def co_topics(self, topic: Topic) -> list[tuple[Topic, int]]:
        """Return the topics that most often share a paper with this one."""
        together: Counter[str] = Counter()
        for paper in self.by_topic[topic.slug]:
            together.update(s for s in self.corpus.tags_of(paper.id) if s != topic.slug)
        topics = {t.slug: t for t in self.corpus.topics}
        ranked = sorted(together.items(), key=lambda item: (-item[1], item[0]))
        return [(topics[s], n) for s, n in ranked if s in self.shown_slugs][:CO_TOPICS]

    def topic_page(self, topic: Topic, older: list[list[Paper]]) -> str:
        """Return a topic's page; older holds the blocks on its numbered pages (see older())."""
        papers = self.by_topic[topic.slug]
        feed = topic_feed_path(topic)
        meta = {"title": topic.name, "description": topic.description, "feed": feed}
        shown = newest(papers, older)
        return page(
            "topic.html",
            meta,
            here=topic.url,
            topic=topic,
            total=len(papers),
            area_anchor=area_anchor(topic.area),
            feed=feed,
            chart=chart([p.last_seen for p in papers], topic.name),
            co=self.co_topics(topic),
            papers=shown,
            older=[(n, block[0], block[-1]) for n, block in reversed(list(enumerate(older, 1)))],
            older_papers=len(papers) - len(shown),
        )
