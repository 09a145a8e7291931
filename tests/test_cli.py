"""The command line: help for every command, errors as one line and exit status 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import cli

from . import snapshot
from .conftest import DIGESTS, ROOT, copy_project


def commands() -> list[str]:
    sub = next(a for a in cli.parser()._actions if a.dest == "command")
    assert sub.choices is not None
    return sorted(sub.choices)


def test_every_command_has_help(capsys):
    names = commands()
    assert {"build", "site"} <= set(names)
    sub = next(a for a in cli.parser()._actions if a.dest == "command")
    helps = {c.dest: c.help for c in sub._choices_actions}  # type: ignore[attr-defined]
    for name in names:
        assert helps.get(name), f"{name} has no help line"
        with pytest.raises(SystemExit) as info:
            cli.main([name, "--help"])
        assert info.value.code == 0
        assert "usage:" in capsys.readouterr().out


def test_bad_input_leaves_docs_and_site_exactly_as_they_were(tmp_path: Path):
    root = copy_project(tmp_path / "p")
    run = [
        sys.executable,
        "-m",
        "generator",
        "site",
        "-q",
        "--config",
        str(root / "mkdocs.yml"),
        "--site-dir",
        str(root / "site"),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ok = subprocess.run(run, cwd=root, capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stderr
    (root / "data" / "digests" / "zz_broken.txt").write_bytes((DIGESTS / "no_abstract_between.txt").read_bytes())
    before = snapshot.snapshot(root)
    bad = subprocess.run(run, cwd=root, capture_output=True, text=True, env=env)
    assert bad.returncode == 1
    assert bad.stderr.splitlines()[0] == (
        "data/digests/zz_broken.txt:11: the title 'Routing Tokens Without Auxiliary Loss' has no abstract: "
        "the next paragraph (line 13, 'Short Schedules for Diffusion') looks like another title or page furniture"
    )
    assert "Traceback" not in bad.stderr
    assert snapshot.diff(before, snapshot.snapshot(root)) == []  # docs/, site/, the store: no change, no leftover


def test_several_bad_files_are_all_reported(tmp_path: Path, capsys):
    root = copy_project(tmp_path / "p")
    for name in ("no_date.txt", "bad_date.txt"):
        (root / "data" / "digests" / name).write_bytes((DIGESTS / name).read_bytes())
    assert cli.main(["build", "-q", "--config", str(root / "mkdocs.yml")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == [
        "data/digests/bad_date.txt:9: not a date in 2024: 'Feb 30'",
        'data/digests/no_date.txt:1: no date line such as "Mar 14" before the papers',
    ]
    assert not (root / "docs" / "papers").exists()


def test_outputs_that_would_replace_the_project_or_its_data_are_refused(tmp_path: Path, capsys):
    root = copy_project(tmp_path / "p")
    before = snapshot.snapshot(root)
    config_file = str(root / "mkdocs.yml")
    runs = [
        (["site", "-q", "--config", config_file, "--site-dir", str(root / "data")], "data: building the site"),
        (["site", "-q", "--config", config_file, "--site-dir", str(root)], ".: building the site"),
        (["build", "-q", "--config", config_file, "--docs", str(root / "data")], "data: generating the pages"),
        (["corpus", "--config", config_file, "10", str(root / "data" / "digests")], "data/digests: writing the corpus"),
    ]
    for argv, message in runs:
        assert cli.main(argv) == 1, argv
        assert capsys.readouterr().err.startswith(message), argv
    assert snapshot.diff(before, snapshot.snapshot(root)) == []


@pytest.mark.parametrize("limit", ["0", "-1", "x"])
def test_search_takes_a_limit_of_one_or_more(limit: str, capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["search", "-n", limit, "diffusion"])
    assert info.value.code == 2 and "argument -n/--limit: " in capsys.readouterr().err
