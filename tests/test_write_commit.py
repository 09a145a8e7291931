"""The commit: all or nothing, undone on error, one build at a time (generator/write/commit.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.errors import CommitError, WriteError
from generator.write import atomic, commit, journal, tree

from . import snapshot
from .conftest import ROOT, chattr


def build(tmp: Path, files: dict[str, str], site: str | None = None, staged: dict[Path, bytes] | None = None) -> None:
    """Commit files as docs/ and, given site, a site/ whose index.html says so."""
    site_dir = tmp / "site" if site is not None else None
    with commit.Transaction(tmp / "docs", site_dir) as tx:
        tree.write_tree(tx.generation(), tmp / "docs", files.items())
        if site_dir:
            tx.site_staging.mkdir()
            (tx.site_staging / "index.html").write_text(site or "")
        for target, data in (staged or {}).items():
            tx.stage_file(target, data)
        tx.commit()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("home")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "registry.json").write_text("old")
    build(tmp_path, {"papers/a.md": "A1", "topics/t.md": "T1"}, site="old")
    return tmp_path


def test_a_commit_replaces_docs_site_and_staged_files_together(project: Path):
    build(
        project, {"papers/a.md": "A2", "digests/d.md": "D"}, site="new", staged={project / "data/registry.json": b"new"}
    )
    assert snapshot.contents(project / "docs") == {"index.md": b"home", "papers/a.md": b"A2", "digests/d.md": b"D"}
    assert (project / "site" / "index.html").read_text() == "new"
    assert (project / "data" / "registry.json").read_text() == "new"
    store = commit.store_of(project / "docs")
    assert sorted(os.listdir(store)) == ["current", "g2"]
    assert sorted(os.listdir(project)) == [".docs.generated", "data", "docs", "site"]
    assert sorted(os.listdir(project / "data")) == ["registry.json"]


def test_an_error_before_the_commit_changes_nothing(project: Path):
    before = snapshot.snapshot(project)
    with pytest.raises(RuntimeError), commit.Transaction(project / "docs", project / "site") as tx:
        tree.write_tree(tx.generation(), project / "docs", [("papers/a.md", "A2")])
        tx.site_staging.mkdir()
        tx.stage_file(project / "data" / "registry.json", b"new")
        raise RuntimeError("MkDocs failed")
    assert snapshot.diff(before, snapshot.snapshot(project)) == []


@pytest.mark.parametrize("name", ["site.old", "site.staging", "data/.registry.json.new", "data/.registry.json.old"])
def test_a_scratch_name_someone_else_holds_is_refused_not_removed(project: Path, name: str):
    # A user's site.old/ is theirs: only what an interrupted build left (its journal names it) goes.
    (project / name).mkdir()
    (project / name / "notes.txt").write_text("mine")
    before = snapshot.snapshot(project)
    with pytest.raises(WriteError) as info:
        build(project, {"papers/a.md": "A2"}, site="new", staged={project / "data/registry.json": b"new"})
    assert str(info.value) == (
        f"{project / name}: a folder the build did not make is in the way (a build uses this name while it"
        " commits): move or rename it"
    )
    assert snapshot.diff(before, snapshot.snapshot(project)) == []
    (project / name).rename(project / "mine")
    build(project, {"papers/a.md": "A2"}, site="new", staged={project / "data/registry.json": b"new"})
    assert (project / "mine" / "notes.txt").read_text() == "mine"


def test_what_an_interrupted_build_left_beside_the_site_is_removed(project: Path):
    with commit.Transaction(project / "docs", project / "site") as tx:
        tx.site_staging.mkdir()
        tx._settled = True  # killed here: its journal names site.staging
    (project / "site.staging" / "index.html").write_text("half built")
    build(project, {"papers/a.md": "A2"}, site="new")
    assert sorted(os.listdir(project)) == [".docs.generated", "data", "docs", "site"]


def test_a_build_killed_after_its_commit_is_cleaned_up_as_done(project: Path, monkeypatch):
    """Killed once every swap was done, before removing the old trees: the next build removes
    them and says the commit had finished, not that it finished an interrupted one."""
    clean = commit.Transaction._clean
    monkeypatch.setattr(commit.Transaction, "_clean", lambda self: None)  # killed here
    build(project, {"papers/a.md": "A2"}, site="new")
    monkeypatch.setattr(commit.Transaction, "_clean", clean)
    store = commit.store_of(project / "docs")
    assert journal.Journal(store).read()[0] == journal.DONE  # type: ignore[index]
    assert {"site.staging", "site.old"} & set(os.listdir(project))  # the old site, exchanged or moved aside
    after = snapshot.contents(project / "docs"), snapshot.contents(project / "site")
    notes: list[str] = []
    with commit.Transaction(project / "docs", project / "site", notice=notes.append):
        pass
    assert notes == [
        f"removed what a build (pid {os.getpid()}) left after its commit; the commit had finished, only"
        " the clean-up was interrupted"
    ]
    assert (snapshot.contents(project / "docs"), snapshot.contents(project / "site")) == after
    assert sorted(os.listdir(project)) == [".docs.generated", "data", "docs", "site"]
    assert sorted(os.listdir(store)) == ["current", "g2"]


@pytest.mark.parametrize("failing", [1, 2, 3, 4])
def test_a_swap_that_fails_is_undone_with_those_before_it(project: Path, monkeypatch, failing: int):
    before = snapshot.snapshot(project)
    real, calls = journal.Journal.forward, []

    def forward(self, swap):  # type: ignore[no-untyped-def]
        calls.append(swap)
        if len(calls) == failing:
            raise PermissionError(13, "Permission denied", str(self.abs(swap.live)))
        real(self, swap)

    monkeypatch.setattr(journal.Journal, "forward", forward)
    with pytest.raises(WriteError, match="cannot write: Permission denied"):
        build(
            project,
            {"papers/a.md": "A2", "digests/d.md": "D"},
            site="new",
            staged={project / "data/registry.json": b"x"},
        )
    assert len(calls) == failing
    assert snapshot.diff(before, snapshot.snapshot(project)) == []


def test_an_undo_that_fails_is_finished_by_the_next_build(project: Path, monkeypatch):
    before = snapshot.snapshot(project)
    real_forward, real_back = journal.Journal.forward, journal.Journal.back
    calls = []

    def forward(self, swap):  # type: ignore[no-untyped-def]
        calls.append(swap)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_forward(self, swap)

    def back(self, swap):  # type: ignore[no-untyped-def]
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(journal.Journal, "forward", forward)
    monkeypatch.setattr(journal.Journal, "back", back)
    with pytest.raises(CommitError, match="the next build undoes it"):
        build(project, {"papers/a.md": "A2"}, site="new")
    monkeypatch.setattr(journal.Journal, "back", real_back)
    notes: list[str] = []
    with commit.Transaction(project / "docs", project / "site", notice=notes.append):
        pass
    assert notes == [f"undid the commit of a build that was interrupted (pid {os.getpid()})"]
    assert snapshot.diff(before, snapshot.snapshot(project)) == []


FLAGGED = {"i": "immutable (chattr +i)", "a": "append-only (chattr +a)"}


@pytest.mark.parametrize(
    ("where", "flag"),
    [
        ("site/index.html", "i"),
        ("site/index.html", "a"),
        ("site", "a"),
        ("docs/papers/a.md", "i"),
        ("docs/topics/t.md", "a"),
        ("docs/papers", "a"),
    ],
)
def test_an_immutable_or_append_only_entry_is_refused_before_the_build_starts(project: Path, where: str, flag: str):
    """The commit could not rename or remove it: a file in an old tree failed the removal after
    the commit, a flagged folder the swap half-way. Refused up front, named, nothing changed."""
    with chattr((project / where).resolve(), flag):  # docs/papers: the folder in the generation
        before = snapshot.snapshot(project)
        with (
            pytest.raises(WriteError) as info,
            commit.Transaction(project / "docs", project / "site", display=lambda p: os.path.relpath(p, project)),
        ):
            raise AssertionError("the build started")
        assert snapshot.diff(before, snapshot.snapshot(project)) == []
    cure = f"remove the flag with chattr -{flag}"
    assert str(info.value) == f"{where}: {FLAGGED[flag]}: the output there cannot be replaced; {cure}"


@pytest.mark.parametrize("where", ["site/index.html", "docs/papers/a.md", "data/registry.json"])
def test_an_entry_flagged_while_the_build_runs_is_refused_before_the_commit(project: Path, where: str):
    before = snapshot.snapshot(project)
    show = lambda p: os.path.relpath(p, project)  # noqa: E731
    with pytest.raises(WriteError) as info, commit.Transaction(project / "docs", project / "site", display=show) as tx:
        tree.write_tree(tx.generation(), project / "docs", [("papers/a.md", "A2")])
        tx.site_staging.mkdir()
        with chattr((project / where).resolve(), "i"):  # (it failed the swap, or the removal after it)
            tx.stage_file(project / "data" / "registry.json", b"new")
            tx.commit()
    assert str(info.value).startswith(f"{where}: immutable (chattr +i): ")
    assert snapshot.diff(before, snapshot.snapshot(project)) == []


def test_without_exchange_the_same(project: Path, monkeypatch):
    monkeypatch.setattr(atomic, "exchange", lambda a, b: False)
    build(project, {"papers/a.md": "A2"}, site="new")
    assert snapshot.contents(project / "docs")["papers/a.md"] == b"A2"
    assert (project / "site" / "index.html").read_text() == "new"
    assert sorted(os.listdir(project)) == [".docs.generated", "data", "docs", "site"]


def test_generated_folders_in_docs_are_moved_into_the_store_unchanged(tmp_path: Path):
    docs = tmp_path / "docs"
    (docs / "papers").mkdir(parents=True)
    (docs / "papers" / "a.md").write_text("A")
    (docs / "papers.json").write_text("[]")
    inode = (docs / "papers" / "a.md").stat().st_ino
    notes: list[str] = []
    with commit.Transaction(docs, notice=notes.append):
        assert snapshot.contents(docs) == {"papers/a.md": b"A", "papers.json": b"[]"}
        assert (docs / "papers").is_symlink() and (docs / "papers" / "a.md").stat().st_ino == inode
    assert notes == [f"moved the generated pages of {docs}/ into {commit.store_of(docs)}/"]
    build(tmp_path, {"papers/a.md": "A"})
    assert snapshot.contents(docs) == {"papers/a.md": b"A"}
    assert (docs / "papers" / "a.md").stat().st_ino == inode


def test_a_failed_first_build_leaves_nothing(tmp_path: Path):
    (tmp_path / "docs").mkdir()
    with pytest.raises(RuntimeError), commit.Transaction(tmp_path / "docs", tmp_path / "site") as tx:
        tree.write_tree(tx.generation(), tmp_path / "docs", [("papers/a.md", "A")])
        raise RuntimeError
    assert sorted(os.listdir(tmp_path)) == ["docs"]


def test_replace_file(tmp_path: Path, monkeypatch):
    target = tmp_path / "registry.json"
    atomic.replace_file(target, b"one")
    atomic.replace_file(target, b"two")
    assert target.read_bytes() == b"two"

    def full(*args):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "rename", full)
    with pytest.raises(OSError):
        atomic.replace_file(target, b"three")
    assert target.read_bytes() == b"two"
    assert os.listdir(tmp_path) == ["registry.json"]


def test_a_second_build_waits_and_says_so(project: Path):
    lock = commit.Lock(commit.store_of(project / "docs"), lambda _: None, "docs/")
    lock.acquire()
    code = (
        "import sys; from pathlib import Path; from generator.write import commit; "
        "tx = commit.Transaction(Path(sys.argv[1]), notice=lambda m: print(m, file=sys.stderr, flush=True)); "
        "tx.__enter__(); tx.__exit__(None, None, None); print('done')"
    )
    second = subprocess.Popen(
        [sys.executable, "-c", code, str(project / "docs")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert second.stderr is not None
    line = second.stderr.readline()
    assert line == f"waiting for another build of {project / 'docs'}/ (pid {os.getpid()}) to finish\n"
    time.sleep(0.2)
    assert second.poll() is None, "the second build went ahead"
    lock.release()
    out, err = second.communicate(timeout=60)
    assert (second.returncode, out, err) == (0, "done\n", "")
    assert sorted(os.listdir(commit.store_of(project / "docs"))) == ["current", "g1"]
