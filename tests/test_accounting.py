"""Every listing accounted for: on its digest's page, or a repeat named in a note."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.errors import DigestError
from generator.models import Appearance, Digest, Entry, Listing, Paper
from generator.papers import accounting, identity
from generator.sources import text_digest
from generator.sources.pairing import same_abstract

from .conftest import DIGESTS, FIXTURES


def entry(title: str, line: int) -> Entry:
    return Entry(title, "An abstract.", line)


def test_account_notes_a_paper_listed_twice_in_one_file():
    digest = Digest(
        date=dt.date(2024, 3, 14),
        source="x.txt",
        slug="2024-03-14-x",
        entries=(entry("Routing Tokens", 3), entry("Other Paper", 7), entry("Routing tokens", 11)),
    )
    found = identity.identify([digest])
    notes = accounting.account([digest], found.papers, found.repeats, "data")
    assert [str(n) for n in notes] == ["data/x.txt:11: note: listed twice in this file (first at line 3): shown once"]


def test_a_title_twice_in_a_copy_with_two_abstracts_is_refused():
    digest = text_digest.parse_file(DIGESTS / "duplicate_other_abstract.txt", 2024)
    found = identity.identify([digest])
    with pytest.raises(DigestError) as info:
        accounting.account([digest], found.papers, found.repeats, "data")
    assert str(info.value) == (
        "data/duplicate_other_abstract.txt:13: 'Routing Tokens Without Auxiliary Loss' is listed twice in this file "
        "with different abstracts (first at line 5): a copy of the page cannot tell two papers with one title "
        "apart; keep one of the two"
    )


def test_account_fails_loudly_when_a_listing_is_on_no_page():
    day = dt.date(2024, 3, 14)
    digest = Digest(date=day, source="x.txt", slug="2024-03-14-x", entries=(entry("A Paper", 3), entry("B Paper", 7)))
    shown = Appearance(day, "x.txt", "2024-03-14-x", 0)
    papers = [Paper(id="a-paper", key="apaper", title="A Paper", abstract="", appearances=(shown,), links=())]
    with pytest.raises(DigestError, match=r"^data/x.txt:7: the listing 'B Paper' would be on no page$"):
        accounting.account([digest], papers, (), "data")


def test_account_notes_an_arxiv_id_listed_twice_under_two_titles():
    listing = Listing(arxiv_id="2403.01234")
    digest = Digest(
        date=dt.date(2024, 3, 14),
        source="x.json",
        slug="2024-03-14-x",
        entries=(Entry("First Title", "An abstract.", 3, listing), Entry("Revised Title", "An abstract.", 9, listing)),
        kind="json",
    )
    found = identity.identify([digest])
    notes = accounting.account([digest], found.papers, found.repeats, "data")
    assert [str(n) for n in notes] == [
        "data/x.json:9: note: listed twice in this file (first at line 3), the second time as 'Revised Title': "
        "shown once, under its first title ('Revised Title' is recorded as another of its titles)"
    ]
    assert found.records[0].titles == ("First Title", "Revised Title")  # as a title revised across days is


@pytest.mark.parametrize(
    ("first", "second", "whose"),
    [
        ("Short.", "A longer abstract. It says more.", "this listing's abstract, the longer"),
        ("A longer abstract. It says more.", "Short.", "the first listing's abstract, the longer"),
    ],
)
def test_account_says_which_abstract_an_arxiv_id_listed_twice_shows(first: str, second: str, whose: str):
    listing = Listing(arxiv_id="2403.01234")
    entries = (Entry("One Title", first, 3, listing), Entry("One title", second, 9, listing))
    digest = Digest(dt.date(2024, 3, 14), "x.json", "2024-03-14-x", entries, kind="json")
    found = identity.identify([digest])
    notes = accounting.account([digest], found.papers, found.repeats, "data")
    assert [str(n) for n in notes] == [
        "data/x.json:9: note: listed twice in this file (first at line 3), the second time with another abstract: "
        f"shown once, with {whose} (a paper shows its fullest abstract)"
    ]
    assert found.papers[0].abstract == "A longer abstract. It says more."


def test_one_title_on_two_days_with_two_abstracts_is_one_paper_and_names_both_places():
    days = [
        text_digest.parse_file(DIGESTS / name, 2024)
        for name in ("clean.txt", "2024-03-20-same-title-other-abstract.txt", "2024-03-15-dated.txt")
    ]
    found = identity.identify(days)
    [paper] = [p for p in found.papers if p.title == "Routing Tokens Without Auxiliary Loss"]
    assert paper.abstract == max((e.abstract for d in days for e in d.entries if e.title == paper.title), key=len)
    notes = accounting.account(days, found.papers, found.repeats, "data")
    assert "route tokens" in paper.abstract  # the longer: the one the page shows
    shown, other = "data/clean.txt:11", "data/2024-03-20-same-title-other-abstract.txt:5"
    assert [str(n) for n in notes] == [
        f"{other}: note: 'Routing Tokens Without Auxiliary Loss' is listed at {shown} too, with another abstract "
        f"(neither is the other cut short): one paper, its page shows the longer abstract, from {shown}; if these "
        "are two papers, give one its own title"
    ]


@pytest.mark.parametrize("mark", ["…", "...", " ...", "[...]", " [...]", " […]", "[…]"])
def test_an_abstract_cut_short_with_any_usual_mark_is_the_same_abstract(mark: str):
    whole = "We route tokens without an auxiliary loss. It balances experts on its own."
    assert same_abstract(whole, "We route tokens without an auxiliary" + mark)
    assert same_abstract("We route tokens without an auxiliary" + mark, whole)
    assert not same_abstract(whole, "We route packets without" + mark)


SHARED = FIXTURES / "shared_abstract"
SHARED_ADVICE = (
    "yet they are two papers, each with its own page: if it is one paper retitled, list it under one title (in a "
    "JSON digest, under its one arXiv id); if an abstract was pasted under the wrong title, fix that digest"
)


def shared_notes(*names: str) -> list[str]:
    """The notes about one abstract under two titles, for the shared_abstract fixtures named."""
    days = [text_digest.parse_file(SHARED / f"{name}.txt", 2024) for name in names]
    found = identity.identify(days)
    return [
        str(n) for n in accounting.account(days, found.papers, found.repeats, "data") if "has the abstract" in n.message
    ]


def test_one_abstract_under_two_titles_is_two_papers_and_names_both_places():
    # The copy's abstract differs in case only: the same text.
    assert shared_notes("2024-03-14-original", "2024-03-15-retitled") == [
        "data/2024-03-15-retitled.txt:5: note: 'Load-Balanced Experts Without Auxiliary Loss' has the abstract of "
        f"'Routing Tokens Without Auxiliary Loss', listed at data/2024-03-14-original.txt:5, {SHARED_ADVICE}"
    ]


def test_one_abstract_under_one_title_is_one_paper_without_a_note():
    days = [text_digest.parse_file(SHARED / f"{n}.txt", 2024) for n in ("2024-03-14-original", "2024-03-16-same-title")]
    assert len(identity.identify(days).papers) == 2  # the routing paper once, and the tiny release
    assert shared_notes("2024-03-14-original", "2024-03-16-same-title") == []


def test_a_short_abstract_under_two_titles_is_no_evidence():
    assert shared_notes("2024-03-14-original", "2024-03-17-short-abstract") == []


def test_three_papers_with_one_abstract_get_a_note_each_after_the_first_naming_the_first():
    original = "'Routing Tokens Without Auxiliary Loss', listed at data/2024-03-14-original.txt:5"
    assert shared_notes("2024-03-18-third-title", "2024-03-15-retitled", "2024-03-14-original") == [
        f"data/2024-03-15-retitled.txt:5: note: 'Load-Balanced Experts Without Auxiliary Loss' has the abstract of "
        f"{original}, {SHARED_ADVICE}",
        f"data/2024-03-18-third-title.txt:9: note: 'Expert Routing, Loss-Free' has the abstract of {original}, "
        f"{SHARED_ADVICE}",
    ]


@pytest.mark.parametrize(("words", "noted"), [(19, False), (20, True)])
def test_an_abstract_is_compared_from_twenty_words_up_to_spacing_and_case(words: int, noted: bool):
    text = " ".join(f"word{i}" for i in range(words))
    day = dt.date(2024, 3, 14)
    digest = Digest(day, "x.txt", "2024-03-14-x", (Entry("One Title", text, 3), Entry("Two Title", text.upper(), 7)))
    other = Digest(day, "y.txt", "2024-03-14-y", (Entry("Three Title", text.replace(" ", " \n\t "), 3),))
    found = identity.identify([digest, other])
    notes = [
        n for n in accounting.account([digest, other], found.papers, found.repeats, "data") if "has the" in n.message
    ]
    assert [(n.path, n.line) for n in notes] == ([("data/x.txt", 7), ("data/y.txt", 3)] if noted else [])
