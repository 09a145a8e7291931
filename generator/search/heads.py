"""First results of the commonest one-word queries, computed when the site is built ("heads").

A word found in thousands of papers (`model`, `learning`) costs the browser the most: its long
postings and those of its completions, then the display data of the best twenty papers, spread
over twenty files. Its answer does not depend on the reader, so it is computed here, exactly as
the worker would compute it (worker.js `answer` for a query of that one word: the word with the
`exact` boost and its `prefix_terms` most frequent completions, lunr's scores from the quantized
impacts, Material's boost of pages, best first, sections under their page), and written with the
display data it shows into one small file. This is result caching for head queries, as web search
engines do, not an approximation: tests/test_search_heads.py checks every head against the full
computation of `python -m generator search`.

`h/N.js`, for the term whose postings are `p/N.js` (a shard lists its terms that have one under
`heads`): `{"prefix": bool, "total": pages, "marks": [terms], "groups": [[page, [[doc, score],
...]], ...], "records": {doc: record}}`, records as in `d/` files.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .tokens import CJK

LEVELS = 255


def decode(post: str, n_fields: int) -> list[tuple[np.ndarray, np.ndarray] | None]:
    """Return a term's postings (index.py's JSON) per field: (documents, impacts), or None."""
    out: list[tuple[np.ndarray, np.ndarray] | None] = []
    for values in json.loads(post)[:n_fields]:
        if not values:
            out.append(None)
            continue
        scale = float(values[0])
        if len(values) > 1 and values[1] < 0:
            n = -values[1]
            docs = np.cumsum(np.array(values[2 : 2 + n], dtype=np.int64))
            levels = np.array(values[2 + n :], dtype=np.float64)
        else:
            docs = np.cumsum(np.array(values[1:], dtype=np.int64))
            levels = np.full(len(docs), float(LEVELS))
        out.append((docs, levels * scale))  # the worker: level * scale
    return out


def prefix_of(term: str, min_prefix: int) -> bool:
    """Whether a one-word query of term also finds the words it begins (worker.js, parse)."""
    length = len(term)
    return length >= min_prefix or (length == 1 and CJK.match(term) is not None)


def head(
    term: str,
    completions: Sequence[str],
    post_of: Callable[[str], list[tuple[np.ndarray, np.ndarray] | None]],
    documents: int,
    page: np.ndarray,
    settings: dict[str, Any],
) -> dict[str, Any]:
    """Return the answer to the one-word query `term`, without display data (see the module).

    completions are the terms the worker adds (index.completions); post_of decodes a term's
    postings; page maps a section's document number to its page's, and is -1 for a page;
    settings are the manifest's.
    """
    prefix = prefix_of(term, settings["min_prefix"])
    expansion = [(term, settings["exact"] if prefix else 1.0)]
    if prefix:
        expansion += [(t, 1.0) for t in completions if t != term]
    total = 0.0
    for _, boost in expansion:  # |q_f|, the same in every field: one word searched in all of them
        total += boost * boost
    norm = math.sqrt(total) or 1.0
    score = np.zeros(documents)
    hit = np.zeros(documents, dtype=bool)
    for name, boost in expansion:
        for field in post_of(name):
            if field is not None:
                docs, impacts = field
                score[docs] += boost * impacts / norm  # documents are distinct within a field
                hit[docs] = True
    found = np.flatnonzero(hit)
    sections = page[found] >= 0
    final = score[found] * np.where(sections, 2.0, 5.0)  # raw · (1 + boost²), boost = page (1) + every word (1)
    order = np.lexsort((found, -final))
    groups: dict[int, list[list[Any]]] = {}
    for d, value in zip(found[order].tolist(), final[order].tolist(), strict=True):
        key = int(page[d]) if page[d] >= 0 else d
        if key in groups:
            groups[key].append([d, value])
        elif len(groups) < settings["results"]:
            groups[key] = [[d, value]]
        elif not sections.any():
            break
    owners = np.where(page[found] >= 0, page[found], found)
    return {
        "prefix": prefix,
        "total": len(np.unique(owners)),
        "marks": [name for name, _ in expansion],
        "groups": [[key, members] for key, members in groups.items()],
    }
