"""Author pages and the A–Z index of authors, from templates (generator/render/templates/).

- `authors/<slug>.html`: an author's papers, newest first (date and first sentence, as topic
  pages list them, with COinS), their frequent co-authors; past 2 * PAGE papers the older ones
  go to `authors/<slug>/<n>.html`, PAGE each, numbered from the oldest (render/paging.py).
- `authors/index.html`: the letters, with counts, and the authors with the most papers.
- `authors/a-z/<letter>.html` (then `<letter>-2.html`, ...): the authors whose last name starts
  with that letter (`0-9` for digits), at most LETTER_PAGE a page, so no page grows with the
  corpus. Names are transliterated for the letter (王伟 is under W); a last name whose first letter
  has no transliteration (ⵜ, ᱥ, 𞤀) or that has no letter or digit (😀, ★) is under `other`, one group
  last, so the letters stay 28 whatever scripts the corpus holds.

Only authors with `author_pages_min` papers have a page; the others are plain names on paper pages.
"""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from slugify import slugify

from .. import dates
from ..models import Corpus, Paper
from ..papers.authors import Author, Authors
from .names import PARTICLES, split_name
from .paging import newest, older_blocks
from .templating import count, page

PAGE = 100  # papers per older page of an author (the newest 100 to 199 are on their own page)
LETTER_PAGE = 500  # authors per page of the A–Z index
TOP = 30  # authors with the most papers, on the index page
INDEX = "authors/index.html"


OTHER = "other"  # the label of the last names under no letter A–Z and no digit


@dataclass(frozen=True)
class Letter:
    """One letter of the A–Z index and its pages."""

    label: str  # "0-9", "a" ... "z", OTHER: as in the pages' addresses
    authors: tuple[Author, ...]  # in index order

    def url(self, number: int = 1) -> str:
        return f"authors/a-z/{self.label}{'' if number == 1 else f'-{number}'}.html"

    @property
    def title(self) -> str:
        """The label as links and headings show it: `A`, `0-9`, `Other`."""
        return self.label.capitalize() if self.label == OTHER else self.label.upper()

    @property
    def pages(self) -> int:
        return -(-len(self.authors) // LETTER_PAGE)


def last_name(author: Author) -> str:
    """Return the last name the index files an author by, or the whole name if it has none.

    It is the surname citations give (render/names.split_name: `Smith, John` is Smith, `Dee Smith
    (MIT)` Smith, `King Jr.` King, `Ada Lovelace, PhD` Lovelace) without its particles at its start
    (`Ludwig van Beethoven` under B, `José de los Santos` under S, `García Márquez, Gabriel` under
    G), so the index and a reference manager agree.
    """
    words = split_name(author.name)[0].split()
    while len(words) > 1 and words[0] in PARTICLES:
        words.pop(0)
    return " ".join(words) or author.name


def initial(author: Author) -> str:
    """Return the label of an author's letter: "a" ... "z", "0-9" or OTHER.

    It is the first letter or digit of the last name that transliterates to one (王 is w, Ø o, ٣
    0-9); a letter that transliterates to none is passed over as punctuation is (the ayin of علي,
    which is `, so Ali is l, as its page name ly; O'Brien is o); OTHER for a last name none of
    whose letters python-slugify can transliterate (Tifinagh) and for one of no letter or digit.
    A modifier letter (the ʻokina of ʻŌlelo) is passed over too.
    """
    for char in last_name(author):
        if unicodedata.category(char) in _LETTERS_AND_DIGITS and (first := slugify(char)[:1]):
            return "0-9" if first.isdigit() else first
    return OTHER


_LETTERS_AND_DIGITS = frozenset({"Lu", "Ll", "Lt", "Lo", "Nd", "Nl", "No"})


def index_key(author: Author) -> tuple[bool, str, str, str]:
    """Sort authors by letter (initial; OTHER last), last name, then the whole name, transliterated.

    Last names of no transliteration sort by their own characters.
    """
    label, name = initial(author), last_name(author)
    return (label == OTHER, label, slugify(name) or name, author.slug)


def letters(authors: Authors) -> list[Letter]:
    """Group the authors with a page by the first letter of their last name, in index order."""
    ranked = sorted(((index_key(author), author) for author in authors.with_pages), key=lambda keyed: keyed[0])
    grouped = itertools.groupby(ranked, key=lambda keyed: keyed[0][1])  # the letter, in index_key
    return [Letter(label, tuple(author for _, author in group)) for label, group in grouped]


class AuthorRenderer:
    """Render the author pages and the A–Z index of one corpus."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.authors = corpus.authors
        self.papers = {p.id: p for p in corpus.papers}

    def files(self) -> Iterator[tuple[str, str]]:
        """Yield (path under docs/, content) for every author page and the index; nothing without authors."""
        if self.authors is None or not self.authors.with_pages:
            return
        for author in self.authors.with_pages:
            papers = [self.papers[i] for i in author.papers]
            blocks = older_blocks(papers, PAGE)
            yield author.url.removesuffix(".html") + ".md", self.author_page(author, papers, blocks)
            for number, block in enumerate(blocks, 1):
                yield f"authors/{author.slug}/{number}.md", self.older_page(author, number, len(blocks), block)
        groups = letters(self.authors)
        yield INDEX.removesuffix(".html") + ".md", self.index_page(groups)
        for letter in groups:
            for number in range(1, letter.pages + 1):
                chunk = letter.authors[(number - 1) * LETTER_PAGE : number * LETTER_PAGE]
                yield letter.url(number).removesuffix(".html") + ".md", self.letter_page(letter, number, chunk)

    def coauthors(self, author: Author) -> list[tuple[Author, bool, int]]:
        """Return (co-author, has a page, papers together) for an author's frequent co-authors."""
        assert self.authors is not None
        found = []
        for key, together in author.coauthors:
            other = self.authors.by_key[key]
            found.append((other, self.authors.has_page(other), together))
        return found

    def author_page(self, author: Author, papers: list[Paper], blocks: list[list[Paper]]) -> str:
        first, last = papers[-1].first_seen, max(p.last_seen for p in papers)
        meta = {
            "title": author.name,
            "description": (
                f"{count(len(papers), 'paper')} by {author.name} on Hugging Face Daily Papers, {_span(first, last)}."
            ),
        }
        return page(
            "author.html",
            meta,
            here=author.url,
            author=author,
            total=len(papers),
            first=first,
            last=last,
            coauthors=self.coauthors(author),
            papers=newest(papers, blocks),
            older=[(n, block[0], block[-1]) for n, block in reversed(list(enumerate(blocks, 1)))],
            older_papers=sum(map(len, blocks)),
        )

    def older_page(self, author: Author, number: int, pages: int, papers: list[Paper]) -> str:
        span = _span(papers[-1].first_seen, papers[0].first_seen)
        meta = {
            "title": f"{author.name}: papers from {span}",
            "description": f"Papers by {author.name}, {span}.",
        }
        return page(
            "author_older.html",
            meta,
            here=f"authors/{author.slug}/{number}.html",
            author=author,
            span=span,
            number=number,
            count=pages,
            papers=papers,
        )

    def index_page(self, groups: list[Letter]) -> str:
        assert self.authors is not None
        ranked = sorted(self.authors.with_pages, key=lambda a: (-len(a.papers), index_key(a)))[:TOP]
        meta = {"title": "Authors", "description": "Every author with a page, by last name, and the most prolific."}
        return page(
            "authors_index.html",
            meta,
            here=INDEX,
            letters=groups,
            total=len(self.authors.by_key),
            with_pages=len(self.authors.with_pages),
            min_papers=self.authors.min_papers,
            top=ranked,
        )

    def letter_page(self, letter: Letter, number: int, authors: tuple[Author, ...]) -> str:
        label = letter.title
        part = f" ({number} of {letter.pages})" if letter.pages > 1 else ""
        starts = "with no letter A–Z or digit, even transliterated" if letter.label == OTHER else f"with {label}"
        meta = {
            "title": f"Authors: {label}{part}",
            "description": f"Authors whose last name starts {starts}{part}.",
        }
        return page(
            "authors_letter.html",
            meta,
            here=letter.url(number),
            letter=letter,
            number=number,
            authors=authors,
            heading=f"{label}{part}",
        )


def _span(first: dt.date, last: dt.date) -> str:
    if first == last:
        return dates.long_date(first)
    return f"{dates.long_date(first)} to {dates.long_date(last)}"
