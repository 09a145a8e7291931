"""The command line: help for every command, errors as one line and exit status 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import cli, progress

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


@pytest.mark.parametrize("command", [["fetch"], ["enrich"], ["corpus", "5", "out"], ["quality"], ["bench"]])
def test_commands_that_write_no_pages_take_no_docs_folder(command: list[str], capsys):
    """`--docs` is offered only where pages are generated or removed; elsewhere argparse refuses it."""
    with pytest.raises(SystemExit):
        cli.main([command[0], "--help"])
    assert "--docs" not in capsys.readouterr().out
    with pytest.raises(SystemExit) as info:
        cli.main([*command, "--docs", "elsewhere"])
    assert info.value.code == 2 and "unrecognized arguments: --docs" in capsys.readouterr().err


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


@pytest.mark.parametrize(
    ("argv", "docs"),
    [
        (["--docs", "site.old"], "site.old"),
        (["--docs", "site.staging"], "site.staging"),
        (["--docs", "site.old/docs"], "site.old/docs"),
        (["--site-dir", "public", "--docs", "public.old"], "public.old"),
        (["--site-dir", "public", "--docs", "site.old"], "site.old"),  # mkdocs.yml's site keeps it too
    ],
)
def test_a_docs_folder_where_the_build_keeps_the_site_while_it_commits_is_refused(
    tmp_path: Path, capsys, argv: list[str], docs: str
) -> None:
    # A failed build made such a docs folder first, and every build after it stopped at it.
    root = copy_project(tmp_path / "p")
    before = snapshot.snapshot(root)
    argv = [str(root / arg) if arg.startswith(("site.", "public")) else arg for arg in argv]
    assert cli.main(["site", "-q", "--config", str(root / "mkdocs.yml"), *argv]) == 1
    message = f"{docs}: generating the pages would write in {docs.split('/')[0]}, where a build keeps the site"
    assert capsys.readouterr().err.startswith(message)
    assert snapshot.diff(before, snapshot.snapshot(root)) == []
    assert cli.main(["build", "-q", "--config", str(root / "mkdocs.yml")]) == 0  # the next build is not stopped


@pytest.mark.parametrize("limit", ["0", "-1", "x"])
def test_search_takes_a_limit_of_one_or_more(limit: str, capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["search", "-n", limit, "diffusion"])
    assert info.value.code == 2 and "argument -n/--limit: " in capsys.readouterr().err


def test_search_and_clean_follow_site_dir_in_mkdocs_yml(tmp_path: Path, monkeypatch, capsys):
    root = copy_project(tmp_path / "p")
    config_file = root / "mkdocs.yml"
    config_file.write_text(
        config_file.read_text(encoding="utf-8").replace("\nsite_dir: site\n", "\nsite_dir: public\n")
    )
    assert cli.main(["site", "-q", "--config", str(config_file)]) == 0
    monkeypatch.chdir(root)
    capsys.readouterr()
    assert cli.main(["search", "-n", "1", "diffusion"]) == 0, capsys.readouterr().err
    assert capsys.readouterr().out.startswith("1. ")
    (root / "site.old").mkdir()  # a folder of the user's: not the build's (its own is public.old)
    (root / "site.old" / "notes.txt").write_text("mine")
    assert cli.main(["clean"]) == 0
    assert capsys.readouterr().out == (
        "removed public/, docs/papers, docs/digests, docs/topics, docs/feeds, docs/search, docs/_generated,"
        " docs/papers.json.gz, .docs.generated/\n"
    )
    assert not (root / "public").exists() and (root / "site.old" / "notes.txt").read_text() == "mine"
    assert cli.main(["search", "diffusion"]) == 1
    assert capsys.readouterr().err == "public: no search/search_index.json in it; build the site first\n"


@pytest.mark.parametrize(
    ("site_dir", "message"),
    [
        ("data", "data: removing the site would replace the digests (data/digests)"),
        ("overrides", "overrides: removing the site would replace the theme's overrides (overrides): choose another"),
        ("notes", "notes: removing the site would replace a folder that holds no built site"),
    ],
)
def test_clean_removes_no_site_dir_a_build_would_not_replace(tmp_path: Path, capsys, site_dir: str, message: str):
    root = copy_project(tmp_path / "p")
    config_file = root / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.replace("\nsite_dir: site\n", f"\nsite_dir: {site_dir}\n"))
    if not (root / site_dir).exists():  # a folder of one's own notes
        (root / site_dir).mkdir()
        (root / site_dir / "todo.txt").write_text("mine", encoding="utf-8")
    before = snapshot.snapshot(root)
    assert cli.main(["clean", "--config", str(config_file)]) == 1
    assert capsys.readouterr().err.startswith(message)
    assert snapshot.diff(before, snapshot.snapshot(root)) == []


def test_a_link_then_dotdot_is_the_folder_the_link_s_parent_is(tmp_path: Path):
    """`lnk/..` with lnk -> site/assets is site/, as the system resolves it, not the project."""
    root = copy_project(tmp_path / "outer" / "p")
    config_file = str(root / "mkdocs.yml")
    assert cli.main(["site", "-q", "--config", config_file]) == 0
    (root / "lnk").symlink_to(root / "site" / "assets", target_is_directory=True)
    assert cli.main(["site", "-q", "--config", config_file, "--site-dir", str(root / "lnk" / "..")]) == 0
    assert (root / "mkdocs.yml").is_file() and (root / "data" / "digests").is_dir()
    assert (root / "site" / "sitemap.xml").is_file() and not (tmp_path / "outer" / "p.staging").exists()


def test_a_corpus_replaces_only_a_corpus(tmp_path: Path, capsys):
    root = copy_project(tmp_path / "p")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "ideas.txt").write_text("keep me")
    argv = ["corpus", "--config", str(root / "mkdocs.yml"), "5"]
    assert cli.main([*argv, str(mine)]) == 1
    assert "a folder no corpus was written to" in capsys.readouterr().err
    assert (mine / "ideas.txt").read_text() == "keep me"
    assert cli.main([*argv, str(tmp_path / "corpus")]) == 0
    assert cli.main([*argv, str(tmp_path / "corpus")]) == 0  # its own folder, again


@pytest.mark.parametrize("quiet", [True, False])
def test_quiet_site_prints_the_summary_line_alone_not_mkdocs_progress(quiet: bool, tmp_path: Path, monkeypatch, capsys):
    root = copy_project(tmp_path / "p")
    monkeypatch.setattr(progress, "MIN_ITEMS", 1)  # the seed's few pages show bars, as thousands would
    assert cli.main(["site", *(["-q"] if quiet else []), "--config", str(root / "mkdocs.yml")]) == 0
    captured = capsys.readouterr()
    assert ("mkdocs: Markdown: 25%" in captured.err) is not quiet
    if quiet:
        assert captured.err == ""
        assert captured.out.startswith("site: ") and captured.out.count("\n") == 1


# A child that runs `python -m generator --help` (as runpy does) with Ctrl-C arriving at one point:
# while a module the command line imports loads, or while argparse reads the arguments.
CTRL_C_AT = {
    "import": """
import importlib.abc, os, signal, sys
class Interrupt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "generator.build":
            os.kill(os.getpid(), signal.SIGINT)
        return None
sys.meta_path.insert(0, Interrupt())
""",
    "parsing": """
import argparse, os, signal
parse = argparse.ArgumentParser.parse_known_args
def interrupted(self, *args, **kwargs):
    os.kill(os.getpid(), signal.SIGINT)
    return parse(self, *args, **kwargs)
argparse.ArgumentParser.parse_known_args = interrupted
""",
}


@pytest.mark.parametrize("when", sorted(CTRL_C_AT))
def test_ctrl_c_before_the_build_starts_says_interrupted(when: str):
    """Ctrl-C while Python imports the generator or reads the arguments: `interrupted`, 130, no traceback."""
    code = CTRL_C_AT[when] + "\nimport runpy, sys\nsys.argv = ['generator', 'build', '--help']\n"
    code += "runpy.run_module('generator', run_name='__main__', alter_sys=True)\n"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr, done.stdout) == (130, "interrupted\n", "")
