"""Removing what builds made: the site, docs/'s generated entries, the store; nothing else."""

from __future__ import annotations

import os
from pathlib import Path

from generator.write import clean, commit, tree


def build(root: Path, site: str = "site") -> None:
    """Commit a generation with one paper and a site at root/site."""
    with commit.Transaction(root / "docs", root / site) as tx:
        tree.write_tree(tx.generation(), root / "docs", [("papers/a.md", "A"), ("papers.json.gz", b"x")])
        tx.site_staging.mkdir()
        (tx.site_staging / "sitemap.xml").write_text("<urlset/>")
        tx.commit()


def project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("home")
    return tmp_path


def test_clean_removes_what_builds_made_and_nothing_else(tmp_path: Path):
    root = project(tmp_path)
    build(root, "public")
    (root / "site.old").mkdir()  # a folder of the user's, of a name a build uses beside site/
    (root / "site.old" / "notes.txt").write_text("mine")
    removed = clean.clean(root / "docs", root / "public", display=lambda p: p.relative_to(root).as_posix())
    assert removed == ["public/", "docs/papers", "docs/papers.json.gz", ".docs.generated/"]
    assert sorted(os.listdir(root)) == ["docs", "site.old"]
    assert os.listdir(root / "docs") == ["index.md"]
    assert clean.clean(root / "docs", root / "public") == []  # twice: nothing left to remove


def test_clean_removes_what_an_interrupted_build_left(tmp_path: Path):
    root = project(tmp_path)
    build(root)
    with commit.Transaction(root / "docs", root / "site") as tx:
        tree.write_tree(tx.generation(), root / "docs", [("papers/b.md", "B")])
        tx.site_staging.mkdir()
        tx._settled = True  # killed here, before the commit: its journal names site.staging
    assert (root / "site.staging").is_dir()
    clean.clean(root / "docs", root / "site")
    assert sorted(os.listdir(root)) == ["docs"]
