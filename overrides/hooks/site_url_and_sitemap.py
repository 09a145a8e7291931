"""MkDocs hook of the writer (see `hooks:` in mkdocs.yml), for every build, the generator's or a bare
`mkdocs build` / `mkdocs serve`: refuse a site_url that would reach pages as markup, make
site_name text, and split a sitemap past the protocol's limits under a sitemap index.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import project_root  # noqa: F401  (the generator on sys.path)
from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from generator.config import site_url_problem
from generator.write import sitemap


def on_config(config: Any) -> Any:
    """Refuse a site_url that is not a plain http(s) address (generator/config.py says why), and
    make site_name text: Material writes it into pages unescaped in places (the header's
    `aria-label`, `<title>`), where `R&D "Lab"` broke the attribute and `</title><script>` ran.
    As Markup, it is written escaped everywhere, and the templates' `| e` leaves it as it is."""
    problem = site_url_problem(config.site_url)
    if problem:
        raise PluginError(f"site_url {problem}")
    if isinstance(config.site_name, str) and not isinstance(config.site_name, Markup):
        config.site_name = escape(config.site_name)
    return config


@event_priority(-100)  # after every other hook and plugin has written its files
def on_post_build(config: Any) -> None:
    """Split sitemap.xml into sitemap files under a sitemap index when it is over the limits."""
    sitemap.split(Path(config.site_dir), config.site_url or "")
