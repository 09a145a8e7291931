"""Reading list pages, the Lists overview and each list's BibTeX file (data/lists/, sources/lists.py).

- `lists/<slug>.html`: the list's title and description, its papers in the file's order with
  date, presenter and note (or, without a note, the abstract's first sentence), COinS per paper;
  linked from it, `lists/<slug>.bib` (every paper's entry, render/citations.py) and the Atom
  feed `feeds/lists/<slug>.xml` (render/feeds.py).
- `lists/index.html`: every list, with its description and size.

A site without lists has none of these pages. A list's page that the last build wrote and this one
does not (its file renamed or deleted) is named in a note: its addresses go with it. The note names
the file as it was, which the page's front matter keeps (`list_file`): the file itself is gone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath, PureWindowsPath

from mkdocs.utils.meta import get_data

from ..models import Corpus, Note
from ..sources.clean import escaped
from ..sources.lists import ReadingList
from .citations import bib_entry, bibtex
from .feeds import list_feed_path
from .templating import count, page

INDEX = "lists/index.html"
_PAGE = re.compile(r"lists/(?P<slug>[^/]+)\.md")


def page_url(site_url: str, target: str) -> str:
    """Return a page's public address (site_url + path), or "" without a site_url."""
    return site_url + target if site_url else ""


def lists_folder(source: str) -> str:
    """The folder of lists as the overview names it, from a list's file as messages name it
    ("data/lists/x.yml" -> "data/lists"; "bench/lists" with --data bench/digests). A folder outside
    the project is named by its last part alone: a public page never shows where a machine keeps it.
    """
    folder = PurePosixPath(source.replace("\\", "/")).parent
    absolute = folder.is_absolute() or PureWindowsPath(source).is_absolute()
    return folder.name if absolute else folder.as_posix()


def list_file(page: Path) -> str | None:
    """The list file a page written by the last build was made from (its front matter's `list_file`)."""
    try:
        named = get_data(page.read_text(encoding="utf-8"))[1].get("list_file")
    except (OSError, UnicodeDecodeError):
        return None
    return escaped(named) if isinstance(named, str) and named else None


def unbuilt(gone: Iterable[str], folder: str, docs_dir: Path) -> list[Note]:
    """Name each list whose page the last build wrote and this one did not (gone: the generated
    files docs/ no longer has, as the writer reports them; docs_dir: docs/ with the last build's
    pages still in it), for folder (data/lists)."""
    notes = []
    for path in gone:
        page = _PAGE.fullmatch(path)
        if page and page["slug"] != INDEX.removeprefix("lists/").removesuffix(".html"):
            slug = page["slug"]
            was = list_file(docs_dir / path)
            missing = f"no {was} now" if was else f"no list file {slug}.yml or {slug}.yaml in {folder} now"
            notes.append(
                Note(
                    folder,
                    None,
                    f"the reading list lists/{slug}.html is no longer built ({missing}):"
                    f" its address, lists/{slug}.bib and feeds/lists/{slug}.xml will 404; put the file back"
                    " under that name to keep them",
                )
            )
    return notes


class ListRenderer:
    """Render the pages and files of the reading lists of one corpus."""

    def __init__(self, corpus: Corpus, site_url: str = "") -> None:
        self.corpus = corpus
        self.site_url = site_url
        self.papers = {p.id: p for p in corpus.papers}

    def files(self) -> Iterator[tuple[str, str]]:
        """Yield (path under docs/, content) for every list's page and .bib, and the overview."""
        if not self.corpus.lists:
            return
        for reading_list in self.corpus.lists:
            yield reading_list.url.removesuffix(".html") + ".md", self.list_page(reading_list)
            yield reading_list.url.removesuffix(".html") + ".bib", self.list_bib(reading_list)
        yield INDEX.removesuffix(".html") + ".md", self.overview()

    def list_bib(self, reading_list: ReadingList) -> str:
        papers = [self.papers[e.paper_id] for e in reading_list.entries]
        return bibtex(bib_entry(p, page_url(self.site_url, p.url)) for p in papers)

    def list_page(self, reading_list: ReadingList) -> str:
        meta = {
            "title": reading_list.title,
            "description": reading_list.description
            or f"A reading list of {count(len(reading_list.entries), 'paper')}.",
            "feed": list_feed_path(reading_list),
            "list_file": reading_list.source,  # named when the file goes (unbuilt): the page is all that is left
        }
        return page(
            "list.html",
            meta,
            here=reading_list.url,
            reading_list=reading_list,
            entries=[(e, self.papers[e.paper_id]) for e in reading_list.entries],
            feed=list_feed_path(reading_list),
        )

    def overview(self) -> str:
        meta = {"title": "Reading lists", "description": "The reading lists kept with this site, and their papers."}
        folder = lists_folder(self.corpus.lists[0].source)
        return page("lists_index.html", meta, here=INDEX, lists=self.corpus.lists, folder=folder)
