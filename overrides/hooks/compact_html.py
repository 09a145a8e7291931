"""MkDocs hook: pages without the indentation of Material's templates.

Indentation is a sixth of a page's bytes. Dropping it is safe outside <pre>, <textarea> and
<script>, where whitespace can mean something; a newline stays a newline, so the text between
inline elements keeps its spaces. Outside the <article> (Material's frame: header, tabs, search,
sidebars, footer, whose elements are blocks, flex items or positioned), a newline between two
tags goes too: whitespace there renders as nothing (a test compares screenshots).
"""

from __future__ import annotations

import re
from typing import Any

_VERBATIM = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)
_ARTICLE = re.compile(r"(<article\b.*?</article>)", re.S)
_INDENT = re.compile(r"\n\s+")


def _tighten(text: str, frame: bool) -> str:
    text = _INDENT.sub("\n", text)
    return text.replace(">\n<", "><") if frame else text


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
