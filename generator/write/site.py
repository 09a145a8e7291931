"""Build the static site with MkDocs into a staging folder; the commit swaps it in."""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import GeneratorError
from .commit import Transaction


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


def source_date_epoch(date: dt.date) -> str:
    """SOURCE_DATE_EPOCH (reproducible-builds.org) for midnight UTC of date: MkDocs' build date."""
    return str(int(dt.datetime.combine(date, dt.time(), dt.UTC).timestamp()))


def run_mkdocs(
    config_file: Path, docs_dir: Path, site_dir: Path, date: dt.date | None = None, display: Callable[[Path], str] = str
) -> float:
    """Run `mkdocs build --strict` with config_file from docs_dir into site_dir; return seconds.

    MkDocs stamps sitemap.xml with the build date; `date` (the newest digest's) stands in for
    the clock unless SOURCE_DATE_EPOCH is already set, so the same data gives the same site.
    Raises SiteError for a configuration or build error, or an OSError (disk full, read-only).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _mkdocs_logging()
    start = time.perf_counter()
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    if date and saved is None:
        os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(date)
    name = display(config_file)
    try:
        config = load_config(
            str(config_file.resolve()), docs_dir=str(docs_dir), site_dir=str(site_dir.resolve()), strict=True
        )
        build(config)
    except MkDocsException as exc:
        raise SiteError(name, None, f"mkdocs build failed: {exc}") from None
    except OSError as exc:  # disk full, read-only: named by the site folder (not its .staging)
        where = display(site_dir).removesuffix(".staging")
        raise SiteError(where, None, f"cannot write the site: {exc.strerror}") from None
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
    return time.perf_counter() - start


def build_site(config_file: Path, site_dir: Path, log: Callable[[str], None], date: dt.date | None = None) -> float:
    """Build site_dir from the committed docs/ alone (one build at a time, all or nothing); return seconds.

    `python -m generator site` regenerates docs/ and builds the site in one commit
    (build.generate with site_dir); this builds the site from docs/ as it stands.
    """
    from .. import config

    settings = config.load(config_file)
    with Transaction(settings.docs_dir, site_dir, notice=log, display=settings.display) as tx:
        seconds = run_mkdocs(config_file, tx.view(), tx.site_staging, date, settings.display)
        tx.commit()
    log(f"built {site_dir}/ in {seconds:.1f} s")
    return seconds
