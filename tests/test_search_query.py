"""Search: the index Material builds, ranked with lunr as the site's search box ranks it.

Over the real data (the `built_site` copy): every paper is the first hit for its exact title and
is found by a distinctive phrase of its abstract; the index holds papers, not boilerplate.
"""

from __future__ import annotations

import collections
import html
import importlib.util
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from generator import cli
from generator.hooks import index_text
from generator.render.export import read_export
from generator.search import index as search_index
from generator.search import query as search
from generator.search.query import STOP_WORDS, Searcher, Tuning

HOOK = Path(__file__).resolve().parent.parent / "overrides" / "hooks" / "search_tuning.py"
_spec = importlib.util.spec_from_file_location("search_tuning", HOOK)
assert _spec and _spec.loader
search_tuning = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(search_tuning)

TOP = 10
PHRASE_WORDS = 3


# Small indexes, no build ----------------------------------------------------------------

CONFIG = {
    "lang": ["en"],
    "separator": r"""[\s\-–—,:;!?()\[\]{}"'“”‘’/|$^…]+|\.(?!\d)|&#?[a-z0-9]+;""",
    "pipeline": ["stopWordFilter"],
    "fields": {"title": {"boost": 5}, "text": {"boost": 1}, "tags": {"boost": 2}},
}


TUNED = Tuning(exact=2, b=0.1)


def make(docs: list[dict[str, Any]], tuning: Tuning | None = TUNED) -> Searcher:
    return Searcher({"config": CONFIG, "docs": docs}, tuning)


def paper(slug: str, title: str, text: str = "", **extra: Any) -> dict[str, Any]:
    return {"location": f"papers/{slug}.html", "title": title, "text": f"<p>{text}</p>", **extra}


def urls(searcher: Searcher, query: str) -> list[str]:
    return [hit.url for hit in searcher.search(query)]


def test_a_colon_after_a_hyphenated_word_is_not_a_field() -> None:
    # Stock Material reads "Mixup:" as a field name and shows nothing; the tuned worker does not.
    docs = [paper("c-mixup", "C-Mixup: Improving Generalization in Regression"), paper("other", "Regression")]
    assert make(docs, None).search("C-Mixup: Improving Generalization in Regression") == []
    assert urls(make(docs), "C-Mixup: Improving Generalization in Regression")[0] == "papers/c-mixup.html"


def test_exact_words_outweigh_the_words_they_begin() -> None:
    docs = [paper("freecos", "FreeCOS Curvilinear Segmentation"), paper("free", "Free Segmentation")]
    assert urls(make(docs), "free segmentation")[0] == "papers/free.html"
    assert set(urls(make(docs), "fre")) == {"papers/free.html", "papers/freecos.html"}  # still prefixes


def test_stop_words_are_not_prefixes_and_not_required() -> None:
    docs = [paper("bag", "A Bag of Tricks"), paper("offline", "Offline Alignment Acoustics Forced")]
    assert urls(make(docs), "a of for") == []  # stock Material: every word starting with a, of, for
    assert urls(make(docs), '"bag of tricks"') == ["papers/bag.html"]
    assert urls(make(docs, None), '"bag of tricks"') == []  # stock: "of" is required but never indexed


def test_the_shorter_of_two_titles_with_the_same_words_comes_first() -> None:
    docs = [
        paper("vida", "ViDA: Visual Domain Adapter for Continual Test-Time Adaptation", "an adaptation method"),
        paper("cotta", "Continual Test-Time Domain Adaptation", "a method"),
        *(paper(f"p{i}", f"An Unrelated Study of Other Things Number {i}", "nothing here") for i in range(20)),
    ]
    assert urls(make(docs, Tuning(exact=2, b=0)), "Continual Test-Time Domain Adaptation")[0] == "papers/vida.html"
    assert urls(make(docs), "Continual Test-Time Domain Adaptation")[0] == "papers/cotta.html"


def test_sections_rank_under_their_page_and_titles_are_plain_text() -> None:
    docs = [
        {"location": "about.html", "title": "About", "text": "<p>nothing</p>"},
        {"location": "about.html#zebras", "title": "Zebra &amp; text", "text": "<p>zebra</p>"},
        paper("dont", "Don&#x27;t Take It Literally &amp; Split", "a zebra"),
    ]
    hits = make(docs).search("zebra")
    assert [h.url for h in hits] == ["about.html", "papers/dont.html"]
    assert [h.title for h in hits] == ["About", "Don't Take It Literally & Split"]


def test_material_transform_is_mirrored() -> None:
    searcher = make([paper("x", "x")], None)
    assert searcher.transform("Continual Test-Time") == "Continual* Test-Time* Test-Time*"
    assert searcher.transform('"bag of" tricks -foo +bar') == "+bag +of tricks* -foo +bar"
    assert searcher.transform("  ") == ""


def test_the_offline_index_script_loads(tmp_path: Path) -> None:
    data = {"config": CONFIG, "docs": [paper("x", "Xylophones")]}
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.js").write_text("var __index = " + json.dumps(data), encoding="utf-8")
    assert [h.url for h in search.search(tmp_path, "xylo")] == ["papers/x.html"]
    with pytest.raises(search.SearchIndexError):
        search.search(tmp_path / "nowhere", "x")


# The real site ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site / "site"


@pytest.fixture(scope="module")
def index(site: Path) -> dict[str, Any]:
    return search.load_index(site)


@pytest.fixture(scope="module")
def papers(site: Path) -> list[dict[str, Any]]:
    return read_export(site)


@pytest.fixture(scope="module")
def searcher(site: Path) -> Searcher:
    return search.searcher(site)


def test_the_index_is_published_once(site: Path) -> None:
    # Stock Material fetches search_index.json over HTTP and loads search_index.js from disk;
    # the tuned bundle loads the .js both ways, so the .json copy is not published.
    assert (site / "search" / "search_index.js").is_file()
    assert not (site / "search" / "search_index.json").exists()
    (bundle,) = (site / "assets" / "javascripts").glob("bundle.*.min.js")
    source = bundle.read_text(encoding="utf-8")
    assert '!0?' in source and not search_tuning.FROM_DISK.search(source)


def test_the_site_search_worker_is_tuned(searcher: Searcher) -> None:
    assert searcher.tuning is not None, "the search worker lacks overrides/hooks/search_tuning.py's script"


def test_every_paper_is_the_first_hit_for_its_title(searcher: Searcher, papers: list[dict[str, Any]]) -> None:
    misses = []
    for record in papers:
        hits = searcher.search(record["title"], 3)
        if not hits or hits[0].url != record["url"] or hits[0].title != record["title"]:
            misses.append(f"{record['title']!r}: {[(h.title, h.url) for h in hits]}")
    assert not misses, f"{len(misses)} of {len(papers)} papers are not first for their title:\n" + "\n".join(misses)


def distinctive_phrases(index: dict[str, Any], papers: list[dict[str, Any]]) -> dict[str, str]:
    """Pick, per paper, the rarest run of three plain words that no other abstract contains."""
    words = search_index.make_terms(index["config"]["separator"], [])  # tokens, before lunr's pipeline
    tokens = {p["url"]: words(html.escape(p["abstract"], quote=False)) for p in papers}
    df: collections.Counter[str] = collections.Counter()
    runs: collections.Counter[tuple[str, ...]] = collections.Counter()
    for words in tokens.values():
        df.update(set(words))
        runs.update({tuple(words[i : i + PHRASE_WORDS]) for i in range(len(words) - PHRASE_WORDS + 1)})
    phrases = {}
    for url, words in tokens.items():
        best: tuple[float, str] | None = None
        for i in range(len(words) - PHRASE_WORDS + 1):
            run = tuple(words[i : i + PHRASE_WORDS])
            if runs[run] > 1 or any(w in STOP_WORDS or not re.fullmatch(r"[a-z]{3,}", w) for w in run):
                continue
            rarity = sum(math.log(len(papers) / df[w]) for w in run)
            if best is None or rarity > best[0]:
                best = (rarity, " ".join(run))
        if best:
            phrases[url] = best[1]
    return phrases


def test_papers_are_found_by_a_distinctive_phrase_of_their_abstract(
    searcher: Searcher, index: dict[str, Any], papers: list[dict[str, Any]]
) -> None:
    phrases = distinctive_phrases(index, papers)
    assert len(phrases) >= 0.95 * len(papers), "too few abstracts have a distinctive phrase"
    ranks = {}
    for url, phrase in phrases.items():
        found = [h.url for h in searcher.search(phrase, TOP)]
        ranks[url] = found.index(url) + 1 if url in found else None
    lost = {url: phrases[url] for url, rank in ranks.items() if rank is None}
    first = sum(rank == 1 for rank in ranks.values())
    # Every word of an abstract is indexed (the prebuilt index costs the browser no time per word).
    assert not lost, f"{len(lost)} papers not in the top {TOP} for a phrase: {lost}"
    assert first >= 0.75 * len(ranks), f"only {first} of {len(ranks)} papers first for their phrase"


def indexed_terms(index: dict[str, Any], field: str) -> dict[str, set[str]]:
    """The terms the prebuilt index holds for each location, in one field."""
    prebuilt = index["config"]["prebuilt"]
    out: dict[str, set[str]] = collections.defaultdict(set)
    for term, found in search_index.decode(prebuilt)[field]:
        for doc, _ in found:
            out[index["docs"][doc]["location"]].add(prebuilt["terms"][term])
    return out


def test_the_index_holds_papers_not_boilerplate(index: dict[str, Any], papers: list[dict[str, Any]]) -> None:
    by_url = {p["url"]: p for p in papers}
    terms_of = indexed_terms(index, "text")
    terms = search_index.make_terms(index["config"]["separator"], index["config"]["pipeline"])
    entries = collections.defaultdict(list)
    for doc in index["docs"]:
        entries[doc["location"].split("#")[0]].append(doc)
    assert not [u for u in entries if u.startswith("digests/")], "digest pages are lists of papers: not indexed"
    for url, record in by_url.items():
        docs = entries[url]
        # One entry per paper: its title, its abstract, its topics. Related papers, links,
        # digests and mentions never reach the index (generator/hooks.py hands it the abstract).
        assert [d["location"] for d in docs] == [url], f"{url}: sections in the index: {docs[1:]}"
        # The abstract's first sentence is the preview; its other words are indexed, not shipped.
        first, words = index_text(record["abstract"])
        assert docs[0]["text"] == f"<p>{html.escape(first, quote=False)}</p>"
        missing = set(terms(html.escape(words, quote=False))) - terms_of[url]
        assert not missing, f"{url}: words missing from the index: {sorted(missing)}"
        assert search.plain(docs[0]["title"]) == record["title"]
    titles = [p["title"] for p in papers if len(p["title"]) >= 20]
    for url, docs in entries.items():
        if url in by_url:
            continue
        for doc in docs:
            text = html.unescape(doc["text"])
            named = [t for t in titles if t in text]
            assert not named, f"{doc['location']} lists papers, which leads searches away from them: {named[:3]}"


def test_the_index_stays_small(site: Path, papers: list[dict[str, Any]]) -> None:
    # One published file: documents (title, topics, first sentence) and the prebuilt postings of
    # every word. 0.72 of the text here; 0.51 at 10,000 papers, where words repeat more.
    size = (site / "search" / "search_index.js").stat().st_size
    text = sum(len(p["abstract"].encode()) + len(p["title"].encode()) for p in papers)
    assert size <= 0.8 * text, f"{size / len(papers):.0f} bytes per paper against {text / len(papers):.0f} of text"


def test_the_command_line_prints_ranked_titles_and_urls(
    site: Path, papers: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    record = papers[0]
    assert cli.main(["search", "--site-dir", str(site), "-n", "3", *record["title"].split()]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"1. {record['title']} — {record['url']}"
    assert 1 <= len(lines) <= 3 and all(re.match(r"\d+\. .+ — \S+\.html$", line) for line in lines)
    assert cli.main(["search", "--site-dir", str(site), "qqqzzzxxx"]) == 1
    assert cli.main(["search", "--site-dir", str(site / "nowhere"), "x"]) == 1
