"""MkDocs hooks (see `hooks:` in mkdocs.yml) for search: what a paper page gives the index, and the
prebuilt index. (Progress bars, generated pages and compact HTML have their own hook files in
overrides/hooks/.)"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from lunr.stop_word_filter import WORDS as STOP_WORDS
from mkdocs.plugins import CombinedEvent, event_priority

try:
    from generator.analysis.links import first_sentence
    from generator.search.index import prebuild
except ImportError:  # loaded by a bare `mkdocs`: MkDocs puts this file's folder on sys.path
    from links import first_sentence  # type: ignore[no-redef]
    from search_index import prebuild  # type: ignore[no-redef]

# What a paper contributes to the search index. Its title and topics; the abstract's first
# sentence, which is also the preview under the result; and the abstract's other words, each once,
# in the entry's `words`: indexed, never shown. The index is prebuilt at the end of the build
# (generator/search/index.py), so the reader's browser tokenizes nothing; `words` leaves the
# published documents there.
_ABSTRACT = re.compile(r'<p class="paper-abstract"[^>]*>(.*?)</p>', re.S)
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
