"""MkDocs hooks (see `hooks:` in mkdocs.yml): progress bars for the long build stages."""

from __future__ import annotations

from typing import Any

try:
    from generator.progress import Progress
except ImportError:  # loaded by a bare `mkdocs`: MkDocs puts this file's folder on sys.path
    from progress import Progress  # type: ignore[no-redef]

_bars: dict[str, Progress] = {}


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


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Tick the template pass."""
    bar = _bars.get("write")
    if bar:
        bar.advance()
        if bar.done == bar.total:
            bar.close()
    return output
