"""The benchmarks page keeps one row per corpus size."""

from __future__ import annotations

from pathlib import Path

from generator.devtools import bench


def row(papers: str, ratio: str) -> dict[str, str]:
    values = dict.fromkeys(bench.COLUMNS, "1")
    values.update(papers=papers, ratio=ratio)
    return values


def data_rows(text: str) -> list[str]:
    """The rows of the page's tables that measure a corpus (they start with its size)."""
    return [line for line in text.splitlines() if line.startswith("| ") and line[2].isdigit()]


def test_record_replaces_the_row_for_the_same_size(tmp_path: Path):
    page = tmp_path / "benchmarks.md"
    page.write_text(f"# B\n\n{bench.BEGIN}\n{bench.END}\n\nafter\n")
    bench.record(row("10000", "0.90"), page=page)
    bench.record(row("285", "1.00"), page=page)
    bench.record(row("10000", "0.80"), page=page)
    text = page.read_text()
    lines = data_rows(text)
    assert [line.split(" | ")[0] for line in lines] == ["| 285", "| 10000"]
    assert " 0.80 " in lines[1] and " 0.90 " not in text
    assert text.endswith("\n\nafter\n")


def test_json_rows_stand_beside_the_text_rows_of_the_same_size(tmp_path: Path):
    page = tmp_path / "benchmarks.md"
    page.write_text(f"{bench.BEGIN}\n{bench.END}\n")
    bench.record(row("10000 JSON", "0.70"), page=page)
    bench.record(row("50000", "0.60"), page=page)
    bench.record(row("10000", "0.90"), page=page)
    bench.record(row("10000 JSON", "0.80"), page=page)
    lines = data_rows(page.read_text())
    assert [line.split(" | ")[:6:5] for line in lines] == [
        ["| 10000", "0.90"],
        ["| 10000 JSON", "0.80"],
        ["| 50000", "0.60"],
    ]


def test_sizes_by_kind_count_every_file_once(tmp_path: Path):
    site = tmp_path / "site"
    for rel, size in {
        "papers/a.html": 100,
        "papers/b.html": 300,
        "topics/t/1.html": 50,
        "papers.json.gz": 7,
        "search/search_index.js": 20,
        "index.html": 5,
    }.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(b"x" * size)
    sizes = bench.sizes_by_kind(site)
    assert sizes["paper pages"] == (2, 400) and sizes["topic pages"] == (1, 50)
    assert sizes["export"] == (1, 7) and sizes["search"] == (1, 20) and sizes["other"] == (1, 5)
    row = bench.size_row(2, sizes)
    assert row["bytes per paper page"] == "200" and row["total"] == f"{482 / 1024 / 2:.2f}"


def test_record_fills_the_sizes_table(tmp_path: Path):
    page = tmp_path / "benchmarks.md"
    page.write_text(f"{bench.BEGIN}\n{bench.END}\n\n{bench.SIZES_BEGIN}\n{bench.SIZES_END}\n")
    sizes = dict.fromkeys(bench.SIZE_COLUMNS, "2.5") | {"papers": "285"}
    bench.record(row("285", "1.00"), sizes, page=page)
    table = page.read_text().split(bench.SIZES_BEGIN)[1]
    assert "| papers | paper pages |" in table and "| 285 | 2.5 |" in table


def test_a_project_copy_leaves_out_what_a_site_adds_to_its_data(tmp_path: Path, monkeypatch):
    # Tests and benchmarks build copies of the project on other digests: a site's own reading lists
    # and title lookups name papers those digests do not have, and its registry ids they do not list.
    root = tmp_path / "root"
    for folder in ("overrides", "generator", "docs", "data/digests", "data/lists"):
        (root / folder).mkdir(parents=True)
    for name in ("mkdocs.yml", "data/topics.yml", "data/published.tsv", "data/arxiv-lookups.tsv", "data/lists/a.yml"):
        (root / name).write_text("x", encoding="utf-8")
    monkeypatch.setattr(bench, "ROOT", root)
    bench.copy_project(tmp_path / "copy")
    copied = sorted(p.relative_to(tmp_path / "copy").as_posix() for p in (tmp_path / "copy" / "data").rglob("*"))
    assert copied == ["data/topics.yml"]  # the taxonomy: no digest, list, lookup or published id
