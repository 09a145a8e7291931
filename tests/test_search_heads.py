"""Precomputed first results of common one-word queries (generator/search/heads.py).

The real site's papers are indexed with a low `head_bytes`, so that many words get a head; every
head must be exactly what the full computation (`python -m generator search`) answers, and the
browser's worker must answer a head query from the head file alone, the same way.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.render.export import read_export
from generator.search import query as search
from generator.search.documents import Document
from generator.search.index import build_index, unwrap
from generator.search.settings import SearchSettings

from .test_search_worker import agree, node, run  # noqa: F401 (node is a fixture)

TOPICS = ["Diffusion models", "Continual learning"]


@pytest.fixture(scope="module")
def headed(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site folder with the built worker and an index of the real papers, with heads for many words."""
    site = built_site / "site"
    root = tmp_path_factory.mktemp("heads")
    shutil.copytree(site / "assets" / "javascripts" / "workers", root / "assets" / "javascripts" / "workers")
    docs = [
        Document(
            f"papers/{p['id']}.html",
            p["title"],
            p["abstract"],
            p["abstract"][:80],
            tags=tuple(t for t in p.get("tags") or () if t in TOPICS),
            authors=tuple(p.get("authors") or ()),
        )
        for p in read_export(site)
    ]
    docs += [
        *(Document(f"papers/w{i}.html", f"Study {i}", f"A widget among {i} other things.") for i in range(300)),
        Document("about.html", "About widgets", "about this site and its widget"),
        Document("about.html#widget", "Widget", "How a widget is searched."),
    ]
    settings = SearchSettings(shard_bytes=2_000, postings_bytes=300, head_bytes=600)
    for path, text in build_index(docs, TOPICS, settings):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


def heads(site: Path) -> dict[str, dict[str, Any]]:
    """Every head of a site's index, by its term."""
    out = {}
    for shard in sorted((site / "search" / "t").glob("*.js")):
        data = unwrap(shard.read_text(encoding="utf-8"))
        for term in data.get("heads", []):
            number = data["post"][data["terms"].index(term)]
            out[term] = unwrap((site / "search" / "h" / f"{number}.js").read_text(encoding="utf-8"))
    return out


def test_every_head_is_the_full_answer(headed: Path) -> None:
    found = heads(headed)
    assert len(found) >= 20 and {"model", "learning", "models"} <= set(found)
    searcher = search.Searcher(search.Index(headed / "search"))
    for term, head in found.items():
        full = searcher.search(term)
        shown = [(head["records"][str(page)][0], members[0][1]) for page, members in head["groups"]]
        assert shown == [(hit.url, hit.score) for hit in full.hits], term
        assert head["total"] == full.total, term
        assert {str(d) for page, members in head["groups"] for d in (page, *(m[0] for m in members))} == set(
            head["records"]
        ), term


def test_a_section_ranks_under_its_page_in_a_head(headed: Path) -> None:
    head = heads(headed)["widget"]
    about = [members for page, members in head["groups"] if head["records"][str(page)][0] == "about.html"]
    assert about and [head["records"][str(m[0])][0] for m in about[0]] == ["about.html", "about.html#widget"]


def test_the_worker_answers_a_common_word_from_its_head_alone(node: str, headed: Path) -> None:  # noqa: F811
    words = sorted(heads(headed))
    common = ["model", "learning", "models", "model*", "mod", "widget", "widgets"]
    agree(node, headed, [*words[:: max(1, len(words) // 40)], *common])
    loaded = run(node, headed, ["model"])["loaded"]
    assert [f for f in loaded if not f.startswith("t/")] == [f for f in loaded if f.startswith("h/")], loaded
    assert len([f for f in loaded if f.startswith("h/")]) == 1, loaded
