"""MkDocs hook: what MkDocs needs to know about the pages the generator writes.

- Generated pages are HTML already (generator/render/templates/, autoescaped): they skip
  Markdown, which would only copy them through at a cost of milliseconds per page.
- They are reached through links, never the navigation, which Material renders into every page;
  the home page's generated part (_generated/) is a snippet, not a page.
- A generated page lights the tab of its section (a digest's page the Digests tab, a topic's page
  the Topics tab), as Material lights the tab of a page in the navigation.
- Templates get the site's Atom feed (`site_feed`) from the generator, which writes it.

The generated folders are the writer's (generator/write/tree.py OWNED): named once, there.
"""

from __future__ import annotations

import re
from typing import Any

import project_root  # noqa: F401  (the generator on sys.path)
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.toc import get_toc

from generator.render.feeds import SITE_FEED
from generator.render.pages import HOME
from generator.write.tree import OWNED

SNIPPETS = HOME.split("/")[0]
_ID = re.compile(r'\bid="([^"]+)"')


def generated(src_uri: str) -> bool:
    """Tell whether a file under docs/ is the generator's."""
    return src_uri.split("/", 1)[0] in OWNED


def on_files(files: Any, config: Any) -> Any:
    """Keep generated pages out of the navigation, and the snippets folder out of the site."""
    for file in files:
        if generated(file.src_uri):
            top = file.src_uri.split("/", 1)[0]
            file.inclusion = InclusionLevel.EXCLUDED if top == SNIPPETS else InclusionLevel.NOT_IN_NAV
    return files


def _render_generated(page: Any) -> None:
    """Render a generated page: its body is the HTML; no Markdown, no table of contents."""
    page.content = page.markdown
    page.toc = get_toc([])
    page.present_anchor_ids = set(_ID.findall(page.markdown))


def on_pre_page(page: Any, config: Any, files: Any) -> Any:
    """Send generated pages past Markdown."""
    if generated(page.file.src_uri):
        page.render = lambda config, files: _render_generated(page)
    return page


_lit: list[Any] = []  # the tab lit for the generated page being rendered


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """Light the section's tab while a generated page renders (MkDocs lights only the page's own)."""
    if generated(page.file.src_uri):
        index = page.file.src_uri.split("/", 1)[0] + "/index.md"
        for item in nav.items:
            if item is not page and getattr(item, "file", None) and item.file.src_uri == index:
                item.active = True
                _lit.append(item)
    return context


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Put out the tab lit for the page just rendered."""
    while _lit:
        _lit.pop().active = False
    return output


def on_env(env: Any, config: Any, files: Any) -> Any:
    """Hand the templates the site feed's path (overrides/partials/page-meta.html links it)."""
    env.globals["site_feed"] = SITE_FEED
    return env
