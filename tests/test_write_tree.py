"""The one writer: staged, swapped in, unchanged files left alone."""

from __future__ import annotations

import pytest

from generator.errors import WriteError
from generator.write import tree as write


def test_writes_swaps_and_reports(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("hand-written")
    report = write.write_tree(docs, [("papers/a.md", "A"), ("papers/b.md", "B"), ("papers.json", "[]")])
    assert (report.written, report.unchanged, report.removed) == (3, 0, 0)
    a_inode = (docs / "papers/a.md").stat().st_ino
    report = write.write_tree(docs, [("papers/a.md", "A"), ("papers/c.md", "C"), ("papers.json", "[1]")])
    assert (report.written, report.unchanged, report.removed) == (2, 1, 1)
    assert (docs / "papers/a.md").stat().st_ino == a_inode  # untouched: same file, same mtime
    assert not (docs / "papers/b.md").exists()
    assert (docs / "index.md").read_text() == "hand-written"
    assert sorted(p.name for p in docs.iterdir()) == ["index.md", "papers", "papers.json"]


def test_refuses_one_path_twice(tmp_path):
    with pytest.raises(WriteError, match="two generated files claim this path"):
        write.write_tree(tmp_path, [("papers/a.md", "1"), ("papers/a.md", "2")])


@pytest.mark.parametrize("path", ["../evil.md", "/abs.md", "index.md", "papers/../../x"])
def test_refuses_paths_outside_its_folders(tmp_path, path):
    with pytest.raises(WriteError):
        write.write_tree(tmp_path, [(path, "x")])


def test_leftovers_of_a_crash_are_cleared(tmp_path):
    (tmp_path / write.STAGING / "papers").mkdir(parents=True)
    (tmp_path / write.STAGING / "papers" / "junk.md").write_text("junk")
    write.write_tree(tmp_path, [("papers/a.md", "A")])
    assert not (tmp_path / write.STAGING).exists()
    assert [p.name for p in (tmp_path / "papers").iterdir()] == ["a.md"]


def test_swap_dir(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "old.html").write_text("old")
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "new.html").write_text("new")
    write.swap_dir(tmp_path / "new", tmp_path / "site")
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_export_under_its_old_name_goes(tmp_path):
    # papers.json became papers.json.gz; a docs/ generated before keeps no stale copy for MkDocs to publish.
    (tmp_path / "papers.json").write_text("[]")
    report = write.write_tree(tmp_path, [("papers.json.gz", b"\x1f\x8b")])
    assert (report.written, report.removed) == (1, 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["papers.json.gz"]
