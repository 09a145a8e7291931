"""Shared fixtures: paths, settings for fixture data, and one built copy of the real site."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

from generator import build, config
from generator.config import Settings
from generator.devtools import bench

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DIGESTS = FIXTURES / "digests"
IN_CI = os.environ.get("CI") == "true"


def fixture_settings(root: Path, data: Path, **changes: object) -> Settings:
    """Settings for the digests in data, generating into root/docs, with the project's taxonomy."""
    value = Settings(
        root=root,
        site_name="Test",
        site_url="https://example.org/test/",
        docs_dir=root / "docs",
        data_dir=data,
        default_year=2024,
        taxonomy=ROOT / "data" / "topics.yml",
        related=5,
        min_similarity=0.1,
        feed_size=30,
    )
    return dataclasses.replace(value, **changes)  # type: ignore[arg-type]


def copy_project(dest: Path, data: Path | None = None) -> Path:
    """Copy the hand-written project to dest with the real digests, or those in data."""
    bench.copy_project(dest)
    shutil.copytree(data or ROOT / "data" / "digests", dest / "data" / "digests")
    return dest


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generate and build the real data once, in a copy of the project; return its root."""
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
