"""Author filters: an author's filter key is their identity, in Python and in the browser alike.

`author:"José García"` finds the papers of the author page that groups José García, jose garcia
and Jose-Garcia: the filter key of a name is `!a:` and its identity (generator/papers/authors.py,
`author_key`), and the worker (overrides/assets/javascripts/search/worker.js, `authorKey`)
computes the same identity from what the reader typed:

1. NFKC (full-width `Ａｂｃ` is `Abc`), without variation selectors and emoji keycaps (`❤️` is `❤`);
2. each Latin letter or mark (the manifest's `identity.latin` ranges) as text_unidecode writes
   it: its letters without their marks (`é` -> `e`), except those listed in `identity.fold`,
   which `fold_table` derives from `author_key` itself when the site is built (`ß` -> `ss`,
   `ł` -> `l`, `ø` -> `o`; a space stands for a word break: the modifier apostrophe `ʼ` -> ` `);
3. Python's casefold: JavaScript's lower case of the upper case, with `ς` as `σ` and Cherokee
   in upper case (as Unicode's case folding has them);
4. the runs of letters, marks and digits that have a letter or digit, one space apart.

tests/test_search_worker.py checks that the worker's identity is `author_key`'s for every
character Python's Unicode database (Unicode 14) knows; characters assigned since may differ.

The words of the index and of queries fold the letters of `fold_table` too, those it folds to
letters and digits (tokens.py, `letter_folds`), so the word `lukasz` finds Łukasz.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

import regex

from ..papers.authors import LATIN  # the ranges author_key folds
from ..papers.authors import author_key as identity
from .tokens import js_regex

AUTHOR_KEY = "!a:"
_MARKS = regex.compile(r"\p{M}")


def author_key(name: str) -> str:
    """Return the filter key of an author's name: `!a:` and the name's identity ("José García" -> "!a:jose garcia")."""
    return AUTHOR_KEY + identity(name)


def one_word(value: str) -> bool:
    """Tell whether a filter's value is written as one word, without spaces (`O'Brien`, `garcia`)."""
    return len(js_regex(r"\S+").findall(value)) == 1


def _plain(char: str) -> str:
    """A Latin letter as the worker writes it unless told otherwise: lowercase, without its marks."""
    return _MARKS.sub("", unicodedata.normalize("NFD", char)).lower()


@cache
def fold_table() -> dict[str, str]:
    """Return the Latin letters and marks whose identity is not `_plain`'s, each with what it becomes.

    Only characters that NFKC leaves as they are: the worker looks them up after NFKC. The value
    is the identity of the character between two digits, without the digits, so a space stands
    for a word break (`ʼ` -> " ", `ǁ` -> " "). 295 characters with text_unidecode 1.3: 2.7 KB of
    JSON in the manifest, 1 KB gzipped.
    """
    table: dict[str, str] = {}
    for low, high in LATIN:
        for code in range(low, high + 1):
            char = chr(code)
            if unicodedata.category(char)[0] not in "LM" or unicodedata.normalize("NFKC", char) != char:
                continue
            folded = identity(f"0{char}0")[1:-1]
            if folded != _plain(char):
                table[char] = folded
    return table


def manifest() -> dict[str, Any]:
    """Return the manifest's `identity`: {"latin": [[first, last] code points], "fold": fold_table()}."""
    return {"latin": [list(span) for span in LATIN], "fold": fold_table()}
