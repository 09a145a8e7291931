"""Build the static site with MkDocs into a staging folder, then swap it in."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import GeneratorError
from .tree import swap_dir


class SiteError(GeneratorError):
    """MkDocs refused to build the site."""


def _mkdocs_logging() -> None:
    """Show MkDocs' warnings the way its own command line does."""
    log = logging.getLogger("mkdocs")
    if not any(getattr(h, "_generator", False) for h in log.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._generator = True  # type: ignore[attr-defined]
        handler.setLevel(logging.WARNING)
        log.addHandler(handler)
        log.setLevel(logging.INFO)


def build_site(config_file: Path, site_dir: Path, log: Callable[[str], None], date: dt.date | None = None) -> float:
    """Run `mkdocs build --strict` into site_dir.staging, then replace site_dir; return seconds.

    MkDocs stamps sitemap.xml with the build date; `date` (the newest digest's) stands in for
    the clock unless SOURCE_DATE_EPOCH is already set, so the same data gives the same site.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _mkdocs_logging()
    site_dir = site_dir.resolve()
    staging = site_dir.with_name(site_dir.name + ".staging")
    if staging.exists():
        shutil.rmtree(staging)
    start = time.perf_counter()
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    if date and saved is None:
        os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(date, dt.time(), dt.UTC).timestamp()))
    cwd = Path.cwd()
    # pymdownx.snippets resolves its base_path from the working directory.
    os.chdir(config_file.resolve().parent)
    try:
        config = load_config(str(config_file.resolve()), site_dir=str(staging.resolve()), strict=True)
        build(config)
    except MkDocsException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise SiteError(str(config_file), None, f"mkdocs build failed: {exc}") from None
    finally:
        os.chdir(cwd)
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
    seconds = time.perf_counter() - start
    swap_dir(staging, site_dir)
    log(f"built {site_dir}/ in {seconds:.1f} s")
    return seconds
