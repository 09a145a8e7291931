"""MkDocs hook: 404.html with links relative to the site's root, found by the page itself.

GitHub Pages answers a missing address with 404.html, at that address, at any depth. MkDocs
therefore makes 404.html's links absolute, under site_url's path: they break when the page is
opened from disk or the site is served under another path. Here 404.html keeps relative links,
written as from the site's root (base_url "."), and a script at the top of its head
(overrides/404.html) points a <base> element at the root: the folder of 404.html from disk, else
site_url's path when the address starts with it, else the part before a folder the site has
(papers/, digests/, ...), else the address's first folder.

A browser's preload scanner reads ahead in the markup and fetches the stylesheets and scripts it
names before any script has run, so before the <base> is there: at a depth, from the page's own
folder, where they are not (a 404 each, and an error in the console). In 404.html those elements
are therefore written by a script (document.write, which keeps them where they were, loading and
running in order) once the <base> is set.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import project_root  # noqa: F401  (the generator on sys.path)
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

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


# What a preload scanner fetches from the markup alone: stylesheets, preloads and external scripts.
FETCHED = re.compile(
    r"<script\b[^>]*\bsrc=[^>]*></script>|<link\b[^>]*\brel=\"?(?:stylesheet|preload|modulepreload)\b[^>]*>", re.I
)
BASE_SET = "document.head.appendChild(base);"  # the end of the script that sets <base> (overrides/404.html)


def written(element: str) -> str:
    """Return a script that writes element where it stands."""
    text = json.dumps(element).replace("<", "\\u003c")  # nothing in it can end the script early
    return f"<script>document.write({text})</script>"


@event_priority(-100)  # after every other hook has finished 404.html (the frame's, the compaction)
def on_post_template(output: str, template_name: str, config: Any) -> str:
    """Write 404.html's stylesheets and scripts from a script, after its <base> is set."""
    if template_name != "404.html":
        return output
    start = output.find(BASE_SET)
    if start < 0 or FETCHED.search(output, 0, start):
        raise PluginError("overrides/hooks/not_found_page.py: 404.html no longer sets its <base> before any resource")
    return output[:start] + FETCHED.sub(lambda m: written(m[0]), output[start:])
