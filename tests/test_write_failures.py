"""Every failure of `python -m generator site`: one clear message, exit 1, no traceback, and the
project exactly as it was (docs/, site/, the store, no leftovers): disk full, read-only or
immutable output or checkout, names no file system takes, MkDocs configuration errors. And two
builds at once."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from . import snapshot
from .conftest import AS_ROOT, DIGESTS, ROOT, chattr, copy_project, need_root

pytestmark = pytest.mark.slow
# Root ignores permission bits: the build runs without the capabilities that let it.
DROP = ["setpriv", "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search"]


def unprivileged() -> tuple[str, ...]:
    """The command prefix under which permission bits apply: root without CAP_DAC_OVERRIDE."""
    if not AS_ROOT:
        return ()
    need_root("dropping CAP_DAC_OVERRIDE", "setpriv")
    return tuple(DROP)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project built once: the old trees every failure must leave as they are."""
    data = tmp_path_factory.mktemp("data")
    shutil.copy(DIGESTS / "clean.txt", data / "clean.txt")
    root = copy_project(tmp_path_factory.mktemp("base") / "p", data=data)
    done = site(root)
    assert done.returncode == 0, done.stderr
    return root


def site(root: Path, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [*prefix, sys.executable, "-m", "generator", "site", "-q"]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, timeout=600)


def copy(base: Path, dest: Path) -> Path:
    shutil.copytree(base, dest, symlinks=True)
    # New data, so that the build has something to change.
    shutil.copy(DIGESTS / "unicode.txt", dest / "data" / "digests" / "unicode.txt")
    return dest


def fails_changing_nothing(root: Path, message: str, prefix: tuple[str, ...] = ()) -> str:
    """Run the build, expecting exit 1 with message in its first line and the project unchanged."""
    before = snapshot.snapshot(root)
    done = site(root, prefix)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.splitlines()
    assert message in lines[0], done.stderr
    assert lines[-1] == "nothing was changed: docs/ and site/ are as they were"
    assert snapshot.diff(before, snapshot.snapshot(root)) == []
    return lines[0]


def builds(root: Path) -> None:
    done = site(root)
    assert done.returncode == 0, done.stderr
    assert "unicode" in (root / "site" / "digests" / "index.html").read_text()


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


# MkDocs configuration errors surface only when MkDocs runs, after the pages are generated:
# the site is built from the staged pages, so nothing is committed.
CONFIG_ERRORS = {
    "unknown key": ("site_name: Paper Digests\n", "site_name: Paper Digests\ncolour_scheme: red\n"),
    "unknown plugin": ("  - offline\n", "  - offlinez\n"),
    "unknown extension": ("  - attr_list\n", "  - attr_list\n  - pymdownx.nonexistent\n"),
    "nav to a missing page": ("  - About: about.md\n", "  - About: missing.md\n"),
}


@pytest.mark.parametrize("error", sorted(CONFIG_ERRORS))
def test_a_mkdocs_configuration_error(base: Path, tmp_path: Path, error: str):
    root = copy(base, tmp_path / "p")
    old, new = CONFIG_ERRORS[error]
    text = (root / "mkdocs.yml").read_text()
    assert old in text
    (root / "mkdocs.yml").write_text(text.replace(old, new, 1))
    before = snapshot.snapshot(root)
    done = site(root)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "mkdocs.yml: mkdocs build failed: Aborted with" in done.stderr
    assert done.stderr.splitlines()[-1] == "nothing was changed: docs/ and site/ are as they were"
    assert snapshot.diff(before, snapshot.snapshot(root)) == []


@pytest.mark.parametrize("free_kb", [0, 48, 1024])
def test_disk_full(base: Path, tmp_path: Path, free_kb: int):
    # 0: not even the journal fits; 48: pages do not; 1 MB: the site does not.
    need_root("mounting a small tmpfs", "mount", "umount")
    with tmpfs(tmp_path / "disk", "40m") as disk:
        root = copy(base, disk / "p")
        stat = os.statvfs(disk)
        filler = disk / "filler"
        with open(filler, "wb") as out:
            out.truncate(0)
            out.write(b"\0" * max(0, stat.f_bavail * stat.f_frsize - free_kb * 1024))
        fails_changing_nothing(root, "No space left on device")
        if free_kb == 1024:  # and once there is room, the next build goes through
            filler.unlink()
            builds(root)


def test_a_read_only_site(base: Path, tmp_path: Path):
    prefix = unprivileged()
    root = copy(base, tmp_path / "p")
    subprocess.run(["chmod", "-R", "a-w", str(root / "site")], check=True)
    try:
        line = fails_changing_nothing(root, "read-only or immutable", prefix)
        assert line.startswith("site: ")
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(root / "site")], check=True)


def test_a_read_only_docs_papers(base: Path, tmp_path: Path):
    prefix = unprivileged()
    root = copy(base, tmp_path / "p")
    (root / "docs" / "papers").chmod(0o555)  # the folder behind the link
    try:
        line = fails_changing_nothing(root, "read-only or immutable", prefix)
        assert line.startswith("docs/papers: ")
    finally:
        (root / "docs" / "papers").chmod(0o755)


FLAGS = {"i": "immutable (chattr +i)", "a": "append-only (chattr +a)"}


@pytest.mark.parametrize(
    ("where", "flag"),
    [("site", "i"), ("docs/papers", "i"), ("site/papers", "a"), ("site/index.html", "i"), ("docs/papers/*", "a")],
)
def test_immutable_or_append_only_output(base: Path, tmp_path: Path, where: str, flag: str):
    """Refused before anything is made (it stopped the commit half-way, or left the old trees
    behind after it), naming the entry."""
    root = copy(base, tmp_path / "p")
    if where.endswith("*"):
        where = min(p.relative_to(root).as_posix() for p in (root / where[:-2]).iterdir())
    with chattr((root / where).resolve(), flag):  # docs/papers: the folder behind the link
        line = fails_changing_nothing(root, FLAGS[flag])
    assert line.startswith(where + ": ")


def test_a_read_only_checkout(base: Path, tmp_path: Path):
    need_root("remounting a tmpfs read-only", "mount", "umount")
    with tmpfs(tmp_path / "disk", "40m") as disk:
        root = copy(base, disk / "p")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        fails_changing_nothing(root, "Read-only file system")


def test_two_builds_at_once(base: Path, tmp_path: Path):
    # One waits for the other (and says so); both succeed; the trees are those of one build.
    root = copy(base, tmp_path / "p")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "generator", "site", "-q"]
    runs = [subprocess.Popen(command, cwd=root, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errors = [run.communicate(timeout=600)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], errors
    assert not any("Traceback" in e for e in errors)
    assert sum("waiting for another build of docs/ (pid " in e for e in errors) == 1, errors
    once = copy(base, tmp_path / "once")
    builds(once)
    assert snapshot.contents(root / "docs") == snapshot.contents(once / "docs")
    assert sorted(os.listdir(root / ".docs.generated")) == ["current", "g3"]
    assert sorted(os.listdir(root)) == sorted(os.listdir(once))
