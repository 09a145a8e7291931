"""MkDocs hook: pages without the indentation of Material's templates.

Indentation is a sixth of a page's bytes. Dropping it is safe outside <pre>, <textarea> and
<script>, where whitespace can mean something; a newline stays a newline, so the text between
inline elements keeps its spaces. Outside the <article> (Material's frame: header, tabs, search,
sidebars, footer, whose elements are blocks, flex items or positioned), a newline between two
tags goes too: whitespace there renders as nothing (a test compares screenshots).
In the frame, the text of an element that holds nothing else (a tab's label, the header's
titles) loses the newlines around it too: it stands alone on its line, where a leading or
trailing space shows as nothing.
"""

from __future__ import annotations

import re
from typing import Any

_VERBATIM = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)
_ARTICLE = re.compile(r"(<article\b.*?</article>)", re.S)
_INDENT = re.compile(r"\n\s+")
_ALONE = re.compile(r">\n([^<>\n]+)\n<")


def _tighten(text: str, frame: bool) -> str:
    text = _INDENT.sub("\n", text)
    if not frame:
        return text
    text = _ALONE.sub(r">\1<", text.replace(">\n<", "><"))
    # Next to a verbatim element (a script in the head, say), the text's edges are between tags too.
    if text == "\n":
        return ""
    text = text[1:] if text.startswith("\n<") else text
    return text[:-1] if text.endswith(">\n") else text


def collapse(html: str) -> str:
    """Drop the indentation of lines outside verbatim elements, and the frame's newlines between tags."""
    out = []
    for n, region in enumerate(_ARTICLE.split(html)):  # outside, article, outside
        parts = _VERBATIM.split(region)
        # split() yields text, element, tag name, text, element, tag name, ...
        out += [_tighten(part, n % 2 == 0) if i % 3 == 0 else part for i, part in enumerate(parts) if i % 3 != 2]
    return "".join(out)


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Tighten every page."""
    return collapse(output)


def on_post_template(output: str, template_name: str, config: Any) -> str:
    """Tighten 404.html, the one theme template that is a page."""
    return collapse(output) if template_name == "404.html" else output
