"""MkDocs hook: 404.html with links relative to the site's root, found by the page itself.

GitHub Pages answers a missing address with 404.html, at that address, at any depth. MkDocs
therefore makes 404.html's links absolute, under site_url's path: they break when the page is
opened from disk or the site is served under another path. Here 404.html keeps relative links,
written as from the site's root (base_url "."), and a script at the top of its head
(overrides/404.html) points a <base> element at the root: the folder of 404.html from disk, else
site_url's path when the address starts with it, else the part before a folder the site has
(papers/, digests/, ...), else the address's first folder.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import project_root  # noqa: F401  (the generator on sys.path)

from generator.write.tree import OWNED

# Folders a site address can hold: the generator's and the theme's.
FOLDERS = sorted({name for name in OWNED if "." not in name} | {"assets", "search", "stylesheets"})


def on_template_context(context: Any, template_name: str, config: Any) -> Any:
    """Give 404.html relative links and what its script needs to find the site's root."""
    if template_name == "404.html":
        context["base_url"] = "."
        context["site_path"] = urlsplit(config.site_url or "/").path or "/"
        context["site_folders"] = FOLDERS
    return context
