"""The export (papers.json.gz): what a JSON digest's metadata becomes, and what it never does."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator import build
from generator.render.export import read_export

from .conftest import FIXTURES, fixture_settings


def test_an_unsafe_code_url_brings_no_stars_and_is_named_in_a_note(tmp_path: Path):
    """githubRepo "javascript:alert(1)" with githubStars 1234, projectPage "ftp://...": none of it shown."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURES / "daily" / "2024-03-15-unsafe-urls.json", data / "2024-03-15.json")
    report = build.generate(fixture_settings(tmp_path, data))
    (paper,) = read_export(tmp_path / "docs")
    assert (paper["code"], paper["code_stars"], paper["project_page"]) == (None, None, None)
    page = (tmp_path / "docs" / "papers" / f"{paper['id']}.md").read_text(encoding="utf-8")
    assert "star" not in page and "javascript:" not in page and "ftp://" not in page
    assert [str(n) for n in report.notes] == [
        "data/2024-03-15.json:2: note: item 1 (2403.01234): paper.githubRepo: 'javascript:alert(1)' is not an"
        " http(s) link: not shown (and its githubStars)",
        "data/2024-03-15.json:2: note: item 1 (2403.01234): paper.projectPage: 'ftp://example.org/files' is not an"
        " http(s) link: not shown",
    ]
