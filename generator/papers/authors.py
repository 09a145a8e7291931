"""Authors: who wrote what, one identity per name, and the permanent address of each author's page.

Identity (`author_key`): the name's words, ignoring case, the accents and special letters of Latin
script (`José`, `Jose`; `Łukasz`, `Lukasz`) and the spacing and punctuation between words
(`Jean-Pierre Dupont`, `Jean Pierre  Dupont`). Other scripts are kept as written, so `王伟` and
`Wang Wei` are two authors. Two people who share a name share a page: the data (the Hub's
author lists) carries names, not persons.

Address (`author_slug`): a pure function of the identity, so it never moves whatever order data
arrives in and needs no registry. A name whose identity is plain ASCII words has their
python-slugify (`ada-lovelace`); any other (another script, a name longer than SLUG_MAX, a
reserved name such as `index`, a name whose last word is 8 hex digits such as `Index E540cdd1`)
has the slugified, transliterated identity and 8 hex digits of its SHA-1 (`wang-wei-5d41402a`).
A plain page name never ends in a dash and 8 hex digits and a hashed one always does, so two
identities share an address only if their SHA-1 prefixes collide (refused with a message).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property

import regex
from slugify import slugify
from text_unidecode import unidecode

from ..errors import GeneratorError
from ..models import Paper, first_listed_newest

SLUG_MAX = 60  # characters of an author's page name, before ".html"
RESERVED = frozenset({"index", "a-z"})  # names of the authors folder's own pages
CO_AUTHORS = 8  # frequent co-authors an author page names, at most
CO_AUTHOR_MIN = 2  # papers together that make a co-author frequent
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")  # a word of a name if it has a letter or digit: marks alone are none
_LETTER = regex.compile(r"[\p{L}\p{N}]")
# What identity leaves out: variation selectors (an emoji's or a CJK character's chosen glyph, U+FE0F
# in ❤️, Mongolian free variation selectors) and emoji keycaps (#️⃣, 1️⃣): ❤️ is no more an author than ❤.
_IGNORED = regex.compile(r"[#*0-9]\ufe0f?\u20e3|[\u180b-\u180d\u180f\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_ASCII_KEY = regex.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")
# Latin script: Basic Latin to Latin Extended-B, IPA, combining diacritics, Latin Extended Additional.
LATIN = ((0x0000, 0x036F), (0x1E00, 0x1EFF))


_ASCII_WORD = regex.compile(r"[a-z0-9]+")
_HASHED = regex.compile(r"-[0-9a-f]{8}$")  # the shape of a hashed page name's end


@cache
def _fold(char: str) -> str:
    """A Latin letter or mark as ASCII (`é` -> `e`, `ß` -> `ss`, `ł` -> `l`); any other character as it is."""
    code = ord(char)
    latin = any(low <= code <= high for low, high in LATIN)
    return unidecode(char) if latin and unicodedata.category(char)[0] in "LM" else char


def author_key(name: str) -> str:
    """Return an author's identity: lower-case words, Latin letters without accents, one space apart.

    "José  Núñez-Gil" -> "jose nunez gil"; "王伟" -> "王伟". An empty string for a name with no letters
    or digits (`!!!`, `❤️`, `🏳️‍🌈`, `#️⃣`): marks, variation selectors and joiners are none.
    """
    if name.isascii():  # most names: the same rule, quicker
        return " ".join(_ASCII_WORD.findall(name.lower()))
    folded = "".join(map(_fold, _IGNORED.sub("", unicodedata.normalize("NFKC", name))))
    return " ".join(word for word in _WORD.findall(folded.casefold()) if _LETTER.search(word))


def distinct_authors(names: Iterable[str], *, nameless: bool = False) -> tuple[str, ...]:
    """Return a paper's authors, each identity once, as first written, in order: for a citation, a
    name with no letter or digit (no author) left out; for its page (nameless=True), kept as
    written. A listing naming one person twice (`Jane Doe; Jane Doe`) names them once."""
    seen: set[str] = set()
    kept = []
    for name in names:
        key = author_key(name)
        if key in seen or not (key or nameless):
            continue
        if key:
            seen.add(key)
        kept.append(name)
    return tuple(kept)


def _hash(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def author_slug(key: str) -> str:
    """Return the page name of an identity (see the module docstring); the same key, the same name."""
    plain = key.replace(" ", "-")
    if _ASCII_KEY.fullmatch(key) and len(plain) <= SLUG_MAX and plain not in RESERVED and not _HASHED.search(plain):
        return plain
    base = slugify(key, max_length=SLUG_MAX - 9, word_boundary=True) or "author"
    return f"{base}-{_hash(key)}"


@dataclass(frozen=True)
class Author:
    """One author identity and what the site shows of it."""

    key: str
    slug: str
    name: str  # the spelling most of their papers use (of two as common: not all capitals, then more accents)
    papers: tuple[str, ...]  # paper ids, newest listing first, ties by id
    coauthors: tuple[tuple[str, int], ...] = ()  # (key, papers together >= CO_AUTHOR_MIN), most first, CO_AUTHORS
    spellings: tuple[str, ...] = ()  # the other ways the data writes the name, most used first

    @property
    def url(self) -> str:
        return f"authors/{self.slug}.html"


@dataclass(frozen=True)
class Authors:
    """Every author of the corpus, and those with a page (`author_pages_min` papers or more)."""

    by_key: Mapping[str, Author]
    keys: Mapping[str, str]  # every spelling in the data -> its identity
    min_papers: int

    @cached_property
    def with_pages(self) -> tuple[Author, ...]:
        """Authors with a page, by page name."""
        return tuple(
            sorted((a for a in self.by_key.values() if len(a.papers) >= self.min_papers), key=lambda a: a.slug)
        )

    def page(self, name: str) -> Author | None:
        """Return the author of this spelling if they have a page, else None."""
        author = self.by_key.get(self.keys.get(name) or author_key(name))
        return author if author is not None and len(author.papers) >= self.min_papers else None

    def has_page(self, author: Author) -> bool:
        return len(author.papers) >= self.min_papers


def _newest_first(papers: Iterable[Paper]) -> list[Paper]:
    return sorted(papers, key=first_listed_newest)


def collect(papers: Sequence[Paper], min_papers: int, data_dir: str = "data/digests") -> Authors:
    """Group every visible author name of the papers by identity; name each identity's page.

    Raises GeneratorError if two identities would share a page name (a bug guard: the hash makes
    it as likely as a SHA-1 prefix collision).
    """
    keys: dict[str, str] = {}  # spelling -> identity: author_key costs ~10 µs, spellings repeat
    spellings: dict[str, Counter[str]] = {}
    written: dict[str, list[Paper]] = {}
    for paper in _newest_first(papers):
        seen: set[str] = set()
        for name in paper.authors:
            key = keys.get(name)
            if key is None:
                key = keys[name] = author_key(name)
            if key and key not in seen:
                seen.add(key)
                spellings.setdefault(key, Counter())[name] += 1
                written.setdefault(key, []).append(paper)
            elif key:  # another spelling of an author the paper already names: shown, not counted
                spellings[key][name] += 0
    slugs: dict[str, str] = {}
    authors: dict[str, Author] = {}
    for key in sorted(written):
        slug = author_slug(key)
        if slug in slugs:
            raise GeneratorError(
                data_dir, None, f"the authors {key!r} and {slugs[slug]!r} would share authors/{slug}.html"
            )
        slugs[slug] = key
        counts = spellings[key]
        ranked = (
            sorted(counts, key=lambda n: (-counts[n], n.isupper(), -sum(not c.isascii() for c in n), n))
            if len(counts) > 1
            else [*counts]
        )
        authors[key] = Author(key, slug, ranked[0], tuple(p.id for p in written[key]), (), tuple(ranked[1:]))
    for key, author in authors.items():
        if len(author.papers) >= min_papers:
            authors[key] = _with_coauthors(author, written[key], keys)
    return Authors(authors, keys, min_papers)


def _with_coauthors(author: Author, papers: Sequence[Paper], keys: Mapping[str, str]) -> Author:
    together: Counter[str] = Counter()
    for paper in papers:
        together.update(k for k in dict.fromkeys(keys[n] for n in paper.authors) if k and k != author.key)
    frequent = (item for item in together.items() if item[1] >= CO_AUTHOR_MIN)
    ranked = sorted(frequent, key=lambda item: (-item[1], item[0]))[:CO_AUTHORS]
    return Author(author.key, author.slug, author.name, author.papers, tuple(ranked), author.spellings)
