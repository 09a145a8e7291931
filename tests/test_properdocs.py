"""The site builds with ProperDocs, the maintained drop-in continuation of MkDocs 1.x.

ProperDocs (pinned in requirements-dev.txt) runs MkDocs plugins, themes and hooks unchanged: its
`python -m properdocs build` reads mkdocs.yml and answers `import mkdocs...` with its own modules.
A move is one command: `python -m properdocs build -f mkdocs.yml` where `make site` runs MkDocs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.render.export import read_export

from .conftest import IN_CI

pytestmark = pytest.mark.slow


def test_the_site_builds_with_properdocs(built_site: Path, tmp_path: Path) -> None:
    try:
        import properdocs  # noqa: F401
    except ImportError:
        if IN_CI:
            pytest.fail("properdocs is not installed (CI=true: pip install -r requirements-dev.txt)")
        pytest.skip("properdocs is not installed: pip install -r requirements-dev.txt")
    out = tmp_path / "site"
    run = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)],
        cwd=built_site,  # the generated docs/ of the MkDocs build
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    mkdocs_site = built_site / "site"
    pages = {p.relative_to(mkdocs_site) for p in mkdocs_site.rglob("*.html")}
    assert {p.relative_to(out) for p in out.rglob("*.html")} == pages
    paper = read_export(mkdocs_site)[0]["url"]
    assert (out / paper).read_text(encoding="utf-8") == (mkdocs_site / paper).read_text(encoding="utf-8")
    assert (out / "search" / "search_index.js").is_file()
