"""The templates every generated page and file is rendered from (generator/render/templates/).

Autoescaping is on for every template: data reaches markup only as escaped text, so no Python
code assembles markup or escapes by hand. Whitespace between tags is trimmed by the templates'
own `{%-`/`-%}` markers, not by post-processing.

A generated page is a Markdown file: YAML front matter (yaml.safe_dump) and an HTML body from a
template here. MkDocs' theme prints `title` and `description` from the front matter as they are
(its Jinja environment does not autoescape; MkDocs treats a page title as HTML), and
overrides/partials/page-meta.html prints `feed_title` as it prints the title, so page() stores
those three as escaped text, escaped by Jinja's own escaping (markupsafe), and every other
value as plain data.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import yaml

from .. import dates
from ..analysis.links import first_sentence
from . import citations

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Front-matter keys whose values MkDocs, Material and overrides/partials print into pages as HTML.
PRINTED_AS_HTML = ("title", "description", "feed_title")


def count(n: int, noun: str) -> str:
    """Return "1 paper", "2 papers" or "1,234 papers"."""
    return f"{n} {noun}" if n == 1 else f"{n:,} {noun}s"


def relative(target: str, page: str) -> str:
    """Return the link from the page at site path `page` to the site path `target`.

    Site paths are relative to the site's root, without "." or ".." parts ("papers/x.html").
    """
    folder, _, name = target.rpartition("/")
    return _climb(folder, page.rpartition("/")[0]) + name


@cache
def _climb(target_folder: str, page_folder: str) -> str:
    """Return the way from one folder of the site to another, "" or ending in "/"."""
    way = posixpath.relpath(target_folder or ".", page_folder or ".")
    return "" if way == "." else way + "/"


def forget_papers() -> None:
    """Drop what rendering cached per paper (first sentences, COinS), once a build's pages are written.

    Those caches hold every paper's text; MkDocs, which runs next, holds every page.
    """
    if environment.cache_info().currsize:
        environment().filters["first_sentence"].cache_clear()
    citations.coins.cache_clear()


@cache
def environment() -> jinja2.Environment:
    """Return the shared Jinja environment: autoescaped, strict about undefined names."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a build: no stat(2) per page
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        long_date=dates.long_date,
        short_date=dates.short_date,
        month_year=dates.month_year,
        count=count,
        first_sentence=lru_cache(maxsize=None)(first_sentence),  # a paper's, on each list it is on
        coins=citations.coins,
    )
    env.globals["relative"] = relative
    return env


def render(name: str, /, **context: Any) -> str:
    """Render the template `name` (a path under generator/render/templates/) with context."""
    return environment().get_template(name).render(**context)


def front_matter(meta: Mapping[str, object]) -> str:
    """Serialise front matter with yaml.safe_dump, never by string formatting.

    `title`, `description` and `feed_title` are escaped first (see PRINTED_AS_HTML); pass them as
    plain text.
    """
    values = {k: str(markupsafe.escape(v)) if k in PRINTED_AS_HTML else v for k, v in meta.items()}
    # CSafeDumper is yaml.safe_dump's libyaml twin: same safe subset, many times faster.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    dumped = yaml.dump(values, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1_000_000)
    return f"---\n{dumped}---\n\n"


def page(template: str, meta: Mapping[str, object], /, **context: Any) -> str:
    """Return a generated Markdown page: front matter from meta, then the template's HTML body."""
    return front_matter(meta) + render(template, **context)
