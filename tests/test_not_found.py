"""404.html works opened from disk and served under any path, at any depth (GitHub Pages answers
every missing address with it, at that address)."""

from __future__ import annotations

from contextlib import ExitStack
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.test_offline import Watch, base_path, browser, open_search, results, serve  # noqa: F401

pytestmark = pytest.mark.slow

MARKER = "site-root.txt"  # what 404.html asks for to find the site's root (overrides/hooks/not_found_page.py)


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site / "site"


class Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value and not value.startswith(("http", "#", "data:", "mailto:")):
                self.urls.append(value)


def test_the_404_page_links_relative_to_the_site_root(site: Path) -> None:
    parser = Hrefs()
    parser.feed((site / "404.html").read_text(encoding="utf-8"))
    assert parser.urls
    for url in parser.urls:
        assert not url.startswith("/"), url
        assert (site / url.split("?")[0]).is_file(), url
    page = (site / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in page and 'name="robots" content="noindex"' in page


def styled(page: Any) -> bool:
    """Tell whether Material's stylesheet applies: the header is fixed at the top, in colour."""
    return page.evaluate(
        "() => { const h = getComputedStyle(document.querySelector('.md-header'));"
        " return h.position === 'sticky' && h.backgroundColor !== 'rgba(0, 0, 0, 0)' }"
    )


@pytest.mark.browser
def test_the_404_page_works_from_disk(browser: Any, site: Path) -> None:  # noqa: F811
    context = browser.new_context()
    watch = Watch(context, allow=lambda url: url.startswith("file://"))
    page = watch.page(context)
    page.goto((site / "404.html").as_uri())
    assert styled(page)
    with page.expect_navigation():
        page.get_by_role("link", name="All digests").click()
    assert page.url == (site / "digests" / "index.html").as_uri()
    context.close()
    watch.check()


# What the 404 page offers to search for, by the missing address: an arXiv id as written (search
# finds a paper by it, versioned or not), an older page of a listing by the listing's name.
SUGGESTED = {
    "arxiv/2403.11001v2.html": "2403.11001v2",
    "arxiv/arXiv:2403.11001.html": "2403.11001",
    "papers/2403.11001.htm": "2403.11001",
    "arxiv/hep-th/9901001.html": "hep-th/9901001",
    "topics/diffusion-models/7.html": "diffusion models",
    "papers/no-such-paper-d49d17e4.html": "no such paper",
}


@pytest.mark.browser
@pytest.mark.parametrize("where", ["site path", "another path"])
def test_the_404_page_works_at_any_depth(browser: Any, site: Path, where: str) -> None:  # noqa: F811
    prefix = base_path(site) if where == "site path" else "/REPO/"
    with serve(site, prefix) as base:
        context = browser.new_context()
        origin = base[: base.index("/", len("http://"))]
        # Under another path, the page asks for its marker under the address's folders (the test below).
        watch = Watch(context, allow=lambda url: url.startswith(base) or url == origin + "/" + MARKER)
        page = watch.page(context)
        missing = [base + "papers/deep/below/no-such-paper-here.html", base + "a/b/c/missing.html"]
        response = page.goto(missing[0])
        assert response is not None and response.status == 404
        assert styled(page)
        assert page.locator("article h1").inner_text().strip() == "Page not found"
        suggestion = page.locator("#not-found-query")
        assert suggestion.is_visible() and "no such paper here" in suggestion.inner_text()
        box = open_search(page)  # the search dialog on the 404 page itself
        box.press_sequentially("diffusion", delay=5)
        assert results(page), "search on the 404 page finds nothing"
        page.keyboard.press("Escape")
        with page.expect_navigation():
            page.get_by_role("link", name="All digests").click()
        assert page.url == base + "digests/index.html"
        page.goto(missing[1])
        assert styled(page)
        with page.expect_navigation():
            page.locator("#not-found-query").click()
        assert page.locator("input.md-search__input").input_value() == "missing"
        assert results(page), "the search the 404 page links to finds nothing"
        for address, words in SUGGESTED.items():
            missing.append(base + address)
            page.goto(base + address)
            assert page.locator("#not-found-query").inner_text() == f"\u201c{words}\u201d", address
        context.close()
    # Chromium logs the 404 status of the missing pages themselves, and of a probe that missed: expected.
    watch.errors = [e for e in watch.errors if not (e.split(": ")[0] in missing and "status of 404" in e)]
    watch.check()


# Missing addresses below the site's base, where it is served: some look like the site's own
# folders one level down ("old/papers/..."), some start with a name that is no folder of the site.
BELOW = ["papers/deep/below/no-such-paper-here.html", "a/b/c/missing.html", "x.html", "old/papers/x.html", "a/b/c.html"]


@pytest.mark.browser
@pytest.mark.parametrize("where", ["site path", "another path", "root", "disk"])
def test_the_404_page_asks_for_no_file_at_a_wrong_address(browser: Any, site: Path, where: str) -> None:  # noqa: F811
    """Nor does the browser's preload scanner, which fetches what the markup names before any script
    runs: at a depth, a stylesheet or script resolved against the page's own folder rather than the
    site's root is a request answered 404 and an error in the console. Served under a path other than
    site_url's, the page asks for its marker (overrides/hooks/not_found_page.py) under the address's
    folders, shortest first, until one answers: those requests alone may be answered 404."""
    wrong: list[str] = []
    errors: list[str] = []
    with ExitStack() as stack:
        if where == "disk":
            missing = [(site / "404.html").as_uri()]
        else:
            prefix = {"site path": base_path(site), "another path": "/REPO/", "root": "/"}[where]
            base = stack.enter_context(serve(site, prefix))
            missing = [base + below for below in BELOW]
        context = browser.new_context()
        stack.callback(context.close)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))

        def logged(message: Any) -> None:
            if message.type == "error":  # a failed load, from the page's script or markup: the page's address
                errors.append(f"{message.location.get('url')}: {message.text}")

        page.on("console", logged)

        def answered(response: Any) -> None:
            probe = response.url.endswith("/" + MARKER) and where not in ("site path", "disk")
            if response.url not in missing and response.status >= 400 and not probe:
                wrong.append(f"{response.url}: {response.status}")

        def failed(request: Any) -> None:
            # A load cut short by a better one (ERR_ABORTED) was answered 404 first: `answered` says so.
            if request.failure != "net::ERR_ABORTED":
                wrong.append(f"{request.url}: {request.failure}")

        page.on("response", answered)
        page.on("requestfailed", failed)
        for url in missing:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            assert styled(page), url
            assert page.evaluate("document.baseURI") == (base if where != "disk" else site.as_uri() + "/"), url
    assert wrong == []
    # Chromium logs the 404 answers to the page and to a probe that missed (under the page's address).
    assert [e for e in errors if not (e.split(": ")[0] in missing and "status of 404" in e)] == []
