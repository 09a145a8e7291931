"""Search settings, from mkdocs.yml: Material's search plugin and `extra.generator.search`.

The search plugin's own options say how text becomes terms (`separator`, `pipeline`, `lang`) and
what each field weighs (`fields`); `extra.generator.search` holds the rest (below). The build
copies them into the index's manifest (search/search_index.json), which the browser's worker and
`python -m generator search` both read, so the two always use the settings the site was built with.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

# Material's defaults are a space-or-hyphen separator and a 1000x title; the site's are below.
# An apostrophe (' or U+2019) between letters or digits is inside a word (`don't`: tokens.py).
SEPARATOR = (
    r"[^\p{L}\p{M}\p{N}\u200c\u200d.'\u2019]+|\.(?!\p{N})|(?<!\p{N})\."
    r"|['\u2019](?![\p{L}\p{M}\p{N}])|(?<![\p{L}\p{M}\p{N}])['\u2019]"
)
FIELDS = {"title": 5.0, "text": 1.0, "tags": 2.0, "authors": 2.0}
KNOWN_FIELDS = ("title", "text", "tags", "authors")


@dataclass(frozen=True)
class SearchSettings:
    """How the index is built and queried; the defaults are the site's."""

    separator: str = SEPARATOR
    """Material's `separator`: a JavaScript regular expression (u flag) between words."""
    pipeline: tuple[str, ...] = ("stopWordFilter",)
    """Material's `pipeline`: lunr's steps applied to every word (stopWordFilter, stemmer, trimmer)."""
    fields: dict[str, float] = field(default_factory=lambda: dict(FIELDS))
    """Material's `fields`: each indexed field and its boost, in order."""
    lang: tuple[str, ...] = ("en",)
    """Material's `lang`: only English (lunr's own pipeline) is supported."""
    k1: float = 1.2
    """BM25 term frequency saturation (lunr's k1)."""
    b: float = 0.1
    """BM25 length normalisation (lunr's b; Material sets 0): of two titles with the same words, the shorter first."""
    exact: float = 2.0
    """How much more a word counts where it is the whole word than where it begins a longer one."""
    joined: float = 0.05
    """How much a hyphenated word's solid spelling counts (pretraining for pre-training; 0: not searched)."""
    prefix_terms: int = 8
    """A word also finds the longer words it begins: its most frequent completions, at most this many."""
    min_prefix: int = 3
    """Shorter words (a CJK character excepted) find only themselves: `mo` is not every word in m-o."""
    results: int = 20
    """How many results the search box lists (best first); the count above them says how many match."""
    pause: int = 100
    """Milliseconds the browser waits before it looks a query up (0: at once); one typed meanwhile replaces it."""
    shard_bytes: int = 24_000
    """Target size of a term shard, the unit the browser loads (bytes, before compression)."""
    postings_bytes: int = 2_000
    """A term whose postings are longer gets a file of its own, loaded only when a query needs it."""
    chunk: int = 16
    """Documents per file of display data (title, first sentence, topics, authors)."""
    head_bytes: int = 16_000
    """A word whose postings are longer (bytes) gets the first results of a search for it alone precomputed."""

    def manifest(self) -> dict[str, Any]:
        """Return the settings the browser and the command line need, as JSON."""
        keep = ("k1", "b", "exact", "joined", "prefix_terms", "min_prefix", "results", "chunk", "pause")
        return {key: value for key, value in asdict(self).items() if key in keep}


class SearchSettingsError(ValueError):
    """A search setting is wrong; the message names it."""


INTS = ("prefix_terms", "min_prefix", "results", "shard_bytes", "postings_bytes", "chunk", "head_bytes", "pause")
ZERO_OK = ("pause",)  # the other whole numbers are 1 or more
FLOATS = ("k1", "b", "exact", "joined")


def from_config(plugin: dict[str, Any] | None, extra: dict[str, Any] | None) -> SearchSettings:
    """Return the settings from the search plugin's options and `extra.generator.search`.

    Raises SearchSettingsError naming the first wrong option.
    """
    values: dict[str, Any] = {}
    plugin = plugin or {}
    if plugin.get("separator") is not None:
        if not isinstance(plugin["separator"], str):
            raise SearchSettingsError("plugins.search.separator must be a string")
        values["separator"] = plugin["separator"]
    if plugin.get("pipeline") is not None:
        steps = plugin["pipeline"]
        if not isinstance(steps, list) or not all(s in ("stopWordFilter", "stemmer", "trimmer") for s in steps):
            raise SearchSettingsError("plugins.search.pipeline must list stopWordFilter, stemmer or trimmer")
        values["pipeline"] = tuple(steps)
    if plugin.get("lang") is not None:
        lang = plugin["lang"] if isinstance(plugin["lang"], list) else [plugin["lang"]]
        if lang != ["en"]:
            raise SearchSettingsError("plugins.search.lang: only en is supported (CJK is indexed as bigrams)")
    if plugin.get("fields") is not None:
        fields = plugin["fields"]
        if not isinstance(fields, dict) or set(fields) - set(KNOWN_FIELDS):
            raise SearchSettingsError(f"plugins.search.fields: the fields are {', '.join(KNOWN_FIELDS)}")
        merged = dict(FIELDS)
        for name, spec in fields.items():
            boost = (spec or {}).get("boost", 1) if isinstance(spec, dict) else None
            if not isinstance(boost, int | float) or isinstance(boost, bool) or boost <= 0:
                raise SearchSettingsError(f"plugins.search.fields.{name}.boost must be a positive number")
            merged[name] = float(boost)
        values["fields"] = merged
    for key, value in (extra or {}).items():
        if key in INTS and isinstance(value, int) and not isinstance(value, bool) and value >= (key not in ZERO_OK):
            values[key] = value
        elif key in FLOATS and isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < math.inf:
            if key == "b" and not value <= 1:  # BM25's length normalisation: 0 (none) to 1 (full)
                raise SearchSettingsError("extra.generator.search.b must be between 0 and 1")
            values[key] = float(value)
        elif key in INTS or key in FLOATS:
            kind = "a finite number of 0 or more"
            if key in INTS:
                kind = f"a whole number of {0 if key in ZERO_OK else 1} or more"
            raise SearchSettingsError(f"extra.generator.search.{key} must be {kind}")
        else:
            raise SearchSettingsError(f"unknown setting extra.generator.search.{key}")
    return SearchSettings(**values)
