"""What each page gives the search index, from the data: papers, topic pages, hand-written pages.

A paper is indexed by its titles (the one shown and every other one the digests list it under),
its whole abstract and arXiv id, its topics and its authors, and shows its title, its abstract's
first sentence, its topics and its authors in the results. A topic page is
indexed by its name and description. A hand-written Markdown page (docs/*.md outside the
generated folders) is one document per section, as Material's own indexer makes them: the page
up to its first subheading, then each heading with the text under it, at the heading's anchor.
Digest pages and the topic overview are lists of papers: they stay out, so results lead to
papers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import markdown
from mkdocs.utils.meta import get_data

from ..analysis.links import first_sentence
from ..models import Corpus
from ..papers.authors import distinct_authors

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
TEASER = 220  # characters of a page section's text shown under its title
SNIPPET = "--8<--"  # pymdownx.snippets: an included (generated) file, not the page's own text


@dataclass(frozen=True)
class Document:
    """One search document: where it leads, what is indexed, what a result shows.

    Values are plain text; the browser escapes them when it shows them.
    """

    location: str  # site-relative URL, with "#anchor" for a section of a page
    title: str
    text: str  # indexed in the `text` field
    teaser: str = ""  # shown under the title
    tags: tuple[str, ...] = ()  # topic names, indexed in `tags`, shown as chips
    authors: tuple[str, ...] = ()  # indexed in `authors`, shown under the teaser
    other_titles: tuple[str, ...] = ()  # indexed in `title` beside it (a paper's other titles), not shown

    def field(self, name: str) -> tuple[str, ...]:
        """Return a field's values: `title` (with the other titles), `text`, `tags` or `authors`."""
        if name == "title":
            return (self.title, *self.other_titles)
        value = getattr(self, name, None) if name in ("text", "tags", "authors") else None
        if value is None:
            return ()
        return (value,) if isinstance(value, str) else tuple(value)


def paper_documents(corpus: Corpus) -> list[Document]:
    """Return one document per paper, oldest first (then by id), so numbers stay put as digests arrive."""
    names = {topic.slug: topic.name for topic in corpus.topics}
    papers = sorted(corpus.papers, key=lambda p: (p.first_seen, p.id))
    return [
        Document(
            location=paper.url,
            title=paper.title,
            other_titles=paper.other_titles,  # a retitled paper is found by its old title too
            # The arXiv id is one word (the separator keeps a decimal point): `2403.01234` finds it.
            text=f"{paper.abstract} arXiv:{paper.arxiv_id}" if paper.arxiv_id else paper.abstract,
            teaser=first_sentence(paper.abstract),
            tags=tuple(names[slug] for slug in corpus.tags_of(paper.id) if slug in names),
            authors=distinct_authors(paper.authors),  # each person once; `❤️` is no author
        )
        for paper in papers
    ]


def topic_documents(corpus: Corpus) -> list[Document]:
    """Return one document per topic page, in taxonomy order."""
    return [
        Document(location=topic.url, title=topic.name, text=topic.description, teaser=topic.description)
        for topic in corpus.shown_topics
    ]


class _Sections(HTMLParser):
    """Split rendered Markdown into (anchor, heading text, body text) at each heading."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[list[str]] = [["", "", "", ""]]  # anchor, heading, text, heading tag
        self._heading: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HEADINGS:
            self._heading = tag
            self.sections.append([dict(attrs).get("id") or "", "", "", tag])

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.sections[-1][1 if self._heading else 2] += data


def page_url(path: PurePosixPath) -> str:
    """Return the site URL of a Markdown page (use_directory_urls is false)."""
    return path.with_suffix(".html").as_posix()


def page_documents(docs_dir: Path, skip: tuple[str, ...]) -> list[Document]:
    """Return the documents of the hand-written pages under docs_dir, by path.

    skip names the generated entries of docs_dir; folders and files starting with "_" or "."
    are left out too, and so is a page whose front matter says `search: {exclude: true}`.
    """
    out: list[Document] = []
    for file in sorted(docs_dir.rglob("*.md")):
        rel = PurePosixPath(file.relative_to(docs_dir).as_posix())
        if rel.parts[0] in skip or any(part.startswith(("_", ".")) for part in rel.parts):
            continue
        out += list(_page(file.read_text(encoding="utf-8"), page_url(rel)))
    return out


def _page(source: str, url: str) -> Iterator[Document]:
    body, meta = get_data(source)
    search = meta.get("search")
    if isinstance(search, dict) and search.get("exclude"):
        return
    body = "\n".join(line for line in body.splitlines() if not line.lstrip().startswith(SNIPPET))
    parser = _Sections()
    parser.feed(markdown.markdown(body, extensions=["toc", "tables", "attr_list", "fenced_code"]))
    parser.close()
    sections = parser.sections
    # The page itself: its h1 (or front matter title) and the text before its first subheading.
    lead, rest = sections[0], sections[1:]
    if rest and rest[0][3] == "h1" and not lead[2].strip():
        lead, rest = rest[0], rest[1:]
    title = str(meta.get("title") or lead[1] or url).strip()
    text = " ".join(lead[2].split())
    yield Document(location=url, title=title, text=text, teaser=_teaser(text))
    for anchor, heading, content, _ in rest:
        text = " ".join(content.split())
        if anchor and heading.strip():
            yield Document(location=f"{url}#{anchor}", title=" ".join(heading.split()), text=text, teaser=_teaser(text))


def _teaser(text: str) -> str:
    return first_sentence(text, TEASER) if text else ""
