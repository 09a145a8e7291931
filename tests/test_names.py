"""Authors' names as `citation_author` writes them: read back as Zotero's Embedded Metadata translator reads them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.render.names import PARTICLES, SUFFIXES, highwire_names, split_name

# Zotero's reading of citation_author, re-implemented from its source:
# - zotero/translators, "Embedded Metadata.js" (lastUpdated 2026-04-27, commit 2814370),
#   processHighwireCreators: each tag's content is split at `;` into several people; a page with one
#   citation_author tag whose content has a comma with a space on both sides of the first comma
#   (`van Gogh, Vincent Willem`) is split at its commas into several people too. Each person then
#   goes to ZU.cleanAuthor(name, "author", name.includes(",")).
# - zotero/utilities, utilities.js (commit 4051881), cleanAuthor: ends trimmed of space and . , / [ ] :,
#   the first run of white space made one space; with a comma, the surname is what stands before the
#   first comma (or Arabic comma) and the given names what stands between it and the next (a `Jr.`
#   after a second comma is dropped); without one, the surname is the last word that starts with a
#   letter and the given names all before it. The given names' white space (U+00A0 too: JavaScript's
#   \s) becomes single spaces.
# Left out: fixCase and the periods after initials, which change only names written all in capitals,
# all in small letters or as initials; the names below are neither.
_ENDS = r"[\s\u00a0.,/\[\]:]+"


def zotero_clean_author(author: str) -> tuple[str, str]:
    """(surname, given names) as cleanAuthor reads one person's name."""
    author = re.sub(_ENDS + "$", "", re.sub("^" + _ENDS, "", author))
    author = re.sub(r"[\s\u00a0]+", " ", author, count=1)
    if "," in author:
        author = re.sub(r"\.([^ ])", r". \1", author, count=1)
        parts = re.split(r"[,،] ?", author)
        last, first = parts[0], parts[1] if len(parts) > 1 else ""
    else:
        index = len(author)
        while True:
            index = author.rfind(" ", 0, max(index, 0))
            last, first = author[index + 1 :], author[: max(index, 0)]
            if not last or last[0].isalpha() or index <= 0:
                break
    first = " ".join(part for part in re.split(r"[\s\u00a0.]+", first.strip(" .").rstrip(" ,")) if part)
    return last, first


def zotero_reads(contents: list[str]) -> list[tuple[str, str]]:
    """The people Zotero reads from a page's citation_author tags, in order."""
    people = []
    for content in contents:
        names = re.split(r"\s*;\s*", content)
        if len(names) == 1 and len(contents) == 1:
            by_comma = re.split(r"\s*,\s*", names[0])
            if len(by_comma) > 1 and " " in by_comma[0] and " " in by_comma[1]:
                names = by_comma
        for name in names:
            name = name.strip()
            if name and re.search(r"[^\s,\-.;]", name):
                people.append(zotero_clean_author(name))
    return people


@pytest.mark.parametrize(
    ("name", "written", "read"),
    [
        ("Ada Lovelace", "Lovelace, Ada", ("Lovelace", "Ada")),
        ("Martin Luther King Jr.", "King, Martin Luther, Jr.", ("King", "Martin Luther")),  # Zotero drops Jr.
        ("Martin Luther King, Jr.", "King, Martin Luther, Jr.", ("King", "Martin Luther")),
        ("Ludwig van Beethoven", "van Beethoven, Ludwig", ("van Beethoven", "Ludwig")),
        ("Ursula von der Leyen", "von der Leyen, Ursula", ("von der Leyen", "Ursula")),
        ("Juan de la Cruz", "de la Cruz, Juan", ("de la Cruz", "Juan")),
        ("Di Wu", "Wu, Di", ("Wu", "Di")),  # a given name is never taken for a particle
        ("Jean-Claude Van Damme", "Damme, Jean-Claude Van", ("Damme", "Jean-Claude Van")),  # particles are small
        ("Ada Lovelace, PhD", "Lovelace, Ada, PhD", ("Lovelace", "Ada")),  # a degree as a suffix: Zotero drops it
        ("Ada Lovelace MD", "Lovelace, Ada, MD", ("Lovelace", "Ada")),
        ("Lovelace, Ada", "Lovelace, Ada", ("Lovelace", "Ada")),  # written surname first already
        ("Zoë Ñúñez-Gil", "Ñúñez-Gil, Zoë", ("Ñúñez-Gil", "Zoë")),
        ("王伟", "王伟", ("王伟", "")),  # one word: the surname, as Zotero reads it
        ("<b>Frank</b> Archive", "Archive, <b>Frank</b>", ("Archive", "<b>Frank</b>")),
        ("Gates III", "Gates, III", ("Gates", "III")),  # was `III Gates`, surname III (a tester)
        ("Dee Smith (MIT)", "Smith, Dee", ("Smith", "Dee")),  # was `(MIT), Dee Smith`, then `Smith, Dee, (MIT)`
        ("Dee Smith (Lab (X))", "Smith, Dee", ("Smith", "Dee")),  # was `(X)), Dee Smith (Lab`: nested brackets
        ("John Black Jr. (MIT)", "Black, John, Jr.", ("Black", "John")),  # was `Jr., John Black, (MIT)` (a tester)
        ("Eve Brown (MIT), PhD", "Brown, Eve, PhD", ("Brown", "Eve")),  # was `(MIT), Eve Brown, PhD` (a tester)
        ("Ann Smith [MIT]", "Smith, Ann", ("Smith", "Ann")),  # was `[MIT], Ann Smith` (a tester)
        ("John Black jr.", "Black, John, jr.", ("Black", "John")),  # was `jr., John Black` (a tester)
        ("José de los Santos", "de los Santos, José", ("de los Santos", "José")),  # was `Santos, José de los`
    ],
)
def test_a_name_is_written_surname_first_and_zotero_reads_it_so(name: str, written: str, read: tuple[str, str]) -> None:
    assert highwire_names([name, "Ada Lovelace"]) == (written, "Lovelace, Ada")
    assert zotero_reads([written, "Lovelace, Ada"]) == [read, ("Lovelace", "Ada")]


@pytest.mark.parametrize(
    ("name", "split"),
    [
        ("de la Cruz", ("de la Cruz", "", "")),  # all particles but the last word: all surname, no given name
        ("van Gogh", ("van Gogh", "", "")),
        ("Juan de la Cruz", ("de la Cruz", "Juan", "")),
        ("Di Wu", ("Wu", "Di", "")),
        ("Ada Lovelace, PhD", ("Lovelace", "Ada", "PhD")),
        ("Ada Lovelace, Ph.D.", ("Lovelace", "Ada", "Ph.D.")),
        ("Ana Bo, MD", ("Bo", "Ana", "MD")),
        ("Martin Luther King Jr.", ("King", "Martin Luther", "Jr.")),
        ("Gates III", ("Gates", "", "III")),
        ("Dee Smith (MIT)", ("Smith", "Dee", "")),  # a note in brackets: no part of the person's name
    ],
)
def test_split_name(name: str, split: tuple[str, str, str]) -> None:
    assert split_name(name) == split


@pytest.mark.parametrize(
    ("name", "split"),
    [
        ("John Black Jr. (MIT)", ("Black", "John", "Jr.")),  # the note after the suffix
        ("Eve Brown (MIT), PhD", ("Brown", "Eve", "PhD")),  # the note before the comma
        ("Eve Brown, PhD (MIT)", ("Brown", "Eve", "PhD")),
        ("Dee Jones (MIT) (Stanford)", ("Jones", "Dee", "")),  # two notes
        ("Ann Smith [MIT]", ("Smith", "Ann", "")),  # square brackets
        ("Ann Smith (MIT, CSAIL)", ("Smith", "Ann", "")),  # a comma in the note
        ("Ann Smith [Dept. (CS)]", ("Smith", "Ann", "")),  # brackets in the note
        ("Lovelace, Ada (MIT)", ("Lovelace", "Ada", "")),  # surname first
        ("Eve Brown, (MIT)", ("Brown", "Eve", "")),  # the note after a comma
        ("Ann (Annie) Smith", ("Smith", "Ann (Annie)", "")),  # brackets inside a name: no note
        ("Ann Smith(MIT)", ("Smith(MIT)", "Ann", "")),  # no space before: part of the word
        ("Ann Smith (MIT", ("(MIT", "Ann Smith", "")),  # brackets that do not pair: words as written
        ("Ann Smith (MIT]", ("(MIT]", "Ann Smith", "")),
        ("(MIT)", ("(MIT)", "", "")),  # a name of a note alone stays as it is
    ],
)
def test_notes_in_brackets_after_a_name_are_left_out(name: str, split: tuple[str, str, str]) -> None:
    assert split_name(name) == split


@pytest.mark.parametrize(
    ("name", "split"),
    [
        ("John Black jr.", ("Black", "John", "jr.")),
        ("John Black Jr", ("Black", "John", "Jr")),
        ("John Black JR.", ("Black", "John", "JR.")),
        ("John Black Sr", ("Black", "John", "Sr")),
        ("John Black sr.", ("Black", "John", "sr.")),
        ("John Black iii", ("Black", "John", "iii")),
        ("John Black Iv", ("Black", "John", "Iv")),
        ("Ann Smith Ph.D", ("Smith", "Ann", "Ph.D")),
        ("Ann Smith ph.d.", ("Smith", "Ann", "ph.d.")),
        ("Ann Smith phd", ("Smith", "Ann", "phd")),
        ("Ann Smith, PHD", ("Smith", "Ann", "PHD")),
        ("Ann Smith M.D", ("Smith", "Ann", "M.D")),
        ("Black, John, jr", ("Black", "John", "jr")),
        ("Karim, Md.", ("Karim", "Md.", "")),  # Md. shortens Muhammad: MD is a suffix in capitals only
        ("Rahim Karim Md", ("Md", "Rahim Karim", "")),
    ],
)
def test_a_suffix_is_known_in_any_case_with_or_without_dots(name: str, split: tuple[str, str, str]) -> None:
    assert split_name(name) == split


@pytest.mark.parametrize(
    ("name", "split"),
    [
        ("José de los Santos", ("de los Santos", "José", "")),
        ("Ana de las Heras", ("de las Heras", "Ana", "")),
        ("Jacobus van 't Hoff", ("van 't Hoff", "Jacobus", "")),
        ("Gerard ’t Hooft", ("’t Hooft", "Gerard", "")),
        ("Anwar bin Ibrahim", ("bin Ibrahim", "Anwar", "")),
        ("Ahmad ibn Majid", ("ibn Majid", "Ahmad", "")),
        ("Aldo dalla Costa", ("dalla Costa", "Aldo", "")),
        ("Ben op den Akker", ("op den Akker", "Ben", "")),
        ("Nadia Al Ali", ("Ali", "Nadia Al", "")),  # particles are small: `Al`, `De`, `Los` begin no surname
        ("Maria Los Santos", ("Santos", "Maria Los", "")),
    ],
)
def test_particles_stay_with_the_surname(name: str, split: tuple[str, str, str]) -> None:
    assert split_name(name) == split


def test_a_name_of_only_particles_and_a_surname_has_no_given_name() -> None:
    """Zotero takes the last word of a name without a comma for the surname: no better is written."""
    assert highwire_names(["de la Cruz", "Ada Lovelace"]) == ("de la Cruz", "Lovelace, Ada")  # was `la Cruz, de`
    assert zotero_reads(["de la Cruz"]) == [("Cruz", "de la")]


def test_one_author_with_spaces_either_side_of_the_comma_is_not_taken_for_two() -> None:
    """Zotero splits a page's only citation_author at its commas when both sides hold a space."""
    (written,) = highwire_names(["Vincent Willem van Gogh"])
    assert written == "van Gogh, Vincent\u00a0Willem"
    assert zotero_reads([written]) == [("van Gogh", "Vincent Willem")]
    assert highwire_names(["Vincent Willem van Gogh", "Ada Lovelace"])[0] == "van Gogh, Vincent Willem"
    (king,) = highwire_names(["Martin Luther van King Jr."])
    assert zotero_reads([king]) == [("van King", "Martin Luther")]


# Names as a digest may give them: given names, particles, a surname, perhaps a suffix; words
# with a capital and small letters (see the re-implementation: no case fixing, no initials).
_WORD = st.from_regex(r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{1,8}(-[A-Z][a-z]{1,6})?", fullmatch=True)
_PARTICLES = st.lists(st.sampled_from(sorted(PARTICLES)), max_size=2)
_SUFFIX = st.sampled_from(["", *sorted(SUFFIXES), "Jr.", "SR.", "III", "Ph.D.", "ph.d", "MD", "M.D."])


@st.composite
def drawn_people(draw: st.DrawFn) -> tuple[str, str, str, str]:
    """(name as written, given names, surname, suffix)."""
    given_names = " ".join(draw(st.lists(_WORD, min_size=1, max_size=3)))
    surname = " ".join([*draw(_PARTICLES), draw(_WORD)])
    suffix = draw(_SUFFIX)
    comma = draw(st.booleans()) and suffix
    name = f"{given_names} {surname}" + (f"{',' if comma else ''} {suffix}" if suffix else "")
    return name, given_names, surname, suffix


@given(st.lists(drawn_people(), min_size=1, max_size=4))
def test_surname_and_given_names_round_trip_through_zotero(named: list[tuple[str, str, str, str]]) -> None:
    written = highwire_names([name for name, *_ in named])
    assert zotero_reads(list(written)) == [(surname, given_names) for _, given_names, surname, _ in named]
    assert [split_name(name) for name, *_ in named] == [(s, g, x) for _, g, s, x in named]


@given(st.text(st.characters(exclude_characters=";"), max_size=40), st.booleans())
def test_any_text_is_one_person_never_two(name: str, alone: bool) -> None:
    """Whatever a name holds, Zotero reads at most one person from its tag (none from punctuation);
    a name never holds a `;`: a digest's is split into people where it is read (daily_api.people)."""
    names = [name] if alone else [name, "Ada Lovelace"]
    assert len(zotero_reads(list(highwire_names(names)))) <= len(names)
