"""Shared fixtures: paths, settings for fixture data, and one built copy of the real site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator import build, config, site

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DIGESTS = FIXTURES / "digests"
IN_CI = os.environ.get("CI") == "true"


def copy_project(dest: Path, data: Path | None = None) -> Path:
    """Copy the hand-written parts of the project (config, pages, overrides) to dest."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    # mkdocs.yml loads generator/hooks.py relative to itself.
    shutil.copytree(ROOT / "generator", dest / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    (dest / "docs").mkdir()
    for page in (ROOT / "docs").iterdir():
        if page.is_file() and page.suffix == ".md":
            shutil.copy2(page, dest / "docs" / page.name)
        elif page.is_dir() and page.name in ("assets", "stylesheets", "javascripts"):
            shutil.copytree(page, dest / "docs" / page.name)
    shutil.copytree(ROOT / "data", dest / "data")
    if data is not None:
        shutil.rmtree(dest / "data" / "digests")
        shutil.copytree(data, dest / "data" / "digests")
    return dest


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generate and build the real data once, in a copy of the project; return its root."""
    root = copy_project(tmp_path_factory.mktemp("project") / "p")
    settings = config.load(root / "mkdocs.yml")
    report = build.generate(settings)
    site.build_site(root / "mkdocs.yml", root / "site", lambda _: None, date=report.newest)
    return root
