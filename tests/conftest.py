"""Shared fixtures: paths, settings for fixture data, and one built copy of the real site."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import build, config
from generator.config import Settings
from generator.devtools import bench
from generator.models import Corpus
from generator.papers import registry

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DIGESTS = FIXTURES / "digests"
IN_CI = os.environ.get("CI") == "true"
AS_ROOT = os.geteuid() == 0


def need_root(what: str, *tools: str) -> None:
    """Skip without root (the GitHub workflow's runner is not root; .ci/run is); fail under CI
    without the tools."""
    if not AS_ROOT:
        pytest.skip(f"{what} needs root")
    missing = [tool for tool in tools if not shutil.which(tool)]
    if missing:
        (pytest.fail if IN_CI else pytest.skip)(f"{what} needs {' and '.join(missing)}")


@contextlib.contextmanager
def chattr(path: Path, flag: str) -> Iterator[Path]:
    """Set chattr's flag on path (i: immutable, a: append-only) while the block runs; skip where
    it cannot be set (not root, no chattr, a file system without such flags)."""
    need_root(f"chattr +{flag}", "chattr")
    done = subprocess.run(["chattr", f"+{flag}", str(path)], capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"chattr +{flag} is refused here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["chattr", f"-{flag}", str(path)], check=True)


def fixture_settings(root: Path, data: Path, **changes: object) -> Settings:
    """Settings for the digests in data, generating into root/docs, with the project's taxonomy."""
    value = Settings(
        root=root,
        site_name="Test",
        site_url="https://example.org/test/",
        docs_dir=root / "docs",
        site_dir=root / "site",
        data_dir=data,
        default_year=2024,
        taxonomy=ROOT / "data" / "topics.yml",
        related=5,
        min_similarity=0.1,
        feed_size=30,
    )
    return dataclasses.replace(value, **changes)  # type: ignore[arg-type]


# A pair of JSON digests listing one paper (arXiv 2403.08888) under two titles: "Sparse Gating for Small
# Language Models" on 15 March, "Mixture of Tiny Experts: Real-Time Answers on a Phone" on 16 March.
RETITLED = FIXTURES / "retitled"
RETITLED_ID = "sparse-gating-for-small-language-models"  # named after the title first listed


def retitled_corpus() -> Corpus:
    """The retitled pair (RETITLED), as the build makes it (nothing is written)."""
    return build.make_corpus(fixture_settings(ROOT, RETITLED))


# The seed: the digests this repository started with. data/digests grows every day (CI fetches
# the Daily Papers and commits them), so the tests of "the real data" (its figures, its pages, the
# judged related pairs) read these files only, and a new day's data never fails them.
SEED = ("000_c8bd1cc582e000bd.txt", "001_f0e4a4f52f4b85fd.txt", "002_734c8f85cfe064b8.txt", "004_9cddb40676e47bc4.txt")


def seed_digests(dest: Path) -> Path:
    """Copy the seed digests from data/digests into the folder dest (created); return it."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SEED:
        shutil.copy2(ROOT / "data" / "digests" / name, dest / name)
    return dest


def seed_registry(dest: Path, source: Path = ROOT / "data" / "published.tsv") -> Path:
    """Write the seed's registry to the file dest: the ids of data/published.tsv's first batch (the
    seed's), without those the site published since (CI commits them with each day)."""
    records = registry.read(source, "data/published.tsv")
    dest.write_text(registry.format_records(r for r in records if r.batch == 1), encoding="utf-8")
    return dest


def seed_settings(folder: Path) -> Settings:
    """The project's settings over a copy of the seed digests in folder, with the seed's registry
    and neither the site's title lookups nor its reading lists."""
    digests = seed_digests(folder / "digests")
    value = config.load(ROOT / "mkdocs.yml")
    return dataclasses.replace(
        value,
        data_dir=digests,
        registry=seed_registry(folder / "published.tsv"),
        lookups=folder / "arxiv-lookups.tsv",
        lists=None,
    )


@pytest.fixture(scope="session")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """seed_settings, once a session."""
    return seed_settings(tmp_path_factory.mktemp("seed"))


def copy_project(dest: Path, data: Path | None = None, registry: bool = True) -> Path:
    """Copy the hand-written project to dest with the seed's registry (unless not `registry`: a
    site that has published nothing yet) and digests (or those in data: then the seed's published
    ids are papers no digest lists, which the build names in a note)."""
    bench.copy_project(dest)
    if registry:
        seed_registry(dest / "data" / "published.tsv")
    if data is None:
        seed_digests(dest / "data" / "digests")
    else:
        shutil.copytree(data, dest / "data" / "digests")
    return dest


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generate and build the seed once, in a copy of the project; return its root."""
    root = copy_project(tmp_path_factory.mktemp("project") / "p")
    build.generate(config.load(root / "mkdocs.yml"), site_dir=root / "site")
    return root


@pytest.fixture(scope="session")
def people_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generate and build the golden fixture once: JSON digests with authors, and reading lists."""
    root = copy_project(tmp_path_factory.mktemp("people") / "p", FIXTURES / "golden")
    shutil.copytree(FIXTURES / "golden_lists", root / "data" / "lists")
    build.generate(config.load(root / "mkdocs.yml"), site_dir=root / "site")
    return root
