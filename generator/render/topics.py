"""Render the topic pages and the Topics overview."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from ..analysis.links import first_sentence
from ..models import MIN_TOPIC_PAPERS, Corpus, Paper, Topic
from .pages import count_of, front_matter, link, long_date, short_date, text

CO_TOPICS = 6
CHART_BARS = 60  # more dates than this are grouped by month
# Papers per topic page. A topic's page lists its newest papers; older ones go to numbered pages
# of exactly PAGE papers each, counted from the oldest, so that a page, once full, keeps its
# papers as new digests arrive and no page grows with the corpus. The topic's own page shows
# what is left over plus the newest full block: PAGE to 2 * PAGE - 1 papers.
PAGE = 100


def area_anchor(area: str) -> str:
    """Return the overview's anchor for an area heading."""
    return "area-" + "-".join("".join(c if c.isalnum() else " " for c in area.lower()).split())


def chart(dates: list[dt.date], label: str) -> str:
    """Draw papers per digest date (or per month) as an inline SVG bar chart."""
    by_day = Counter(dates)
    keys: list[str]
    if len(by_day) > CHART_BARS:
        months = Counter(f"{d.year}-{d.month:02d}" for d in dates)
        keys = sorted(months)
        values = [months[k] for k in keys]
        unit = "month"
        names = keys
    else:
        days = sorted(by_day)
        values = [by_day[d] for d in days]
        unit = "digest date"
        names = [short_date(d) for d in days]
    width, height, pad = 600, 120, 18
    n = len(values)
    top = max(values)
    bar = (width - 2 * pad) / n
    rects = []
    for i, (name, value) in enumerate(zip(names, values, strict=True)):
        h = (height - 2 * pad) * value / top
        x = pad + i * bar
        y = height - pad - h
        rects.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(bar - 2, 1):.1f}" height="{h:.1f}">'
            f"<title>{text(name)}: {value}</title></rect>"
        )
    summary = f"{label}: {sum(values)} papers over {n} {unit}s, at most {top} per {unit}"
    return (
        f'<figure class="topic-chart"><svg viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{text(summary)}" xmlns="http://www.w3.org/2000/svg">'
        f'<g class="topic-chart__bars">{"".join(rects)}</g>'
        f'<text x="{pad}" y="{height - 2}" class="topic-chart__axis">{text(names[0])}</text>'
        f'<text x="{width - pad}" y="{height - 2}" text-anchor="end" class="topic-chart__axis">{text(names[-1])}</text>'
        f'<text x="{pad}" y="12" class="topic-chart__axis">{top} max</text>'
        f"</svg><figcaption>Papers per {unit}. {text(summary)}.</figcaption></figure>\n"
    )


class TopicRenderer:
    """Render topic pages for one corpus."""

    def __init__(self, corpus: Corpus, feeds: bool = False, page: int = PAGE) -> None:
        self.corpus = corpus
        self.feeds = feeds
        self.page = page
        self.by_topic = corpus.papers_by_topic
        self.counts = {slug: len(papers) for slug, papers in self.by_topic.items()}
        self.shown = corpus.shown_topics
        self.shown_slugs = {t.slug for t in self.shown}

    def files(self) -> Iterable[tuple[str, str]]:
        """Yield the overview and one page per shown topic."""
        yield "topics/index.md", self.overview()
        for topic in self.shown:
            blocks = self.older(topic)
            yield f"topics/{topic.slug}.md", self.topic_page(topic, blocks)
            for number, block in enumerate(blocks, 1):
                yield f"topics/{topic.slug}/{number}.md", self.older_page(topic, number, len(blocks), block)

    def older(self, topic: Topic) -> list[list[Paper]]:
        """Return the topic's older pages: full blocks of `page` papers, oldest block first.

        The newest full block stays on the topic's own page, with the papers after it.
        """
        papers = self.by_topic[topic.slug]  # newest first
        full = len(papers) // self.page
        oldest_first = papers[::-1]
        return [oldest_first[i * self.page : (i + 1) * self.page][::-1] for i in range(max(full - 1, 0))]

    def paper_list(self, papers: list[Paper], up: str = "") -> str:
        """Return a list of papers, newest first: title, date, first sentence."""
        rows = [
            f"<li>{link(up + '../' + p.url, p.title)} {long_date(p.last_seen)}"
            f"<br>{text(first_sentence(p.abstract))}</li>"
            for p in papers
        ]
        return f'<ol class="topic-papers">{"".join(rows)}</ol>\n'

    def older_page(self, topic: Topic, number: int, count: int, papers: list[Paper]) -> str:
        """Return one of a topic's older pages (numbered from the oldest)."""
        span = f"{long_date(papers[-1].last_seen)} to {long_date(papers[0].last_seen)}"
        meta: dict[str, object] = {
            "title": text(f"{topic.name}: papers from {span}"),
            "description": text(f"Papers on {topic.name}, {span}."),
            "search": {"exclude": True},
        }
        steps = [link(f"../{topic.slug}.html", f"{topic.name}: newest papers")]
        if number < count:
            steps.append(link(f"{number + 1}.html", "Newer"))
        if number > 1:
            steps.append(link(f"{number - 1}.html", "Older"))
        nav = f'<p class="topic-pages">{" · ".join(steps)}</p>\n'
        return "\n".join([front_matter(meta), nav + self.paper_list(papers, "../") + nav])

    def overview(self) -> str:
        meta = {
            "title": "Topics",
            "description": "Every topic of the taxonomy, grouped by research area, with paper counts.",
        }
        total = len(self.corpus.papers)
        tagged = sum(1 for p in self.corpus.papers if self.corpus.tags_of(p.id))
        parts = [
            front_matter(meta),
            f"<p>{count_of(len(self.shown), 'topic')} over {count_of(total, 'paper')}; "
            f"{count_of(tagged, 'paper')} carry at least one topic. "
            f"A paper has up to five topics, strongest first. Topics with fewer than {MIN_TOPIC_PAPERS} papers "
            "are listed without a page.</p>\n",
        ]
        for area in self.corpus.areas:
            topics = [t for t in self.corpus.topics if t.area == area]
            if not topics:
                continue
            rows = []
            for topic in sorted(topics, key=lambda t: (-self.counts[t.slug], t.name)):
                count = self.counts[topic.slug]
                name = link(f"{topic.slug}.html", topic.name) if topic.slug in self.shown_slugs else text(topic.name)
                rows.append(
                    f'<li>{name} <span class="topic-count">{count_of(count, "paper")}</span>'
                    f'<br><span class="topic-description">{text(topic.description)}</span></li>'
                )
            parts.append(
                f'<h2 id="{area_anchor(area)}">{text(area)}</h2>\n<ul class="topic-list">{"".join(rows)}</ul>\n'
            )
        return "\n".join(parts)

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
        meta: dict[str, object] = {
            "title": text(topic.name),
            "description": text(topic.description),
        }
        parts = [front_matter(meta)]
        area = link(f"index.html#{area_anchor(topic.area)}", topic.area)
        feed = ""
        if self.feeds:
            feed = " · " + link(f"../feeds/topics/{topic.slug}.xml", "Atom feed", type="application/atom+xml")
        parts.append(
            f'<p class="topic-intro">{text(topic.description)}</p>\n'
            f'<p class="topic-meta">{count_of(len(papers), "paper")} · area: {area}{feed}</p>\n'
        )
        co = self.co_topics(topic)
        blocks = ["<div data-search-exclude>\n"]
        blocks.append(chart([p.last_seen for p in papers], topic.name))
        if co:
            items = ", ".join(f"{link(t.slug + '.html', t.name)} ({n})" for t, n in co)
            blocks.append(f'<p class="topic-co">Often together with: {items}.</p>\n')
        shown = papers[: len(papers) - sum(len(block) for block in older)]
        blocks.append('<h2 id="papers" data-search-exclude>Papers, newest first</h2>\n')
        blocks.append(self.paper_list(shown))
        if older:
            pages = [
                link(f"{topic.slug}/{n}.html", f"{short_date(b[-1].last_seen)} to {short_date(b[0].last_seen)}")
                for n, b in reversed(list(enumerate(older, 1)))
            ]
            blocks.append(
                f'<p class="topic-pages">Older papers, {count_of(len(papers) - len(shown), "paper")} '
                f'on {count_of(len(older), "page")}: {" · ".join(pages)}.</p>\n'
            )
        blocks.append("</div>\n")
        parts.append("".join(blocks))
        return "\n".join(parts)
