"""MkDocs hook: 404.html with links relative to the site's root, found by the page itself.

GitHub Pages answers a missing address with 404.html, at that address, at any depth. MkDocs
therefore makes 404.html's links absolute, under site_url's path: they break when the page is
opened from disk or the site is served under another path. Here 404.html keeps relative links,
written as from the site's root (base_url "."), and a script at the top of its head
(overrides/404.html) points a <base> element at the root: the folder of 404.html from disk, else
site_url's path when the address starts with it (where GitHub Pages serves the site). Served under
another path, the address alone cannot tell: `/REPO/old/papers/x.html` may be the site at /REPO/
or at /REPO/old/. The script then asks for MARKER under each of the address's folders, shortest
first (the site is rarely deep, missing addresses often are), with a blocking request so the
stylesheets still load in order after it; the first that holds this build's token is the root.
Only when none does, it guesses: the part before a folder the site has (papers/, digests/, ...),
else the address's first folder.

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
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from generator.write.tree import OWNED

# Folders a site address can hold: the generator's and the theme's.
FOLDERS = sorted({name for name in OWNED if "." not in name} | {"assets", "search", "stylesheets"})


# A small file at the site's root; its text, this build's token, tells the root from any other folder.
MARKER = "site-root.txt"


def token(config: Any) -> str:
    """Return the text of MARKER: the site's name and address."""
    name = config.site_name.unescape() if isinstance(config.site_name, Markup) else config.site_name
    return f"{name} {config.site_url or ''}".strip()


def on_files(files: Files, config: Any) -> Files:
    """Add MARKER at the site's root."""
    files.append(File.generated(config, MARKER, content=token(config)))
    return files


def on_template_context(context: Any, template_name: str, config: Any) -> Any:
    """Give 404.html relative links and what its script needs to find the site's root."""
    if template_name == "404.html":
        context["base_url"] = "."
        context["site_path"] = urlsplit(config.site_url or "/").path or "/"
        context["site_folders"] = FOLDERS
        context["site_marker"] = MARKER
        context["site_token"] = token(config)
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
