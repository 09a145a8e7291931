"""The benchmarks page keeps one row per corpus size."""

from __future__ import annotations

from pathlib import Path

from generator.devtools import bench


def row(papers: str, ratio: str) -> dict[str, str]:
    values = dict.fromkeys(bench.COLUMNS, "1")
    values.update(papers=papers, ratio=ratio)
    return values


def test_record_replaces_the_row_for_the_same_size(tmp_path: Path):
    page = tmp_path / "benchmarks.md"
    page.write_text(f"# B\n\n{bench.BEGIN}\n{bench.END}\n\nafter\n")
    bench.record(row("10000", "0.90"), page)
    bench.record(row("285", "1.00"), page)
    bench.record(row("10000", "0.80"), page)
    text = page.read_text()
    lines = [line for line in text.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert [line.split(" | ")[0] for line in lines] == ["| 285", "| 10000"]
    assert " 0.80 " in lines[1] and " 0.90 " not in text
    assert text.endswith("\n\nafter\n")
