"""One frame for every page: Material's header with tabs, its search dialog, the light/dark
toggle, the same header height everywhere, and a reading width for abstracts.

The browser tests drive Debian's Chromium (see tests/test_offline.py for what they need).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.render.export import read_export
from tests.test_offline import RESULT_ITEMS, Watch, browser, open_search, results  # noqa: F401  (browser: a fixture)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site / "site"


def kinds(site: Path) -> dict[str, str]:
    """One page of each kind: hand-written, paper, digest, archive, topic, overview."""
    topic = sorted(p for p in (site / "topics").glob("*.html") if p.name != "index.html")[0]
    digest = sorted(p for p in (site / "digests").glob("*.html") if p.name != "index.html")[0]
    return {
        "home": "index.html",
        "about": "about.html",
        "paper": read_export(site)[0]["url"],
        "digest": f"digests/{digest.name}",
        "archive": "digests/index.html",
        "topic": f"topics/{topic.name}",
        "topics": "topics/index.html",
    }


def test_every_page_is_in_the_frame(site: Path) -> None:
    for kind, path in kinds(site).items():
        page = (site / path).read_text(encoding="utf-8")
        for part in ('<nav class="md-tabs"', 'data-md-component="search"', 'data-md-component="palette"', "bundle."):
            assert part in page, f"{kind} ({path}): no {part}"


def test_paper_pages_describe_themselves(site: Path) -> None:
    for record in read_export(site):
        head = (site / record["url"]).read_text(encoding="utf-8").split("</head>")[0]
        meta = dict(re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', head))
        for key in ("description", "og:title", "og:type", "og:site_name"):
            assert meta.get(key), f"{record['url']}: no {key}"
        assert meta["og:type"] == "article"
        # Said once: readers take the description and the canonical address for og:description and og:url.
        assert "og:description" not in meta and "og:url" not in meta
        assert f'<link rel="canonical" href="https://example.github.io/paper-digests/{record["url"]}">' in head
        assert "&amp;amp;" not in meta["description"] and "<" not in meta["description"]


@pytest.mark.browser
@pytest.mark.parametrize("width", [1300, 600])
def test_the_header_is_the_same_height_on_every_page(browser: Any, site: Path, width: int) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 800})
    watch = Watch(context, allow=lambda url: url.startswith("file://"))
    page = watch.page(context)
    heights = {}
    for kind, path in kinds(site).items():
        page.goto((site / path).as_uri())
        heights[kind] = page.evaluate(
            "() => [document.querySelector('.md-header').getBoundingClientRect().height,"
            " document.querySelector('.md-tabs').getBoundingClientRect().bottom]"
        )
    context.close()
    watch.check()
    assert len({tuple(h) for h in heights.values()}) == 1, heights
    assert heights["paper"][1] > heights["paper"][0], "the tabs show below the header"


@pytest.mark.browser
def test_search_answers_on_a_paper_page(browser: Any, site: Path) -> None:  # noqa: F811
    papers = read_export(site)
    start, wanted = papers[0], papers[len(papers) // 2]
    context = browser.new_context()
    watch = Watch(context, allow=lambda url: url.startswith("file://"))
    page = watch.page(context)
    page.goto((site / start["url"]).as_uri())
    page.keyboard.press("/")  # Material's shortcut, as on every page
    box = page.locator("input.md-search__input")
    assert box.evaluate("el => el === document.activeElement")
    box.press_sequentially(wanted["title"], delay=5)
    found = results(page)
    assert found and found[0] == wanted["url"], f"first results for {wanted['title']!r}: {found[:3]}"
    assert urlsplit(page.url).path.endswith("/" + start["url"]), "the results show on the page itself"
    with page.expect_navigation():
        page.locator(f"{RESULT_ITEMS} a").first.click()
    assert urlsplit(page.url).path.endswith("/" + wanted["url"])
    context.close()
    watch.check()


@pytest.mark.browser
def test_light_and_dark_follow_the_system_until_toggled(browser: Any, site: Path) -> None:  # noqa: F811
    paper = (site / read_export(site)[0]["url"]).as_uri()
    for system, scheme in (("light", "default"), ("dark", "slate")):
        context = browser.new_context(color_scheme=system)
        watch = Watch(context, allow=lambda url: url.startswith("file://"))
        page = watch.page(context)
        page.goto(paper)
        assert page.evaluate("document.body.dataset.mdColorScheme") == scheme, system
        toggle = page.locator("form[data-md-component=palette] label:visible")
        assert toggle.count() == 1
        icon = toggle.locator("svg")
        assert icon.evaluate("el => getComputedStyle(el).maskImage").startswith("url("), "the icon is drawn"
        assert icon.bounding_box()["width"] > 10
        toggle.click()
        other = "slate" if scheme == "default" else "default"
        page.wait_for_function(f"document.body.dataset.mdColorScheme === {other!r}")
        page.reload()  # the choice is kept
        assert page.evaluate("document.body.dataset.mdColorScheme") == other
        context.close()
        watch.check()


@pytest.mark.browser
def test_abstracts_keep_a_reading_width(browser: Any, site: Path) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1800, "height": 900})
    page = context.new_page()
    page.goto((site / read_export(site)[0]["url"]).as_uri())
    ems = page.evaluate(
        "() => { const p = document.querySelector('.paper-abstract');"
        " return p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize) }"
    )
    context.close()
    assert 30 < ems <= 42, f"the abstract is {ems:.0f} em wide"
