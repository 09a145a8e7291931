"""The one writer: a new generation, unchanged files kept, paths checked before anything is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.errors import WriteError
from generator.write import tree
from generator.write.commit import Transaction


def write(docs: Path, files: list[tuple[str, str | bytes]]) -> tree.WriteReport:
    with Transaction(docs) as tx:
        report = tree.write_tree(tx.generation(), docs, files)
        tx.commit()
    return report


def test_writes_commits_and_reports(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("hand-written")
    report = write(docs, [("papers/a.md", "A"), ("papers/b.md", "B"), ("papers.json.gz", b"\x1f\x8b")])
    assert (report.written, report.unchanged, report.removed) == (3, 0, 0)
    assert report.added == ()  # nothing went: the new files are not listed (a first build has them all)
    a = (docs / "papers/a.md").stat()
    same = (a.st_ino, a.st_mtime_ns)
    report = write(docs, [("papers/a.md", "A"), ("papers/c.md", "C"), ("papers.json.gz", b"\x1f\x8b\x08")])
    assert (report.written, report.unchanged, report.removed) == (2, 1, 1)
    assert report.gone == ("papers/b.md",)  # what the last write had and this one has not
    assert report.added == ("papers/c.md",)  # and what it has new, to tell a move from a loss
    # Untouched: the same file, so the same modification time for `mkdocs serve --dirty`.
    now = (docs / "papers/a.md").stat()
    assert (now.st_ino, now.st_mtime_ns) == same
    assert not (docs / "papers/b.md").exists()
    assert (docs / "index.md").read_text() == "hand-written"
    assert sorted(p.name for p in docs.iterdir()) == ["index.md", "papers", "papers.json.gz"]
    assert (docs / "papers").is_symlink() and os.readlink(docs / "papers") == "../.docs.generated/current/papers"


def test_refuses_one_path_twice(tmp_path):
    with pytest.raises(WriteError, match="two generated files claim this path"):
        write(tmp_path / "docs", [("papers/a.md", "1"), ("papers/a.md", "2")])


@pytest.mark.parametrize("path", ["../evil.md", "/abs.md", "index.md", "papers/../../x", "papers.json"])
def test_refuses_paths_outside_its_folders(tmp_path, path):
    with pytest.raises(WriteError, match="only write inside its own folders"):
        write(tmp_path / "docs", [(path, "x")])


def test_refuses_a_name_no_file_system_holds(tmp_path):
    # 251 bytes + ".md" fits; as ".html" in site/ it would be 256.
    with pytest.raises(WriteError, match=r"a file name of 256 bytes \(as .html\) is longer than the 255"):
        write(tmp_path / "docs", [("digests/" + "d" * 251 + ".md", "x")])
    with pytest.raises(WriteError, match="not valid UTF-8"):
        write(tmp_path / "docs", [("digests/bad\udcff.md", "x")])
    assert not (tmp_path / "docs" / "digests").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]


def test_an_export_under_its_old_name_goes(tmp_path):
    # papers.json became papers.json.gz; a docs/ generated before keeps no stale copy for MkDocs to publish.
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "papers.json").write_text("[]")
    report = write(docs, [("papers.json.gz", b"\x1f\x8b")])
    assert (report.written, report.removed) == (1, 1)
    assert sorted(p.name for p in docs.iterdir()) == ["papers.json.gz"]


def test_an_error_names_the_docs_path(tmp_path):
    docs = tmp_path / "docs"
    with Transaction(docs) as tx:
        generation = tx.generation()
        (generation / "papers").write_text("a file where a folder must go")
        with pytest.raises(WriteError, match=r"docs/papers/a\.md: cannot write: "):
            tree.write_tree(generation, docs, [("papers/a.md", "A")])
