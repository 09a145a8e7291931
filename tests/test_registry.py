"""The registry of published paper ids (data/published.tsv) and the title lookups file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import uuid
from pathlib import Path

import pytest

from generator import build, config
from generator.errors import GeneratorError
from generator.models import Digest, Entry, Listing
from generator.papers import identity, lookups, registry
from generator.papers.lookups import Lookup
from generator.papers.registry import Record
from generator.render.export import read_export
from generator.sources.digests import read_digests
from generator.write import atomic

from .conftest import DIGESTS, FIXTURES, ROOT, SEED, copy_project, seed_registry


def test_round_trip_sorted_with_a_header():
    records = (
        Record("b-paper", 2, "hep-th/9901001", ("B Paper", "B  paper, revised")),
        Record("a-paper", 1, None, ("A Paper",)),
    )
    text = registry.format_records(records)
    assert text.startswith("# Paper ids published on this site")
    body = [line for line in text.splitlines() if not line.startswith("#")]
    assert body == ["a-paper\t1\t-\tA Paper", "b-paper\t2\thep-th/9901001\tB Paper\tB paper, revised"]
    cleaned = Record("b-paper", 2, "hep-th/9901001", ("B Paper", "B paper, revised"))
    assert registry.parse(text, "r.tsv") == (records[1], cleaned)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("a-paper\t1\t-", "expected id, batch, arXiv id and at least one title, tab-separated"),
        ("A Paper\t1\t-\tA Paper", "not a paper id: 'A Paper'"),
        ("a-paper\tone\t-\tA Paper", "the batch must be a whole number from 1: 'one'"),
        ("a-paper\t²\t-\tA Paper", "the batch must be a whole number from 1: '²'"),  # isdigit(), not int()
        ("a-paper\t١\t-\tA Paper", "the batch must be a whole number from 1: '١'"),  # the build writes ASCII
        ("a-paper\t1\t-\t", "an empty title"),
    ],
)
def test_a_malformed_line_is_path_line_message(line: str, message: str):
    text = f"# header\n{line}\n"
    with pytest.raises(GeneratorError) as info:
        registry.parse(text, "data/published.tsv")
    number = text.count("\n", 0, text.rindex(line.splitlines()[-1])) + 1
    assert str(info.value) == f"data/published.tsv:{number}: {message}"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("# feed ids: garbage here", "feed ids must be an http(s) address, not 'garbage here'"),
        ("# feed ids: ftp://x.org/", "feed ids must be an http(s) address, not 'ftp://x.org/'"),
        ("# feed ids: javascript:alert(1)", "feed ids must be an http(s) address, not 'javascript:alert(1)'"),
        ("# feed ids: https://user@x.org/", "feed ids must be an http(s) address whose host is a name such as"),
        ("# feed ids:", "feed ids must be an http(s) address, not empty (the address the Atom ids were first"),
        ("# feed ids:   ", "feed ids must be an http(s) address, not empty (the address the Atom ids were first"),
    ],
)
def test_a_feed_ids_line_edited_to_no_address_is_an_error_at_its_line(line: str, message: str):
    # Every Atom id is derived from it: a value site_url could not be stops the build, as a malformed line does,
    # even beside a good one (a union merge), and an empty one does not silently become today's site_url.
    for text in (f"# header\n{line}\na\t1\t-\tA\n", f"# header\n# feed ids: https://a.example/\n{line}\n"):
        with pytest.raises(GeneratorError) as info:
            registry.settle(text, "data/published.tsv")
        number = text.splitlines().index(line) + 1
        assert str(info.value).startswith(f"data/published.tsv:{number}: {message}")
    good = registry.settle("# feed ids:  http://x.org/papers\n# feed ids: https://b.example/\n", "r")
    assert good.feed_ids == "http://x.org/papers"


def test_every_malformed_line_is_named_in_one_run():
    text = "# header\na-paper\t1\t-\nb-paper\tone\t-\tB\nc-paper\t1\t-\tC\nD Paper\t1\t-\tD\n"
    with pytest.raises(GeneratorError) as info:
        registry.parse(text, "data/published.tsv")
    assert str(info.value).splitlines() == [
        "data/published.tsv:2: expected id, batch, arXiv id and at least one title, tab-separated",
        "data/published.tsv:3: the batch must be a whole number from 1: 'one'",
        "data/published.tsv:5: not a paper id: 'D Paper'",
    ]


def _digest(name: str, *items: tuple[str, str]) -> Digest:
    day = dt.date.fromisoformat(name[:10])
    entries = tuple(
        Entry(title, f"Abstract of {title}. It is long enough.", 2 + i, Listing(arxiv))
        for i, (title, arxiv) in enumerate(items)
    )
    return Digest(day, name, name.removesuffix(".json"), entries)


# git's union merge of two branches that each published papers from one registry: main's lines first.
ONE_PAPER_TWICE = (
    "# header\n"
    "fast-things\t1\t2404.00001\tAlpha Model: Fast Things\n"
    "a-later-line\t3\t2404.00009\tOther\n"
    "alpha-model-faster-things\t1\t2404.00001\tAlpha Model: Faster Things\n"
)


def test_one_paper_two_branches_published_under_two_ids_keeps_the_first_and_redirects_the_other():
    read = registry.settle(ONE_PAPER_TWICE, "data/published.tsv")
    assert [str(n) for n in read.notes] == [
        "data/published.tsv:4: note: the arXiv id 2404.00001 is also on line 2 (fast-things): one paper published "
        "twice (two branches each published it), so fast-things keeps the page, published first, and "
        "papers/alpha-model-faster-things.html becomes a redirect to it"
    ]
    assert {r.id: (r.batch, r.arxiv_id, r.titles) for r in read.records} == {
        "fast-things": (1, "2404.00001", ("Alpha Model: Fast Things", "Alpha Model: Faster Things")),
        "a-later-line": (3, "2404.00009", ("Other",)),
        # The next batch: the file is sorted by id when written back, and the choice must stay.
        "alpha-model-faster-things": (2, None, ("Alpha Model: Faster Things",)),
    }
    digests = [
        _digest("2024-04-01.json", ("Alpha Model: Fast Things", "2404.00001")),
        _digest("2024-04-02.json", ("Alpha Model: Faster Things", "2404.00001"), ("Other", "2404.00009")),
    ]
    first = identity.identify(digests, registry=read.records)
    assert [p.id for p in first.papers] == ["a-later-line", "fast-things"] and first.added == ()
    assert first.aliases == {"alpha-model-faster-things": "fast-things"}
    again = registry.settle(registry.format_records(first.records), "data/published.tsv")
    assert again.notes == ()
    second = identity.identify(digests, registry=again.records)
    assert second.aliases == first.aliases and second.records == first.records


def test_of_one_paper_under_two_ids_the_lower_batch_keeps_the_page():
    text = "x\t2\t2404.00001\tX\ny\t1\t2404.00001\tY\n"
    read = registry.settle(text, "r")
    assert {r.id: (r.batch, r.arxiv_id) for r in read.records} == {"x": (2, None), "y": (1, "2404.00001")}
    assert "so y keeps the page, published first, and papers/x.html becomes a redirect to it" in read.notes[0].message


def test_one_id_two_branches_gave_two_papers_stays_with_the_earlier_line_and_the_other_gets_a_new_id():
    text = (
        "# header\n"
        "shared-name-paper\t1\t2404.00401\tShared Name Paper\n"
        "shared-name-paper\t1\t2404.00402\tShared Name Paper\n"
    )
    read = registry.settle(text, "data/published.tsv")
    assert read.notes == ()  # the note needs the digests: displaced_notes
    assert read.records == (Record("shared-name-paper", 1, "2404.00401", ("Shared Name Paper",)),)
    said = (
        "data/published.tsv:3: note: the id shared-name-paper is arXiv 2404.00401's on line 2 (two branches each "
        "published a paper under it), so arXiv 2404.00402 ('Shared Name Paper') "
    )
    # Listed by no digest: no page is built and the line is gone from the registry, as the note says.
    alone = identity.identify([_digest("2024-04-14.json", ("Shared Name Paper", "2404.00401"))], registry=read.records)
    assert [p.id for p in alone.papers] == ["shared-name-paper"]
    assert "2404.00402" not in registry.format_records(alone.records)
    built = {p.arxiv_id: p.id for p in alone.papers if p.arxiv_id}
    assert [str(n) for n in registry.displaced_notes(read, built, "data/published.tsv")] == [
        said + "is in no digest now: its line is dropped, and the paper gets an id of its own when a digest lists it"
    ]
    digests = [
        _digest("2024-04-14.json", ("Shared Name Paper", "2404.00401")),
        _digest("2024-04-15.json", ("Shared Name Paper", "2404.00402")),
    ]
    found = identity.identify(digests, registry=read.records)
    assert {p.id: p.arxiv_id for p in found.papers} == {
        "shared-name-paper": "2404.00401",
        "shared-name-paper-2404-00402": "2404.00402",
    }
    built = {p.arxiv_id: p.id for p in found.papers if p.arxiv_id}
    assert [str(n) for n in registry.displaced_notes(read, built, "data/published.tsv")] == [
        said + "is published under an id of its own, papers/shared-name-paper-2404-00402.html"
    ]
    assert registry.format_records(found.records).splitlines()[-2:] == [
        "shared-name-paper\t1\t2404.00401\tShared Name Paper",
        "shared-name-paper-2404-00402\t2\t2404.00402\tShared Name Paper",
    ]


def test_an_arxiv_id_an_older_build_wrote_in_other_digits_is_read_in_ascii():
    """Builds before arXiv ids were read in ASCII digits published `٢٤٠٣.٤٠٠٠٢` as another paper."""
    alone = registry.parse("wide\t5\t２４０３.40003\tWide\n", "r")
    assert alone == (Record("wide", 5, "2403.40003", ("Wide",)),)
    # Beside the paper's own line, the arXiv id is that line's: the other names its paper by its titles.
    for text in (
        "real-paper\t5\t2403.40002\tReal Paper\nreal-paper-2403-40002\t5\t٢٤٠٣.٤٠٠٠٢\tReal Paper\n",
        "a-real-paper\t5\t٢٤٠٣.٤٠٠٠٢\tReal Paper\nreal-paper\t5\t2403.40002\tReal Paper\n",
    ):
        read = {r.id: r.arxiv_id for r in registry.parse(text, "r")}
        assert sorted(read.values(), key=str) == ["2403.40002", None], text


def test_lines_doubled_by_a_union_merge_read_as_one():
    # Two branches each extended one line; git's union merge kept both versions.
    text = "x\t2\t-\tX\tX revised\nx\t1\t2403.00001\tX\tX again\n"
    assert registry.parse(text, "r") == (Record("x", 1, "2403.00001", ("X", "X revised", "X again")),)
    assert (ROOT / ".gitattributes").read_text().splitlines() == [
        "data/published.tsv merge=union",
        "data/arxiv-lookups.tsv merge=union",
    ]


def test_new_content_only_when_changed(tmp_path: Path):
    path = tmp_path / "data" / "published.tsv"
    records = (Record("a", 1, None, ("A",)),)
    content = registry.changed(path, records)
    assert content is not None
    path.parent.mkdir()
    path.write_bytes(content)
    assert registry.changed(path, records) is None
    grown = (*records, Record("b", 2, None, ("B",)))
    path.write_bytes(registry.changed(path, grown) or b"")
    assert registry.read(path, "p") == grown
    assert registry.read(tmp_path / "missing.tsv", "m") == ()


def test_lookups_round_trip_and_errors():
    answers = (
        Lookup("Zeta Paper", None, None, dt.date(2026, 1, 2)),
        Lookup("alpha paper", "2403.00001", dt.date(2024, 3, 1), dt.date(2026, 1, 2), ("Ada", "Ben")),
    )
    text = lookups.format_lookups(answers)
    assert [line for line in text.splitlines() if not line.startswith("#")] == [
        "alpha paper\t2403.00001\t2024-03-01\t2026-01-02\tAda\tBen",
        "Zeta Paper\t-\t-\t2026-01-02",
    ]
    assert lookups.parse(text, "l.tsv") == (answers[1], answers[0])
    with pytest.raises(GeneratorError, match=r"^data/arxiv-lookups.tsv:2: the date asked is not a date"):
        lookups.parse("# h\nT\t-\t-\tyesterday\n", "data/arxiv-lookups.tsv")


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("２４０３.０９９９９", "2403.09999"),  # other scripts' digits in ASCII
        ("2403.09999v2", "2403.09999"),  # no version
        ("arXiv:2403.09999", "2403.09999"),  # no prefix
        ("math.GT/0309136", "math/0309136"),  # no subject class
    ],
)
def test_lookups_arxiv_id_is_read_as_json_digests_read_paper_id(written: str, read: str):
    (answer,) = lookups.parse(f"Accent-Robust ASR\t{written}\t2024-03-10\t2024-03-16\tAnn\n", "l.tsv")
    assert answer.arxiv_id == read


@pytest.mark.parametrize("written", ["x}, note = {injected", "not an id", "2403.099", ""])
def test_lookups_arxiv_id_that_is_no_arxiv_id_is_an_error(written: str):
    with pytest.raises(GeneratorError) as caught:
        lookups.parse(f"# h\nAccent-Robust ASR\t{written}\t2024-03-10\t2024-03-16\n", "data/arxiv-lookups.tsv")
    assert str(caught.value) == f"data/arxiv-lookups.tsv:2: {written!r} is not an arXiv id"


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029", "\x0c", "\x1c"])
def test_lines_are_split_where_git_and_editors_split_them(separator: str):
    # str.splitlines() also split at NEL, LS, PS, FF and the file separators: a title holding one
    # (cleaning keeps U+2028) read back as two lines, and a comment moved every later line number.
    records = (Record("a-paper", 1, "2403.00001", (f"A{separator}Paper",)),)
    parsed = registry.parse(registry.format_records(records), "data/published.tsv")
    assert [(r.id, r.arxiv_id, len(r.titles)) for r in parsed] == [("a-paper", "2403.00001", 1)]
    answers = (Lookup(f"A{separator}Paper", "2403.00001", dt.date(2024, 3, 1), dt.date(2026, 1, 2)),)
    assert [a.arxiv_id for a in lookups.parse(lookups.format_lookups(answers), "l.tsv")] == ["2403.00001"]
    with pytest.raises(GeneratorError) as caught:
        lookups.parse(f"# h{separator} more\nbad\tx\t-\t2024-03-20\n", "data/arxiv-lookups.tsv")
    assert str(caught.value) == "data/arxiv-lookups.tsv:2: 'x' is not an arXiv id"


def test_a_byte_order_mark_an_editor_added_is_read(tmp_path: Path):
    records = (Record("a-paper", 1, None, ("A Paper",)),)
    path = tmp_path / "published.tsv"
    path.write_bytes(b"\xef\xbb\xbf" + registry.format_records(records).encode("utf-8"))
    assert registry.read(path, "data/published.tsv") == records
    assert registry.changed(path, records) == registry.format_records(records).encode("utf-8")  # written without
    answers = (Lookup("A Paper", None, None, dt.date(2026, 1, 2)),)
    path = tmp_path / "arxiv-lookups.tsv"
    path.write_bytes(b"\xef\xbb\xbf" + lookups.format_lookups(answers).encode("utf-8"))
    assert lookups.read(path, "data/arxiv-lookups.tsv") == answers


def test_the_committed_registry_keeps_every_seed_url():
    """A fresh clone builds the seed text digests with every URL they were first published under."""
    settings = config.load(ROOT / "mkdocs.yml")
    digests = [d for d in read_digests(settings) if d.source in SEED]
    assert len(digests) == len(SEED)
    committed = registry.read(ROOT / "data" / "published.tsv", "data/published.tsv")
    result = identity.identify(digests, registry=committed)
    assert result.added == () and result.aliases == {}
    assert {p.id for p in result.papers} <= {r.id for r in committed}
    # Those URLs are the ones the titles gave before there was a registry.
    assert [p.id for p in result.papers] == [p.id for p in identity.merge(digests)]


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A project whose data holds a text digest and a JSON digest listing one of its papers."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(DIGESTS / "clean.txt", data / "clean.txt")
    shutil.copy(FIXTURES / "daily" / "2024-03-15.json", data / "2024-03-15.json")
    return copy_project(tmp_path / "p", data=data, registry=False)  # a new site: nothing published yet


def test_a_build_records_new_ids_and_the_next_build_keeps_them(mixed: Path):
    settings = config.load(mixed / "mkdocs.yml")
    path = mixed / "data" / "published.tsv"
    build.generate(settings)
    first = registry.read(path, "r")
    assert [r.id for r in first] == [
        "accent-robust-asr",
        "routing-tokens-without-auxiliary-loss",
        "short-schedules-for-diffusion",
        "strings-on-a-withdrawn-background",
    ]
    assert {r.batch for r in first} == {1}
    routing = next(r for r in first if r.id == "routing-tokens-without-auxiliary-loss")
    assert routing.arxiv_id == "2403.01234"  # the text listing (Mar 14) is the JSON paper (Mar 15)
    before = path.read_bytes()
    build.generate(settings)
    assert path.read_bytes() == before
    export = {p["id"]: p for p in read_export(mixed / "docs")}
    paper = export["routing-tokens-without-auxiliary-loss"]
    assert [d["source"] for d in paper["digests"]] == ["clean.txt", "2024-03-15.json"]
    assert paper["arxiv_id"] == "2403.01234" and paper["authors"] == ["Ada Example", "Ben Sample", "Chen Placeholder"]
    assert (paper["published"], paper["upvotes"], paper["code_stars"]) == ("2024-03-13", 42, 1234)
    assert paper["code"] == "https://github.com/example-lab/routing"
    assert paper["project_page"] == "https://example-lab.github.io/routing/" and paper["withdrawn"] is None
    assert export["strings-on-a-withdrawn-background"]["withdrawn"] == "2024-04-01"
    assert export["accent-robust-asr"]["arxiv_id"] is None and export["accent-robust-asr"]["authors"] is None


def test_a_registry_saved_with_a_byte_order_mark_builds_and_is_written_without_it(mixed: Path):
    settings = config.load(mixed / "mkdocs.yml")
    build.generate(settings)
    path = mixed / "data" / "published.tsv"
    written = path.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + written)  # an editor did it
    build.generate(settings)
    assert path.read_bytes() == written


def test_a_published_paper_no_digest_lists_any_more_is_named(mixed: Path):
    settings = config.load(mixed / "mkdocs.yml")
    build.generate(settings)
    (mixed / "data" / "digests" / "2024-03-15.json").unlink()  # it alone listed the withdrawn paper
    lines = (mixed / "data" / "published.tsv").read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("strings-on-a-withdrawn-background\t"))
    notes = [str(n) for n in build.generate(settings).notes if "published.tsv" in n.path]
    assert notes == [
        f"data/published.tsv:{line}: note: strings-on-a-withdrawn-background ('Strings on a Withdrawn Background') "
        "is in no digest now, so papers/strings-on-a-withdrawn-background.html is not built: put its digest back, "
        "or delete the line to give up the address"
    ]
    assert "strings-on-a-withdrawn-background" in (mixed / "data" / "published.tsv").read_text()  # kept
    (mixed / "data" / "digests" / "clean.txt").unlink()  # four gone: one note counts them
    shutil.copy(DIGESTS / "odd_titles.txt", mixed / "data" / "digests" / "odd_titles.txt")
    notes = [str(n) for n in build.generate(settings).notes if "published.tsv" in n.path]
    assert len(notes) == 1
    assert re.fullmatch(
        r"data/published\.tsv:\d+: note: 4 published ids are in no digest now \(lines \d+, \d+, \d+ and 1 more\), "
        r"so their pages are not built: for each, put its digest back, or delete the line to give up the address",
        notes[0],
    )


def test_a_build_says_what_became_of_a_merged_line_that_gave_an_id_a_second_arxiv_id(mixed: Path):
    settings = config.load(mixed / "mkdocs.yml")
    build.generate(settings)
    path = mixed / "data" / "published.tsv"
    owner = next(line for line in path.read_text().splitlines() if re.match(r"[a-z0-9-]+\t\d+\t\d{4}\.", line))
    paper_id, batch = owner.split("\t")[:2]
    path.write_text(path.read_text() + f"{paper_id}\t{batch}\t2404.99999\tA Paper Another Branch Published\n")
    number = len(path.read_text().splitlines())
    notes = [str(n) for n in build.generate(settings).notes if "published.tsv" in n.path]
    assert len(notes) == 1 and notes[0].startswith(f"data/published.tsv:{number}: note: the id {paper_id} is arXiv")
    assert notes[0].endswith(
        "so arXiv 2404.99999 ('A Paper Another Branch Published') is in no digest now: its line is dropped, and "
        "the paper gets an id of its own when a digest lists it"
    )
    assert "2404.99999" not in path.read_text() and not (mixed / "docs" / "papers" / "2404.99999.md").exists()


def test_a_paper_is_reached_by_its_arxiv_id(mixed: Path):
    build.generate(config.load(mixed / "mkdocs.yml"))
    docs = mixed / "docs"
    new_style = (docs / "arxiv" / "2403.01234.html").read_text()
    assert 'content="0; url=../papers/routing-tokens-without-auxiliary-loss.html"' in new_style
    assert '<a href="../papers/routing-tokens-without-auxiliary-loss.html">arXiv:2403.01234</a>' in new_style
    assert "<title>arXiv:2403.01234</title>" in new_style
    old_style = (docs / "arxiv" / "hep-th" / "9901001.html").read_text()
    assert 'url=../../papers/strings-on-a-withdrawn-background.html"' in old_style
    assert len(old_style.encode()) < 400
    assert sorted(p.relative_to(docs / "arxiv").as_posix() for p in (docs / "arxiv").rglob("*.html")) == [
        "2403.01234.html",
        "2403.05678.html",
        "hep-th/9901001.html",
    ]


def test_a_registry_that_cannot_be_written_is_a_message(mixed: Path):
    (mixed / "data" / "published.tsv").mkdir()  # fails even for root, unlike permission bits
    with pytest.raises(GeneratorError, match=r"^data/published.tsv: cannot (read|write): Is a directory"):
        build.generate(config.load(mixed / "mkdocs.yml"))
    assert not (mixed / "docs" / "papers").exists()
    assert [p.name for p in (mixed / "data").iterdir() if p.name.startswith(".")] == []


def test_a_malformed_registry_stops_the_build_before_anything_is_written(mixed: Path):
    (mixed / "data" / "published.tsv").write_text("# h\nbroken line\n")
    with pytest.raises(GeneratorError, match=r"^data/published.tsv:2: expected id, batch"):
        build.generate(config.load(mixed / "mkdocs.yml"))
    assert not (mixed / "docs" / "papers").exists()


def test_a_full_disk_while_writing_the_registry_is_a_message(mixed: Path, monkeypatch: pytest.MonkeyPatch):
    real = atomic.write_durably

    def full(path: Path, data: bytes, durable: bool = True) -> None:
        if path.name.startswith(".published.tsv"):
            raise OSError(28, "No space left on device", str(path))
        real(path, data, durable)

    monkeypatch.setattr(atomic, "write_durably", full)
    with pytest.raises(GeneratorError, match=r"^data/published.tsv: cannot write: No space left on device$"):
        build.generate(config.load(mixed / "mkdocs.yml"))
    assert not (mixed / "docs" / "papers").exists()


def test_test_projects_hold_the_seed_s_registry_not_the_days_published_since(tmp_path: Path):
    # CI commits data/published.tsv with each fetched day; tests that build the seed expect its ids
    # and the batch after the seed's.
    grown = tmp_path / "published.tsv"
    grown.write_text("# h\na-seed-paper\t1\t-\tA Seed Paper\nlater\t2\t2403.99999\tLater\n", encoding="utf-8")
    written = seed_registry(tmp_path / "seed.tsv", grown)
    assert [(r.id, r.batch) for r in registry.read(written, "seed.tsv")] == [("a-seed-paper", 1)]


def _feed_ids(root: Path) -> list[str]:
    return re.findall(r"<id>([^<]*)</id>", (root / "docs" / "feeds" / "papers.xml").read_text())


def test_feed_ids_are_recorded_once_and_stay_when_the_site_moves(mixed: Path):
    settings = config.load(mixed / "mkdocs.yml")
    path = mixed / "data" / "published.tsv"
    old_url = settings.site_url.rstrip("/") + "/"
    build.generate(settings)  # a site whose registry has no feed id line yet: today's ids, recorded
    ids = _feed_ids(mixed)
    assert ids[0] == "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, old_url + "feeds/papers.xml"))
    assert path.read_text().splitlines()[4] == f"# feed ids: {old_url}"
    moved = dataclasses.replace(settings, site_url="https://papers.example.org/")
    build.generate(moved)
    assert _feed_ids(mixed) == ids and f"# feed ids: {old_url}\n" in path.read_text()
    assert 'href="https://papers.example.org/feeds/papers.xml"' in (mixed / "docs/feeds/papers.xml").read_text()
    # A preview (`make serve`) reads the recorded base and writes nothing.
    path.write_text("".join(line for line in path.read_text().splitlines(True) if not line.startswith("# feed")))
    before = path.read_bytes()
    build.generate(moved, record=False)
    assert path.read_bytes() == before and _feed_ids(mixed) != ids  # nothing recorded: site_url's ids
    path.write_text(path.read_text().replace("# Paper", f"# feed ids: {old_url}\n# Paper", 1))
    before = path.read_bytes()
    build.generate(moved, record=False)
    assert path.read_bytes() == before and _feed_ids(mixed) == ids
    # A union merge of two branches that each recorded one: main's, the first, counts.
    merged = f"# feed ids: {old_url}\n# feed ids: https://elsewhere.example/\na\t1\t-\tA\n"
    assert registry.settle(merged, "r").feed_ids == old_url


def test_one_title_on_two_lines_with_different_answers_is_an_error():
    text = (
        "# h\nA Paper\t2401.00001\t-\t2026-12-01\n"
        "a paper!\t2401.00002\t-\t2026-12-02\n"  # the same title identity
        "A Paper\t2401.00001\t-\t2026-12-03\tAda\n"  # the same answer again (a union merge): one line
    )
    with pytest.raises(GeneratorError) as caught:
        lookups.parse(text, "data/arxiv-lookups.tsv")
    assert str(caught.value) == "data/arxiv-lookups.tsv:3: 'a paper!' is looked up on line 2 too; keep one line"
    (answer,) = lookups.parse(text.replace("2401.00002", "2401.00001"), "data/arxiv-lookups.tsv")
    assert (answer.line, answer.authors) == (4, ("Ada",))


def test_two_titles_with_one_arxiv_id_are_one_paper_under_two_titles():
    """enrich writes this when the Hub retitles a paper between two asks: no error (it would stop the
    daily workflow's build, and every later day with it); identity makes the two listings one paper."""
    text = (
        "# h\nA Paper\t2401.00001\t-\t2026-12-01\nOther Paper\t-\t-\t2026-12-01\nB Paper\t2401.00001\t-\t2026-12-02\n"
    )
    found = {answer.title: answer.arxiv_id for answer in lookups.parse(text, "data/arxiv-lookups.tsv")}
    assert found == {"A Paper": "2401.00001", "Other Paper": None, "B Paper": "2401.00001"}


def test_lookups_that_are_not_utf8_name_the_line_and_the_byte(tmp_path: Path):
    path = tmp_path / "arxiv-lookups.tsv"
    path.write_bytes(b"# h\nA Paper\t2401.00001\t-\t2026-12-01\t\xff\n")
    with pytest.raises(GeneratorError) as caught:
        lookups.read(path, "data/arxiv-lookups.tsv")
    assert str(caught.value) == "data/arxiv-lookups.tsv:2: not UTF-8 (byte 0xff); save it as UTF-8"
