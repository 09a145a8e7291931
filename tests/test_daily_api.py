"""Reading JSON digests (saved Daily Papers API responses), one named fixture per case."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from generator.analysis import links
from generator.errors import GeneratorError
from generator.papers import identity
from generator.sources import daily_api

from .conftest import FIXTURES

DAILY = FIXTURES / "daily"


def read(name: str, folder: Path = DAILY):
    return daily_api.parse_file(folder / name, None, f"data/digests/{name}")


def error(name: str, folder: Path = DAILY) -> str:
    with pytest.raises(GeneratorError) as info:
        read(name, folder)
    return str(info.value)


def test_a_saved_response_in_the_apis_order():
    digest = read("2024-03-15.json")
    assert (digest.date, digest.slug, digest.kind) == (dt.date(2024, 3, 15), "2024-03-15", "json")
    assert [e.title for e in digest.entries] == [
        "Routing Tokens Without Auxiliary Loss",
        "Short Schedules for Diffusion",
        "Strings on a Withdrawn Background",
    ]
    first = digest.entries[0]
    assert first.line == 2  # the item's line, for messages
    assert first.abstract.startswith("We study how small models route tokens to experts")  # one line
    listing = first.listing
    assert listing is not None
    assert listing.arxiv_id == "2403.01234"
    assert listing.authors == ("Ada Example", "Ben Sample", "Chen Placeholder")  # the hidden one is dropped
    assert listing.published == dt.date(2024, 3, 13)
    assert (listing.upvotes, listing.comments) == (42, 3)
    assert (listing.code, listing.code_stars) == ("https://github.com/example-lab/routing", 1234)
    assert listing.project_page == "https://example-lab.github.io/routing/"
    assert listing.keywords == ("mixture of experts", "token routing", "load balancing")
    assert listing.summary == "Token routing to experts works without an auxiliary load-balancing loss."
    assert listing.withdrawn is None


def test_a_paper_without_code_and_an_old_style_withdrawn_paper():
    _, plain, old = read("2024-03-15.json").entries
    assert plain.listing and plain.listing.code is None and plain.listing.code_stars is None
    assert plain.listing.project_page is None and plain.listing.keywords == () and plain.listing.summary is None
    assert old.listing and old.listing.arxiv_id == "hep-th/9901001"
    assert old.listing.withdrawn == dt.date(2024, 4, 1) and old.listing.published == dt.date(1999, 1, 4)


def test_only_http_and_https_urls_from_the_data_become_links():
    digest = read("2024-03-15-unsafe-urls.json")
    (entry,) = digest.entries
    assert entry.listing and entry.listing.code is None and entry.listing.project_page is None
    assert entry.listing.code_stars is None  # githubStars: 1234 belongs to the repository not shown
    # Dropped like any repair: named in a note, not silently.
    assert [str(n) for n in digest.notes] == [
        f"data/digests/{digest.source}:2: note: item 1 (2403.01234): paper.githubRepo: 'javascript:alert(1)'"
        " is not an http(s) link: not shown (and its githubStars)",
        f"data/digests/{digest.source}:2: note: item 1 (2403.01234): paper.projectPage: 'ftp://example.org/files'"
        " is not an http(s) link: not shown",
    ]
    for value, kept in [
        ("https://github.com/a/b", True),
        ("HTTP://example.org/x", True),
        ("javascript:alert(1)", False),
        ("https://exa mple.org", False),
        ('https://example.org/"><script>', False),
        ("github.com/a/b", False),
        ("", False),
    ]:
        assert (daily_api.checked_url(value) is not None) is kept, value


def test_a_url_with_a_bidirectional_control_is_not_shown():
    """An override in an address (`.../` RLO `exe.gpj`) shows it as another; an unclosed one reverses the line."""
    digest = read("2024-03-15-bidi-urls.json")
    (entry,) = digest.entries
    assert entry.listing and entry.listing.code is None and entry.listing.project_page is None
    assert entry.listing.code_stars is None
    assert [n.message for n in digest.notes] == [
        "item 1 (2403.01235): paper.githubRepo: 'https://github.com/example-lab/\ufffdevil' is not a link: it holds "
        "a bidirectional control character, which can disguise an address: not shown (and its githubStars)",
        "item 1 (2403.01235): paper.projectPage: 'https://example-lab.github.io/\ufffdpage' is not a link: it holds "
        "a bidirectional control character, which can disguise an address: not shown",
    ]
    # A link in the abstract ends where the control starts; the rest stays text, closed within it.
    assert links.find_links(entry.abstract) == ("https://github.com/example-lab/",)
    assert "\u202eexe.gpj\u202c" in entry.abstract


def test_titles_are_cleaned_like_text_digests(tmp_path: Path):
    items = json.loads((DAILY / "2024-03-15.json").read_text())[:1]
    items[0]["title"] = "Donâ€™t  Stop\n   Routing\u200b Tokens"
    items[0]["paper"]["authors"][0]["name"] = "  Ada\nExample "
    (tmp_path / "2024-03-15.json").write_text(json.dumps(items))
    (entry,) = read("2024-03-15.json", tmp_path).entries
    assert entry.title == "Don\u2019t Stop Routing Tokens"
    assert entry.listing and entry.listing.authors[0] == "Ada Example"


def test_the_item_title_wins_and_the_papers_is_the_fallback(tmp_path: Path):
    items = json.loads((DAILY / "2024-03-15.json").read_text())[:2]
    del items[1]["title"], items[1]["summary"]
    items[1]["paper"]["title"] = "From the Paper"
    (tmp_path / "2024-03-15.json").write_text(json.dumps(items))
    assert [e.title for e in read("2024-03-15.json", tmp_path).entries] == [
        "Routing Tokens Without Auxiliary Loss",
        "From the Paper",
    ]


def test_an_items_own_title_with_no_visible_text_falls_back_to_the_papers(tmp_path: Path):
    paper = {"title": "Good Title", "summary": "Abs. Yes."}
    items = [
        {"paper": {**paper, "id": "2403.30014"}, "title": "   "},
        {"paper": {**paper, "id": "2403.30015"}, "summary": "  "},
        {"paper": {**paper, "id": "2403.30016"}, "title": "\u0007\u001b[31m"},
        {"paper": {**paper, "id": "2403.30017"}, "title": "", "summary": None},  # absent: no note
        {"paper": {"id": "2403.30018", "summary": "Abs. Yes."}, "title": "\u200b"},  # no title anywhere
    ]
    (tmp_path / "2024-03-24.json").write_text(json.dumps(items))
    assert error("2024-03-24.json", tmp_path).endswith(
        ": item 5 (2403.30018): paper.title: no title (nor the item's own)"
    )
    (tmp_path / "2024-03-24.json").write_text(json.dumps(items[:4]))
    digest = read("2024-03-24.json", tmp_path)
    assert [(e.title, e.abstract) for e in digest.entries] == [("Good Title", "Abs. Yes.")] * 4
    assert [n.message for n in digest.notes] == [
        "item 1 (2403.30014): title: '   ' has no visible text: paper.title shown",
        "item 2 (2403.30015): summary: '  ' has no visible text: paper.summary shown",
        "item 3 (2403.30016): title: '\\x07\\x1b[31m' has no visible text: paper.title shown",
    ]


@pytest.mark.parametrize(
    ("blank", "shown"),
    [
        ("\u2800", "\\u2800"),  # braille pattern blank
        ("\u115f", "\\u115f"),  # Hangul choseong filler
        ("\u1160", "\\u1160"),  # Hangul jungseong filler
        ("\u3164", "\\u3164"),  # Hangul filler
        ("\U000e0020", "\\U000e0020"),  # tag space
        ("\u034f", "\\u034f"),  # combining grapheme joiner
        (" \u2800\u3164 ", " \\u2800\\u3164 "),
    ],
)
def test_an_items_own_title_of_blank_characters_falls_back_to_the_papers(tmp_path: Path, blank: str, shown: str):
    items = [{"paper": {"id": "2403.30014", "title": "Good Title", "summary": "Abs. Yes."}, "title": blank}]
    (tmp_path / "2024-03-24.json").write_text(json.dumps(items))
    digest = read("2024-03-24.json", tmp_path)
    assert [e.title for e in digest.entries] == ["Good Title"]
    assert [n.message for n in digest.notes] == [
        f"item 1 (2403.30014): title: '{shown}' has no visible text: paper.title shown"
    ]


def test_a_blank_title_with_no_paper_title_is_no_title_and_a_blank_author_no_author(tmp_path: Path):
    items = [{"paper": {"id": "2403.30014", "summary": "Abs.", "authors": [{"name": "\u3164"}, {"name": "Ada"}]}}]
    (tmp_path / "2024-03-24.json").write_text(json.dumps([{**items[0], "title": "\u2800"}]))
    assert error("2024-03-24.json", tmp_path).endswith(": paper.title: no title (nor the item's own)")
    (tmp_path / "2024-03-24.json").write_text(json.dumps([{**items[0], "title": "T"}]))
    (entry,) = read("2024-03-24.json", tmp_path).entries
    assert entry.listing and entry.listing.authors == ("Ada",)


@pytest.mark.parametrize(
    ("name", "char"),
    [
        ("zero-width-space", "\u200b"),
        ("zero-width-joiner", "\u200d"),
        ("word-joiner", "\u2060"),
        ("soft-hyphen", "\u00ad"),
        ("byte-order-mark", "\ufeff"),
        ("combining-grapheme-joiner", "\u034f"),
        ("tag-letter", "\U000e0041"),
        ("hangul-filler", "\u3164"),
    ],
)
def test_a_url_with_an_invisible_formatting_character_is_not_shown(tmp_path: Path, name: str, char: str):
    """`lab/` ZWSP `repo` reads as lab/repo and leads elsewhere: not shown, noted, as a bidi control is."""
    paper = {"id": "2403.30014", "title": "T", "summary": "Abs.", "githubStars": 3}
    paper |= {"githubRepo": f"https://github.com/lab/{char}repo", "projectPage": f"https://lab.org/{char}p"}
    (tmp_path / "2024-03-24.json").write_text(json.dumps([{"paper": paper}]))
    digest = read("2024-03-24.json", tmp_path)
    (entry,) = digest.entries
    assert entry.listing and entry.listing.code is None and entry.listing.project_page is None, name
    escaped = char.encode("unicode_escape").decode("ascii")
    why = "is not a link: it holds an invisible formatting character, which can disguise an address: not shown"
    assert [n.message for n in digest.notes] == [
        f"item 1 (2403.30014): paper.githubRepo: 'https://github.com/lab/{escaped}repo' {why} (and its githubStars)",
        f"item 1 (2403.30014): paper.projectPage: 'https://lab.org/{escaped}p' {why}",
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "2024-03-15-missing-id.json",
            "data/digests/2024-03-15-missing-id.json:84: item 2: paper.id: missing",
        ),
        (
            "2024-03-15-not-arxiv.json",
            "data/digests/2024-03-15-not-arxiv.json:2: item 1 (not an id): paper.id: not an arXiv id: 'not an id'",
        ),
        (
            "2024-03-15-truncated.json",
            "data/digests/2024-03-15-truncated.json:98: invalid JSON: Unterminated string starting at column 18",
        ),
        (
            "not_an_array.json",
            "data/digests/not_an_array.json:1: expected a JSON array of Daily Papers items "
            "(a saved /api/daily_papers response)",
        ),
        ("2024-03-15-empty.json", "data/digests/2024-03-15-empty.json: no papers in this digest (an empty JSON array)"),
        (
            "undated_two_days.json",
            "data/digests/undated_two_days.json: items from several days (2024-03-15, 2024-03-16): "
            "keep one day per file",
        ),
        (
            "undated_no_daily_date.json",
            "data/digests/undated_no_daily_date.json: no date: name the file YYYY-MM-DD.json "
            "or keep the items' paper.submittedOnDailyAt",
        ),
    ],
)
def test_bad_files_name_the_item_or_line(name: str, message: str):
    assert error(name).startswith(message)


def test_without_a_date_in_the_name_the_items_daily_date_is_the_digests():
    digest = read("undated.json")
    assert (digest.date, digest.slug) == (dt.date(2024, 3, 15), "2024-03-15-undated")


@pytest.mark.parametrize(
    ("name", "submitted", "date"),
    [
        ("20240320.json", "2024-03-20", dt.date(2024, 3, 20)),
        ("2024-3-20.json", "2024-03-20", dt.date(2024, 3, 20)),
        ("2024_03_20-evening.json", None, dt.date(2024, 3, 20)),
        ("20-Mar-2024.json", None, dt.date(2024, 3, 20)),
        ("20-03-2024.json", None, dt.date(2024, 3, 20)),  # the 3rd of the 20th month is no date
        ("03-04-2024.json", "2024-04-03", dt.date(2024, 4, 3)),  # the items' day tells day from month
        ("03-04-2024.json", "2024-03-04", dt.date(2024, 3, 4)),
    ],
)
def test_a_date_in_the_file_name_is_read_in_the_forms_text_digests_names_are(
    tmp_path: Path, name: str, submitted: str | None, date: dt.date
):
    paper = {"id": "2403.99992", "title": "Dated", "summary": "We. Study."}
    if submitted:
        paper["submittedOnDailyAt"] = f"{submitted}T10:00:00Z"
    (tmp_path / name).write_text(json.dumps([{"paper": paper}]))
    digest = read(name, tmp_path)
    assert digest.date == date and digest.notes == ()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("20240230.json", "'20240230' in the file name is not a date"),
        ("2024-03.json", "'2024-03' in the file name looks like a date but is not a full one"),
        (
            "03-04-2024.json",
            "'03-04-2024' in the file name may be 4 March or 3 April, and no item's paper.submittedOnDailyAt "
            "says which: name the file YYYY-MM-DD",
        ),
    ],
)
def test_a_date_in_the_file_name_that_cannot_be_read_is_refused(tmp_path: Path, name: str, message: str):
    """As for text digests: not ignored, so that the items' day does not date the file unseen."""
    paper = {"id": "2403.99992", "title": "Dated", "summary": "We. Study.", "submittedOnDailyAt": "2024-03-21"}
    (tmp_path / name).write_text(json.dumps([{"paper": paper}]))
    assert error(name, tmp_path).startswith(f"data/digests/{name}: {message}")


def test_an_item_of_another_day_than_a_compact_file_name_says_is_noted(tmp_path: Path):
    paper = {"id": "2403.99992", "title": "Dated", "summary": "We. Study.", "submittedOnDailyAt": "2024-03-21"}
    (tmp_path / "20240320.json").write_text(json.dumps([{"paper": paper}]))
    digest = read("20240320.json", tmp_path)
    assert (digest.date, digest.slug) == (dt.date(2024, 3, 20), "2024-03-20-20240320")
    assert [n.message for n in digest.notes] == [
        "item 1 (2403.99992): submitted to Daily Papers on 2024-03-21 (UTC), but the file name says 2024-03-20: "
        "listed on 2024-03-20"
    ]


def test_every_bad_item_is_reported(tmp_path: Path):
    items = json.loads((DAILY / "2024-03-15.json").read_text())
    items[0]["paper"]["id"] = 2403.01234
    items[2]["paper"]["id"] = "not an id"
    (tmp_path / "2024-03-15.json").write_text(json.dumps(items))
    lines = error("2024-03-15.json", tmp_path).splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == [
        "item 1: paper.id: expected str, got float",
        "item 3 (not an id): paper.id: not an arXiv id: 'not an id'",
    ]
    assert all(re.match(r"data/digests/2024-03-15\.json:\d+$", line.split(": ", 1)[0]) for line in lines)


def test_every_items_problems_are_reported_in_one_run():
    """A structural error in one item (no id) does not hide another's missing title or abstract."""
    assert error("2024-03-15-two-kinds-of-problem.json").splitlines() == [
        "data/digests/2024-03-15-two-kinds-of-problem.json:2: item 1: paper.id: missing",
        "data/digests/2024-03-15-two-kinds-of-problem.json:8: item 2 (2403.99991): paper.summary: no abstract "
        "(nor the item's own)",
        "data/digests/2024-03-15-two-kinds-of-problem.json:21: item 4 (2403.99993): paper.summary: no abstract "
        "(nor the item's own)",
        "data/digests/2024-03-15-two-kinds-of-problem.json:21: item 4 (2403.99993): paper.title: no title "
        "(nor the item's own)",
    ]


def test_an_odd_field_is_left_out_with_a_note_and_the_day_still_lands(tmp_path: Path):
    """What the API may send any day: one odd field must not stop the daily fetch."""
    items = json.loads((DAILY / "2024-03-15.json").read_text())
    first, second, third = (item["paper"] for item in items)
    first.update(upvotes="12", githubStars="1.2k", publishedAt="2024-03-12")
    first["authors"][0]["hidden"] = "false"
    second["authors"] = [
        {"name": None},
        {"name": " "},
        {"name": "\u200b\x1b[31m"},  # blank once cleaned
        {"name": "", "hidden": "false"},  # a flag as text, read as the lax reading reads it
        {"name": "", "hidden": True},  # hidden: left out without a word
        *second.get("authors", []),
    ]
    second["ai_keywords"] = ["diffusion", None]
    items[2]["title"] = "Item Title"
    del third["title"], third["summary"]
    (tmp_path / "2024-03-15.json").write_text(json.dumps(items))
    digest = read("2024-03-15.json", tmp_path)
    assert len(digest.entries) == 3
    one, two, _ = (entry.listing for entry in digest.entries)
    assert one and one.upvotes == 12 and one.code_stars is None and one.published == dt.date(2024, 3, 12)
    assert one.authors and two and two.keywords == ("diffusion",)
    assert digest.entries[2].title == "Item Title" and digest.entries[2].abstract
    assert [n.message for n in digest.notes] == [
        "item 1 (2403.01234): paper.githubStars: expected int | null, got str: left out",
        'item 2 (2403.05678): paper.authors.0: {"name": null} is not an author with a name: left out',
        'item 2 (2403.05678): paper.authors.1: {"name": " "} is not an author with a name: left out',
        'item 2 (2403.05678): paper.authors.2: {"name": "\\u200b\\u001b[31m"} is not an author with a name: left out',
        'item 2 (2403.05678): paper.authors.3: {"name": "", "hidden": "false"} is not an author with a name: left out',
        "item 2 (2403.05678): paper.ai_keywords.1: null is not text: left out",
    ]


def test_numbers_that_cannot_be_so_are_left_out(tmp_path: Path):
    """A number where a date belongs is not read as Unix time; a count is 0 to a billion."""
    items = json.loads((DAILY / "2024-03-15.json").read_text())
    first, second, _ = (item["paper"] for item in items)
    first.update(withdrawnAt=0, publishedAt="1700000000", upvotes=-5, githubStars=10**30)
    second["authors"] = [{"name": None}] * 150 + second["authors"]  # more than the repairs an item may need
    items[1]["numComments"] = "-1"
    items[2]["extra"] = json.loads("[" * 900 + "]" * 900)  # deep, with an odd field beside it
    items[2]["paper"]["upvotes"] = "many"
    (tmp_path / "2024-03-15.json").write_text(json.dumps(items))
    digest = read("2024-03-15.json", tmp_path)
    one, two, three = (entry.listing for entry in digest.entries)
    assert one and one.withdrawn is None and one.published is None and one.upvotes is None and one.code_stars is None
    assert two and two.authors and two.comments is None and three and three.upvotes is None
    said = [n.message for n in digest.notes]
    assert said[:4] == [
        "item 1 (2403.01234): paper.publishedAt: '1700000000' is not a date: left out",
        "item 1 (2403.01234): paper.withdrawnAt: 0 is not a date: left out",
        "item 1 (2403.01234): paper.upvotes: -5 is not a count: left out",
        "item 1 (2403.01234): paper.githubStars: a huge number is not a count: left out",
    ]
    assert len(said) == 4 + 150 + 1 + 1


def test_a_timestamp_utc_cannot_hold_is_left_out(tmp_path: Path):
    """9999-12-31T23:59:59-05:00 is in the year 10000 in UTC, 0001-01-01T00:00:00+05:00 in the year 0."""
    paper = {"title": "Far", "summary": "We. Study."}
    items = [
        {"paper": {**paper, "id": "2403.80001", "publishedAt": "9999-12-31T23:59:59-05:00"}},
        {"paper": {**paper, "id": "2403.80002", "publishedAt": "0001-01-01T00:00:00+05:00"}},
        {"paper": {**paper, "id": "2403.80003", "submittedOnDailyAt": "0001-01-01T00:00:00+01:00"}},
        {"paper": {**paper, "id": "2403.80004", "withdrawnAt": "9999-12-31T20:00:00-04:00"}},
        {"paper": {**paper, "id": "2403.80005", "publishedAt": "9999-12-31T23:59:59+05:00"}},  # 18:59 in UTC
    ]
    (tmp_path / "2024-03-24.json").write_text(json.dumps(items))
    digest = read("2024-03-24.json", tmp_path)
    assert len(digest.entries) == 5
    assert [(e.listing.published, e.listing.withdrawn) for e in digest.entries if e.listing] == [
        (None, None),
        (None, None),
        (None, None),
        (None, None),
        (dt.date(9999, 12, 31), None),
    ]
    assert [n.message for n in digest.notes] == [
        "item 1 (2403.80001): paper.publishedAt: '9999-12-31T23:59:59-05:00' is outside the years 1 to 9999 in UTC: "
        "left out",
        "item 2 (2403.80002): paper.publishedAt: '0001-01-01T00:00:00+05:00' is outside the years 1 to 9999 in UTC: "
        "left out",
        "item 3 (2403.80003): paper.submittedOnDailyAt: '0001-01-01T00:00:00+01:00' is outside the years 1 to 9999 "
        "in UTC: left out",
        "item 4 (2403.80004): paper.withdrawnAt: '9999-12-31T20:00:00-04:00' is outside the years 1 to 9999 in UTC: "
        "left out",
    ]


def test_an_item_of_another_day_is_noted_and_listed_on_the_files_day():
    digest = read("2024-03-16-mismatch.json")
    assert digest.date == dt.date(2024, 3, 16)
    assert digest.notes[0].message.startswith(
        "item 1 (2403.01234): submitted to Daily Papers on 2024-03-15 (UTC), but the file name says 2024-03-16"
    )


def test_an_item_with_no_title_anywhere_is_refused(tmp_path: Path):
    items = json.loads((DAILY / "2024-03-15.json").read_text())
    del items[2]["paper"]["title"], items[2]["title"]
    (tmp_path / "2024-03-15.json").write_text(json.dumps(items))
    assert error("2024-03-15.json", tmp_path).endswith(
        ": item 3 (hep-th/9901001): paper.title: no title (nor the item's own)"
    )


def test_json_nested_too_deeply_is_a_message(tmp_path: Path):
    (tmp_path / "2024-03-15.json").write_text("[\n" + "[" * 5000 + "]" * 5000 + "\n]")
    assert error("2024-03-15.json", tmp_path) == (
        "data/digests/2024-03-15.json:2: not a Daily Papers item: nested too deeply"
    )


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 1, "invalid JSON: the file is empty"),
        ("[\n", 2, "invalid JSON: Expecting value at column 1"),
        ('[\n  {"paper": {}}\n', 3, "invalid JSON: the array is not closed (the file is cut short)"),
        ('[\n  {"paper": {}} {"paper": {}}\n]', 2, "invalid JSON: expected ',' or ']' after an item at column 17"),
        ("[]\n[]", 2, "invalid JSON: extra data after the array at column 1"),
        ('[{"a": 1,}]', 1, "invalid JSON: Expecting property name enclosed in double quotes at column 10"),
        # cut off mid-object: the place where the string opens, on its line (its column in the message, as
        # the project's messages are path:line)
        ('[\n  {"paper": {"title": "A Ti', 2, "invalid JSON: Unterminated string starting at column 23"),
        ('[\n  {"paper": {"title": "A"', 2, "invalid JSON: Expecting ',' delimiter at column 26"),
        ('[\n  {"t": "a\tb"}]', 2, "invalid JSON: Invalid control character at column 11"),
    ],
)
def test_invalid_json_is_path_line_message(tmp_path: Path, text: str, line: int, message: str):
    (tmp_path / "2024-03-15.json").write_text(text)
    assert error("2024-03-15.json", tmp_path) == f"data/digests/2024-03-15.json:{line}: {message}"


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["plain", "bom"])
def test_not_utf8(tmp_path: Path, bom: bytes):
    (tmp_path / "2024-03-15.json").write_bytes(bom + b'[\n{"x": "\xff"}]')
    assert error("2024-03-15.json", tmp_path) == (
        "data/digests/2024-03-15.json:2: not UTF-8 (byte 0xff); JSON must be UTF-8"
    )
    # After a byte-order mark, the byte and line are still the bad byte's (not three bytes before it).
    (tmp_path / "2024-03-15.json").write_bytes(bom + b'[{"x": "ab"},\n\xff]')
    assert error("2024-03-15.json", tmp_path) == (
        "data/digests/2024-03-15.json:2: not UTF-8 (byte 0xff); JSON must be UTF-8"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2403.01234", "2403.01234"),
        ("2403.01234v3", "2403.01234"),
        ("0704.0001", "0704.0001"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("math.AG/0601001v2", "math/0601001"),  # the subject class is not part of the id
        ("math.GT/0309136", "math/0309136"),
        ("2403.1", None),
        ("../etc/passwd", None),
        ("hep-th/9901001/../x", None),
        ("٢٤٠٣.٤٠٠٠٢", "2403.40002"),  # Arabic-Indic digits: the same paper as in ASCII
        ("２４０３.40003", "2403.40003"),  # full-width
        ("hep-th/٩٩٠١٠٠١v٢", "hep-th/9901001"),
        ("2403.0123²", None),  # a superscript is not a digit (NFKC would read it as one)
        ("2403.0123\u0664\u0664\u0664", None),  # 2403.0123444: too long once read
        # arXiv's scheme: four digits after the point to December 2014, five since January 2015
        ("1412.1234", "1412.1234"),
        ("1501.00001", "1501.00001"),
        ("2403.1234", None),
        ("1412.12345", None),
        ("0703.1234", None),  # before April 2007 ids were archive/YYMMNNN
        ("2413.01234", None),  # no month 13
        ("2403.01234v0", None),  # versions count from v1
        ("2403.01234v01", None),
        ("2403.00000", None),  # numbers count from 1
        ("hep-th/9913001", None),  # old-style ids have months too
        ("hep-th/0000001", None),
        ("hep-th/9901000", None),
        ("２４０３．０１２３４", "2403.01234"),  # a full-width full stop with full-width digits
    ],
)
def test_arxiv_ids(value: str, expected: str | None):
    assert daily_api.arxiv_id(value) == expected


def test_an_id_in_digits_of_another_script_is_the_paper_of_its_ascii_id(tmp_path: Path):
    """Not a second page with broken arXiv links: the listing joins the paper the id names, with a note."""
    paper = {"title": "Real Paper", "summary": "We study it. Yes."}
    (tmp_path / "2024-03-24.json").write_text(json.dumps([{"paper": {**paper, "id": "2403.40002"}}]))
    (tmp_path / "2024-03-25.json").write_text(
        json.dumps([{"paper": {**paper, "id": "٢٤٠٣.٤٠٠٠٢"}}, {"paper": {**paper, "id": "２４０３.40003v1"}}])
    )
    first, second = read("2024-03-24.json", tmp_path), read("2024-03-25.json", tmp_path)
    assert [e.listing.arxiv_id for e in second.entries if e.listing] == ["2403.40002", "2403.40003"]
    assert [n.message for n in second.notes] == [
        "item 1 (٢٤٠٣.٤٠٠٠٢): paper.id: '٢٤٠٣.٤٠٠٠٢' is written with digits of another script: read as 2403.40002",
        "item 2 (２４０３.40003v1): paper.id: '２４０３.40003v1' is written with digits of another script: "
        "read as 2403.40003",
    ]
    papers = identity.merge([first, second])
    assert [(p.id, p.arxiv_id, len(p.appearances)) for p in papers] == [
        ("real-paper", "2403.40002", 2),
        ("real-paper-2403-40003", "2403.40003", 1),
    ]


def test_an_id_is_named_with_its_invisible_characters_escaped(tmp_path: Path):
    """A message never carries the data's control characters to the terminal."""
    items = [{"paper": {"id": "\u202e2403.1\u001b[2J", "title": "T", "summary": "S. T."}}]
    (tmp_path / "2024-03-24.json").write_text(json.dumps(items))
    assert error("2024-03-24.json", tmp_path) == (
        "data/digests/2024-03-24.json:1: item 1 (\\u202e2403.1\\u001b[2J): paper.id: not an arXiv id: "
        "'\\u202e2403.1\\x1b[2J'"
    )


def test_a_flat_item_or_a_null_paper_is_read_as_a_paper():
    """The API sometimes gives an item its paper's fields at the top level (no `paper`, or `"paper": null`)."""
    digest = read("2024-05-02-flat.json")
    assert digest.notes == ()
    assert [e.title for e in digest.entries] == ["A Flat Item's Paper", "A Null Paper's Item", "A Wrapped Paper"]
    flat, null, wrapped = (e.listing for e in digest.entries)
    assert flat and null and wrapped
    assert (flat.arxiv_id, null.arxiv_id, wrapped.arxiv_id) == ("2405.00003", "2405.00004", "2405.00005")
    assert flat.authors == ("Flora Flat",) and null.authors == ("Nora Null",)  # the hidden one is dropped
    assert (flat.published, flat.upvotes, flat.comments) == (dt.date(2024, 5, 1), 7, 2)
    assert flat.code == "https://github.com/example-lab/flat"
    assert digest.entries[0].abstract == "The paper's fields at the top level, with no paper wrapper."


def test_a_flat_items_problems_name_its_own_fields():
    """No `paper.` in the path, no "(nor the item's own)": a flat item has no paper wrapper to blame."""
    name = "2024-05-02-flat-problems.json"
    assert error(name).splitlines() == [
        f"data/digests/{name}:2: item 1: id: missing",
        f"data/digests/{name}:6: item 2 (2405.00006): summary: no abstract",
        f"data/digests/{name}:10: item 3 (2405.00007): title: no title",
    ]


def test_a_flat_items_odd_fields_are_noted_by_its_own_paths(tmp_path: Path):
    items = json.loads((DAILY / "2024-05-02-flat-problems.json").read_text())
    (tmp_path / "2024-05-02.json").write_text(json.dumps(items[3:]))
    digest = read("2024-05-02.json", tmp_path)
    assert [e.listing.arxiv_id for e in digest.entries if e.listing] == ["2405.00008"]
    assert [n.message for n in digest.notes] == [
        'item 1 (2405.00008): authors.0: {"name": null} is not an author with a name: left out',
        "item 1 (2405.00008): githubStars: expected int | null, got str: left out",
    ]


def test_a_hidden_flag_that_is_no_flag_leaves_its_author_unshown_with_a_note():
    """Neither shown (it may be meant hidden) nor silently dropped: the note names the flag's path."""
    digest = read("2024-05-02-bad-hidden.json")
    one, two = (e.listing for e in digest.entries)
    assert one and two
    assert one.authors == ("Shown Author", "Text False") and two.authors == ("Plain Author",)
    assert [n.message for n in digest.notes] == [
        "item 1 (2405.00009): paper.authors.1.hidden: 'yes' is not true or false: the author is not shown",
        "item 1 (2405.00009): paper.authors.2.hidden: [true] is not true or false: the author is not shown",
        "item 2 (2405.00010): authors.1.hidden: 'no thanks' is not true or false: the author is not shown",
    ]


def test_a_title_longer_than_any_title_is_refused(tmp_path: Path):
    """A pasted page where a title belongs would stay in data/published.tsv for good."""
    items = json.loads((DAILY / "2024-03-15.json").read_text())
    items[2]["paper"]["title"] = items[2]["title"] = "x" * 4_001
    items[1]["title"] = "y" * 4_000  # the longest a title may be
    (tmp_path / "2024-03-15.json").write_text(json.dumps(items))
    assert error("2024-03-15.json", tmp_path).endswith(
        ": item 3 (hep-th/9901001): the title is 4,001 characters long, more than a title's 4,000: "
        "a pasted page or an abstract where a title belongs?"
    )
    items[2]["paper"]["title"] = items[2]["title"] = "x" * 4_000
    (tmp_path / "2024-03-15.json").write_text(json.dumps(items))
    assert len(read("2024-03-15.json", tmp_path).entries) == len(items)


def test_an_authors_name_holding_a_semicolon_is_several_authors_with_a_note():
    """One rule where names are read: a `;` parts people, each cleaned; citations and author pages see each."""
    digest = read("2024-05-02-several-people.json")
    one, two = (e.listing for e in digest.entries)
    assert one and two
    assert one.authors == (
        *("Ada Lovelace", "Charles Babbage"),
        *("Smith, John", "Doe, Jane"),
        *("Smith, John", "Doe, Jane"),  # the empty part between the two `;` is dropped
        *("Lovelace, Ada", "Babbage"),
        "Solo Author",  # one person: a trailing `;` alone is no note
    )
    assert two.authors == ("Plain Author", "Grace Hopper", "Alan Turing")
    several = "is several people: listed as 2 authors"
    assert [n.message for n in digest.notes] == [
        f"item 1 (2405.00011): paper.authors.0.name: 'Ada Lovelace; Charles Babbage' {several}",
        f"item 1 (2405.00011): paper.authors.1.name: 'Smith, John; Doe, Jane' {several}",
        f"item 1 (2405.00011): paper.authors.2.name: 'Smith, John ; ; Doe, Jane' {several}",
        f"item 1 (2405.00011): paper.authors.3.name: 'Lovelace, Ada; Babbage' {several}",
        'item 2 (2405.00012): authors.1: {"name": "; ;"} is not an author with a name: left out',
        f"item 2 (2405.00012): authors.2.name: 'Grace Hopper;Alan Turing' {several}",
    ]


@pytest.mark.parametrize("name", ["AT&amp;T Labs", "Conor O&#39;Neil", "Zoë O&#x27;Brien"])
def test_a_semicolon_that_ends_an_html_character_reference_parts_no_people(name: str):
    """The data is text: `&amp;` written in a name is shown as written, one person."""
    assert daily_api.people(name) == [name]
    assert daily_api.people(f"{name}; Ada Lovelace") == [name, "Ada Lovelace"]
