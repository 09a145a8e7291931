"""Authors' names surname first, as `citation_author` gives them (`King, Martin Luther, Jr.`).

Reference managers must guess which word of `Martin Luther King Jr.` is the surname. Zotero's
Embedded Metadata translator, for one, reads a tag's content as several people split at `;`, takes
what stands before the first comma as the surname, and without a comma the last word (`Jr.`, and
`Beethoven` of `Ludwig van Beethoven`). So every name is written `Surname, Given names` (`, Suffix`):
the surname is the last word with the particles before it (`van Beethoven, Ludwig`, `von der Leyen,
Ursula`; a particle is written in small letters, and the first word is always a given name: `Di Wu`
is `Wu, Di`), and a suffix (`Jr.`, `III`, `PhD`, in any case and with or without dots: `jr`,
`Ph.D`, `iii`; `MD` in capitals only) goes last (`Gates, III` for a name of one word and a suffix).
Notes in brackets after a name (an affiliation: `Dee Smith (MIT)`, `Ann Smith [MIT]`, `Eve Brown
(MIT), PhD`) are no part of the person's name, which is all a reference manager keeps: citations
leave them out (`Smith, Dee`), while pages show the name as written. No name holds a `;` (a
digest's name of several people is split where it is read: sources/daily_api.people). A name that has a comma
already is taken as written surname first (`Lovelace, Ada`), or as ending in a suffix (`Martin
Luther King, Jr.`). A name of one word is written as it is.

One more trap: a page with a single citation_author tag whose content has a space on both sides
of its first comma is read as several people (`van Gogh, Vincent Willem`); there the given names
are joined by no-break spaces, which Zotero reads as spaces. tests/test_names.py reads every name
back through a re-implementation of Zotero's code (zotero/translators, "Embedded Metadata.js",
processHighwireCreators; zotero/utilities, utilities.js, cleanAuthor).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

PARTICLES = frozenset(  # written in small letters only: `De`, `Van`, `Al` begin surnames or are given names
    {
        "'t",  # Dutch: `van 't Hoff`
        "\u2019t",
        "al",
        "bin",
        "binti",
        "da",
        "dal",
        "dalla",
        "das",
        "de",
        "degli",
        "dei",
        "del",
        "della",
        "delle",
        "dello",
        "den",
        "der",
        "des",
        "di",
        "do",
        "dos",
        "du",
        "el",
        "het",
        "ibn",
        "la",
        "las",
        "le",
        "los",
        "op",
        "te",
        "ten",
        "ter",
        "van",
        "vom",
        "von",
        "zu",
        "zum",
    }
)
# Suffixes as suffix_key gives them: in any case, with or without dots (`Jr.`, `jr`, `Ph.D`, `iii`)
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd"})
CAPITAL_SUFFIXES = frozenset({"MD"})  # in capitals only (`MD`, `M.D.`): `Md` shortens Muhammad
_NO_BREAK = "\u00a0"
_OPENING = {")": "(", "]": "["}  # each closing bracket's opening one
_TEXT = re.compile(r"\S")


def suffix_key(word: str) -> str | None:
    """Return the suffix a word is (`jr`, `phd`, `MD`: SUFFIXES, CAPITAL_SUFFIXES), or None."""
    plain = word.replace(".", "")
    if plain in CAPITAL_SUFFIXES:
        return plain
    return plain.casefold() if plain.casefold() in SUFFIXES else None


def _notes(name: str) -> list[tuple[int, int]]:
    """Return (start, end) of each note in a name, in order: a group in brackets, `(...)` or `[...]`,
    after a space, a comma or nothing, with nothing but spaces, notes or a comma after it.

    `Ann Smith [MIT]`, `Eve Brown (MIT), PhD`, `Dee Jones (MIT) (Stanford)`, `Ann Smith (MIT, CSAIL)`
    each have one note or two; `Ann (Annie) Smith` and a name whose brackets do not pair have none.
    """
    groups = []
    commas = []
    open_at: list[tuple[str, int]] = []
    for index, char in enumerate(name):
        if char in "([":
            open_at.append((char, index))
        elif char in _OPENING:
            if not open_at or open_at[-1][0] != _OPENING[char]:
                return []
            start = open_at.pop()[1]
            if not open_at:
                groups.append((start, index + 1))
        elif char == "," and not open_at:
            commas.append(index)
    if open_at:
        return []
    notes: list[tuple[int, int]] = []  # last first
    for start, end in reversed(groups):
        comma = bisect.bisect_left(commas, end)
        after = min(commas[comma] if comma < len(commas) else len(name), notes[-1][0] if notes else len(name))
        spaced = start == 0 or name[start - 1].isspace() or name[start - 1] == ","
        text = _TEXT.search(name, end)  # the first character after the group that is no space
        if spaced and (text.start() if text else len(name)) == after:
            notes.append((start, end))
    return notes[::-1]


def _without_notes(name: str) -> str:
    """The name without its notes (_notes); a name of nothing else stays as it is."""
    kept, last = [], 0
    for start, end in _notes(name):
        kept.append(name[last:start])
        last = end
    kept.append(name[last:])
    rest = "".join(kept)
    return rest if rest.replace(",", "").strip() else name


def split_name(name: str) -> tuple[str, str, str]:
    """Return (surname, given names, suffix) of a name; given names empty for a name of one word.

    Notes in brackets after the name (`Dee Smith (MIT)`, `Ann Smith [MIT]`: _notes) are no part of
    the person's name, which is what a citation gives a reference manager: they are left out.
    """
    parts = [" ".join(part.split()) for part in _without_notes(name).split(",")]
    parts = [part for part in parts if part]
    suffix = parts.pop() if len(parts) > 1 and suffix_key(parts[-1]) else ""
    if len(parts) > 1:  # surname first already
        return parts[0], " ".join(parts[1:]), suffix
    words = parts[0].split() if parts else []
    if not suffix and len(words) > 1 and suffix_key(words[-1]):
        suffix = words.pop()
    if len(words) < 2:
        return " ".join(words), "", suffix
    if all(word in PARTICLES for word in words[:-1]):  # `de la Cruz`: all surname, no given name
        return " ".join(words), "", suffix
    start = len(words) - 1
    while start > 1 and words[start - 1] in PARTICLES:
        start -= 1
    return " ".join(words[start:]), " ".join(words[:start]), suffix


def highwire_name(name: str, alone: bool = False) -> str:
    """Write a name for citation_author, surname first (alone: the page's only author)."""
    surname, given, suffix = split_name(name)
    if not given:  # `Gates, III`: the surname before the comma, as Zotero reads it
        return f"{surname}, {suffix}" if suffix else surname
    if alone and " " in surname:  # else read as two people: see the module's docstring
        given = given.replace(" ", _NO_BREAK)
    return f"{surname}, {given}" + (f", {suffix}" if suffix else "")


def highwire_names(names: Sequence[str]) -> tuple[str, ...]:
    """Write a paper's authors (in order) for its citation_author tags."""
    return tuple(highwire_name(name, alone=len(names) == 1) for name in names)
