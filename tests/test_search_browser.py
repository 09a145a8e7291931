"""Search in headless Chromium: the generator's index is the one in use, over HTTP and from disk.

A site is built from the real digests plus the search cases of tests/fixtures/cases/2026-11-30 (02
Chinese and Russian titles, 09 words glued to symbols, 15 hostile topic names, added to the
taxonomy). Over HTTP, the page fetches the manifest and then only shard, postings and display
files; from disk (file://, every other request blocked) the same search works through Material's
iframe worker. Topic names show as text, and a chip narrows the search.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator import build, config
from generator.render.export import read_export
from generator.search.query import Index
from generator.search.settings import SEPARATOR
from generator.search.tokens import STOP_WORDS, tokenize
from generator.write import site as mkdocs_site

from . import test_offline
from .conftest import ROOT, copy_project
from .test_offline import RESULT_ITEMS, Watch, ask, open_search, results, serve

browser = test_offline.browser  # the headless Chromium fixture

CASES = ROOT / "tests" / "fixtures" / "cases" / "2026-11-30"  # copied from the shared/cases
CASE_FILES = {
    "02-non-latin-search": "2024-04-04.txt",
    "09-search-punct-glued": "2024-04-11.txt",
    "15-odd-topic-names": "2024-04-12.txt",
}
EVIL = "Code: C/C++ & Rust <img src=x onerror=alert(7)>"
# The topics of case 15's patch to data/topics.yml and mkdocs.yml
TOPICS = f"""
  - name: "{EVIL}"
    area: Applications
    description: Program translation & "memory-safe" code.
    phrases: [C++, Rust, unsafe block]
  - name: 代码生成
    area: Applications
    description: 代码生成与程序翻译。
    phrases: [code generation, translate, translation]
"""
# Text from the cases, for the assertions
HASHBENCH = "#HashBench: Tagging Instructions to Evaluate Chat Assistants"
ZH = "中文指令微调数据集的构建与评测"


@pytest.fixture(scope="module")
def case_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("digests")
    shutil.copytree(ROOT / "data" / "digests", data, dirs_exist_ok=True)
    for folder, name in CASE_FILES.items():
        source = CASES / folder / name
        shutil.copy(source, data / name)
    root = copy_project(tmp_path_factory.mktemp("project") / "p", data)
    taxonomy = root / "data" / "topics.yml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8").rstrip("\n") + "\n" + TOPICS, encoding="utf-8")
    mkdocs = root / "mkdocs.yml"
    allowed = '        - "AI for science"\n'
    extra = allowed + f'        - {json.dumps(EVIL)}\n        - "代码生成"\n'
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace(allowed, extra), encoding="utf-8")
    settings = config.load(mkdocs)
    report = build.generate(settings)
    mkdocs_site.build_site(mkdocs, root / "site", lambda _: None, date=report.newest)
    return root / "site"


def shard_of(site: Path, word: str) -> str:
    """The term shard a word is in."""
    return f"t/{Index(site / 'search').shard_of(word)}"


def typed(page: Any, query: str) -> list[str]:
    box = open_search(page)
    return ask(page, box, query)


@pytest.mark.browser
def test_over_http_the_page_loads_the_manifest_then_only_what_a_query_needs(browser: Any, case_site: Path) -> None:
    with serve(case_site) as base:
        context = browser.new_context()
        watch = Watch(context, allow=lambda url: url.startswith(base))
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url[len(base) :]))
        page = watch.page(context)
        page.goto(base + "index.html")
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        loaded = [r for r in requests if r.startswith("search/")]
        assert loaded == ["search/search_index.json"], loaded
        manifest = json.loads((case_site / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert manifest["docs"] == [], "the manifest carries documents: a full index"
        found = typed(page, "HashBench")
        assert found[:1] == ["papers/hashbench-tagging-instructions-to-evaluate-chat-assistants.html"], found
        fetched = [r for r in requests if r.startswith("search/")][1:]
        assert fetched and all(r.split("/")[1] in ("t", "p", "d", "h") for r in fetched), fetched
        total = len(list((case_site / "search").rglob("*.js")))
        assert len(fetched) < total / 4, f"{len(fetched)} of {total} index files for one word"
        # A later query fetches only what it lacks
        before = len(requests)
        assert typed(page, "hashbench")[:1] == found[:1]
        assert not [r for r in requests[before:] if r.startswith("search/")]
        meta = page.locator(".md-search-result__meta").inner_text()
        assert meta == "1 result", meta
        context.close()
    watch.check()


@pytest.mark.browser
def test_a_query_goes_to_the_worker_as_it_is_typed_not_when_the_key_is_released(browser: Any, case_site: Path) -> None:
    with serve(case_site) as base:
        context = browser.new_context()
        watch = Watch(context, allow=lambda url: url.startswith(base))
        page = watch.page(context)
        page.goto(base + "index.html")
        page.wait_for_load_state("load")
        open_search(page)
        page.keyboard.insert_text("HashBench")  # the text's input event, and no key after it
        found = results(page)
        assert found[:1] == ["papers/hashbench-tagging-instructions-to-evaluate-chat-assistants.html"], found
        context.close()
    watch.check()


def typing(browser: Any, site: Path, text: str, delay: float) -> tuple[list[str], list[str], int]:
    """Type text into the search box of a fresh page over HTTP, a key every `delay` ms.

    Return the results, the index files fetched (t/3, d/0, ...) and their bytes.
    """
    with serve(site) as base:
        context = browser.new_context()
        watch = Watch(context, allow=lambda url: url.startswith(base))
        fetched: list[str] = []
        context.on("request", lambda request: fetched.append(request.url[len(base) :]))
        page = watch.page(context)
        page.goto(base + "index.html")
        page.wait_for_load_state("load")
        open_search(page)
        page.keyboard.type(text, delay=delay)
        found = results(page)
        files = [
            f.removeprefix("search/").removesuffix(".js") for f in fetched if f.startswith("search/") and "/" in f[7:]
        ]
        size = sum((site / "search" / f"{name}.js").stat().st_size for name in files)
        context.close()
    watch.check()
    return found, files, size


@pytest.mark.browser
def test_typing_a_long_title_fast_fetches_the_title_s_files_not_every_prefix_s(browser: Any, case_site: Path) -> None:
    title = next(p for p in read_export(case_site) if len(p["title"].split()) == 9)
    found, files, _ = typing(browser, case_site, title["title"], delay=40)  # a fast typist's burst
    assert found[:1] == [title["url"]], found
    assert len(files) == len(set(files)), "a file was fetched twice"
    shards = {f for f in files if f.startswith("t/")}
    words = {shard_of(case_site, w) for w in tokenize(title["title"], SEPARATOR) if w not in STOP_WORDS}
    # the title's own shards (one more if a key came late), not those of every prefix (3 more, 28 files, without
    # the pause), and the display files of the title's results only
    assert words <= shards and len(shards - words) <= 1, (sorted(shards), sorted(words))
    assert len(files) < 2 * len(words), files


@pytest.mark.browser
def test_from_disk_cjk_words_and_glued_symbols_are_found(browser: Any, case_site: Path) -> None:
    context = browser.new_context()
    watch = Watch(context, allow=lambda url: url.startswith("file://"))
    page = watch.page(context)
    page.goto((case_site / "index.html").as_uri())
    box = open_search(page)
    zh = "papers/zhong-wen-zhi-ling-wei-diao-shu-ju-ji-de-gou-jian-yu-ping-ce.html"
    for query in ("指令", "微调"):
        assert ask(page, box, query)[:1] == [zh], query
    for query in ("#epigraf", "<epigraf>", "epigraf™", "epigraf†"):
        assert ask(page, box, query)[:1] == ["papers/epigraf-rethinking-training-of-3d-gans.html"], query
    ru = "papers/privet-mir-mnogoiazychnaia-model-dlia-perevoda-nauchnykh-tekstov.html"
    assert ask(page, box, "Привет")[:1] == [ru]
    title = page.locator(f"{RESULT_ITEMS} h1").first.inner_html()
    assert "<mark>Привет</mark>" in title
    context.close()
    watch.check()


@pytest.mark.browser
def test_topic_names_are_text_and_a_chip_narrows_the_search(browser: Any, case_site: Path) -> None:
    context = browser.new_context()
    watch = Watch(context, allow=lambda url: url.startswith("file://"))
    page = watch.page(context)
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.goto((case_site / "index.html").as_uri())
    box = open_search(page)
    found = ask(page, box, "safe rust translation")
    assert found[:1] == ["papers/translating-legacy-c-code-into-safe-rust-with-language-models.html"], found
    chips = page.locator(f"{RESULT_ITEMS} .md-tag")
    names = chips.all_inner_texts()
    assert EVIL in names, names
    assert page.locator(f"{RESULT_ITEMS} img").count() == 0
    # Clicking a chip narrows the search to the topic instead of opening the paper
    chip = page.locator(f"{RESULT_ITEMS} .md-tag", has_text="Rust <img").first
    chip.click()
    page.wait_for_timeout(200)
    assert box.input_value() == 'safe rust translation topic:"Code: C/C++ & Rust <img src=x onerror=alert(7)>"'
    narrowed = results(page)
    assert narrowed and all(u.startswith("papers/") for u in narrowed)
    assert page.url.endswith("/index.html"), "the chip opened a page"
    # The count says how many match, and how many are listed
    assert len([u for u in ask(page, box, "model") if u.startswith("papers/")]) >= 10
    meta = page.locator(".md-search-result__meta").inner_text()
    assert meta.endswith("(best 20 listed)") and int(meta.split()[0].replace(",", "")) > 20, meta
    # Result links carry no query string the page would ignore
    hrefs = page.eval_on_selector_all(f"{RESULT_ITEMS} a", "links => links.map(a => a.getAttribute('href'))")
    assert hrefs and not [h for h in hrefs if "?" in h], hrefs[:3]
    assert not dialogs, f"script from a topic name ran: {dialogs}"
    context.close()
    watch.check()
