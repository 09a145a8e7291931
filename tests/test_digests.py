"""The digest folder: which files are read, notes on the rest, and every listing accounted for."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import build, cli
from generator.config import Settings
from generator.errors import GeneratorError
from generator.sources import digests

from .conftest import DIGESTS, ROOT, copy_project, fixture_settings


def settings(tmp_path: Path, **changes: object) -> Settings:
    """Settings for a data folder in tmp_path, generating into tmp_path/docs."""
    return fixture_settings(tmp_path, tmp_path / "data", **changes)


def data(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_bytes((DIGESTS / name).read_bytes())
    return folder


def test_every_extension_case_is_read_and_other_files_are_named(tmp_path: Path):
    folder = data(tmp_path, "clean.txt", "UPPER_CASE_EXTENSION.TXT")
    (folder / "README.md").write_text("notes\n")
    (folder / "old").mkdir()
    (folder / ".gitkeep").write_text("")
    found, notes = digests.read_sources(settings(tmp_path))
    assert [d.source for d in found] == ["UPPER_CASE_EXTENSION.TXT", "clean.txt"]
    assert [str(n) for n in notes] == [
        "data/README.md: note: skipped: not a digest (*.txt, *.json)",
        "data/old: note: skipped: a folder",
    ]


def test_the_projects_own_files_beside_the_digests_are_not_noted(tmp_path: Path, capsys):
    """`--data DIR` keeps the registry and the lookups in DIR: they are the project's, not strays."""
    folder = data(tmp_path, "clean.txt")
    (folder / "notes.md").write_text("mine\n")
    command = [
        "build",
        "-q",
        "--config",
        str(ROOT / "mkdocs.yml"),
        "--data",
        str(folder),
        "--docs",
        str(tmp_path / "docs"),
    ]
    assert cli.main(command) == 0
    assert (folder / "published.tsv").is_file()  # written by that build, into DIR
    (folder / "arxiv-lookups.tsv").write_text("")
    capsys.readouterr()
    assert cli.main(command) == 0
    out, err = capsys.readouterr()
    (line,) = err.splitlines()  # only the stray file is noted
    assert line.endswith("/notes.md: note: skipped: not a digest (*.txt, *.json)")
    assert "published.tsv" not in err and "arxiv-lookups.tsv" not in err and ", 1 note: " in out


def test_readers_are_chosen_by_extension():
    assert set(digests.READERS) == {".txt", ".json"}
    assert all(ext == ext.lower() and ext.startswith(".") for ext in digests.READERS)


def test_refused_files_are_all_reported(tmp_path: Path):
    folder = data(tmp_path, "clean.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "big.txt").write_bytes(b"Mar 14\n\n" + b"x" * (1024 * 1024))
    with pytest.raises(GeneratorError) as info:
        digests.read_sources(settings(tmp_path, max_digest_mb=1))
    assert str(info.value).splitlines() == [
        "data/big.txt: larger than 1,048,576 bytes: not a digest? (raise extra.generator.max_digest_mb in mkdocs.yml)",
        "data/pipe.txt: cannot read: a named pipe, not a file; only regular files are read",
        "data/zero.txt: cannot read: a character device, not a file; only regular files are read",
    ]


def test_every_page_name_clash_is_reported_in_one_run(tmp_path: Path):
    folder = data(tmp_path)
    text = (DIGESTS / "2024-03-15-dated.txt").read_bytes()
    for name in ("2024-03-15.txt", "2024_03_15.txt", "2024.03.15.txt", "2024-03-15.TXT"):
        (folder / name).write_bytes(text)
    with pytest.raises(GeneratorError) as info:
        digests.read_sources(settings(tmp_path))
    lines = str(info.value).splitlines()
    assert len(lines) == 3 and all("clashes with" in line and "rename one file" in line for line in lines), lines


def test_long_and_undecodable_file_names_get_safe_pages(tmp_path: Path):
    folder = data(tmp_path)
    body = (DIGESTS / "clean.txt").read_bytes()
    long_name = "2024-03-14-" + "very-long-name-" * 15 + "abcdefghij.txt"
    assert len(long_name.encode()) == 250
    (folder / long_name).write_bytes(body)
    (folder / os.fsdecode(b"caf\xe9 \xff.txt")).write_bytes(body.replace(b"Routing", b"Rerouting"))
    report = build.generate(settings(tmp_path))
    assert report.digests == 2
    pages = sorted(p.name for p in (tmp_path / "docs" / "digests").iterdir())
    assert all(len(name.encode()) < 100 for name in pages), pages
    assert "2024-03-14-caf.md" in pages
    page = (tmp_path / "docs" / "digests" / "2024-03-14-caf.md").read_text(encoding="utf-8")
    assert "caf\ufffd \ufffd.txt" in page


def test_the_build_counts_notes_and_every_digest_page_lists_every_paper(tmp_path: Path):
    data(tmp_path, "duplicate_in_digest.txt", "split_abstract.txt")
    report = build.generate(settings(tmp_path))
    assert [str(n) for n in report.notes] == [
        "data/duplicate_in_digest.txt:19: note: listed twice in this file (first at line 11): shown once",
        "data/split_abstract.txt:15: note: the abstract of 'Routing Tokens Without Auxiliary Loss' goes on "
        "in another paragraph: joined",
    ]
    page = (tmp_path / "docs" / "digests" / "2024-03-14-duplicate-in-digest.md").read_text()
    assert page.count("<li>") == 2


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "generator", *args, "--config", str(root / "mkdocs.yml")]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, timeout=300)


def test_the_command_line_prints_notes_and_counts_them(tmp_path: Path):
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("glued_title.txt", "clean.txt"):
        (folder / name).write_bytes((DIGESTS / name).read_bytes())
    (folder / "notes.md").write_text("mine\n")
    root = copy_project(tmp_path / "p", data=folder, registry=False)
    done = run(root, "build")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-2:] == [
        "data/digests/glued_title.txt:11: note: no blank line between the title "
        "'Routing Tokens Without Auxiliary Loss' and its abstract: split",
        "data/digests/notes.md: note: skipped: not a digest (*.txt, *.json)",
    ]
    assert done.stdout.startswith("generated 3 papers, 2 digests, ")
    assert ", 2 notes: " in done.stdout


def test_the_summary_line_counts_in_words():
    report = build.BuildReport(1, 1, 1, None, None, {}, ())  # type: ignore[arg-type]
    assert cli._summary(report) == "1 paper, 1 digest, 1 topic page, 0 notes"


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "long-name-dir"])
def test_the_command_line_refuses_unreadable_files_in_one_line(tmp_path: Path, kind: str):
    root = copy_project(tmp_path / "p")
    folder = root / "data" / "digests"
    if kind == "fifo":
        os.mkfifo(folder / "x.txt")
        expected = "data/digests/x.txt: cannot read: a named pipe, not a file; only regular files are read"
    elif kind == "dev-zero":
        (folder / "x.txt").symlink_to("/dev/zero")
        expected = "data/digests/x.txt: cannot read: a character device, not a file; only regular files are read"
    else:
        name = "d" * 246 + ".txt"
        (folder / name).mkdir()
        expected = f"data/digests/{name}: cannot read: a folder, not a file; only regular files are read"
    done = run(root, "build", "-q")
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == expected
    assert "Traceback" not in done.stderr
    assert not (root / "docs" / "papers").exists()


def test_main_returns_1_for_a_bad_date_in_a_file_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "2024-03.txt").write_bytes((DIGESTS / "clean.txt").read_bytes())
    root = copy_project(tmp_path / "p", data=folder)
    assert cli.main(["build", "-q", "--config", str(root / "mkdocs.yml")]) == 1
    assert (
        capsys.readouterr()
        .err.splitlines()[0]
        .startswith("data/digests/2024-03.txt:9: '2024-03' in the file name looks like a date but is not a full one")
    )


def test_the_same_paper_in_tex_and_in_unicode_is_one_paper(tmp_path: Path):
    data(tmp_path, "tex_math.txt", "tex_math_unicode.txt")
    corpus = build.make_corpus(settings(tmp_path))
    assert sorted((p.title, len(p.appearances)) for p in corpus.papers) == [
        ("Don’t Stop Pretraining—Adapt Language Models to Domains and Tasks", 2),
        ("π-GAN: Periodic Implicit Networks for View-Consistent Scene Generation", 2),
    ]
