"""MkDocs hooks (see `hooks:` in mkdocs.yml): progress bars, generated pages past Markdown, pages
without indentation, and search: what a paper page gives the index, and the prebuilt index."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from lunr.stop_word_filter import WORDS as STOP_WORDS
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.toc import get_toc

try:
    from generator.analysis.links import first_sentence
    from generator.progress import Progress
    from generator.search.index import prebuild
except ImportError:  # loaded by a bare `mkdocs`: MkDocs puts this file's folder on sys.path
    from links import first_sentence  # type: ignore[no-redef]
    from progress import Progress  # type: ignore[no-redef]
    from search_index import prebuild  # type: ignore[no-redef]

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


# What a paper contributes to the search index. Its title and topics; the abstract's first
# sentence, which is also the preview under the result; and the abstract's other words, each once,
# in the entry's `words`: indexed, never shown. The index is prebuilt at the end of the build
# (generator/search/index.py), so the reader's browser tokenizes nothing; `words` leaves the
# published documents there.
_ABSTRACT = re.compile(r'<p class="paper-abstract">(.*?)</p>', re.S)
_WORDS = re.compile(r"[^\W_](?:[\w.\-]*[^\W_])?")


def index_text(abstract: str) -> tuple[str, str]:
    """Return the abstract as the index keeps it: its first sentence, and its other words once."""
    first = first_sentence(abstract, 1_000_000)
    seen = {w.lower() for w in _WORDS.findall(first)}
    words = []
    for word in _WORDS.findall(abstract[len(first) :]):
        key = word.lower()
        if key not in seen and key not in STOP_WORDS:
            seen.add(key)
            words.append(word)
    return first, " ".join(words)


@event_priority(100)  # before Material's search plugin reads the page
def _on_page_context_compact(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """Hand the search index a compact paper page; paper.html renders the full one."""
    if page.meta.get("template") != "paper.html" or not page.content:
        return context
    match = _ABSTRACT.search(page.content)
    if match:
        first, words = index_text(html.unescape(match.group(1)))
        page.paper_html = page.content
        page.content = f'<p class="paper-abstract">{html.escape(first, quote=False)}</p>'
        page.index_words = words
    return context


def _search_plugin(config: Any) -> Any:
    """Material's search plugin, if the site uses it."""
    plugins = config.plugins
    return plugins.get("material/search") or plugins.get("search")


@event_priority(-100)  # after Material's search plugin has made the page's entries
def _on_page_context_words(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """Give a paper's search entry the words it is indexed by but does not show."""
    words = getattr(page, "index_words", "")
    index = getattr(_search_plugin(config), "search_index", None)
    if words and index is not None:
        for entry in reversed(index.entries):
            if entry.get("location") == page.url:
                entry["words"] = words
                break
    return context


on_page_context = CombinedEvent(_on_page_context_compact, _on_page_context_words)


@event_priority(-50)  # after Material's search plugin writes the index, before offline copies it
def on_post_build(config: Any) -> None:
    """Prebuild the search index (generator/search/index.py) into search_index.json."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    prebuilt = prebuild(data)
    for doc in data["docs"]:
        doc.pop("words", None)
    if prebuilt is not None:
        data["config"]["prebuilt"] = prebuilt  # Material's bundle hands the worker config, docs and nothing else
    path.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
