"""Reading list pages, the overview, each list's .bib and feed: in list order, notes as text."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from generator import build
from generator.render import citations, feeds, lists
from generator.sources.lists import ReadingList
from tests import golden

from .test_feeds import check_atom

# The fixture's note on two lines, after two blank lines: each line its own <bdi>, one blank line kept.
TWO_LINES = (
    "<bdi>A note on two lines: &lt;b&gt;one&lt;/b&gt;</bdi>"
    "<br><br><bdi>*and* another paragraph, after two blank lines.</bdi>"
)
RTL = "\u05de\u05d0\u05de\u05e8 \u05d7\u05e9\u05d5\u05d1"  # Hebrew: "an important paper"


def corpus():
    return build.make_corpus(golden.settings(golden.ROOT / "docs"))


def test_list_page_overview_and_bib() -> None:
    data = corpus()
    out = dict(lists.ListRenderer(data, "https://example.org/golden/").files())
    assert sorted(out) == [
        "lists/empty-notes.bib",
        "lists/empty-notes.md",
        "lists/index.md",
        "lists/reading-group.bib",
        "lists/reading-group.md",
    ]
    body, meta = get_data(out["lists/reading-group.md"])
    assert meta["title"] == "Reading group &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; {% raw %}"
    assert meta["feed"] == "feeds/lists/reading-group.xml"
    assert meta["list_file"] == "tests/fixtures/golden_lists/reading-group.yml"  # for the note when the file goes
    order = [body.index(p) for p in ("routing-tokens", "accent-robust-asr", "short-schedules")]
    assert order == sorted(order), "the list's order"
    assert "21 March 2024, presented by <bdi>Ana &lt;img src=x onerror=alert(1)&gt;</bdi>" in body
    assert "&lt;/script&gt;&lt;!-- &amp; {% if %} π" in body
    assert body.count('class="Z3988"') + body.count("<span data-arxiv=") == 3, "a COinS span for each paper"
    # A note's line breaks are shown, at most one blank line between paragraphs, every line as text
    assert TWO_LINES in body
    library = citations.parse_bibtex(out["lists/reading-group.bib"])
    assert [e.key for e in library.entries] == [
        "routing-tokens-without-auxiliary-loss",
        "accent-robust-asr",
        "short-schedules-for-diffusion-models",
    ]
    assert library.entries[1].fields_dict["url"].value == "https://example.org/golden/papers/accent-robust-asr.html"
    assert get_data(out["lists/empty-notes.md"])[1]["description"] == "A reading list of 1 paper."
    overview = get_data(out["lists/index.md"])[0]
    assert '<a href="empty-notes.html">Second list</a> 1 paper' in overview


def test_each_line_of_a_note_is_isolated_on_its_own() -> None:
    """A note whose first line is right-to-left (a tester): the English lines after it kept their direction."""
    data = corpus()
    reading_list = next(rl for rl in data.lists if rl.slug == "reading-group")
    first = dataclasses.replace(reading_list.entries[0], note=f"{RTL}\nThe <b>English</b> line.\n\nA last one.")
    changed = dataclasses.replace(reading_list, entries=(first, *reading_list.entries[1:]))
    data = dataclasses.replace(data, lists=tuple(changed if rl is reading_list else rl for rl in data.lists))
    body, _ = get_data(dict(lists.ListRenderer(data, "https://example.org/golden/").files())["lists/reading-group.md"])
    note = f"<bdi>{RTL}</bdi><br><bdi>The &lt;b&gt;English&lt;/b&gt; line.</bdi><br><br><bdi>A last one.</bdi>"
    assert f'<span class="list-note">{note}</span>' in body, "each line its own <bdi>, the line breaks outside"


def test_list_feed_in_list_order_with_notes() -> None:
    data = corpus()
    written = dict(feeds.feed_files(data, "Golden", "https://example.org/golden/", 30))
    root = ET.fromstring(written["feeds/lists/reading-group.xml"])
    ns = {"a": feeds.ATOM}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert titles == [
        "Routing Tokens Without Auxiliary Loss",
        "Accent-Robust ASR",
        "Short Schedules for Diffusion Models",
    ]
    first = root.findall("a:entry", ns)[0]
    assert first.findtext("a:updated", namespaces=ns) == "2024-03-21T00:00:00Z"
    assert (first.findtext("a:summary", namespaces=ns) or "").startswith("The ablation in section 4 is the key result.")
    assert (
        root.findtext("a:title", namespaces=ns) == "Golden: Reading group </title><script>alert(1)</script> & {% raw %}"
    )


def test_a_list_with_no_papers_yet_says_so_with_an_empty_bib_and_a_feed_without_entries() -> None:
    """A list for next term, before anything is read (a tester): its page, .bib and feed are still valid."""
    data = corpus()
    empty = ReadingList("next-term", "data/lists/next-term.yml", "Next term", "", ())
    data = dataclasses.replace(data, lists=(*data.lists, empty))
    out = dict(lists.ListRenderer(data, "https://example.org/golden/").files())
    body, meta = get_data(out["lists/next-term.md"])
    assert "<p>This list has no papers yet.</p>" in body and "<ol" not in body
    # The link, but no Copy button (cite.js adds one to a.cite-bib): it said "Copied" with nothing copied (a tester).
    assert '<p class="topic-meta">0 papers · <a href="next-term.bib">BibTeX</a>' in body and "cite-bib" not in body
    assert 'class="cite-bib" href="reading-group.bib"' in get_data(out["lists/reading-group.md"])[0]
    assert meta["description"] == "A reading list of 0 papers."
    assert out["lists/next-term.bib"] == "" and citations.parse_bibtex("").entries == []
    overview = get_data(out["lists/index.md"])[0]
    assert "3 lists kept with the site" in overview
    assert '<a href="next-term.html">Next term</a> 0 papers' in overview
    written = dict(feeds.feed_files(data, "Golden", "https://example.org/golden/", 30))
    root = ET.fromstring(written["feeds/lists/next-term.xml"])
    check_atom(root)
    assert root.findall(f"{{{feeds.ATOM}}}entry") == []
    assert root.findtext(f"{{{feeds.ATOM}}}title") == "Golden: Next term"


def test_no_lists_no_pages() -> None:
    data = corpus()
    assert list(lists.ListRenderer(dataclasses.replace(data, lists=())).files()) == []


def test_a_note_on_several_lines_reaches_the_built_pages_as_text(people_site: Path) -> None:
    for page in ("lists/reading-group.html", "papers/accent-robust-asr.html"):
        html = (people_site / "site" / page).read_text(encoding="utf-8")
        assert TWO_LINES in html, page
        assert "<em>and</em>" not in html and "<b>one</b>" not in html, page


def test_unbuilt_names_the_lists_whose_pages_went(tmp_path: Path) -> None:
    gone = ["feeds/lists/a.xml", "lists/a.bib", "lists/a.md", "lists/index.md", "lists/b.md", "papers/x.md"]
    notes = lists.unbuilt(gone, "data/lists", tmp_path)
    assert [(n.path, n.line) for n in notes] == [("data/lists", None)] * 2
    assert [n.message.split(" is no longer built")[0] for n in notes] == [
        "the reading list lists/a.html",
        "the reading list lists/b.html",
    ]  # not the overview (no list left), nor a .bib, a feed or a paper
    assert lists.unbuilt(["papers/x.md"], "data/lists", tmp_path) == []


@pytest.mark.parametrize(
    ("front", "named"),
    [
        ("---\ntitle: Old\nlist_file: data/lists/old.YAML\n---\n", "no data/lists/old.YAML now"),  # as it was
        ("---\ntitle: Old\n---\n", "no list file old.yml or old.yaml in data/lists now"),  # a page from before
        ("---\nlist_file: [1]\n---\n", "no list file old.yml or old.yaml in data/lists now"),  # not text
        (b"\xff\xfe", "no list file old.yml or old.yaml in data/lists now"),  # not UTF-8
        (None, "no list file old.yml or old.yaml in data/lists now"),  # no page to read
    ],
)
def test_unbuilt_names_the_list_file_as_the_page_s_front_matter_has_it(
    tmp_path: Path, front: str | bytes | None, named: str
) -> None:
    """The last build's page, still in docs/ when the note is written, says which file it was built from."""
    if front is not None:
        (tmp_path / "lists").mkdir()
        page = tmp_path / "lists" / "old.md"
        page.write_bytes(front if isinstance(front, bytes) else front.encode())
    (note,) = lists.unbuilt(["lists/old.md"], "data/lists", tmp_path)
    assert note.message.startswith(f"the reading list lists/old.html is no longer built ({named}): its address,")


@pytest.mark.parametrize(
    ("source", "folder"),
    [
        ("data/lists/x.yml", "data/lists"),
        ("bench/lists/x.yml", "bench/lists"),  # --data bench/digests: its lists beside it
        ("/home/ada/corpus/lists/x.yml", "lists"),  # outside the project: never a machine's path on a public page
        ("C:\\Users\\ada\\corpus\\lists\\x.yml", "lists"),
    ],
)
def test_the_overview_names_the_lists_folder_the_build_read(source: str, folder: str) -> None:
    """It said data/lists/ whatever --data gave (a tester)."""
    data = corpus()
    moved = tuple(dataclasses.replace(r, source=source) for r in data.lists)
    out = dict(lists.ListRenderer(dataclasses.replace(data, lists=moved)).files())
    assert f"2 lists kept with the site, in <code>{folder}/</code>." in get_data(out["lists/index.md"])[0]
