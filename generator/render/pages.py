"""Turn the corpus into Markdown pages: papers, digests, the archive and the home page's part.

Data is text, never markup: every title and abstract reaches the page through
html.escape inside raw HTML blocks, which Python-Markdown passes through untouched.
Front-matter values that the theme prints (title, description) are escaped too,
because MkDocs' templates insert them without escaping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from html import escape

import yaml

from ..analysis.links import first_sentence, is_code, link_label, lookups
from ..models import Corpus, Digest, Paper

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DESCRIPTION_MAX = 160


def count_of(n: int, noun: str) -> str:
    """Return "1 paper" or "2 papers"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def long_date(date: dt.date) -> str:
    """Format a date as "14 March 2024", independent of the locale."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def short_date(date: dt.date) -> str:
    """Format a date as "14 Mar 2024", independent of the locale."""
    return f"{date.day} {MONTHS[date.month - 1][:3]} {date.year}"


def text(value: str) -> str:
    """Escape data for HTML element content and attribute values."""
    return escape(value, quote=True)


def front_matter(meta: Mapping[str, object]) -> str:
    """Serialise front matter with yaml.safe_dump, never by string formatting."""
    # CSafeDumper is yaml.safe_dump's libyaml twin: same safe subset, many times faster.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    dumped = yaml.dump(dict(meta), Dumper=dumper, sort_keys=False, allow_unicode=True, width=1_000_000)
    return f"---\n{dumped}---\n\n"


def describe(value: str) -> str:
    """Shorten an abstract to a meta description."""
    if len(value) <= DESCRIPTION_MAX:
        return value
    return value[: DESCRIPTION_MAX - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def link(href: str, label: str, **attrs: str) -> str:
    """Return an <a> element with escaped label and attributes."""
    extra = "".join(f' {k.replace("_", "-")}="{text(v)}"' for k, v in attrs.items())
    return f'<a href="{text(href)}"{extra}>{text(label)}</a>'


class Renderer:
    """Render every generated page of one corpus."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.papers = {p.id: p for p in corpus.papers}
        self.topics = {t.slug: t for t in corpus.topics}
        self.digests_by_date: dict[dt.date, list[Digest]] = {}
        for digest in corpus.digests:
            self.digests_by_date.setdefault(digest.date, []).append(digest)
        self.shown_slugs = {t.slug for t in corpus.shown_topics}
        self.listing = {(a.digest_slug, a.position): p for p in corpus.papers for a in p.appearances}
        self.mentioned_by: dict[str, list[str]] = {}
        for source in sorted(corpus.mentions or {}):
            for target in corpus.mentions_of(source):
                self.mentioned_by.setdefault(target, []).append(source)

    def files(self) -> Iterable[tuple[str, str | bytes]]:
        """Yield (path under docs/, content) for every generated file."""
        for paper in self.corpus.papers:
            yield paper.url.removesuffix(".html") + ".md", self.paper_page(paper)
        for digest in self.corpus.digests:
            yield digest.url.removesuffix(".html") + ".md", self.digest_page(digest)
        yield "digests/index.md", self.archive_page()
        yield "_generated/home.md", self.home_snippet()

    # Paper pages ---------------------------------------------------------------------

    def paper_page(self, paper: Paper) -> str:
        meta: dict[str, object] = {
            "title": text(paper.title),
            "description": text(describe(paper.abstract)),
            "template": "paper.html",
        }
        slugs = [s for s in self.corpus.tags_of(paper.id) if s in self.topics]
        if slugs:
            meta["tags"] = [self.topics[s].name for s in slugs]
            meta["topic_pages"] = [s if s in self.shown_slugs else "" for s in slugs]
        parts = [
            front_matter(meta),
            f'<p class="paper-abstract">{text(paper.abstract)}</p>\n',
            self._listed_in(paper),
            self._links(paper),
            self._related(paper),
            self._mentions(paper),
        ]
        return "\n".join(part for part in parts if part)

    def _listed_in(self, paper: Paper) -> str:
        items = "".join(
            f"<li>{link(f'../digests/{a.digest_slug}.html', long_date(a.date))} ({text(a.source)})</li>"
            for a in paper.appearances
        )
        return (
            '<section class="paper-digests">\n'
            f'<h2 id="digests">Listed in</h2>\n<ul>{items}</ul>\n</section>\n'
        )

    def _links(self, paper: Paper) -> str:
        rows = []
        for url in paper.links:
            kind = "code" if is_code(url) else "link"
            rows.append(
                f'<li class="paper-link paper-link--{kind}">{text(link_label(url))}: '
                f"{link(url, url, rel='nofollow')}</li>"
            )
        lookup = " · ".join(link(url, name, rel="nofollow") for name, url in lookups(paper.title))
        found = f"<ul>{''.join(rows)}</ul>\n" if rows else ""
        return (
            '<section class="paper-links">\n'
            f'<h2 id="links">Code and links</h2>\n{found}'
            f'<p class="paper-lookup">Look it up: {lookup}</p>\n</section>\n'
        )

    def _related(self, paper: Paper) -> str:
        related = self.corpus.related_of(paper.id)
        if not related:
            return ""
        items = []
        for rel in related:
            other = self.papers[rel.id]
            reasons = []
            if rel.shared_topics:
                reasons.append("topics: " + ", ".join(rel.shared_topics))
            if rel.shared_terms:
                reasons.append("terms: " + ", ".join(rel.shared_terms))
            why = f" ({text('; '.join(reasons))})" if reasons else ""
            items.append(f"<li>{link(other.url.removeprefix('papers/'), other.title)}{why}</li>")
        return (
            '<section class="paper-related">\n'
            f'<h2 id="related">Related papers</h2>\n<ol>{"".join(items)}</ol>\n</section>\n'
        )

    def _mentions(self, paper: Paper) -> str:
        blocks = []
        named = self.corpus.mentions_of(paper.id)
        if named:
            items = "".join(
                f"<li>{link(self.papers[i].url.removeprefix('papers/'), self.papers[i].title)}</li>" for i in named
            )
            blocks.append(f'<h2 id="mentions">Papers it mentions</h2>\n<ul>{items}</ul>\n')
        by = self.mentioned_by.get(paper.id, [])
        if by:
            items = "".join(
                f"<li>{link(self.papers[i].url.removeprefix('papers/'), self.papers[i].title)}</li>" for i in by
            )
            blocks.append(f'<h2 id="mentioned-by">Mentioned by</h2>\n<ul>{items}</ul>\n')
        if not blocks:
            return ""
        return '<section class="paper-mentions">\n' + "".join(blocks) + "</section>\n"

    # Digest pages ----------------------------------------------------------------------

    def digest_page(self, digest: Digest) -> str:
        title = f"Digest of {long_date(digest.date)}"
        meta = {
            "title": text(title),
            "description": text(f"{len(digest.entries)} papers listed on {long_date(digest.date)}"),
            "search": {"exclude": True},
        }
        items = []
        papers = self._papers_of(digest)
        for paper in papers:
            items.append(f"<li>{link('../' + paper.url, paper.title)}<br>{text(first_sentence(paper.abstract))}</li>")
        siblings = [d for d in self.digests_by_date[digest.date] if d is not digest]
        also = ""
        if siblings:
            others = ", ".join(link(d.slug + ".html", d.source) for d in siblings)
            also = f'<p class="digest-also">Another digest carries the same date: {others}.</p>\n'
        return (
            front_matter(meta) + f'<p class="digest-meta">{len(papers)} papers, saved from the Daily Papers page in '
            f"<code>{text(digest.source)}</code>. {link('index.html', 'All digests')}</p>\n"
            + also
            + f'\n<ol class="digest-papers">{"".join(items)}</ol>\n'
        )

    def _papers_of(self, digest: Digest) -> list[Paper]:
        """Return a digest's papers in listing order, each once."""
        return [self.listing[(digest.slug, i)] for i in range(len(digest.entries)) if (digest.slug, i) in self.listing]

    def archive_page(self) -> str:
        meta = {"title": "Digests", "description": "Every digest, newest first.", "search": {"exclude": True}}
        rows = []
        for digest in sorted(self.corpus.digests, key=lambda d: (d.date, d.source), reverse=True):
            rows.append(
                f"<li>{link(digest.slug + '.html', long_date(digest.date))}"
                f" — {len(self._papers_of(digest))} papers"
                f' <span class="paper-source">({text(digest.source)})</span></li>'
            )
        return (
            front_matter(meta)
            + f"<p>{len(self.corpus.digests)} digests, newest first.</p>\n\n"
            + f'<ul class="digest-archive">{"".join(rows)}</ul>\n'
        )

    # Home --------------------------------------------------------------------------------

    def home_snippet(self) -> str:
        corpus = self.corpus
        latest = max(corpus.digests, key=lambda d: (d.date, d.source))
        shown_topics = corpus.shown_topics
        counts = (
            f'<p class="home-counts">{count_of(len(corpus.papers), "paper")} from '
            f"{count_of(len(corpus.digests), 'digest')}"
            + (f" in {count_of(len(shown_topics), 'topic')}" if shown_topics else "")
            + f", {long_date(min(d.date for d in corpus.digests))} to {long_date(latest.date)}.</p>\n"
        )
        newest = sorted(self.digests_by_date[latest.date], key=lambda d: d.source)
        latest_links = " and ".join(link(d.url, d.source) for d in newest)
        items = []
        for paper in self._papers_of(newest[0])[:10]:
            items.append(f"<li>{link(paper.url, paper.title)}</li>")
        return (
            counts
            + '<section class="home-latest-digest" data-search-exclude>\n'
            + f'<h2 id="latest" data-search-exclude>Latest digest: {long_date(latest.date)}</h2>\n'
            + f"<p>From {latest_links}.</p>\n"
            + f'<ul class="home-latest">{"".join(items)}</ul>\n'
            + f"<p>{link(newest[0].url, 'All papers of this digest')}</p>\n"
            + "</section>\n"
        )
