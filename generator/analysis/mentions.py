"""Find the papers an abstract names by their short names ("DataComp", the part of a title before its colon)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

from ..models import Paper
from .stop_words import STOP_WORDS

# Settings for mentions: a short name is the part of a title before its first colon
# ("EpiGRAF: Rethinking ..."), or an acronym it defines ("Tiny Time Mixers (TTMs)").
MIN_NAME = 4  # shorter names (MIC, PDP, UER) stand for too many other things
MAX_NAME_WORDS = 3  # longer "names" are phrases ("Continual Pre-Training of Large Language Models")

_DEFINED = re.compile(r"^(.+?)\s*\(([^()]+)\)$")
_TOKEN = re.compile(r"\w+")
_ADDRESS = re.compile(r"://|www\.|\.\w+/")  # in a word: an address ("github.com/Sara-Ahmed" names no SaRA)
_INTRODUCES = re.compile(  # ends just before a name the text coins for itself: "we present", "our"
    r"(?i:\b(?:propose|present|introduce|name|term|call|dub|coin)\w*\s+(?:\S+\s+){0,3}\(?|\bour\s+)$"
)


def short_names(title: str) -> tuple[str, ...]:
    """Return the names a title gives its paper: the part before the colon and its acronym."""
    head, colon, _ = title.partition(":")
    if not colon:
        return ()
    head = head.strip()
    defined = _DEFINED.match(head)
    return (defined.group(2).strip(), defined.group(1).strip()) if defined else (head,)


def _coined(word: str) -> bool:
    """Tell whether a word is a coined name: a capital or digit inside, or a letter prefix (C-Mixup)."""
    pieces = word.split("-")
    prefix = len(pieces) > 1 and len(pieces[0]) == 1 and pieces[0].isupper()
    return prefix or any(c.isupper() or c.isdigit() for piece in pieces for c in piece[1:])


def _shaped_like_name(name: str) -> bool:
    """Tell whether a short name could be a name: short enough, few words, letters at both ends."""
    return len(name) >= MIN_NAME and len(name.split()) <= MAX_NAME_WORDS and name[0].isalnum() and name[-1].isalnum()


def mentions(papers: Sequence[Paper]) -> dict[str, tuple[str, ...]]:
    """Return paper id -> ids of the other papers its abstract names by short name."""
    owners: dict[str, set[str]] = defaultdict(set)
    for paper in papers:
        for name in short_names(paper.title):
            owners[name].add(paper.id)
    # A name two papers share (two different "Hydra"s) is ambiguous: it links to neither.
    names = {n: next(iter(ids)) for n, ids in owners.items() if len(ids) == 1 and _shaped_like_name(n)}
    by_first: dict[str, list[str]] = defaultdict(list)
    for name in sorted(names):
        by_first[_TOKEN.match(name).group().lower()].append(name)  # type: ignore[union-attr]
    lowered = {n.lower() for n in names}
    firsts: list[set[str]] = []
    holders: dict[str, list[int]] = defaultdict(list)  # a name in lower case -> papers with it in any case
    for i, paper in enumerate(papers):
        tokens = set(_TOKEN.findall(paper.abstract.lower()))
        firsts.append(tokens & by_first.keys())
        for word in tokens & lowered:
            holders[word].append(i)
    ordinary = _Ordinary(papers, holders)
    found: dict[str, tuple[str, ...]] = {}
    for paper, first in zip(papers, firsts, strict=True):
        named = {
            names[name]
            for word in first
            for name in by_first[word]
            if names[name] != paper.id and _is_name(name, ordinary) and _names(paper.abstract, name, ordinary)
        }
        found[paper.id] = tuple(sorted(named))
    return found


def word_spots(text: str, word: str) -> list[int]:
    """Return where word starts in text as a whole word (no letter, digit or _ on either side)."""
    spots, start, end = [], text.find(word), len(word)
    while start >= 0:
        before, after = text[start - 1 : start] or " ", text[start + end : start + end + 1] or " "
        if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
            spots.append(start)
        start = text.find(word, start + 1)
    return spots


class _Ordinary:
    """Tell whether the corpus writes a word in lower case, as an ordinary word ("points")."""

    def __init__(self, papers: Sequence[Paper], holders: Mapping[str, list[int]]) -> None:
        self.papers, self.holders, self.known = papers, holders, dict.fromkeys(STOP_WORDS, True)

    def __call__(self, word: str) -> bool:
        word = word.lower()
        if word not in self.known:
            self.known[word] = any(word_spots(self.papers[i].abstract, word) for i in self.holders.get(word, ()))
        return self.known[word]


def _is_name(name: str, ordinary: _Ordinary) -> bool:
    """Tell whether a short name is distinctive enough to look for in other abstracts."""
    parts = name.split()
    if any(_coined(part) for part in parts):
        return True
    # A plain capitalised word (Hydra, Quantune) counts if the corpus never uses it in lower case.
    return len(parts) == 1 and name.isalpha() and not ordinary(name)


def _names(text: str, name: str, ordinary: _Ordinary) -> bool:
    """Tell whether a text names `name` as a whole word, and not for a method of its own."""
    lowered = text.lower()
    if len(lowered) != len(text):  # lower case changed the length ("İ"): match the case exactly
        lowered, name_key = text, name
    else:
        name_key = name.lower()
    named = False
    for start in word_spots(lowered, name_key):
        found = text[start : start + len(name)]
        # "Datacomp" names DataComp, but "Points" does not name POINTS: case may differ only
        # after the first letter, in a word the corpus never writes in lower case.
        if found != name and (found[0] != name[0] or " " in name or ordinary(found)):
            continue
        left, right = text.rfind(" ", 0, start) + 1, text.find(" ", start)
        if _ADDRESS.search(text[left : right if right >= 0 else len(text)]):
            continue
        # "We present Hydra, ..." introduces another method that happens to share the name.
        if _INTRODUCES.search(text, max(0, start - 80), start):
            return False
        named = True
    return named


def mentioned_by(found: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Invert mentions: paper id -> ids of the papers whose abstracts name it, sorted."""
    inverse: dict[str, list[str]] = defaultdict(list)
    for source, targets in found.items():
        for target in targets:
            inverse[target].append(source)
    return {target: tuple(sorted(sources)) for target, sources in sorted(inverse.items())}
