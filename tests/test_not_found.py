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


@pytest.mark.browser
@pytest.mark.parametrize("where", ["site path", "another path"])
def test_the_404_page_works_at_any_depth(browser: Any, site: Path, where: str) -> None:  # noqa: F811
    prefix = base_path(site) if where == "site path" else "/REPO/"
    with serve(site, prefix) as base:
        context = browser.new_context()
        watch = Watch(context, allow=lambda url: url.startswith(base))
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
        context.close()
    # Chromium logs the 404 status of the missing pages themselves: expected.
    watch.errors = [e for e in watch.errors if not (e.split(": ")[0] in missing and "status of 404" in e)]
    watch.check()


@pytest.mark.browser
@pytest.mark.parametrize("where", ["site path", "another path", "disk"])
def test_the_404_page_asks_for_no_file_at_a_wrong_address(browser: Any, site: Path, where: str) -> None:  # noqa: F811
    """Nor does the browser's preload scanner, which fetches what the markup names before any script
    runs: at a depth, a stylesheet or script resolved against the page's own folder rather than the
    site's root is a request answered 404 and an error in the console."""
    wrong: list[str] = []
    with ExitStack() as stack:
        if where == "disk":
            missing = [(site / "404.html").as_uri()]
        else:
            base = stack.enter_context(serve(site, base_path(site) if where == "site path" else "/REPO/"))
            missing = [base + "papers/deep/below/no-such-paper-here.html", base + "a/b/c/missing.html", base + "x.html"]
        context = browser.new_context()
        stack.callback(context.close)
        page = context.new_page()

        def answered(response: Any) -> None:
            if response.url not in missing and response.status >= 400:
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
    assert wrong == []
