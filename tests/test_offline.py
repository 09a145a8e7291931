"""The built site works offline: opened from disk (file://) it requests nothing from the network,
its links resolve to files, and search finds a paper and opens it, in a real headless Chromium.

Browser tests need the `playwright` package and Debian's chromium (/usr/bin/chromium, or
CHROME_PATH). Without them they are skipped, except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from generator.devtools.bench import loopback
from generator.render.export import read_export
from generator.search import query as search
from tests.conftest import IN_CI

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
LINKS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"), ("iframe", "src")}
FETCHED = LINKS - {("a", "href")}
RESULT_ITEMS = ".md-search-result__item"  # one per page; its first link is the page, the others its sections
PAGE_LINKS = "items => items.map(item => item.querySelector('a').getAttribute('href'))"
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


# Helpers shared with test_lighthouse.py ---------------------------------------------------


def unavailable(reason: str) -> None:
    """Skip a browser test, or fail it under CI=true, where the browser must be there."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: browser tests must run, not skip)")
    pytest.skip(reason)


def chromium_path() -> str:
    """Return Chromium's path (CHROME_PATH, else Debian's /usr/bin/chromium); skip or fail without it."""
    path = os.environ.get("CHROME_PATH") or "/usr/bin/chromium"
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        found = shutil.which("chromium")
        if not found:
            unavailable(f"no Chromium at {path}: apt-get install chromium")
        path = found or path
    return path


def base_path(site: Path) -> str:
    """The path the site is published under (site_url's): the path of the sitemap's home page."""
    locs = re.findall(r"<loc>([^<]*)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert locs, "sitemap.xml lists no page"
    return urlsplit(min(locs, key=len)).path.rsplit("/", 1)[0] + "/"  # the folder of the home page


class PagesHandler(SimpleHTTPRequestHandler):
    """Serve a site under its base path and answer 404.html for anything missing, as GitHub Pages does."""

    prefix = "/"

    def send_head(self):  # type: ignore[no-untyped-def]
        path = urlsplit(self.path).path
        if path.startswith(self.prefix):
            local = Path(super().translate_path("/" + path[len(self.prefix) :]))
            if local.is_file() or (local.is_dir() and (local / "index.html").is_file()):
                return super().send_head()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        return super().translate_path("/" + path[len(self.prefix) :] if path.startswith(self.prefix) else path)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path, prefix: str = "/") -> Iterator[str]:
    """Serve site on 127.0.0.1 at a free port under prefix; yield the site's base URL."""
    handler = type("Handler", (PagesHandler,), {"prefix": prefix})
    with loopback(handler, site) as port:
        yield f"http://127.0.0.1:{port}{prefix}"


# Without a browser: references and links -------------------------------------------------


class Links(HTMLParser):
    """Collect (tag, attribute, value) of links and resources, ids, and inline styles."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for key in ("id", "name"):
            if key in values:
                self.ids.add(values[key])
        for t, attr in LINKS:
            if tag == t and attr in values:
                rel = values.get("rel", "")
                if tag == "link" and rel in ("canonical", "alternate", "prev", "next"):
                    self.links.append(("a", attr, values[attr]))  # navigated to, not fetched
                else:
                    self.links.append((tag, attr, values[attr]))
        if "style" in values:
            self.styles.append(values["style"])
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site / "site"


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[Path, Links]:
    return {path: parse(path) for path in sorted(site.rglob("*.html"))}


def test_nothing_is_fetched_from_the_network(site: Path, pages: dict[Path, Links]) -> None:
    fetched = []
    for path, links in pages.items():
        for tag, attr, value in links.links:
            if (tag, attr) in FETCHED and EXTERNAL.match(value) and not value.startswith("data:"):
                fetched.append(f"{path.relative_to(site)}: <{tag} {attr}={value}>")
        for style in links.styles:
            fetched += [f"{path.relative_to(site)}: style {u}" for u in _css_urls(style) if EXTERNAL.match(u)]
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        fetched += [f"{css.relative_to(site)}: {u}" for u in _css_urls(text) if EXTERNAL.match(u) and "data:" not in u]
    assert not fetched, "the site fetches from the network:\n" + "\n".join(fetched[:20])


def _css_urls(text: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(text)]


def test_the_search_shim_is_vendored(site: Path, pages: dict[Path, Links]) -> None:
    vendored = Path(__file__).resolve().parent.parent / "overrides" / "assets" / "javascripts" / "iframe-worker"
    shim = (vendored / "shim.js").read_text(encoding="utf-8")
    assert "IFrameWorker" in shim and (site / "assets" / "javascripts" / "iframe-worker" / "LICENSE").is_file()
    # Every page loads it as part of frame.js (overrides/hooks/scripted_frame.py).
    assert shim.strip() in (site / "assets" / "javascripts" / "frame.js").read_text(encoding="utf-8")
    assert ("script", "src", "assets/javascripts/frame.js") in pages[site / "index.html"].links
    npm_copy = Path(__file__).resolve().parent.parent / "node_modules" / "iframe-worker" / "shim" / "index.js"
    if npm_copy.is_file():  # after `npm ci`: the vendored copy is the pinned package's file
        assert npm_copy.read_text(encoding="utf-8") == shim


def test_every_link_resolves_on_disk(site: Path, pages: dict[Path, Links]) -> None:
    broken = []
    for path, links in pages.items():
        for tag, attr, value in links.links:
            if EXTERNAL.match(value) or not value:
                continue
            target, _, fragment = value.partition("#")
            target = unquote(target.partition("?")[0])
            if target.startswith("/"):
                broken.append(f"{path.relative_to(site)}: {value} starts at the root, which is not the site's")
                continue
            else:
                file = (path.parent / target).resolve() if target else path
            if not file.is_file():
                broken.append(f"{path.relative_to(site)}: <{tag} {attr}={value}>: no file {file}")
            elif fragment and file.suffix == ".html" and tag == "a":
                ids = pages[file].ids if file in pages else parse(file).ids
                if unquote(fragment) not in ids:
                    broken.append(f"{path.relative_to(site)}: {value}: no id {fragment!r} there")
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:30])


# In Chromium -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -r requirements-dev.txt)")
    path = chromium_path()
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        except Error as exc:
            unavailable(f"Chromium at {path} does not start: {exc}")
        yield chromium
        chromium.close()


class Watch:
    """Record what a browser context does wrong: network requests, failed loads, script errors."""

    def __init__(self, context: Any, allow: Callable[[str], bool]) -> None:
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.allow = allow
        context.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        if self.allow(route.request.url):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    def page(self, context: Any) -> Any:
        page = context.new_page()
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))
        page.on("console", lambda msg: self._console(page, msg))
        page.on("requestfailed", self._failed)
        return page

    def _console(self, page: Any, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"{page.url}: {message.text}")

    def _failed(self, request: Any) -> None:
        # A load cut short by leaving the page (ERR_ABORTED) is not a missing file.
        if request.url not in self.blocked and request.failure != "net::ERR_ABORTED":
            self.failed.append(f"{request.url}: {request.failure}")

    def check(self) -> None:
        assert not self.blocked, f"requests left the machine: {self.blocked}"
        assert not self.failed, f"requests failed: {self.failed}"
        assert not self.errors, f"script errors: {self.errors}"


def results(page: Any, timeout: float = 10.0) -> list[str]:
    """Wait for the search results to settle (unchanged over 0.4 s); return their links, site-relative."""
    deadline = time.monotonic() + timeout
    seen: list[list[str]] = []
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        seen.append(page.eval_on_selector_all(RESULT_ITEMS, PAGE_LINKS))
        if seen[-1] and len(seen) >= 5 and all(s == seen[-1] for s in seen[-5:]):
            break
    return [_site_relative(h) for h in seen[-1]] if seen else []


def ask(page: Any, box: Any, query: str) -> list[str]:
    """Clear the search box, wait for the results to go, type query; return its results."""
    box.fill("")
    box.press("End")  # Material reads the box on key events
    page.wait_for_function(f"!document.querySelector({RESULT_ITEMS!r})")
    box.fill(query)
    box.press("End")
    return results(page)


def _site_relative(href: str) -> str:
    path = urlsplit(href).path
    return path[path.rindex("/site/") + 6 :] if "/site/" in path else path.lstrip("./")


def open_search(page: Any) -> Any:
    page.keyboard.press("s")  # Material's shortcut: focuses the search box
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    return box


@pytest.mark.browser
def test_offline_search_finds_a_paper_and_opens_it(browser: Any, site: Path) -> None:
    papers = read_export(site)
    # A title like "C-Mixup: Improving ...": stock Material's search shows nothing for these.
    record = next((p for p in papers if re.match(r"^\S+-\S+:", p["title"])), papers[0])
    context = browser.new_context()
    watch = Watch(context, allow=lambda url: url.startswith("file://"))
    page = watch.page(context)
    page.goto((site / "index.html").as_uri())
    box = open_search(page)
    box.press_sequentially(record["title"], delay=10)
    found = results(page)
    assert found and found[0] == record["url"], f"first results for {record['title']!r}: {found[:3]}"
    with page.expect_navigation():
        page.locator(f"{RESULT_ITEMS} a").first.click()
    assert urlsplit(page.url).path.endswith("/" + record["url"])
    assert page.locator("article h1").first.inner_text().strip() == record["title"]
    assert page.locator(".paper-abstract").inner_text().startswith(record["abstract"][:60])
    for other in ("topics/index.html", "digests/index.html", "about.html"):
        page.goto((site / other).as_uri())
        page.wait_for_load_state("load")
    context.close()
    watch.check()


@pytest.mark.browser
def test_the_browser_ranks_like_the_command_line(browser: Any, site: Path) -> None:
    papers = read_export(site)
    searcher = search.searcher(site)
    sample = papers[:: max(1, len(papers) // 12)][:12]
    queries = [p["title"] for p in sample] + [" ".join(p["abstract"].split()[3:6]) for p in sample[:6]]
    context = browser.new_context()
    watch = Watch(context, allow=lambda url: url.startswith("file://"))
    page = watch.page(context)
    page.goto((site / "index.html").as_uri())
    box = open_search(page)
    differ = []
    for query in queries:
        in_browser = ask(page, box, query)[:3]
        on_command_line = [hit.url for hit in searcher.search(query, 3).hits]
        if in_browser != on_command_line:
            differ.append(f"{query!r}: browser {in_browser}, command line {on_command_line}")
    context.close()
    watch.check()
    assert not differ, "\n".join(differ)
