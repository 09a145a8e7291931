"""The Makefile's setup: the virtual environment is made with a Python the pinned requirements
install on, and one made with an older Python is made again (stand-in interpreters, no install)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .conftest import ROOT

# A Python older than the requirements need (Debian 12's): it fails the version check.
OLD = """#!/bin/sh
[ "$1" = -V ] && { echo "Python 3.11.2"; exit 0; }
exit 1
"""
# A newer one: passes the check; `-m venv DIR` makes DIR/bin/python, which takes every command
# (pip, the generator) and notes it in DIR/commands.
NEW = """#!/bin/sh
[ "$1" = -V ] && { echo "Python 3.12.0"; exit 0; }
if [ "$1 $2" = "-m venv" ]; then
  mkdir -p "$3/bin"
  printf '#!/bin/sh\\necho "$*" >> "%s/commands"\\n' "$3" > "$3/bin/python"
  chmod +x "$3/bin/python"
fi
exit 0
"""


def interpreter(folder: Path, name: str, script: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(script, encoding="utf-8")
    path.chmod(0o755)
    return path


def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    root.mkdir()
    for name in ("Makefile", "requirements.txt"):
        shutil.copy(ROOT / name, root / name)
    return root


def make(root: Path, python: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "site", f"PYTHON={python}"], cwd=root, capture_output=True, text=True)


def test_a_python_older_than_the_requirements_need_is_named_before_anything_is_made(tmp_path: Path) -> None:
    root = project(tmp_path)
    done = make(root, interpreter(tmp_path / "bin", "python3", OLD))
    assert done.returncode != 0
    assert "make: Python 3.11.5 or newer is needed;" in done.stderr and "is Python 3.11.2" in done.stderr
    assert not (root / ".venv").exists()


def test_a_virtual_environment_made_with_an_older_python_is_made_again(tmp_path: Path) -> None:
    root = project(tmp_path)
    interpreter(root / ".venv" / "bin", "python", OLD)  # a first try with the older Python
    (root / ".venv" / "left-by-the-first-try").write_text("")
    done = make(root, interpreter(tmp_path / "bin", "python3", NEW))
    assert done.returncode == 0, done.stderr
    assert "make: creating the virtual environment .venv/ with Python 3.12.0" in done.stdout
    assert not (root / ".venv" / "left-by-the-first-try").exists()
    commands = (root / ".venv" / "commands").read_text(encoding="utf-8").splitlines()
    assert commands[0].startswith("-m pip install") and commands[-1] == "-m generator site"
    assert (root / ".venv" / ".installed").is_file()
    again = make(root, interpreter(tmp_path / "bin", "python3", NEW))  # a good one is kept
    assert "creating" not in again.stdout and (root / ".venv" / "commands").is_file()
