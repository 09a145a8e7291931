"""One frame for every page: Material's header with tabs, its search dialog, the light/dark
toggle, the same header height everywhere, and a reading width for abstracts.

The browser tests drive Debian's Chromium (see tests/test_offline.py for what they need).
"""

from __future__ import annotations

import base64
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.render.export import read_export
from tests.test_offline import RESULT_ITEMS, Watch, browser, open_search, results, serve  # noqa: F401  (browser: a fixture)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site / "site"


@pytest.fixture(scope="module")
def material_site(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same pages built without overrides/hooks/scripted_frame.py: Material's frame as it writes it.

    The search results and BibTeX scripts, part of frame.js, are then loaded as Material loads
    extra_javascript.
    """
    text = (built_site / "mkdocs.yml").read_text(encoding="utf-8")
    hook = "  - overrides/hooks/scripted_frame.py\n"
    assert text.count(hook) == 1 and "\nextra_javascript:" not in text
    config = built_site / "mkdocs-without-scripted-frame.yml"
    scripts = "\nextra_javascript:\n  - assets/javascripts/search/results.js\n  - assets/javascripts/cite.js\n"
    config.write_text(text.replace(hook, "") + scripts, encoding="utf-8")
    site = tmp_path_factory.mktemp("material") / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    subprocess.run(command, cwd=built_site, check=True, capture_output=True)
    config.unlink()
    return site


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
    frame = (site / "assets" / "javascripts" / "frame.js").read_text(encoding="utf-8")
    for part in ('data-md-component=\\"search\\"', 'data-md-component=\\"palette\\"', "__pd_header"):
        assert part in frame, f"frame.js: no {part}"
    for kind, path in kinds(site).items():
        page = (site / path).read_text(encoding="utf-8")
        head, body = page.split("</head>")
        up = "../" * path.count("/")
        assert f'<link rel="stylesheet" href="{up}assets/stylesheets/site.css">' in head, kind
        assert f'<script src="{up}assets/javascripts/frame.js"></script>' in head, kind
        if "md-sidebar" in body:  # a page with sidebars keeps its header and tabs
            assert re.search(r'<header class="md-header"[^>]*>.*<script>__pd_header\(\)</script></nav></header>', body)
            assert '<nav class="md-tabs"' in body, kind
        else:  # one without them has frame.js write them, its link home left for readers without JavaScript
            assert "<header" not in body and "md-tabs" not in body, kind
            container = '<div class="md-container" data-md-component="container">'
            assert re.search(container + r"<script>__pd_frame\(\d?\)</script><noscript><a href=", body), kind
            assert f'<noscript><a href="{up}index.html">Paper Digests</a></noscript>' in body, kind
        assert "bundle." in body, kind
        # What frame.js writes, and Material's settings, are not in the page.
        for part in ('data-md-component="search"', 'data-md-component="palette"', "__config", "md-dialog"):
            assert part not in page, f"{kind} ({path}): {part} is still in the page"


@pytest.mark.browser
def test_a_page_lights_the_tab_of_its_section(browser: Any, site: Path) -> None:  # noqa: F811
    lit = {"home": "Home", "about": "About", "paper": None, "digest": "Digests", "archive": "Digests"}
    lit |= {"topic": "Topics", "topics": "Topics"}
    context = browser.new_context()
    watch = Watch(context, allow=lambda url: url.startswith("file://"))
    page = watch.page(context)
    for kind, path in kinds(site).items():
        page.goto((site / path).as_uri())
        tabs = page.evaluate(
            "() => [...document.querySelectorAll('.md-tabs__item')].map(li =>"
            " [li.classList.contains('md-tabs__item--active'), li.textContent, li.firstElementChild.href])"
        )
        assert [name for active, name, href in tabs] == ["Home", "Digests", "Topics", "About"], kind
        assert [name for active, name, href in tabs if active] == ([lit[kind]] if lit[kind] else []), kind
        wanted = ["index.html", "digests/index.html", "topics/index.html", "about.html"]
        assert [href for active, name, href in tabs] == [(site / to).as_uri() for to in wanted], kind
    context.close()
    watch.check()


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


# A right-to-left title with a number, and a count after the link: a link that is no isolate lets
# the bidirectional algorithm draw "(3" into the title's right-to-left run, left of the title.
ISOLATION = """(css) => {
  const p = document.createElement("p")
  p.innerHTML = 'Read <a href="#">\u05d0\u05d1\u05d2 12</a> <span>(3)</span>'
  document.querySelector("article").append(p)
  if (css) p.querySelector("a").style.unicodeBidi = css
  const link = p.querySelector("a").getBoundingClientRect(), count = p.querySelector("span").getBoundingClientRect()
  const letters = document.createRange()
  letters.setStart(p.querySelector("a").firstChild, 0)
  letters.setEnd(p.querySelector("a").firstChild, 3)
  const digits = document.createRange()
  digits.setStart(p.querySelector("a").firstChild, 4)
  digits.setEnd(p.querySelector("a").firstChild, 6)
  p.remove()
  const [left, right] = [digits.getBoundingClientRect().right, letters.getBoundingClientRect().left]
  return [count.left >= link.right - 0.5, left <= right + 0.5]
}"""


@pytest.mark.browser
def test_every_link_of_a_page_is_an_isolate_that_takes_its_own_texts_direction(browser: Any, site: Path) -> None:  # noqa: F811
    """As dir="auto" on each link would (docs/stylesheets/extra.css: unicode-bidi: plaintext)."""
    page = browser.new_page()
    for kind, path in kinds(site).items():
        page.goto((site / path).as_uri())
        found = page.evaluate(
            "() => [...document.querySelectorAll('article a')].map((a) => getComputedStyle(a).unicodeBidi)"
        )
        assert found and set(found) == {"plaintext"}, f"{kind}: {set(found)}"
    # What it does: the count after a right-to-left title stays after it; the title reads right to left.
    assert page.evaluate(ISOLATION, "") == [True, True]
    assert page.evaluate(ISOLATION, "normal") == [False, True], "the check tells an isolate from no isolate"
    page.close()


# The body after load, scripts and what readers without JavaScript get aside (they differ: that
# is the point), as a tree: whitespace
# between tags aside (the screenshots show it renders as nothing), and the dialog, which frame.js
# puts right after the header and Material after the container (fixed, it is stacked on its own),
# at the end. On a page without sidebars the header's menu button, which scripted_frame.py drops
# (it would open an empty drawer), goes too.
BODY = """() => {
  const body = document.body.cloneNode(true)
  body.querySelectorAll("script, noscript").forEach(el => el.remove())
  body.append(...body.querySelectorAll(":scope > .md-dialog"))
  if (!body.querySelector(".md-sidebar--primary"))
    body.querySelectorAll(".md-header__button[for=__drawer]").forEach(el => el.remove())
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT), blank = []
  while (walker.nextNode()) {
    const node = walker.currentNode
    if (!node.data.trim() && !node.parentElement.closest("article")) blank.push(node)
  }
  blank.forEach(node => node.remove())
  return body.outerHTML.replaceAll(location.origin, "")
}"""
NO_MENU = ".md-header__button[for=__drawer] { display: none }"


def looks(page: Any, url: str, query: str | None = None) -> tuple[str, bytes]:
    """Open url; return its body after load (see BODY) and a screenshot, with query searched if given."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if not page.evaluate("!!document.querySelector('.md-sidebar--primary')"):
        page.add_style_tag(content=NO_MENU)  # what Material's build shows of the menu button: nothing
    if query:
        open_search(page).press_sequentially(query, delay=5)
        results(page)
    return page.evaluate(BODY), settled_screenshot(page, full_page=not query)


# Pixels of two PNG screenshots (base64) that differ by more than TOLERANCE in a channel from every
# pixel within one pixel of them in the other, as pixelmatch (behind Playwright's toHaveScreenshot)
# leaves anti-aliasing out. Two renders of the same search results can place text a fraction of a
# pixel apart (seen on a busy machine: glyph and chip edges changed, the DOM alike); a block moved
# by a pixel (1,304 pixels changed on the home page's results) or recoloured (293) still counts.
TOLERANCE = 64
COUNT_CHANGED = """async ([a, b, tolerance]) => {
  const pixels = async (png) => {
    const image = await createImageBitmap(await (await fetch("data:image/png;base64," + png)).blob())
    const canvas = new OffscreenCanvas(image.width, image.height)
    const context = canvas.getContext("2d")
    context.drawImage(image, 0, 0)
    return context.getImageData(0, 0, image.width, image.height)
  }
  const [one, two] = [await pixels(a), await pixels(b)]
  const { width, height } = one
  if (width !== two.width || height !== two.height) return width * height
  const near = (from, i, to, j) =>
    [0, 1, 2].every((c) => Math.abs(from.data[i + c] - to.data[j + c]) <= tolerance)
  const matched = (from, to, x, y) => {
    for (let v = Math.max(0, y - 1); v <= Math.min(height - 1, y + 1); v++)
      for (let u = Math.max(0, x - 1); u <= Math.min(width - 1, x + 1); u++)
        if (near(from, (y * width + x) * 4, to, (v * width + u) * 4)) return true
    return false
  }
  let changed = 0
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      if (!near(one, i, two, i) && !(matched(one, two, x, y) && matched(two, one, x, y))) changed++
    }
  return changed
}"""


def pixels_changed(context: Any, one: bytes, two: bytes) -> int:
    """Return how many pixels of two PNG screenshots differ by more than TOLERANCE (0 if equal)."""
    if one == two:
        return 0
    page = context.new_page()
    try:
        encoded = [base64.b64encode(png).decode("ascii") for png in (one, two)]
        return int(page.evaluate(COUNT_CHANGED, [*encoded, TOLERANCE]))
    finally:
        page.close()


def settled_screenshot(page: Any, full_page: bool, tries: int = 30) -> bytes:
    """Return a screenshot once two taken in a row agree, as Playwright's toHaveScreenshot waits.

    A fixed pause was not enough on a busy machine: the search results were still being drawn.
    """
    shot = page.screenshot(full_page=full_page)
    for _ in range(tries):
        page.wait_for_timeout(100)
        again = page.screenshot(full_page=full_page)
        if again == shot:
            return shot
        shot = again
    raise AssertionError(f"{page.url}: the page kept changing for {tries} screenshots")


@pytest.mark.browser
@pytest.mark.parametrize(("width", "scheme"), [(1300, "light"), (600, "dark")])
def test_the_frame_is_material_s_as_material_writes_it(
    browser: Any,  # noqa: F811
    site: Path,
    material_site: Path,
    width: int,
    scheme: str,
) -> None:
    """Pages whose JavaScript-only parts frame.js writes read and look exactly as Material's own.

    Over HTTP: Material's own build has no iframe-worker shim (main.html leaves it to frame.js),
    so its search works only there.
    """
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    with serve(site) as ours, serve(material_site) as material:
        watch = Watch(context, allow=lambda url: url.startswith((ours, material)))
        page = watch.page(context)
        for kind, path in {**kinds(site), "not found": "404.html"}.items():
            for query in (None, "diffusion") if kind in ("paper", "home") else (None,):
                # A real difference shows every time; text a fraction of a pixel apart does not.
                for _ in range(3):
                    mine, theirs = looks(page, ours + path, query), looks(page, material + path, query)
                    changed = pixels_changed(context, mine[1], theirs[1])
                    if mine[0] != theirs[0] or not changed:
                        break
                assert mine[0] == theirs[0], f"{kind} ({path}), {query=}: the page differs from Material's"
                assert not changed, f"{kind} ({path}), {query=}: {changed} pixels differ from Material's"
        context.close()
    watch.check()


# Wraps __pd_header and __pd_frame as frame.js defines them, to record what the browser had
# painted when the page's one ran.
PAINTED = """
for (const name of ["__pd_header", "__pd_frame"])
  Object.defineProperty(window, name, {
    configurable: true,
    set(write) {
      Object.defineProperty(window, name, {
        value(...args) { window.__paintedBefore = performance.getEntriesByType("paint").length; return write(...args) },
      })
    },
  })
"""


@pytest.mark.browser
def test_the_frame_is_written_before_the_first_paint(browser: Any, site: Path) -> None:  # noqa: F811
    context = browser.new_context()
    context.add_init_script(PAINTED)
    watch = Watch(context, allow=lambda url: url.startswith("file://"))
    page = watch.page(context)
    for kind, path in kinds(site).items():
        page.goto((site / path).as_uri())
        page.wait_for_load_state("load")
        assert page.evaluate("window.__paintedBefore") == 0, f"{kind}: painted before the frame was written"
        # The first paint may come after the load event on a busy machine: wait for it (the check
        # above is what matters; this one shows the paint timing it relies on is recorded at all).
        page.wait_for_function("performance.getEntriesByType('paint').length > 0", timeout=10_000)
    context.close()
    watch.check()
