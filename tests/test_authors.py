"""Author identity and page names: one page per name, an address that never moves."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.errors import GeneratorError
from generator.models import Appearance, Paper
from generator.papers import authors
from generator.papers.authors import author_key, author_slug, collect


def paper(pid: str, names: tuple[str, ...], day: int = 1) -> Paper:
    seen = Appearance(dt.date(2024, 3, day), "d.json", f"d{day}", 0)
    return Paper(id=pid, key=pid, title=pid, abstract="x", appearances=(seen,), links=(), authors=names)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ada Lovelace", "ada lovelace"),  # case
        ("José Núñez", "Jose Nunez"),  # accents
        ("Łukasz Øster", "Lukasz Oster"),  # Latin letters with their own shape
        ("Ada  Lovelace ", " Ada Lovelace"),  # spacing
        ("Jean-Pierre Dupont", "Jean Pierre Dupont"),  # punctuation between words
        ("J. Smith", "J Smith"),
        ("ＡＤＡ", "ada"),  # full-width forms (NFKC)
    ],
)
def test_one_identity_whatever_the_spelling(a: str, b: str) -> None:
    assert author_key(a) == author_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("王伟", "Wang Wei"),  # another script is kept: two authors
        ("AdaLovelace", "Ada Lovelace"),  # words are words
        ("Иван Петров", "Ivan Petrov"),
    ],
)
def test_different_identities(a: str, b: str) -> None:
    assert author_key(a) != author_key(b)


@pytest.mark.parametrize("name", ["!!!", "🤖", "❤️", "☀️", "🏳️‍🌈", "#️⃣", "1️⃣", "\u0301", "\u093f", "\ufe0f", "\u200d"])
def test_a_name_without_a_letter_or_digit_is_no_author(name: str) -> None:
    # an emoji with its variation selector (U+FE0F, a mark) or a ZWJ is an emoji alone; marks are no letters
    assert author_key(name) == ""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Real ❤️ Person", "Real Person"),  # an emoji between words is no word
        ("葛\U000e0100西", "葛西"),  # an ideographic variation selector: one character, two glyphs
        ("नमस्ते", "नमस्ते"),  # marks on letters stay: other scripts are kept as written
    ],
)
def test_variation_selectors_and_emoji_are_not_part_of_a_name(a: str, b: str) -> None:
    assert author_key(a) == author_key(b)
    assert author_key("नमस्ते") != author_key("नमसत")


def test_emoji_names_are_no_authors_and_no_one_person() -> None:
    hearts = [paper("p1", ("❤️", "Real Person")), paper("p2", ("❤️", "Real Person"), 2)]
    found = collect([*hearts, paper("p3", ("🏳️‍🌈",), 3)], 1)
    assert list(found.by_key) == ["real person"]
    assert [a.slug for a in found.with_pages] == ["real-person"]


def test_page_names_are_python_slugify_of_plain_names_and_hashed_otherwise() -> None:
    assert author_slug(author_key("Ada Lovelace")) == "ada-lovelace"
    assert author_slug(author_key("José Núñez-Gil")) == "jose-nunez-gil"
    assert author_slug(author_key("O'Brien")) == "o-brien"
    chinese = author_slug(author_key("王伟"))
    assert chinese.startswith("wang-wei-") and len(chinese) == len("wang-wei-") + 8
    assert author_slug(author_key("Index")).startswith("index-")  # the folder's own page
    # a plain name ending like a hashed page name is hashed too, so it cannot take another's address
    hashed_index = author_slug(author_key("Index"))
    assert author_slug(author_key("Index " + hashed_index.rsplit("-", 1)[1])) != hashed_index
    wang = author_slug(author_key("王伟"))
    assert author_slug(author_key(wang.replace("-", " "))) != wang
    assert author_slug(author_key("Ada Deadbeef")).startswith("ada-deadbeef-")
    assert author_slug(author_key("Ada Deadbeefs")) == "ada-deadbeefs"
    long = author_slug(author_key("A" * 30 + " " + "B" * 40))
    assert len(long) <= authors.SLUG_MAX and long != "a" * 30 + "-" + "b" * 40


@given(st.text(max_size=40))
def test_a_page_name_is_a_function_of_the_identity(name: str) -> None:
    key = author_key(name)
    if key:
        slug = author_slug(key)
        assert slug == author_slug(author_key(key))  # the key is its own identity
        assert slug.isascii() and len(slug) <= authors.SLUG_MAX and "/" not in slug


def test_collect_groups_spellings_names_pages_and_counts_co_authors() -> None:
    papers = [
        paper("p1", ("Ada Example", "Ben Sample", "Chen"), day=1),
        paper("p2", ("ada  example", "Ben Sample"), day=2),
        paper("p3", ("Ada Example", "Zoë Ñúñez"), day=3),
        paper("p4", ("Zoe Nunez",), day=4),
    ]
    found = collect(papers, min_papers=2)
    ada = found.by_key["ada example"]
    assert ada.name == "Ada Example" and ada.spellings == ("ada  example",)
    assert ada.papers == ("p3", "p2", "p1")  # newest first
    assert ada.coauthors == (("ben sample", 2),)  # frequent: two papers together or more
    zoe = found.by_key["zoe nunez"]
    assert zoe.name == "Zoë Ñúñez", "of two spellings used as often, the one with accents"
    assert [a.slug for a in found.with_pages] == ["ada-example", "ben-sample", "zoe-nunez"]
    assert found.page("Chen") is None and found.page("ADA EXAMPLE") is ada
    assert found.by_key["chen"].papers == ("p1",)


def test_a_second_spelling_within_one_paper_is_shown_but_not_counted() -> None:
    found = collect([paper("p1", ("Jose Garcia", "JOSE   GARCIA")), paper("p2", ("Jose Garcia",), day=2)], 2)
    jose = found.by_key["jose garcia"]
    assert jose.name == "Jose Garcia" and jose.spellings == ("JOSE   GARCIA",) and jose.papers == ("p2", "p1")


def test_of_two_spellings_used_as_often_capitals_throughout_lose() -> None:
    found = collect([paper("p1", ("ADA LOVELACE",)), paper("p2", ("Ada Lovelace",), day=2)], 2)
    assert found.by_key["ada lovelace"].name == "Ada Lovelace", "not by code point: 'A' < 'a'"
    found = collect([paper("p1", ("JOSÉ NÚÑEZ",)), paper("p2", ("Jose Nunez",), day=2)], 2)
    assert found.by_key["jose nunez"].name == "Jose Nunez", "capitals before accents"


def test_collect_does_not_depend_on_the_order_of_the_papers() -> None:
    papers = [
        paper(f"p{i}", tuple(random.Random(i).sample(["A B", "C D", "E F", "G H"], 2)), day=i) for i in range(1, 9)
    ]
    first = collect(papers, 2)
    shuffled = papers[:]
    random.Random(7).shuffle(shuffled)
    assert collect(shuffled, 2).by_key == first.by_key


def test_two_identities_on_one_page_name_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(authors, "author_slug", lambda key: "same")
    with pytest.raises(GeneratorError, match=r"would share authors/same\.html"):
        collect([paper("p1", ("A B", "C D"))], 1)
