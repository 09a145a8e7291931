"""MkDocs hook: pages without the indentation of Material's templates.

Indentation is a sixth of a page's bytes. Dropping it is safe outside <pre>, <textarea> and
<script>, where whitespace can mean something; a newline stays a newline, so the text between
inline elements keeps its spaces. Outside the <article> (Material's frame: header, tabs, search,
sidebars, footer, whose elements are blocks, flex items or positioned), a newline between two
tags goes too: whitespace there renders as nothing (a test compares screenshots).

Material's settings for its script (the `__config` JSON in every page, base.html's `config`
block) also lose what this site leaves unset (null values) and the labels of features it does not
use (copying code, the version selector), through the `compact_config` filter main.html applies.
"""

from __future__ import annotations

import json
import re
from typing import Any

import jinja2
from markupsafe import Markup

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


_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def compact_config(block: str, features: list[str]) -> Markup:
    """Return Material's config block without null values and the labels of features not in use."""
    match = _CONFIG.search(block)
    if not match:
        return Markup(block)
    settings = {k: v for k, v in json.loads(match.group(2)).items() if v is not None}
    labels = settings.get("translations", {})
    unused = [k for k in labels if k.startswith("clipboard.")] if "content.code.copy" not in features else []
    unused += ["select.version"] if "version" not in settings else []  # the version selector's
    for key in unused:
        labels.pop(key, None)
    text = json.dumps(settings, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
    return Markup(block[: match.start(2)] + text + block[match.end(2) :])


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    """Give main.html the compact_config filter."""
    env.filters["compact_config"] = compact_config
    return env


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Tighten every page."""
    return collapse(output)
