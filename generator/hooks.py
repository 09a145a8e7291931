"""MkDocs hooks (see `hooks:` in mkdocs.yml): progress bars, generated pages past Markdown, pages
without indentation. (Search has its own: overrides/hooks/search.py.)"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.structure.toc import get_toc

try:
    from generator.progress import Progress
except ImportError:  # loaded by a bare `mkdocs`: MkDocs puts this file's folder on sys.path
    from progress import Progress  # type: ignore[no-redef]

_bars: dict[str, Progress] = {}

# Folders the generator writes (generator/write/tree.py OWNED). Their pages are HTML already: every
# piece of data in them went through html.escape into raw HTML blocks, which Python-Markdown
# would only copy through, at a cost of milliseconds per page. They skip Markdown.
GENERATED = ("papers/", "digests/", "topics/")
_ID = re.compile(r'\bid="([^"]+)"')


def _render_generated(page: Any, config: Any, files: Any) -> None:
    """Render a generated page: its body is the HTML; no Markdown, no table of contents."""
    page.content = page.markdown
    page.toc = get_toc([])
    page.present_anchor_ids = set(_ID.findall(page.markdown))


def on_pre_page(page: Any, config: Any, files: Any) -> Any:
    """Send generated pages past Markdown (see GENERATED)."""
    if page.file.src_uri.startswith(GENERATED):
        page.render = lambda config, files: _render_generated(page, config, files)
    return page


def on_files(files: Any, config: Any) -> Any:
    """Size the bars: one tick per Markdown page in each of MkDocs' two passes."""
    pages = sum(1 for f in files if f.is_documentation_page())
    _bars["read"] = Progress("mkdocs: Markdown", pages)
    _bars["write"] = Progress("mkdocs: pages", pages)
    return files


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Tick the Markdown pass."""
    bar = _bars.get("read")
    if bar:
        bar.advance()
        if bar.done == bar.total:
            bar.close()
    return html


# Indentation from Material's templates is a sixth of a paper page. Collapsing it is safe
# outside <pre>, <textarea> and <script>, where whitespace can mean something.
_VERBATIM = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)
_INDENT = re.compile(r"\n\s+")


def collapse(html: str) -> str:
    """Drop the indentation of lines (a newline stays a newline) outside verbatim elements."""
    parts = _VERBATIM.split(html)
    # split() yields text, element, tag name, text, element, tag name, ...
    return "".join(_INDENT.sub("\n", part) if i % 3 == 0 else part for i, part in enumerate(parts) if i % 3 != 2)


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Tick the template pass and tighten the page."""
    bar = _bars.get("write")
    if bar:
        bar.advance()
        if bar.done == bar.total:
            bar.close()
    return collapse(output)
