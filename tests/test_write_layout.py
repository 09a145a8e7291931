"""What a build leaves in a project: all of it git-ignored, all of it gone after `make clean`."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.write import journal, tree

from . import snapshot
from .conftest import DIGESTS, IN_CI, ROOT, copy_project

pytestmark = pytest.mark.slow


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@t"
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True, env=env).stdout


def test_a_build_is_git_ignored_and_make_clean_removes_it(tmp_path: Path):
    missing = [tool for tool in ("git", "make") if not shutil.which(tool)]
    if missing:
        (pytest.fail if IN_CI else pytest.skip)(f"needs {' and '.join(missing)}")
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(DIGESTS / "clean.txt", data)
    root = copy_project(tmp_path / "p", data=data)
    shutil.copy(ROOT / ".gitignore", root / ".gitignore")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "hand-written")
    before = snapshot.snapshot(root, skip=frozenset({".git"}))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "generator", "site", "-q"], cwd=root, env=env, capture_output=True)
    assert done.returncode == 0, done.stderr
    links = {p.name for p in (root / "docs").iterdir() if p.is_symlink()}
    # Every generated entry is a link; arxiv/ and authors/ only appear with JSON data, lists/ with lists.
    assert set(tree.OWNED) - {"arxiv", "authors", "lists"} <= links <= set(tree.OWNED)
    # What an interrupted build leaves until the next one starts: its journal names them.
    leftovers = [root / name for name in ("site.staging", "site.old", ".docs.generated/g9", ".docs.generated/view")]
    for leftover in leftovers:
        leftover.mkdir()
    journal.Journal(root / ".docs.generated").write(journal.PREPARED, leftovers, [])
    # The one tracked change is the registry of published ids, which a build extends and git keeps.
    assert git(root, "status", "--porcelain", "--untracked-files=all") == " M data/published.tsv\n"
    # With the tests' Python (the project's copy has no .venv of its own), quoted for the recipe's
    # shell: a checkout's path may hold a space.
    python = shlex.quote(sys.executable)
    make = ["make", "-f", str(ROOT / "Makefile"), "-o", ".venv/.installed", f"PY={python}", "clean"]
    subprocess.run(make, cwd=root, check=True, capture_output=True, env=env)
    after = snapshot.snapshot(root, skip=frozenset({".git"}))
    assert [line for line in snapshot.diff(before, after) if "data/published.tsv" not in line] == []
