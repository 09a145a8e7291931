"""MkDocs hook: progress bars for MkDocs' two long passes over the pages (Markdown, then templates).

Only a site with thousands of pages shows them (generator/progress.py).
"""

from __future__ import annotations

from typing import Any

import project_root  # noqa: F401  (the generator on sys.path)

from generator.progress import Progress

_bars: dict[str, Progress] = {}


def on_files(files: Any, config: Any) -> Any:
    """Size the bars: one tick per Markdown page in each pass."""
    pages = sum(1 for f in files if f.is_documentation_page())
    _bars["read"] = Progress("mkdocs: Markdown", pages)
    _bars["write"] = Progress("mkdocs: pages", pages)
    return files


def _tick(name: str) -> None:
    bar = _bars.get(name)
    if bar:
        bar.advance()
        if bar.done == bar.total:
            bar.close()


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Tick the Markdown pass."""
    _tick("read")
    return html


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Tick the template pass."""
    _tick("write")
    return output
