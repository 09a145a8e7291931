"""MkDocs hooks (see `hooks:` in mkdocs.yml): progress bars, and pages without indentation."""

from __future__ import annotations

import html
import re
from typing import Any

from lunr.stop_word_filter import WORDS as STOP_WORDS
from mkdocs.plugins import event_priority
from mkdocs.structure.toc import get_toc

try:
    from generator.links import first_sentence
    from generator.progress import Progress
except ImportError:  # loaded by a bare `mkdocs`: MkDocs puts this file's folder on sys.path
    from links import first_sentence  # type: ignore[no-redef]
    from progress import Progress  # type: ignore[no-redef]

_bars: dict[str, Progress] = {}

# Folders the generator writes (generator/write.py OWNED). Their pages are HTML already: every
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


# What a paper contributes to the search index. The index is written twice (search_index.json
# for the web, search_index.js for file://) and lunr.js builds it in the reader's browser on
# every visit, so every word costs twice in bytes and once in waiting. A paper is indexed by its
# title, its topics, the abstract's first sentence (the preview under the result) and the
# abstract's rarest other words (front matter search_words, from generator/keywords.py).
_ABSTRACT = re.compile(r'<p class="paper-abstract">(.*?)</p>', re.S)
_WORDS = re.compile(r"[^\W_](?:[\w.\-]*[^\W_])?")


def index_text(abstract: str, words: list[str] | None = None) -> str:
    """Return the abstract as the index keeps it: first sentence, then the chosen words.

    Without a choice of words, every other word of the abstract is kept once.
    """
    first = first_sentence(abstract, 1_000_000)  # the sentence generator/keywords.py leaves out
    if words is None:
        seen = {w.lower() for w in _WORDS.findall(first)}
        words = []
        for word in _WORDS.findall(abstract[len(first) :]):
            key = word.lower()
            if key not in seen and key not in STOP_WORDS:
                seen.add(key)
                words.append(word)
    return f"{first} {' '.join(words)}".strip()


@event_priority(100)  # before Material's search plugin reads the page
def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """Hand the search index a compact paper page; paper.html renders the full one."""
    if page.meta.get("template") != "paper.html" or not page.content:
        return context
    match = _ABSTRACT.search(page.content)
    if match:
        words = page.meta.get("search_words")
        compact = html.escape(index_text(html.unescape(match.group(1)), words), quote=False)
        page.paper_html = page.content
        page.content = f'<p class="paper-abstract">{compact}</p>'
    return context
