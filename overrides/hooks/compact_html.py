"""MkDocs hook: pages without the indentation of Material's templates.

Indentation is a sixth of a page's bytes. Dropping it is safe outside <pre>, <textarea> and
<script>, where whitespace can mean something; a newline stays a newline, so the text between
inline elements keeps its spaces.
"""

from __future__ import annotations

import re
from typing import Any

_VERBATIM = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)
_INDENT = re.compile(r"\n\s+")


def collapse(html: str) -> str:
    """Drop the indentation of lines (a newline stays a newline) outside verbatim elements."""
    parts = _VERBATIM.split(html)
    # split() yields text, element, tag name, text, element, tag name, ...
    return "".join(_INDENT.sub("\n", part) if i % 3 == 0 else part for i, part in enumerate(parts) if i % 3 != 2)


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Tighten every page."""
    return collapse(output)
