"""The browser's search worker (overrides/assets/javascripts/search/worker.js) against the command line.

The site's built worker file (ours in front of Material's, which provides lunr.js) runs in Node
(tests/node/search_worker.js) as a page opened from disk runs it, loading index files through
importScripts. For the same queries it must rank the same pages with the same scores and counts
as generator/search/query.py, build no lunr index, load only the files the query needs, and show
data as text.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from generator.papers.authors import LATIN, author_key
from generator.render.export import read_export
from generator.search import query as search
from generator.search.documents import Document
from generator.search.index import build_index
from generator.search.settings import SearchSettings
from generator.search.tokens import tokenize

from .conftest import IN_CI, ROOT
from .test_search_query import (
    APOSTROPHES,
    AUTHOR_CASES,
    FIELD_CASES,
    FIELD_WORDS,
    HYPHENATED,
    JOINED,
    NOTHING,
    PEOPLE,
    PHRASES,
    SPACED,
    STAR_INSIDE,
    write_index,
)

NODE = shutil.which("node")
HARNESS = ROOT / "tests" / "node" / "search_worker.js"
ASSETS = ROOT / "overrides" / "assets" / "javascripts" / "search"
EVIL = "Code: C/C++ & Rust <img src=x onerror=alert(7)>"


@pytest.fixture(scope="module")
def node() -> str:
    if not NODE:
        if IN_CI:
            pytest.fail("Node.js is needed to run the search worker")
        pytest.skip("Node.js is not installed")
    return NODE


def run(
    node: str,
    site: Path,
    queries: Sequence[str],
    setups: int = 1,
    names: Sequence[str] = (),
    texts: Sequence[str] = (),
    **typing: Any,
) -> dict[str, Any]:
    """Run the worker on queries (asked one by one; `typed=[...]`, `gap=ms`: as typed), names and texts.

    The manifest's `pause` is 0 unless given (`pause=ms`): each query is answered at once.
    """
    request = json.dumps(
        {"queries": list(queries), "setups": setups, "names": list(names), "texts": list(texts)} | typing
    )
    done = subprocess.run(
        [node, str(HARNESS), str(site)], input=request, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def pages(result: dict[str, Any]) -> list[tuple[str, float]]:
    """Each result group's page and the score of its best document."""
    out = []
    for group in result["items"]:
        page = next(item for item in group if "#" not in item["location"])
        out.append((page["location"], group[0]["score"]))
    return out


def index_with_worker(site: Path, folder: Path, documents: list[Document]) -> Path:
    """Write a search index of documents into folder, beside a copy of the site's worker; return folder."""
    shutil.copytree(site / "assets" / "javascripts" / "workers", folder / "assets" / "javascripts" / "workers")
    return write_index(folder, documents)


def found_pages(
    node: str, site: Path, queries: dict[str, list[str]], also: Sequence[str] = ()
) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
    """Ask the worker queries and also, as the command line answers them; return {query: pages} and every answer."""
    answers = agree(node, site, [*queries, *also])["results"]
    found = {query: [page for page, _ in pages(answer)] for query, answer in zip(queries, answers, strict=False)}
    return found, answers


def agree(node: str, site: Path, queries: Sequence[str]) -> dict[str, Any]:
    """Assert that the worker and the command line answer every query alike; return the worker's answers."""
    answers = run(node, site, queries)
    assert answers["built"] == 0, "the worker built a lunr index instead of loading ours"
    searcher = search.Searcher(search.Index(site / "search"))
    differ = []
    for query, answer in zip(queries, answers["results"], strict=True):
        mine = searcher.search(query)
        want = [(hit.url, hit.score) for hit in mine.hits]
        if pages(answer) != want or (answer["total"], answer["all"]) != (mine.total, mine.all):
            differ.append(f"{query!r}: worker {pages(answer)[:3]} {answer['total']}, python {want[:3]} {mine.total}")
    assert not differ, "\n".join(differ)
    return answers


def test_the_worker_assets_are_valid_javascript(node: str) -> None:
    for script in sorted(ASSETS.glob("*.js")):
        done = subprocess.run([node, "--check", str(script)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"{script.name}: {done.stderr}"


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site / "site"


def test_the_site_worker_is_ours_in_front_of_materials(site: Path) -> None:
    (worker,) = (site / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    text = worker.read_text(encoding="utf-8")
    assert text.startswith((ASSETS / "worker.js").read_text(encoding="utf-8"))
    assert "sourceMappingURL" not in text and not list(worker.parent.glob("*.map"))
    assert not (site / "assets" / "javascripts" / "search" / "worker.js").exists()


def test_the_worker_answers_as_the_command_line_does(node: str, site: Path) -> None:
    papers = read_export(site)
    titles = [p["title"] for p in papers[::7]]
    queries = [
        *titles,
        *(" ".join(p["abstract"].split()[5:8]) for p in papers[3::11]),
        "model",
        "learning",
        "diffusion models",
        "diff",
        "mo*",
        "C-Mixup: Improving",
        '"experience replay" -diffusion',
        '"bag of tricks"',
        "title:vision",
        "+continual -learning",
        "vision^3 language",
        "zero-shot 3d",
        "pre-training",
        "pre-trained language models",
        "self-supervised",
        "contrastive -self-supervised",
        "title:fine-tuning",
        "fine-tuned",
        "pretraining",
        "title:pre-trained",
        "models -pre-training",
        "+pre-training language",
        "self-supervised^2 learning",
        '"pre-training"',
        # a phrase keeps the sign, field and boost around its quotes; Unicode hyphens are hyphens
        '-"vision" transformers',
        '+"pre-training"',
        'pre-training -"pre-training"',
        'title:"vision"',
        '"vision language"^3 model',
        'model -"vision language"',
        "pre\u2010training",
        "pre\u2011training",
        "pre\u00adtraining",
        "title:self\u2010supervised",
        "topic:diffusion",
        'replay topic:"Continual learning"',
        'replay -topic:"Continual learning"',
        "learning -topic:diffusion +topic:continual",
        "replay -TOPIC:\u201cContinual learning\u201d",
        "learning - topic:diffusion",
        "learning topic:-diffusion",
        'replay Topic:-"Continual learning"',
        "learning title:-#epigraf",
        "learning title:-(adaptation) topic:+continual",
        'learning author:"\ufeff"',  # blank to JavaScript, not to Python's str.strip
        'learning author:"\x1c"',  # the other way round
        "#epigraf",
        "qqqzzz",
        "working offline",
    ]
    agree(node, site, queries)


def test_a_query_loads_only_what_it_needs(node: str, site: Path) -> None:
    manifest = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]["index"]
    loaded = run(node, site, ["diffusion"])["loaded"]
    shards = [f for f in loaded if f.startswith("t/")]
    assert 1 <= len(shards) <= 3 < len(manifest["shards"]), loaded
    assert len([f for f in loaded if f.startswith("d/")]) <= manifest["results"]
    assert len(loaded) == len(set(loaded)), "a file was loaded twice"


def test_typing_fast_looks_up_only_the_text_where_the_typist_pauses(node: str, site: Path) -> None:
    title = next(p["title"] for p in read_export(site) if len(p["title"].split()) >= 9)
    prefixes = [title[:end] for end in range(1, len(title) + 1)]
    alone = run(node, site, [title], pause=100)
    fast = run(node, site, [], typed=prefixes, gap=30, pause=100)  # a key every 30 ms, a pause of 100 ms
    assert [i for i, _ in fast["answers"]] == [len(prefixes) - 1], "an overtaken query was answered"
    assert fast["answers"][0][1] == alone["results"][0]
    assert sorted(fast["loaded"]) == sorted(alone["loaded"]), "files of an overtaken query were loaded"
    # With no pause every prefix is looked up, and answered unless overtaken; the last answer is the title's
    eager = run(node, site, [], typed=prefixes, gap=30, pause=0)
    numbers = [i for i, _ in eager["answers"]]
    assert numbers == sorted(set(numbers)) and numbers[-1] == len(prefixes) - 1, numbers
    assert eager["answers"][-1][1] == alone["results"][0]
    assert len([f for f in eager["loaded"] if f.startswith("t/")]) > len(
        [f for f in fast["loaded"] if f.startswith("t/")]
    )


def test_the_index_sent_again_is_set_up_once(node: str, site: Path) -> None:
    # Material posts the index again each time the search dialog opens
    once = run(node, site, ["diffusion"], setups=1)
    twice = run(node, site, ["diffusion"], setups=3)
    assert once["results"] == twice["results"] and once["loaded"] == twice["loaded"]


@pytest.fixture(scope="module")
def tricky(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site folder with the built worker and an index of hostile and non-Latin documents."""
    root = tmp_path_factory.mktemp("tricky")
    shutil.copytree(site / "assets" / "javascripts" / "workers", root / "assets" / "javascripts" / "workers")
    docs = [
        Document("papers/zh.html", "中文指令微调数据集的构建与评测", "我们构建了一个用于中文大语言模型指令微调的数据"),
        Document("papers/hash.html", "#HashBench: Tagging Instructions", "We tag instructions.", "We tag."),
        Document(
            "papers/evil.html",
            "<script>alert(1)</script> & Co",
            "Text <b>bold</b>",
            "Text <b>bold</b>",
            tags=(EVIL, "代码生成"),
            authors=("Ада <Lovelace>", "Jane Doe"),
        ),
        Document(
            "papers/epi.html",
            "EpiGRAF: Rethinking training of 3D GANs",
            "GANs",
            "GANs",
            authors=("Jane Doe", "José García"),
        ),
        Document("papers/cafe.html", "Café Núñez", "Accents", authors=("jose  GARCIA",)),
        Document("papers/fa.html", "می\u200cخواهم Persian", "Persian text"),
        Document(
            "papers/fold.html",
            "Søren Weiß: STRAẞE of Æther and Þing",
            "Łukasz and Đặng",
            "Łukasz and Đặng",
            authors=("Łukasz Kaiser", "Đặng Văn Lâm"),
        ),
        Document("papers/el.html", "Λόγος and Ёлка", "Greek and Russian"),
        Document("papers/kosmos.html", "Κόσμοσ", "a Greek word with σ at its end"),
        Document("papers/arxiv.html", "A Paper With an Id", "Its abstract. arXiv:2403.01234"),
        Document("papers/old-arxiv.html", "An Old Paper With an Id", "Its abstract. arXiv:hep-th/9901001"),
        Document("papers/knots.html", "Knots", "Its abstract. arXiv:math/0309136"),
        Document("papers/gt.html", "GT Math", "math gt math gt"),
        Document("about.html", "About", "about this site"),
        Document("about.html#offline", "Working offline", "No network at all."),
        *(Document(f"papers/f{i}.html", f"Filler paper {i}", "nothing to see") for i in range(40)),
    ]
    for path, text in build_index(docs, [EVIL, "代码生成"], SearchSettings(shard_bytes=200, results=5)):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


def test_the_worker_agrees_on_hostile_and_non_latin_text(node: str, tricky: Path) -> None:
    queries = [
        "指令",
        "微调",
        "指令微调",
        "语",
        "HashBench",
        "#epigraf",
        "<epigraf>",
        "epigraf™",
        "epigraf†",
        "script alert",
        "می‌خواهم",
        "میخواهم",
        'author:"Jane Doe"',
        "author:ада",
        "topic:代码生成",
        f'topic:"{EVIL}"',
        "filler",
        "filler -paper",
        "offline",
        "fil*",
        "f*",
        'author:"Jose Garcia"',
        'author:"josé garcía"',
        "garcía",
        "cafe",
        "nunez",
        "Núñez",
        'author:"Jane Garcia"',
        "author:jane",
        'gans author:"Doe Jane"',
        # Latin letters folded as an author's identity folds them
        "lukasz",
        "Łukasz",
        "author:Łukasz",
        "author:lukasz",
        "weiss",
        "Weiß",
        "strasse",
        "STRAẞE",
        "straß*",
        "soren",
        "søren",
        "aether",
        "Æther",
        "dang",
        "Đặng",
        "thing",
        "þing",
        # Greek letters lose their marks; other scripts keep theirs
        "λόγος",
        "λογος",
        "ΛΟΓΟΣ",
        "λογοσ",  # final sigma typed as σ
        "ёлка",
        "елка",
    ]
    answers = agree(node, tricky, queries)["results"]
    for query, answer in zip(queries, answers, strict=True):
        if query in queries[queries.index("lukasz") : queries.index("λόγος")] and not query.startswith("author:"):
            assert pages(answer)[0][0] == "papers/fold.html", query
        if query in queries[queries.index("λόγος") : queries.index("елка")]:
            assert pages(answer)[0][0] == "papers/el.html", query
    assert not pages(answers[queries.index("елка")]), "й, ё: other scripts keep their marks"


def test_the_worker_matches_greek_final_sigma_and_sigma(node: str, tricky: Path) -> None:
    queries = ["λογοσ", "Λόγοσ", "κόσμος", "ΚΟΣΜΟΣ", "κοσμοσ"]
    answers = agree(node, tricky, queries)["results"]
    found = {query: [page for page, _ in pages(answer)] for query, answer in zip(queries, answers, strict=True)}
    assert found["λογοσ"] == found["Λόγοσ"] == ["papers/el.html"], found
    assert found["κόσμος"] == found["ΚΟΣΜΟΣ"] == found["κοσμοσ"] == ["papers/kosmos.html"], found
    title = run(node, tricky, ["κόσμος"])["results"][0]["items"][0][0]["title"]
    assert title == "<mark>Κόσμοσ</mark>", title


def test_results_show_data_as_text(node: str, tricky: Path) -> None:
    answer = run(node, tricky, ["script", "epigraf", "offline"])["results"]
    evil = answer[0]["items"][0][0]
    assert evil["title"] == "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; &amp; Co"
    assert evil["tags"] == ["Code: C/C++ &amp; Rust &lt;img src=x onerror=alert(7)&gt;", "代码生成"]
    assert "<b>" not in evil["text"] and "&lt;b&gt;bold&lt;/b&gt;" in evil["text"]
    assert 'data-pd-author="Ада &lt;Lovelace&gt;"' in evil["text"]
    assert "<mark>" not in "".join(evil["tags"])  # topic chips are never split by highlighting
    epi = answer[1]["items"][0][0]
    assert epi["title"].startswith("<mark>EpiGRAF</mark>: Rethinking") and epi["terms"] == {"epigraf": True}
    # A section is listed under its page
    group = answer[2]["items"][0]
    assert [item["location"] for item in group] == ["about.html#offline", "about.html"]


def test_highlighting_marks_folded_words_as_written(node: str, tricky: Path) -> None:
    answer = run(node, tricky, ["weiss strasse aether thing soren", "lukasz dang"])["results"]
    fold = answer[0]["items"][0][0]
    assert (
        fold["title"]
        == "<mark>Søren</mark> <mark>Weiß</mark>: <mark>STRAẞE</mark> of <mark>Æther</mark> and <mark>Þing</mark>"
    )
    assert answer[1]["items"][0][0]["text"].startswith("<p><mark>Łukasz</mark> and <mark>Đặng</mark></p>")


def test_the_worker_finds_a_paper_by_its_versioned_arxiv_id(node: str, tricky: Path) -> None:
    queries = ["2403.01234", "2403.01234v2", "arXiv:2403.01234v2", "2403.01234v", "hep-th/9901001v3"]
    knots = ["math/0309136v2", "math.GT/0309136", "math.GT/0309136v2", "arXiv:math.gt/0309136v1"]
    answers = agree(node, tricky, [*queries, *knots])["results"]
    found = {
        query: [page for page, _ in pages(answer)] for query, answer in zip([*queries, *knots], answers, strict=True)
    }
    want = {query: ["papers/arxiv.html"] for query in queries[:-1]} | {queries[-1]: ["papers/old-arxiv.html"]}
    assert found == want | {query: ["papers/knots.html"] for query in knots}


def test_the_worker_keeps_a_phrase_s_sign_and_field_and_reads_unicode_hyphens(
    node: str, site: Path, tmp_path: Path
) -> None:
    root = index_with_worker(site, tmp_path, PHRASES)
    queries = {
        '-"vision" transformers': ["papers/nlp.html"],
        '-"vision transformers" transformers': ["papers/nlp.html"],
        'title:"vision"': ["papers/vit.html"],
        '+"pre-training"': ["papers/pre.html"],
        'pre-training -"pre-training"': ["papers/solid.html"],
        "pre\u2010training": ["papers/pre.html", "papers/solid.html"],
        "pre\u2011training": ["papers/pre.html", "papers/solid.html"],
        "pre\u00adtraining": ["papers/solid.html"],
        '-""': [],
    }
    found, _ = found_pages(node, root, queries, ['"vision"^3 transformers', 'x"vision"', 'title:""'])
    assert found == queries


def test_the_worker_does_not_complete_a_hyphenated_word_s_first_part(node: str, site: Path, tmp_path: Path) -> None:
    root = index_with_worker(site, tmp_path, HYPHENATED)
    queries = {
        "pre-training": ["papers/pre.html"],
        "pre-trained": ["papers/pre.html"],
        "self-supervised": ["papers/self.html"],
        "fine-tuning": ["papers/fine.html"],
        "pre-train": ["papers/pre.html"],
        "title:pre-training": ["papers/pre.html"],
        "+pre-training": ["papers/pre.html"],
        "supervised -self-supervised": ["papers/selfish.html"],
        "tuning -fine-tuning": ["papers/finest.html"],
        "-pre-training": [],
    }
    found, _ = found_pages(node, root, queries, ["training pre-training^3", "Pre-Training models", "pre-"])
    assert found == queries


def test_the_worker_finds_a_hyphenated_word_s_spelling_without_hyphens(node: str, site: Path, tmp_path: Path) -> None:
    root = index_with_worker(site, tmp_path, JOINED)
    queries = {
        "pre-training": ["papers/pre.html", "papers/solid.html", "papers/mix.html"],
        "pre-trained": ["papers/pre.html", "papers/solid.html"],
        "fine-tuning": ["papers/fine.html", "papers/mix.html"],
        "self-supervised": ["papers/self.html", "papers/selfsup.html"],
        "title:pre-training": ["papers/pre.html", "papers/solid.html"],
        "corpora -pre-training": ["papers/corpora.html"],
        '"pre-training"': ["papers/pre.html"],
    }
    found, answers = found_pages(node, root, queries, ["+pre-training", "training pre-training^3", "pretraining"])
    assert found == queries
    # The solid spelling stands for the words as typed: none is missing, and it is marked
    solid = answers[0]["items"][1][0]
    assert solid["terms"] == {"pre": True, "training": True}, solid["terms"]
    assert solid["title"] == "<mark>Pretraining</mark> at Scale", solid["title"]
    off = write_index(tmp_path / "off", JOINED, SearchSettings(shard_bytes=300, joined=0))
    shutil.copytree(root / "assets", off / "assets")
    assert [page for page, _ in pages(agree(node, off, ["pre-training"])["results"][0])] == ["papers/pre.html"]


def test_the_worker_joins_apostrophes_and_a_possessive_finds_the_word(node: str, site: Path, tmp_path: Path) -> None:
    root = index_with_worker(site, tmp_path, APOSTROPHES)
    both = ["papers/heads.html", "papers/llama.html"]
    queries = {"LLaMA's": both, "llama\u2019s": both, "title:LLaMA\u02bcs": both, '"LLaMA\u2019s"': both[:1]}
    queries |= {query: ["papers/verify.html"] for query in ("let's", "lets", "don't", "dont", "Let\u2019s verify")}
    found, answers = found_pages(node, root, queries)
    assert {query: sorted(pages) for query, pages in found.items()} == queries
    # the word is marked as written, its apostrophe inside the mark
    verify = answers[list(queries).index("let's")]["items"][0][0]
    assert verify["title"] == "<mark>Let&#39;s</mark> Verify Step by Step", verify["title"]
    assert verify["text"].startswith("<p>Don’t stop"), verify["text"]
    dont = answers[list(queries).index("don't")]["items"][0][0]
    assert dont["text"].startswith("<p><mark>Don’t</mark> stop"), dont["text"]


def test_the_worker_finds_nothing_for_a_field_name_alone_or_a_star(node: str, site: Path, tmp_path: Path) -> None:
    root = index_with_worker(site, tmp_path, FIELD_WORDS)
    queries: dict[str, list[str]] = {query: [] for query in NOTHING}
    diffusion = ["papers/diff.html"]
    queries |= {query: diffusion for query in ("diffusion title:", "title:^2 diffusion", "diffus*", "title:diffus*")}
    queries |= {query: diffusion for query in ("title: diffus", "*diffusion", "*diffus", *STAR_INSIDE)}
    found, _ = found_pages(node, root, queries, ["*ffusion", "d*", "title:2", "f*usion", "Q*Search"])
    assert found == queries


def test_the_worker_reads_field_names_in_any_case(node: str, site: Path, tmp_path: Path) -> None:
    root = index_with_worker(site, tmp_path, FIELD_CASES)
    queries = {query: ["papers/title.html"] for query in ("Title:vision", "TITLE:vision", "vision -TEXT:vision")}
    queries |= {"Text:vision": ["papers/text.html"], "Authors:smith": ["papers/title.html"], "Title:": []}
    found, _ = found_pages(
        node,
        root,
        queries,
        ["vision TITLE:^2", "tagſ:vision", "T\u0130TLE:vision", "AUTHOR:smith", "TOP\u0130C:x vision"],
    )
    assert found == queries


def test_the_worker_applies_a_field_to_the_word_after_a_space(node: str, site: Path, tmp_path: Path) -> None:
    root = index_with_worker(site, tmp_path, SPACED)
    title = ["papers/title.html"]
    queries = {query: title for query in ("title: vision", 'Title: "vision"', "author: smith", "vision -text: vision")}
    queries |= {"vision title: -gamma": title, "topic: \u00a0vision": []}
    queries |= {"vision title:-vision": ["papers/text.html"], "vision title:-gamma": title, "title:+vision": title}
    also = ["vision title:", "title:\u3000vision", "author: 'Ann Smith'", "- author: smith vision", "title: *"]
    also += ['vision Title:-"gamma"', "Title:-vision", "title:-", "vision text:+smith"]
    found, _ = found_pages(node, root, queries, also)
    assert found == queries


@pytest.fixture(scope="module")
def people(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site folder with the built worker and an index of the authors of test_search_query.AUTHOR_CASES."""
    root = tmp_path_factory.mktemp("people")
    shutil.copytree(site / "assets" / "javascripts" / "workers", root / "assets" / "javascripts" / "workers")
    return write_index(root, PEOPLE)


def test_an_author_filter_finds_the_papers_of_an_author_page(node: str, people: Path) -> None:
    queries = [query for query, _ in AUTHOR_CASES.values()]
    answers = agree(node, people, queries)["results"]
    wrong = [
        f"{name}: {query} -> {[page for page, _ in pages(answer)]}"
        for (name, (query, want)), answer in zip(AUTHOR_CASES.items(), answers, strict=True)
        if {page for page, _ in pages(answer)} != want
    ]
    assert not wrong, "\n".join(wrong)


def identities_differ(node: str, site: Path, names: Sequence[str]) -> list[str]:
    """Return the names whose identity in the worker is not author_key's, with both."""
    keys = run(node, site, [], names=names)["keys"]
    return [
        f"{name!r} (U+{ord(name[len(name) // 2]):04X}): worker {key!r}, author_key {author_key(name)!r}"
        for name, key in zip(names, keys, strict=True)
        if key != author_key(name)
    ]


def test_the_worker_s_author_identity_is_author_key_s_for_every_latin_character(node: str, people: Path) -> None:
    # alone, inside a word (where NFKC may compose it with the letter before) and between digits
    chars = [chr(code) for low, high in LATIN for code in range(low, high + 1)]
    names = [name for char in chars for name in (char, f"x{char}y", f"0{char}0", f"A{char.upper()}")]
    differ = identities_differ(node, people, names)
    assert not differ, f"{len(differ)} differ:\n" + "\n".join(differ[:40])


def test_the_worker_s_words_are_python_s_for_every_latin_character(node: str, people: Path) -> None:
    # alone, inside a word, in upper case, beside digits and beside CJK (words split at CJK runs)
    separator = json.loads((people / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]["separator"]
    chars = [chr(code) for low, high in LATIN for code in range(low, high + 1)]
    texts = [text for char in chars for text in (char, f"x{char}y", f"A{char.upper()}B", f"0{char}0", f"中{char}文")]
    texts += ["Łukasz Kaiser", "Weiß STRAẞE", "Søren Ærlig", "Đặng Văn", "Þór þing", "Œuvre ǿ Ǣ", "Oʼzbek Əliyev"]
    texts += [chr(code) for code in range(0xFF01, 0xFF5F)]  # full-width ASCII
    texts += ["ＧＡＮ ｄｉｆｆｕｓｉｏｎ ２０２４", "中ＧＡＮ文"]
    texts += ["pre\u2010training pre\u2011trained", "pre\u00adtraining Pre\u00ad\u00adTrained \u00ad"]
    texts += ["Λόγος ΛΟΓΟΣ λογοσ", "ΣΑΣ Σ ς σς中ς", "ΣΑΣ中Σ", "ΌΣΟΣ.Σ"]  # final sigma
    texts += ["arXiv:2403.01234v2 1501.0001V3 hep-th/9901001v1 2403.01234v", "2403.012345v2 v1.5 gpt4v 中2403.0123v2文"]
    # apostrophes join a word (at its edges they are separators); zero-width joiners leave it, in CJK too
    texts += ["don't Let\u2019s LLaMA\u02bcs 'quoted' students' \u201990s a''b", "中'文 中\u2019 x'中"]
    texts += ["中\u200d文 日本\u200d語", "a\u200d中\u200d文\u200db", "👩\u200d💻中\u200d文"]
    texts += ["中\u200c\u200d\u200d文 中\u200d"]
    worker = run(node, people, [], texts=texts)["words"]
    differ = [
        f"{text!r}: worker {got}, python {want}"
        for text, got in zip(texts, worker, strict=True)
        if got != (want := tokenize(text, separator))
    ]
    assert not differ, f"{len(differ)} differ:\n" + "\n".join(differ[:40])
    named = dict(zip(texts, worker, strict=True))
    assert named["Łukasz Kaiser"] == ["lukasz", "kaiser"] and named["Weiß STRAẞE"] == ["weiss", "strasse"]
    assert named["Søren Ærlig"] == ["soren", "aerlig"] and named["Đặng Văn"] == ["dang", "van"]
    assert named["Þór þing"] == ["thor", "thing"] and named["Œuvre ǿ Ǣ"] == ["oeuvre", "o", "ae"]
    assert named["Oʼzbek Əliyev"] == ["ozbek", "əliyev"]  # ə, a word break of identity, stays a letter
    assert named["don't Let\u2019s LLaMA\u02bcs 'quoted' students' \u201990s a''b"] == [
        "dont", "lets", "llamas", "quoted", "students", "90s", "a", "b",
    ]  # fmt: skip
    assert named["中\u200d文 日本\u200d語"] == ["中文", "日本", "本語"]
    assert named["ＧＡＮ ｄｉｆｆｕｓｉｏｎ ２０２４"] == ["gan", "diffusion", "2024"]
    assert named["Λόγος ΛΟΓΟΣ λογοσ"] == ["λογοσ", "λογοσ", "λογοσ"]
    assert named["arXiv:2403.01234v2 1501.0001V3 hep-th/9901001v1 2403.01234v"] == [
        "arxiv", "2403.01234", "1501.0001", "hep", "th", "9901001", "2403.01234",
    ]  # fmt: skip


def test_the_worker_s_author_identity_is_author_key_s_for_every_character_python_knows(node: str, people: Path) -> None:
    # Python's Unicode database (Unicode 14 in Python 3.11) against Node's (newer): characters
    # assigned since, and private-use ones, are left out
    names = [chr(code) for code in range(0x110000) if unicodedata.category(chr(code)) not in ("Cn", "Cs", "Co")]
    names += ["ΟΔΟΣ", "ΣΑΣ Σ", "ᾼΣ", "ꭰꭱ Ꭰ", "Straße", "Ǆemal", "ж\u0301", "e\u0301", "ﬃ", "㍱", "①②"]
    differ = identities_differ(node, people, names)
    assert not differ, f"{len(differ)} differ:\n" + "\n".join(differ[:40])
