"""Fixture digests to generated Markdown, compared with tests/golden/ (regenerate: make golden)."""

from __future__ import annotations

import difflib
from pathlib import Path

from . import golden


def test_generated_markdown_matches_golden(tmp_path: Path):
    got = golden.generate(tmp_path / "docs")
    want = {p.relative_to(golden.GOLDEN).as_posix(): p.read_bytes() for p in golden.GOLDEN.rglob("*") if p.is_file()}
    assert sorted(got) == sorted(want), "files differ; run `make golden` and review the diff"
    for rel in sorted(got):
        if got[rel] != want[rel]:
            diff = "\n".join(
                difflib.unified_diff(
                    want[rel].decode().splitlines(),
                    got[rel].decode().splitlines(),
                    f"golden/{rel}",
                    f"now/{rel}",
                    lineterm="",
                )
            )
            raise AssertionError(f"{rel} differs from the golden copy (make golden regenerates it):\n{diff[:4000]}")
