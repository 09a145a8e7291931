"""MkDocs hook of the writer (see `hooks:` in mkdocs.yml), for every build, the generator's or a bare
`mkdocs build` / `mkdocs serve`: refuse a site_url that would reach pages as markup, and split a
sitemap past the protocol's limits under a sitemap index.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import project_root  # noqa: F401  (the generator on sys.path)
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from generator.config import site_url_problem
from generator.write import sitemap


def on_config(config: Any) -> Any:
    """Refuse a site_url that is not a plain http(s) address (generator/config.py says why)."""
    problem = site_url_problem(config.site_url)
    if problem:
        raise PluginError(f"site_url {problem}")
    return config


@event_priority(-100)  # after every other hook and plugin has written its files
def on_post_build(config: Any) -> None:
    """Split sitemap.xml into sitemap files under a sitemap index when it is over the limits."""
    sitemap.split(Path(config.site_dir), config.site_url or "")
