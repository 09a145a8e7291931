"""The head's feed links (overrides/partials/page-meta.html), rendered for stand-in pages of each kind.

tests/test_site.py checks the same links on built sites; here every kind of page is one line,
including those the seed and the golden fixture have none of (a topic's older pages).
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import jinja2
import pytest
from mkdocs.utils.templates import url_filter

from .conftest import ROOT

SITE = "feeds/papers.xml"


def head(src_uri: str, url: str, **meta: object) -> str:
    """Render page-meta.html for a page built from src_uri at the site path url, with its front matter."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"))
    env.filters["url"] = url_filter
    page = SimpleNamespace(
        meta=meta,
        file=SimpleNamespace(src_uri=src_uri),
        url=url,
        title=meta.get("title"),
        is_homepage=False,
        canonical_url=None,
        previous_page=None,
        next_page=None,
    )
    config = SimpleNamespace(site_name="Paper Digests", site_description="", theme=SimpleNamespace(favicon="x.png"))
    template = env.get_template("partials/page-meta.html")
    return template.render(page=page, config=config, base_url="..", site_feed=SITE)


def feeds(markup: str) -> list[tuple[str, str]]:
    """The (title, href) of each feed link, in the head's order."""
    return re.findall(
        r'<link rel="alternate feed" type="application/atom\+xml" title="([^"]*)" href="([^"]*)">', markup
    )


def newest(url: str) -> tuple[str, str]:
    """The link to the newest papers of the site from the page at the site path url."""
    return ("Paper Digests: newest papers", "../" * url.count("/") + SITE)


@pytest.mark.parametrize(
    ("src_uri", "url"),
    [
        ("authors/index.md", "authors/index.html"),
        ("authors/a-z/a.md", "authors/a-z/a.html"),  # the A–Z pages list authors: site listing pages
        ("authors/a-z/0-9-2.md", "authors/a-z/0-9-2.html"),
        ("digests/index.md", "digests/index.html"),
        ("topics/index.md", "topics/index.html"),
    ],
)
def test_a_listing_page_links_the_newest_papers(src_uri: str, url: str) -> None:
    assert feeds(head(src_uri, url, title="A listing")) == [newest(url)]


@pytest.mark.parametrize(
    ("src_uri", "url"),
    [
        ("authors/ada-example.md", "authors/ada-example.html"),  # one person's page
        ("authors/ada-example/1.md", "authors/ada-example/1.html"),  # and its older pages
        ("digests/2024-03-14.md", "digests/2024-03-14.html"),
    ],
)
def test_a_page_of_one_thing_links_no_feed(src_uri: str, url: str) -> None:
    assert feeds(head(src_uri, url, title="One thing")) == []


def test_a_paper_page_links_no_feed() -> None:
    assert feeds(head("papers/x.md", "papers/x.html", title="A paper", template="paper.html")) == []


@pytest.mark.parametrize(
    ("src_uri", "url", "feed"),
    [
        ("topics/pruning.md", "topics/pruning.html", "feeds/topics/pruning.xml"),
        ("lists/reading-group.md", "lists/reading-group.html", "feeds/lists/reading-group.xml"),
    ],
)
def test_a_topic_or_list_page_links_its_own_feed_first(src_uri: str, url: str, feed: str) -> None:
    """Feed readers and browsers take the first feed link as the page's feed (a tester)."""
    shown = feeds(head(src_uri, url, title="Pruning &amp; more", feed=feed))
    assert shown == [("Paper Digests: Pruning &amp; more", f"../{feed}"), newest(url)]


def test_a_topics_older_page_links_the_topics_feed_named_by_the_topic() -> None:
    """An older page of a topic linked only the newest papers of the site (a tester)."""
    title = "Pruning &amp; &lt;b&gt;more&lt;/b&gt;: papers from 1 January 2024 to 4 January 2024"
    markup = head(
        "topics/pruning/1.md",
        "topics/pruning/1.html",
        title=title,
        feed="feeds/topics/pruning.xml",
        feed_title="Pruning &amp; &lt;b&gt;more&lt;/b&gt;",
    )
    own = ("Paper Digests: Pruning &amp; &lt;b&gt;more&lt;/b&gt;", "../../feeds/topics/pruning.xml")
    assert feeds(markup) == [own, newest("topics/pruning/1.html")]
