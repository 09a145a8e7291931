"""Reading digest files, one named fixture per defect class."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.errors import DigestError
from generator.sources import text_digest

from .conftest import DIGESTS

TITLES = ["Routing Tokens Without Auxiliary Loss", "Short Schedules for Diffusion", "Accent-Robust ASR"]


def read(name: str, year: int | None = 2024):
    return text_digest.parse_file(DIGESTS / name, year, f"data/digests/{name}")


def titles(name: str) -> list[str]:
    return [e.title for e in read(name).entries]


def test_clean_digest():
    digest = read("clean.txt")
    assert digest.date == dt.date(2024, 3, 14)
    assert digest.source == "clean.txt"
    assert digest.slug == "2024-03-14-clean"
    assert [e.title for e in digest.entries] == TITLES
    assert digest.entries[0].line == 11
    assert digest.entries[0].abstract.startswith("We study how small models")


@pytest.mark.parametrize("name", ["crlf.txt", "bom.txt", "utf16.txt"])
def test_encodings_and_line_endings_read_like_the_clean_file(name):
    assert read(name).entries == read("clean.txt").entries


@pytest.mark.parametrize("name", ["cp1252.txt", "mojibake.txt"])
def test_windows_text_and_mojibake_are_repaired(name):
    assert titles(name) == ["Don\u2019t Stop \u2013 Routing Tokens"]


def test_stray_whitespace_and_invisible_characters():
    digest = read("stray_whitespace.txt")
    assert [e.title for e in digest.entries] == TITLES[:2]
    assert "  " not in digest.entries[0].abstract


def test_other_chrome_lines_are_dropped():
    digest = read("extra_chrome.txt")
    assert [e.title for e in digest.entries] == TITLES[:2]
    assert "Upvote" not in digest.entries[0].abstract


def test_abstract_split_in_two_paragraphs_is_joined():
    digest = read("split_abstract.txt")
    assert [e.title for e in digest.entries] == TITLES[:2]
    assert "auxiliary loss and improves" in digest.entries[0].abstract
    assert digest.entries[0].abstract.endswith("expert counts.")


def test_title_glued_to_its_abstract():
    assert titles("glued_title.txt") == TITLES[:2]


def test_duplicate_listing_in_one_digest_is_kept_as_entries():
    assert len(read("duplicate_in_digest.txt").entries) == 3


def test_markup_is_kept_verbatim():
    entries = read("markup.txt").entries
    assert entries[0].title.startswith("<script>alert('title')</script> & **Bold**")
    assert "{{ page.title }}" in entries[0].abstract
    assert entries[1].title == "title: yaml: --- !!python/object:os.system"


def test_unicode_titles():
    assert titles("unicode.txt") == ["Привет мир: русский заголовок", "中文标题：扩散模型", "🚀🚀🚀"]


def test_full_month_name():
    assert read("full_month.txt").date == dt.date(2024, 3, 14)


def test_year_from_file_name_beats_default():
    digest = read("2024-03-15-dated.txt", year=2019)
    assert digest.date == dt.date(2024, 3, 15)
    assert digest.slug == "2024-03-15-dated"


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("no_date.txt", 1, 'no date line such as "Mar 14"'),
        ("empty.txt", 1, 'no date line such as "Mar 14"'),
        ("no_abstract_at_end.txt", 15, "has no abstract after it"),
        ("no_abstract_between.txt", 11, "has no abstract: the next paragraph (line 13) looks like another title"),
        ("second_date.txt", 15, "a second date line 'Mar 15'"),
        ("bad_date.txt", 9, "not a date in 2024: 'Feb 30'"),
        ("prose_first.txt", 11, "expected a paper title after the date line"),
        ("only_chrome.txt", 9, "no papers after the date line"),
        ("not_text.bin.txt", 3, "not UTF-8 or Windows-1252 text (byte 0x81)"),
        ("2024-03-16-mismatch.txt", 9, "the file name says 2024-03-16 but the date line says Mar 15"),
    ],
)
def test_unrecoverable_input_names_file_and_line(name, line, message):
    with pytest.raises(DigestError) as info:
        read(name)
    assert str(info.value).startswith(f"data/digests/{name}:{line}: ")
    assert message in str(info.value)


def test_no_year_anywhere():
    with pytest.raises(DigestError, match=r"clean.txt:9: no year"):
        read("clean.txt", year=None)


def test_missing_file():
    with pytest.raises(DigestError, match="cannot read"):
        text_digest.parse_file(Path("/nonexistent/x.txt"), 2024)


@pytest.mark.parametrize(
    "line", ["42", "Upvote", "Submitted by akhaliq", "·", "Subscribe", "byAK and the research community"]
)
def test_chrome_lines(line):
    assert text_digest.is_chrome(line)


@pytest.mark.parametrize("line", ["Mamba: Linear-Time Sequence Modeling", "GPT-4 Technical Report", "Mar 14"])
def test_not_chrome(line):
    assert not text_digest.is_chrome(line)
