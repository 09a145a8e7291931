"""The templates every generated page and file is rendered from (generator/render/templates/).

Autoescaping is on for every template: data reaches markup only as escaped text, so no Python
code assembles markup or escapes by hand. Whitespace between tags is trimmed by the templates'
own `{%-`/`-%}` markers, not by post-processing.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def environment() -> jinja2.Environment:
    """Return the shared Jinja environment: autoescaped, strict about undefined names."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **context: Any) -> str:
    """Render the template `name` (a path under generator/render/templates/) with context."""
    return environment().get_template(name).render(**context)
