"""The prebuilt search index: the index lunr.js would build in the browser, built once.

The JavaScript side is checked against the real thing: the site's built search worker (Material's
lunr.js with the tuning script) runs in Node (tests/node/search_worker.js). Stock, it builds its
index from the documents; given `prebuilt`, it loads ours. The terms, field lengths, scores and
results must be the same.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from generator.search import index as search_index
from generator.search.index import decode, js_regex, make_terms, prebuild

from .conftest import FIXTURES, IN_CI, ROOT

NODE = shutil.which("node")
HARNESS = ROOT / "tests" / "node" / "search_worker.js"
TRICKY = FIXTURES / "search" / "tricky_docs.json"
SEPARATOR = r"""[\s\-–—,:;!?()\[\]{}"'“”‘’/|$^…]+|\.(?!\d)|&#?[a-z0-9]+;"""
FIELDS = {"title": {"boost": 5}, "text": {"boost": 1}, "tags": {"boost": 2}}


def config(pipeline: list[str]) -> dict[str, Any]:
    return {"lang": ["en"], "separator": SEPARATOR, "pipeline": pipeline, "fields": FIELDS}


# Python alone ------------------------------------------------------------------------------


def test_white_space_is_javascripts() -> None:
    # JavaScript's \s has NBSP and the BOM, not the information separators Python adds.
    assert js_regex(r"[\s]+").split("a\u00a0b\ufeffc\x1cd") == ["a", "b", "c\x1cd"]
    assert js_regex(r"\s+").split("a\u2003b") == ["a", "b"]


def test_the_trimmer_trims_ascii_word_characters_only() -> None:
    # lunr's trimmer is /^\W+/ and /\W+$/ without the u flag: "é" is not a word character.
    assert make_terms(r"\s+", ["trimmer"])("«café» ok") == ["caf", "ok"]


def test_markup_is_skipped_and_text_lowercased() -> None:
    terms = make_terms(r"[\s\-]+", ["stopWordFilter"])
    assert terms("<p>The <code>Mix-Up</code> of GANs</p>") == ["mix", "up", "gans"]
    assert terms(["Vision", "Language"]) == ["vision", "language"]
    assert terms(None) == []


def test_postings_survive_encoding() -> None:
    data = {
        "config": config(["stopWordFilter"]),
        "docs": [
            {"location": "a.html", "title": "Alpha beta", "text": "<p>beta beta gamma</p>"},
            {"location": "b.html", "title": "Gamma", "text": "<p>alpha</p>", "words": "delta beta"},
        ],
    }
    prebuilt = prebuild(data)
    assert prebuilt is not None
    assert prebuilt["terms"] == ["alpha", "beta", "delta", "gamma"]
    assert prebuilt["lengths"] == {"title": [2, 1], "text": [3, 3], "tags": [0, 0]}
    rows = decode(prebuilt)
    assert rows["text"] == [(0, [(1, 1)]), (1, [(0, 2), (1, 1)]), (2, [(1, 1)]), (3, [(0, 1)])]
    assert rows["title"] == [(0, [(0, 1)]), (1, [(0, 1)]), (3, [(1, 1)])]
    # text: alpha in b; beta twice in a, once in b; delta in b; gamma in a
    assert prebuilt["postings"]["text"] == [1, 1, 2, 1, 2, -1, 2, 1, 1, 1, 2, 1, 1, 1]
    assert json.loads(json.dumps(prebuilt)) == prebuilt


def test_what_the_browser_must_build_itself() -> None:
    docs = [{"location": "a.html", "title": "A", "text": ""}]
    assert prebuild({"config": {**config([]), "lang": ["de"]}, "docs": docs}) is None
    assert prebuild({"config": config([]), "docs": docs + docs}) is None
    assert search_index.js_order("\U0001f600") < search_index.js_order("\uffff")  # UTF-16 order


# Against lunr.js ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def node() -> str:
    if not NODE:
        if IN_CI:
            pytest.fail("Node.js is needed to check the prebuilt index against lunr.js")
        pytest.skip("Node.js is not installed")
    return NODE


@pytest.fixture(scope="module")
def worker(built_site: Path) -> Path:
    (found,) = (built_site / "site" / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    return found


@pytest.fixture(scope="module")
def site_index(built_site: Path) -> dict[str, Any]:
    raw = (built_site / "site" / "search" / "search_index.js").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw.removeprefix("var __index = "))
    return data


def run(node: str, worker: Path, index: dict[str, Any], queries: Sequence[str] = (), setups: int = 1) -> dict[str, Any]:
    request = json.dumps({"index": index, "queries": list(queries), "setups": setups})
    done = subprocess.run(
        [node, str(HARNESS), str(worker)], input=request, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def plain(index: dict[str, Any]) -> dict[str, Any]:
    """The index without its prebuilt postings."""
    config = {k: v for k, v in index["config"].items() if k != "prebuilt"}
    return {"config": config, "docs": index["docs"]}


def with_prebuilt(data: dict[str, Any], prebuilt: Any) -> dict[str, Any]:
    return {"config": {**data["config"], "prebuilt": prebuilt}, "docs": data["docs"]}


def stock(data: dict[str, Any]) -> dict[str, Any]:
    """The index as stock Material would ship it: words are part of the text, nothing prebuilt."""
    docs = []
    for doc in data["docs"]:
        doc = dict(doc)
        words = doc.pop("words", None)
        if words:
            doc["text"] = f"{doc.get('text', '')} {words}"
        docs.append(doc)
    return {"config": data["config"], "docs": docs}


def lunr_js_terms(built: dict[str, Any], fields: list[str], docs: list[dict[str, Any]]) -> dict[str, Any]:
    """What lunr.js's builder made, per field: lengths and (term, document, frequency)."""
    out: dict[str, Any] = {}
    for field in fields:
        refs = [f"{field}/{doc['location']}" for doc in docs]
        out[field] = (
            [built["lengths"][ref] for ref in refs],
            sorted((term, n, tf) for n, ref in enumerate(refs) for term, tf in built["frequencies"][ref].items()),
        )
    return out


def python_terms(prebuilt: dict[str, Any]) -> dict[str, Any]:
    rows, terms = decode(prebuilt), prebuilt["terms"]
    return {
        field: (prebuilt["lengths"][field], sorted((terms[t], n, tf) for t, found in rows[field] for n, tf in found))
        for field in prebuilt["fields"]
    }


@pytest.mark.parametrize("pipeline", [["stopWordFilter"], ["trimmer", "stopWordFilter", "stemmer"], []])
def test_terms_are_the_ones_lunr_js_indexes(node: str, worker: Path, pipeline: list[str]) -> None:
    docs = json.loads(TRICKY.read_text(encoding="utf-8"))
    data = {"config": config(pipeline), "docs": docs}
    prebuilt = prebuild(data)
    assert prebuilt is not None
    built = run(node, worker, stock(data))["built"]
    assert python_terms(prebuilt) == lunr_js_terms(built, list(FIELDS), docs)


def test_the_site_terms_are_the_ones_lunr_js_indexes(node: str, worker: Path, site_index: dict[str, Any]) -> None:
    data = plain(site_index)
    prebuilt = prebuild(data)
    assert prebuilt is not None
    built = run(node, worker, data)["built"]
    assert python_terms(prebuilt) == lunr_js_terms(built, prebuilt["fields"], data["docs"])


def comparable(items: list[list[dict[str, Any]]], highlighted: int) -> list[Any]:
    """Every result's page, score and matched words; the first pages' highlighted text too."""
    out = []
    for rank, group in enumerate(items):
        for item in group:
            entry = [item["location"], round(item["score"], 9), item.get("terms")]
            if rank < highlighted:
                entry += [item["title"], item.get("text"), item.get("tags")]
            out.append(entry)
    return out


def test_the_prebuilt_index_answers_as_lunr_js_does(node: str, worker: Path, site_index: dict[str, Any]) -> None:
    data = plain(site_index)
    prebuilt = prebuild(data)
    titles = [doc["title"] for doc in data["docs"] if doc["location"].startswith("papers/")]
    queries = [
        *titles[::9],
        "transformer",
        "diffusion models",
        "C-Mixup: Improving",
        '"bag of tricks"',
        "learn*",
        "title:vision",
        "+continual -learning",
        "zero-shot 3d",
        "qqqzzz",
    ]
    built = run(node, worker, data, queries)
    loaded = run(node, worker, with_prebuilt(data, prebuilt), queries)
    assert loaded["built"] is None, "the worker built its own index instead of loading the prebuilt one"
    assert built["built"] is not None
    for query, want, got in zip(queries, built["results"], loaded["results"], strict=True):
        assert comparable(got["items"], 10) == comparable(want["items"], 10), query


def test_a_prebuilt_index_that_does_not_fit_is_ignored(node: str, worker: Path, site_index: dict[str, Any]) -> None:
    data = plain(site_index)
    prebuilt = {**site_index["config"]["prebuilt"], "count": len(data["docs"]) + 1}
    answer = run(node, worker, with_prebuilt(data, prebuilt), ["transformer"])
    assert answer["built"] is not None and answer["results"][0]["items"]


def test_the_site_ships_words_it_does_not_show(node: str, worker: Path, site_index: dict[str, Any]) -> None:
    # A word from deep in an abstract finds the paper, though the document only shows the first sentence.
    docs = site_index["docs"]
    paper = next(d for d in docs if d["location"].startswith("papers/c-mixup"))
    answer = run(node, worker, site_index, ["mixup regression underexplored"])
    assert answer["built"] is None
    first = answer["results"][0]["items"][0][0]
    assert first["location"] == paper["location"]
    assert "underexplored" not in paper["text"]


def test_the_index_sent_again_is_loaded_once(node: str, worker: Path, site_index: dict[str, Any]) -> None:
    # Material posts the index again each time the search dialog opens; results stay highlighted.
    queries = ["mixup regression", "diffusion"]
    once = run(node, worker, site_index, queries)
    twice = run(node, worker, site_index, queries, setups=2)
    assert (once["token_sets"], twice["token_sets"]) == (1, 1)
    for a, b in zip(once["results"], twice["results"], strict=True):
        assert comparable(b["items"], 10) == comparable(a["items"], 10)
    assert "<mark>" in twice["results"][0]["items"][0][0]["title"]
