"""The search index (generator/search/index.py): lunr's scores per posting, shards, display data.

The scores are checked against the `lunr` package's own builder: each posting's impact is the
BM25 weight of lunr's field vector over the vector's length, as lunr.js's query scores it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from lunr.builder import Builder

from generator.models import Appearance, Corpus, Paper
from generator.papers.authors import author_key
from generator.search import index as search_index
from generator.search.documents import Document, page_documents, paper_documents
from generator.search.index import LEVELS, build_index, unwrap
from generator.search.query import Index, Searcher, postings, steps
from generator.search.settings import SearchSettings
from generator.search.tokens import js_order, make_terms

from .conftest import RETITLED_ID, retitled_corpus

TOPICS = ["Diffusion models", "Code: C/C++ & Rust <img src=x onerror=alert(7)>", "代码生成"]


def docs(n: int = 40) -> list[Document]:
    words = ["alpha", "beta", "gamma", "delta", "model", "models", "modeling", "modal", "learning", "diffusion"]
    out = []
    for i in range(n):
        text = " ".join(words[(i * k) % len(words)] for k in range(1, 3 + i % 7)) + f" rare{i}"
        out.append(
            Document(
                location=f"papers/p{i}.html",
                title=f"Paper {words[i % len(words)]} number {i}",
                text=text,
                teaser=text[:30],
                tags=(TOPICS[i % 3],) if i % 2 else (),
                authors=("Jane Doe", f"Author {i}") if i % 5 == 0 else (),
            )
        )
    return out


def files(documents: list[Document], settings: SearchSettings | None = None) -> dict[str, Any]:
    out = {}
    for path, text in build_index(documents, TOPICS, settings or SearchSettings()):
        name = path.removeprefix("search/")
        out[name] = json.loads(text) if name == "search_index.json" else unwrap(text)
    return out


def entries(built: dict[str, Any]) -> dict[str, Any]:
    """Every term's (df, postings), postings files resolved."""
    found = {}
    for name, data in built.items():
        if name.startswith("t/"):
            for term, df, post in zip(data["terms"], data["df"], data["post"], strict=True):
                found[term] = (df, built[f"p/{post}.js"] if isinstance(post, int) else post)
    return found


@pytest.fixture(scope="module")
def small() -> dict[str, Any]:
    return files(docs(), SearchSettings(shard_bytes=400, postings_bytes=60))


def test_the_same_documents_give_the_same_bytes() -> None:
    first = build_index(docs(), TOPICS, SearchSettings(shard_bytes=400))
    assert first == build_index(docs(), TOPICS, SearchSettings(shard_bytes=400))
    assert all(text.startswith(f'__pd("{path[7:-3]}",') for path, text in first if path.endswith(".js"))


def test_impacts_are_lunrs_weights(small: dict[str, Any]) -> None:
    settings = SearchSettings()
    documents = docs()
    terms = make_terms(settings.separator, settings.pipeline)
    builder = Builder()
    builder.ref("id")
    for name, boost in settings.fields.items():
        builder.field(name, boost=boost)
    builder.b(settings.b)
    builder.k1(settings.k1)
    for d, doc in enumerate(documents):
        builder.add({"id": str(d), **{name: terms(doc.field(name)) for name in settings.fields}})
    lunr_index = builder.build()
    fields = small["search_index.json"]["config"]["index"]["fields"]
    checked = 0
    for term, (df, post) in entries(small).items():
        if term.startswith("!"):
            continue
        assert df == sum(len(lunr_index.inverted_index[term][f]) for f in fields), term
        for f, name in enumerate(fields):
            if not post[f]:
                assert not lunr_index.inverted_index[term][name]
                continue
            found, impacts = postings(post[f])
            assert sorted(lunr_index.inverted_index[term][name]) == sorted(str(d) for d in found)
            for d, impact in zip(found, impacts, strict=True):
                vector = lunr_index.field_vectors[f"{name}/{d}"]
                weights = dict(zip(vector.elements[::2], vector.elements[1::2], strict=True))
                want = weights[lunr_index.inverted_index[term]["_index"]]
                assert abs(impact - want) <= 0.6 * post[f][0] + 1e-4 * want, (term, name, d)
                checked += 1
    assert checked > 300


def test_shards_hold_every_term_once_in_javascript_order(small: dict[str, Any]) -> None:
    manifest = small["search_index.json"]["config"]["index"]
    shards = manifest["shards"]
    assert len(shards) > 3, "the test wants several shards"
    seen: list[str] = []
    for s, first in enumerate(shards):
        data = small[f"t/{s}.js"]
        assert data["terms"][0] == first
        assert data["terms"] == sorted(data["terms"], key=js_order)
        seen += data["terms"]
    assert seen == sorted(set(seen), key=js_order)
    assert any(isinstance(p, int) for s in range(len(shards)) for p in small[f"t/{s}.js"]["post"])


def test_a_prefix_past_its_shard_lists_its_most_frequent_completions(small: dict[str, Any]) -> None:
    manifest = small["search_index.json"]["config"]["index"]
    every = entries(small)
    listed = 0
    for s, following in enumerate(manifest["shards"][1:]):
        more = small[f"t/{s}.js"]["more"]
        for prefix, found in more.items():
            assert following.startswith(prefix) and following != prefix
            completions = sorted(
                (t for t in every if t.startswith(prefix) and t != prefix and not t.startswith("!")),
                key=lambda t: (-every[t][0], js_order(t)),
            )
            assert [c[0] for c in found] == completions[: manifest["prefix_terms"]]
            for term, df, shard in found:
                assert term in small[f"t/{shard}.js"]["terms"] and df == every[term][0]
            listed += 1
    assert listed


def test_topics_and_authors_are_filter_keys(small: dict[str, Any]) -> None:
    every = entries(small)
    documents = docs()
    for t, name in enumerate(TOPICS):
        want = [d for d, doc in enumerate(documents) if name in doc.tags]
        assert steps(every[f"!t:{t}"][1]) == want
    assert steps(every["!a:jane doe"][1]) == [d for d, doc in enumerate(documents) if "Jane Doe" in doc.authors]
    assert "!a:author 5" in every


def test_an_author_s_filter_key_is_the_identity_of_their_author_page() -> None:
    names = ["José García", "jose  garcia", "Jose-Garcia", "Ａｂｃ Ｗｉｄｅ", "Łukasz Kaiser", "王伟", "—", ""]
    built = entries(files([Document(f"papers/{i}.html", "Title", "", authors=(n,)) for i, n in enumerate(names)]))
    keys = {term: steps(post) for term, (_, post) in built.items() if term.startswith("!a:")}
    assert keys == {"!a:jose garcia": [0, 1, 2], "!a:abc wide": [3], "!a:lukasz kaiser": [4], "!a:王伟": [5]}
    documents = [Document(f"papers/{i}.html", "Title", "", authors=(n,)) for i, n in enumerate(names)]
    known = {name: author_key(name) for name in names[:4]}  # the papers stage's Authors.keys
    assert search_index.filter_postings(documents, [], known) == search_index.filter_postings(documents, [])


def test_the_manifest_carries_what_the_worker_needs_for_an_identity(small: dict[str, Any]) -> None:
    identity = small["search_index.json"]["config"]["index"]["identity"]
    assert identity["latin"] == [[0x0000, 0x036F], [0x1E00, 0x1EFF]]
    fold = identity["fold"]
    assert (fold["ß"], fold["ł"], fold["Ł"], fold["ø"], fold["æ"], fold["ʼ"]) == ("ss", "l", "l", "o", "ae", " ")
    assert "é" not in fold and "ŉ" not in fold  # é is e without its mark; NFKC writes ŉ as ʼn
    assert 250 < len(fold) < 400 and all(v == v.lower() and v.isascii() for v in fold.values())


def test_display_data_is_plain_text_in_chunks(small: dict[str, Any]) -> None:
    manifest = small["search_index.json"]["config"]["index"]
    documents = docs()
    records = [r for c in range(0, len(documents), manifest["chunk"]) for r in small[f"d/{c // manifest['chunk']}.js"]]
    assert len(records) == len(documents) == manifest["documents"]
    for doc, (location, title, teaser, topics, authors) in zip(documents, records, strict=True):
        assert (location, title, teaser, authors) == (doc.location, doc.title, doc.teaser, list(doc.authors))
        assert [manifest["topics"][t] for t in topics] == list(doc.tags)
    # The topic names travel as data: the browser escapes them (tests/test_search_worker.py)
    assert TOPICS[1] in manifest["topics"]


def test_the_manifest_carries_the_settings(small: dict[str, Any]) -> None:
    config = small["search_index.json"]["config"]
    assert small["search_index.json"]["docs"] == []
    settings = SearchSettings()
    assert config["separator"] == settings.separator and config["pipeline"] == list(settings.pipeline)
    assert config["index"]["fields"] == list(settings.fields)
    for key, value in settings.manifest().items():
        assert config["index"][key] == value
    assert config["index"]["version"] == search_index.VERSION


def test_postings_carry_impacts_only_where_they_differ() -> None:
    single = files([Document("a.html", "Unique words here", "")])
    for _, post in entries(single).values():
        assert post[1] == 0 and post[0][1:] == [0] and post[0][0] * LEVELS > 0
    assert postings([0.5, -2, 3, 4, 255, 100]) == ([3, 7], [127.5, 50.0])
    assert postings([0.5, 3, 4]) == ([3, 7], [127.5, 127.5])


def test_sections_point_to_their_page() -> None:
    documents = [
        Document("about.html", "About", "intro"),
        Document("about.html#more", "More", "text"),
        *docs(3),
    ]
    manifest = files(documents)["search_index.json"]["config"]["index"]
    assert manifest["sections"] == {"1": 0}


def test_hand_written_pages_by_section(tmp_path: Path) -> None:
    (tmp_path / "about.md").write_text(
        '---\ntitle: About\n---\n\n# About this site\n\nIntro text.\n\n--8<-- "_generated/x.md"\n\n'
        "## Working offline\n\nNo network.\n\n## Custom {#own-id}\n\nMore.\n",
        encoding="utf-8",
    )
    (tmp_path / "hidden.md").write_text("---\nsearch:\n  exclude: true\n---\n# Hidden\n", encoding="utf-8")
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "x.md").write_text("# Generated\n", encoding="utf-8")
    (tmp_path / "_generated").mkdir()
    (tmp_path / "_generated" / "x.md").write_text("# Snippet\n", encoding="utf-8")
    found = page_documents(tmp_path, ("papers",))
    assert [(d.location, d.title, d.text) for d in found] == [
        ("about.html", "About", "Intro text."),
        ("about.html#working-offline", "Working offline", "No network."),
        ("about.html#own-id", "Custom", "More."),
    ]


def test_settings_from_mkdocs_yml() -> None:
    from generator.search.settings import SearchSettingsError, from_config

    settings = from_config({"separator": "[\\s]+", "fields": {"title": {"boost": 3}}}, {"results": 5})
    assert settings.separator == "[\\s]+" and settings.fields["title"] == 3.0 and settings.results == 5
    assert settings.fields["authors"] == 2.0
    for plugin, extra in (({"lang": ["de"]}, {}), ({"fields": {"body": {}}}, {}), ({}, {"nope": 1}), ({}, {"b": "x"})):
        with pytest.raises(SearchSettingsError):
            from_config(plugin, extra)
    assert dataclasses.replace(settings, chunk=3).chunk == 3
    # the browser's pause may be 0 (no pause); the other whole numbers start at 1
    assert from_config({}, {"pause": 0}).pause == 0 and from_config({}, {}).manifest()["pause"] == 100
    for wrong in ({"pause": -1}, {"pause": 1.5}, {"results": 0}):
        with pytest.raises(SearchSettingsError, match=r"a whole number of [01] or more"):
            from_config({}, wrong)


# The real site ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site / "site"


def test_the_site_index_holds_papers_topics_and_pages_not_digests(site: Path) -> None:
    manifest = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    index = manifest["config"]["index"]
    locations = [
        record[0]
        for c in range(0, index["documents"], index["chunk"])
        for record in unwrap((site / "search" / "d" / f"{c // index['chunk']}.js").read_text(encoding="utf-8"))
    ]
    assert not [u for u in locations if u.startswith("digests/")]
    assert "about.html" in locations and "topics/diffusion-models.html" in locations
    assert "topics/index.html" not in locations
    assert (site / "search" / "search_index.js").read_text(encoding="utf-8") == "var __index = " + json.dumps(
        manifest, ensure_ascii=False, separators=(",", ":")
    )


def test_the_manifest_is_small_and_the_index_no_bigger_than_the_text(site: Path) -> None:
    from generator.render.export import read_export

    papers = read_export(site)
    manifest = (site / "search" / "search_index.json").stat().st_size
    assert manifest < 12_000, f"every page loads the manifest: {manifest} bytes"
    total = sum(p.stat().st_size for p in (site / "search").rglob("*") if p.is_file())
    text = sum(len(p["abstract"].encode()) + len(p["title"].encode()) for p in papers)
    assert total <= 2.5 * text, f"{total / len(papers):.0f} bytes per paper against {text / len(papers):.0f} of text"


def test_a_paper_s_authors_are_indexed_as_they_are_cited() -> None:
    # Each person once, and no name without a letter or digit: `❤️` showed as an author in the results.
    seen = (Appearance(dt.date(2024, 3, 12), "a.json", "a", 0),)
    names = ("Ada Lovelace", "❤️", "ada  lovelace", "Alan Turing", "🏳️\u200d🌈")
    paper = Paper("p", "p", "Title", "Abstract.", seen, (), authors=names)
    (document,) = paper_documents(Corpus(digests=(), papers=(paper,)))
    assert document.authors == ("Ada Lovelace", "Alan Turing")


def test_a_retitled_paper_is_found_by_each_title_and_shows_the_one_its_page_does(tmp_path: Path) -> None:
    # tests/fixtures/retitled: the second day's title is in no abstract, so only the title field finds it.
    documents = paper_documents(retitled_corpus())
    (document,) = [d for d in documents if d.location == f"papers/{RETITLED_ID}.html"]
    assert document.title == "Sparse Gating for Small Language Models"
    assert document.field("title") == (document.title, "Mixture of Tiny Experts: Real-Time Answers on a Phone")
    assert "phone" not in document.text.lower()
    for path, text in build_index(documents, TOPICS, SearchSettings()):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    searcher = Searcher(Index(tmp_path / "search"))
    for query in ("Mixture of Tiny Experts: Real-Time Answers on a Phone", "title:phone", "Sparse Gating"):
        assert [hit.url for hit in searcher.search(query).hits][:1] == [document.location], query
    shown = [record[1] for record in files(documents)["d/0.js"] if record[0] == document.location]
    assert shown == [document.title], "a result shows the page's title alone"
