"""Paper pages and the home page's generated part, from templates (generator/render/templates/)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..analysis.links import is_code, link_label, lookups
from ..models import Corpus, Paper, Reason
from ..papers.authors import distinct_authors
from ..sources.lists import lists_of
from . import citations
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


@dataclass(frozen=True)
class Arxiv:
    """Where a paper with an arXiv id is: its abstract page, its PDF, its Hugging Face page."""

    abs: str
    pdf: str
    hub: str

    @classmethod
    def of(cls, arxiv_id: str) -> Arxiv:
        return cls(citations.arxiv_abs(arxiv_id), citations.arxiv_pdf(arxiv_id), f"{HUB_PAPERS}{arxiv_id}")


HUB_PAPERS = "https://huggingface.co/papers/"
# How a related paper's reasons are named, by Reason.kind (models.Reason), in the order given.
REASON_LABELS = {"code": "same code", "author": "authors", "keyword": "keywords", "term": "terms", "topic": "topics"}


def reason_groups(reasons: tuple[Reason, ...]) -> list[tuple[str, list[str]]]:
    """Group reasons by kind, keeping their order: [("same code", ["owner/name"]), ("authors", [...]), ...]."""
    groups: dict[str, list[str]] = {}
    for reason in reasons:
        groups.setdefault(reason.kind, []).append(reason.text)
    return [(REASON_LABELS.get(kind, kind), texts) for kind, texts in groups.items()]


def code_label(url: str) -> str:
    """Name a code repository as people do: "owner/name" on a code host, else its address."""
    parts = url.split("/")
    if is_code(url) and len(parts) >= 5 and parts[3] and parts[4]:
        return f"{parts[3]}/{parts[4].removesuffix('.git')}"
    return url


class Renderer:
    """Render every paper page (and its .bib) of one corpus, and the home page's generated part."""

    def __init__(self, corpus: Corpus, site_url: str = "") -> None:
        self.corpus = corpus
        self.site_url = site_url
        self.lists = lists_of(corpus.lists)
        self.papers = {p.id: p for p in corpus.papers}
        self.topics = {t.slug: t for t in corpus.topics}
        self.shown = {t.slug for t in corpus.shown_topics}
        self.digests = DigestRenderer(corpus)
        self.mentioned_by: dict[str, list[str]] = {}
        for source in sorted(corpus.mentions or {}):
            for target in corpus.mentions_of(source):
                self.mentioned_by.setdefault(target, []).append(source)

    def files(self) -> Iterator[tuple[str, str]]:
        """Yield (path under docs/, content) for every paper page and .bib (a merged id's too),
        digest page, the archive and home."""
        for paper in self.corpus.papers:
            yield paper.url.removesuffix(".html") + ".md", self.paper_page(paper)
            yield paper.url.removesuffix(".html") + ".bib", self.paper_bib(paper)
        # A merged id's page redirects (render/redirects.py); a .bib cannot, so the old id's holds
        # the surviving paper's entry, and a published .bib URL keeps working.
        for old, new in sorted((self.corpus.aliases or {}).items()):
            yield f"papers/{old}.bib", self.paper_bib(self.papers[new])
        yield from self.digests.files()
        yield HOME, self.home_snippet()

    def paper_bib(self, paper: Paper) -> str:
        """Return the paper's BibTeX file (render/citations.py)."""
        url = self.site_url + paper.url if self.site_url else ""
        return citations.bibtex([citations.bib_entry(paper, url)])

    def paper_page(self, paper: Paper) -> str:
        topics = [self.topics[s] for s in self.corpus.tags_of(paper.id) if s in self.topics]
        head = render("citation_head.html", citation=citations.Citation.of(paper), json_ld=citations.json_ld(paper))
        head = head.strip()
        meta: dict[str, object] = {
            "title": paper.title,
            "description": describe(paper.abstract),
            "template": "paper.html",
            "head": head,  # markup from an autoescaped template, for overrides/paper.html
        }
        people = self.corpus.authors
        names = distinct_authors(paper.authors, nameless=True)
        authors = [(name, a.url if (a := people.page(name)) else None) for name in names] if people else []
        related = [(r, self.papers[r.id], reason_groups(r.reasons)) for r in self.corpus.related_of(paper.id)]
        if topics:
            meta["tags"] = [t.name for t in topics]  # Material's tags plugin checks them against tags_allowed
        return page(
            "paper.html",
            meta,
            here=paper.url,
            paper=paper,
            authors=authors,
            arxiv=Arxiv.of(paper.arxiv_id) if paper.arxiv_id else None,
            code_label=code_label(paper.code) if paper.code else "",
            lists=self.lists.get(paper.id, []),
            topics=topics,
            shown=self.shown,
            digests=[self.digests.links[a.digest_slug] for a in paper.appearances],
            links=[
                Link(url, link_label(url), "code" if is_code(url) else "link")
                for url in paper.links
                if url not in (paper.code, paper.project_page)
            ],
            lookups=lookups(paper.title),
            related=related,
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
            newest=self.digests.listings_of(latest)[:LATEST],
            authors=bool(corpus.authors and corpus.authors.with_pages),
            lists=len(corpus.lists),
        )
