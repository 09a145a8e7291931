"""Authors' names surname first, as `citation_author` gives them (`King, Martin Luther, Jr.`).

Reference managers must guess which word of `Martin Luther King Jr.` is the surname. Zotero's
Embedded Metadata translator, for one, reads a tag's content as several people split at `;`, takes
what stands before the first comma as the surname, and without a comma the last word (`Jr.`, and
`Beethoven` of `Ludwig van Beethoven`). So every name is written `Surname, Given names` (`, Suffix`):
the surname is the last word with the particles before it (`van Beethoven, Ludwig`, `von der Leyen,
Ursula`; a particle is written in small letters, and the first word is always a given name: `Di Wu`
is `Wu, Di`), and a suffix (`Jr.`, `III`, or an affiliation in brackets after the name, `Dee Smith
(MIT)`) goes last (`Gates, III` for a name of one word and a suffix); no name holds a `;` (a digest's name of
several people is split where it is read: sources/daily_api.people). A name that has a comma
already is taken as written surname first (`Lovelace, Ada`), or as ending in a suffix (`Martin
Luther King, Jr.`). A name of one word is written as it is.

One more trap: a page with a single citation_author tag whose content has a space on both sides
of its first comma is read as several people (`van Gogh, Vincent Willem`); there the given names
are joined by no-break spaces, which Zotero reads as spaces. tests/test_names.py reads every name
back through a re-implementation of Zotero's code (zotero/translators, "Embedded Metadata.js",
processHighwireCreators; zotero/utilities, utilities.js, cleanAuthor).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

PARTICLES = frozenset(
    {
        "al",
        "da",
        "das",
        "de",
        "degli",
        "dei",
        "del",
        "della",
        "den",
        "der",
        "des",
        "di",
        "do",
        "dos",
        "du",
        "el",
        "la",
        "le",
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
SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "PhD", "Ph.D.", "MD", "M.D."})
_NO_BREAK = "\u00a0"
_AFFILIATION = re.compile(r"(.*\S) (\([^()]*\))")  # a name, then a bracket with no bracket inside


def split_name(name: str) -> tuple[str, str, str]:
    """Return (surname, given names, suffix) of a name; given names empty for a name of one word."""
    parts = [" ".join(part.split()) for part in name.split(",")]
    parts = [part for part in parts if part]
    suffix = parts.pop() if len(parts) > 1 and parts[-1] in SUFFIXES else ""
    if len(parts) > 1:  # surname first already
        return parts[0], " ".join(parts[1:]), suffix
    words = parts[0].split() if parts else []
    if not suffix and len(words) > 1 and words[-1] in SUFFIXES:
        suffix = words.pop()
    affiliation = None if suffix else _AFFILIATION.fullmatch(" ".join(words))
    if affiliation:  # `Dee Smith (MIT)`
        suffix, words = affiliation.group(2), affiliation.group(1).split()
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
