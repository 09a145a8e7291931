"""kill -9 at every step of a build's commit: readers always see the complete old or new trees, and
the next build recovers them as a pair, leaving nothing behind (generator/write/commit.py)."""

from __future__ import annotations

import re
import shutil
import signal
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import build, config
from generator.devtools import bench
from generator.models import Corpus
from generator.write import commit
from generator.write.journal import COMMITTED, DONE, JOURNAL, Journal

from . import crash, snapshot
from .conftest import DIGESTS

pytestmark = pytest.mark.slow
SITE = ["site", "-q", "--site-dir", "site"]


@dataclass(frozen=True)
class State:
    """A project folder and what readers find in it."""

    root: Path
    inputs: tuple[config.Settings, Corpus] | None
    docs: dict[str, bytes]
    site: dict[str, bytes]
    layout: frozenset[str]


def layout(root: Path) -> frozenset[str]:
    """The names in the project, docs/ and the store (generation numbers aside): leftovers show."""
    names = set()
    for folder in (root, root / "docs", commit.store_of(root / "docs")):
        if folder.is_dir():
            for entry in folder.iterdir():
                kind = "link" if entry.is_symlink() else "dir" if entry.is_dir() else "file"
                names.add(f"{folder.relative_to(root)}/{re.sub(r'^g[0-9]+$', 'gN', entry.name)} {kind}")
    return frozenset(names)


def state(root: Path, inputs: tuple[config.Settings, Corpus] | None = None) -> State:
    return State(root, inputs, snapshot.contents(root / "docs"), snapshot.contents(root / "site"), layout(root))


def project(root: Path, *digests: str) -> Path:
    """A project with just what a build reads: mkdocs.yml, the taxonomy, docs/ and digests."""
    bench.copy_project(root)
    for heavy in ("generator", "overrides"):  # MkDocs does not run here (crash.run's site_from)
        shutil.rmtree(root / heavy)
    (root / "data" / "digests").mkdir()
    for name in digests:
        shutil.copy(DIGESTS / name, root / "data" / "digests" / name)
    return root


def fake_site(folder: Path, *pages: str) -> Path:
    """A stand-in for MkDocs' output: what is committed matters here, not what MkDocs makes."""
    for page in pages:
        (folder / page).parent.mkdir(parents=True, exist_ok=True)
        (folder / page).write_text(f"{folder.name}: {page}")
    return folder


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> dict[str, State]:
    """Old and new projects: the new data changes pages, adds some and drops a digest."""
    tmp = tmp_path_factory.mktemp("crash")
    sites = {
        # Both have a sitemap.xml, as every built site has: a build replaces only a built site.
        "old": fake_site(tmp / "old-site", "index.html", "papers/a.html", "assets/main.css", "sitemap.xml"),
        "new": fake_site(tmp / "new-site", "index.html", "papers/b.html", "assets/main.css", "sitemap.xml"),
    }
    built = {}
    for name, digests in (("old", ("clean.txt", "full_month.txt")), ("new", ("clean.txt", "unicode.txt"))):
        root = project(tmp / name, *digests)
        outcome = crash.run(root, SITE, site_from=sites[name])
        assert outcome.status == 0, outcome.stderr
        settings = config.load(root / "mkdocs.yml")
        built[name] = state(root, (settings, build.make_corpus(settings)))
    # Never built: no generated pages, no site.
    built["fresh"] = state(project(tmp / "fresh", "clean.txt", "unicode.txt"))
    # Built by the writer before the store: generated folders in docs/, and the old export's name.
    legacy = tmp / "legacy"
    shutil.copytree(built["old"].root, legacy, symlinks=True)
    shutil.rmtree(commit.store_of(legacy / "docs"))
    for entry in (legacy / "docs").iterdir():
        if entry.is_symlink():
            entry.unlink()
    for rel, content in built["old"].docs.items():
        (legacy / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (legacy / "docs" / rel).write_bytes(content)
    (legacy / "docs" / "papers.json").write_text("[]")
    built["legacy"] = state(legacy)
    # The same, once a build has moved its folders into the store (content unchanged).
    adopted = tmp / "adopted"
    shutil.copytree(legacy, adopted, symlinks=True)
    with commit.Transaction(adopted / "docs"):
        pass
    built["adopted"] = state(adopted)
    assert built["adopted"].docs == built["legacy"].docs
    return built


def new_data_into(root: Path, new: State) -> None:
    shutil.rmtree(root / "data" / "digests")
    shutil.copytree(new.root / "data" / "digests", root / "data" / "digests")


def crash_every_step(states: dict[str, State], tmp: Path, start: str, argv: list[str], **options: object) -> int:
    """Kill a build from `start` to the new data before step 1, 2, ... until one finishes; check each."""
    old, new = states[start], states["new"]
    new_docs = new.docs
    expected_site = new.site if "site" in argv else old.site
    for step in range(1, 200):
        work = tmp / f"{start}-{step}"
        shutil.copytree(old.root, work, symlinks=True)
        new_data_into(work, new)
        outcome = crash.run(work, argv, step, site_from=new.root / "site", inputs=new.inputs, **options)  # type: ignore[arg-type]
        assert "Traceback" not in outcome.stderr, outcome.stderr
        if not outcome.killed:
            assert outcome.status == 0, outcome.stderr
            got = state(work)
            assert (got.docs, got.site) == (new_docs, expected_site)
            assert got.layout == (new.layout if "site" in argv else layout_without_site(new, old))
            return step - 1
        # What readers see at the instant of the kill: one tree or the other, never a mix.
        docs = snapshot.contents(work / "docs")
        assert docs in (old.docs, new_docs), f"step {step}: docs/ is neither the old nor the new tree"
        site = snapshot.contents(work / "site")
        missing_ok = options.get("exchange") is False and not (work / "site").exists()
        assert site in (old.site, expected_site) or missing_ok, f"step {step}: site/ is neither old nor new"
        # The next build starts by recovering: a pair of old trees or of new ones, nothing left.
        journal = Journal(commit.store_of(work / "docs")).read()
        committed = journal is not None and journal[0] in (COMMITTED, DONE)
        notes: list[str] = []
        site_dir = work / "site" if "site" in argv else None
        with commit.Transaction(work / "docs", site_dir, notice=notes.append):
            pass
        got = state(work)
        if committed and start != "legacy":  # (a legacy docs/ is first moved, content unchanged)
            assert (got.docs, got.site) == (new_docs, expected_site), f"step {step}: not finished"
            # Killed once every swap was made, the build is cleaned up as done, not finished again.
            said = "finished the commit" if journal and journal[0] == COMMITTED else "removed what a build"
            assert any(n.startswith(said) for n in notes), notes
        else:
            assert (got.docs, got.site) in ((old.docs, old.site), (new_docs, expected_site)), f"step {step}"
        adopted = states["adopted"].layout if start == "legacy" else old.layout
        assert got.layout in (old.layout, adopted, new.layout, layout_without_site(new, old)), (
            f"step {step}: leftovers {sorted(got.layout - old.layout - new.layout)}"
        )
        assert not (commit.store_of(work / "docs") / JOURNAL).exists()
        shutil.rmtree(work)
    raise AssertionError("the build never finished")


def layout_without_site(new: State, old: State) -> frozenset[str]:
    """The layout after a docs-only build: new docs/ and store, the old project's site/."""
    return frozenset(n for n in new.layout if not n.startswith("./site")) | {n for n in old.layout if "./site" in n}


def test_every_step_of_a_site_commit(states, tmp_path):
    steps = crash_every_step(states, tmp_path, "old", SITE)
    print("STEPS", steps)
    assert steps >= 8


def test_every_step_without_exchange(states, tmp_path):
    # Where renameat2 cannot exchange (not Linux, some file systems): two renames, the gap recovered.
    steps = crash_every_step(states, tmp_path, "old", SITE, exchange=False)
    print("STEPS", steps)
    assert steps >= 8


def test_every_step_of_a_first_build(states, tmp_path):
    steps = crash_every_step(states, tmp_path, "fresh", SITE)
    print("STEPS", steps)
    assert steps >= 8


def test_every_step_from_generated_folders_in_docs(states, tmp_path):
    # A docs/ written before the store: its folders become generation g0 first, content unchanged.
    steps = crash_every_step(states, tmp_path, "legacy", ["build", "-q"])
    print("STEPS", steps)
    assert steps >= 8


def test_a_kill_while_writing_pages(states, tmp_path):
    work = tmp_path / "w"
    shutil.copytree(states["old"].root, work, symlinks=True)
    new_data_into(work, states["new"])
    assert crash.run(work, SITE, kill_writing=True).killed
    assert snapshot.contents(work / "docs") == states["old"].docs
    outcome = crash.run(work, SITE, site_from=states["new"].root / "site")
    assert outcome.status == 0, outcome.stderr
    assert "removed what an interrupted build" in outcome.stderr
    got = state(work)
    assert (got.docs, got.site, got.layout) == (states["new"].docs, states["new"].site, states["new"].layout)


def test_ctrl_c_at_every_step(states, tmp_path):
    # Ctrl-C is handled in the build itself: the old trees, or (once the commit has begun, which
    # defers the signal) the new ones; nothing to recover, nothing left.
    old, new = states["old"], states["new"]
    outcomes = set()
    for step in range(1, 40):
        work = tmp_path / f"int-{step}"
        shutil.copytree(old.root, work, symlinks=True)
        new_data_into(work, new)
        outcome = crash.run(
            work, SITE, step, site_from=new.root / "site", inputs=new.inputs, signal_number=signal.SIGINT
        )
        assert "Traceback" not in outcome.stderr, outcome.stderr
        got = state(work)
        assert (got.docs, got.site, got.layout) in ((old.docs, old.site, old.layout), (new.docs, new.site, new.layout))
        if outcome.status == 0:  # the build finished before step `step` (its notes may be on stderr)
            assert "interrupted" not in outcome.stderr, outcome.stderr
            assert (got.docs, got.site, got.layout) == (new.docs, new.site, new.layout)
            break
        assert (outcome.status, outcome.stderr) == (130, "interrupted\n")
        outcomes.add(got.docs == new.docs)
        shutil.rmtree(work)
    assert outcomes == {False, True}, "Ctrl-C came both before and during the commit"
