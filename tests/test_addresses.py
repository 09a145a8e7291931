"""Site addresses a reading list may name a paper by: which page of the site an address is."""

from __future__ import annotations

import pytest

from generator.sources.addresses import Page, site_page

SITE = "https://example.org/my%20site/"


@pytest.mark.parametrize(
    ("ref", "page"),
    [
        ("x.html", Page("paper", "x")),
        ("papers/x.html", Page("paper", "x")),
        ("./papers/x.html", Page("paper", "x")),
        ("arxiv/2403.01230.html", Page("arxiv", "2403.01230")),
        ("arxiv/2403.01230v2.html", Page("arxiv", "2403.01230")),  # a version finds the paper of that id
        ("arxiv/hep-th/9901001.html", Page("arxiv", "hep-th/9901001")),  # an old-style id keeps its slash
        ("https://example.org/my%20site/papers/x.html", Page("paper", "x")),
        ("HTTPS://EXAMPLE.ORG/my%20site/papers/x.html", Page("paper", "x")),  # the scheme and host in any case
        ("example.org/my%20site/papers/x.html", Page("paper", "x")),  # without https://
        ("https://example.org:443/my%20site/papers/x.html", Page("paper", "x")),  # the default port
        ("example.org:443/my%20site/papers/x.html", Page("paper", "x")),
        ("https://example.org/my site/papers/x.html", Page("paper", "x")),  # decoded as site_url is
        ("https://example.org/my%20site/papers/%78.html", Page("paper", "x")),
        ("https://example.org/my%20site/papers/x.html?utm=1#abstract", Page("paper", "x")),  # ignored
        ("papers/x.html#related", Page("paper", "x")),
        ("https://example.org/my%20site/arxiv/2403.01230v3.html", Page("arxiv", "2403.01230")),
        # Pages that are no paper's: named for what they are.
        ("https://example.org/my%20site/", Page("home", "index.html")),
        ("example.org/my%20site", Page("home", "index.html")),
        ("https://example.org/my%20site/index.html", Page("home", "index.html")),
        ("index.html", Page("home", "index.html")),
        ("topics/diffusion.html", Page("topic", "topics/diffusion.html")),
        ("https://example.org/my%20site/digests/2024-03-14.html", Page("digest", "digests/2024-03-14.html")),
        ("authors/ada-example.html", Page("author", "authors/ada-example.html")),
        ("lists/reading-group.html", Page("list", "lists/reading-group.html")),
        ("lists/index.html", Page("list", "lists/index.html")),
        ("https://example.org/my%20site/search/x.html", Page("other", "search/x.html")),
        # %2F is part of a name, never a separator: no page has it.
        ("papers/a%2Fb.html", Page("other", "papers/a%2Fb.html")),
        ("https://example.org/my%20site/papers%2Fx.html", Page("other", "papers%2Fx.html")),
        ("arxiv/hep-th%2F9901001.html", Page("other", "arxiv/hep-th%2F9901001.html")),
        # Not under site_url (SITE_URL changed, http for https, the github.io address): a paper by its path's end.
        ("https://other.org/my%20site/papers/x.html", Page("paper", "x")),
        ("http://lab.github.io/repo/papers/x.html", Page("paper", "x")),
        ("https://example.org/other/papers/x.html", Page("paper", "x")),
        ("https://example.org/my%2520site/papers/x.html", Page("paper", "x")),
        ("https://example.org:8443/my%20site/papers/x.html", Page("paper", "x")),  # another port
        ("https://other.org/papers/x.html?y=1", Page("paper", "x")),
        ("https://other.org/site/arxiv/2403.01230v2.html", Page("arxiv", "2403.01230")),
        ("https://other.org/site/arxiv/hep-th/9901001.html", Page("arxiv", "hep-th/9901001")),
        # The site opened from disk: a paper by its path's end, as on another host.
        ("file:///home/ada/site/papers/x.html", Page("paper", "x")),
        ("FILE:///home/ada/my%20site/papers/x.html#related", Page("paper", "x")),
        ("file:///C:/Users/ada/site/arxiv/2403.01230v2.html", Page("arxiv", "2403.01230")),
        ("file://localhost/home/ada/site/papers/x.html", Page("paper", "x")),
        ("file:///home/ada/my site/papers/x.html", Page("paper", "x")),  # a space: still an address
        ("file:///home/ada/site/topics/x.html", Page("other", "file:///home/ada/site/topics/x.html")),  # as written
        # On the site's host, outside its path, and no paper's page.
        ("https://example.org/other/topics/x.html", Page("outside", "https://example.org/other/topics/x.html")),
    ],
)
def test_an_address_names_a_page_of_the_site(ref: str, page: Page) -> None:
    assert site_page(ref, SITE) == page


@pytest.mark.parametrize(
    "ref",
    [
        "2403.01230",  # an arXiv id: no address
        "Routing Tokens Without Auxiliary Loss",
        "What index.html means",  # a title with a space is a title
        "papers/x",  # a page name is its .html
        "https://other.org/my%20site/topics/x.html",  # another host, no paper's page
        "https://example.org:8443/my%20site/index.html",  # another port
        "https://example.org:99999/my%20site/x.html",  # no port at all
        "https://other.org/papers/a/b.html",
        "https://arxiv.org/abs/2403.01230",
    ],
)
def test_what_is_no_address_of_the_site_is_none(ref: str) -> None:
    assert site_page(ref, SITE) is None


def test_without_site_url_a_full_address_is_a_paper_s_by_its_path_s_end() -> None:
    assert site_page("papers/x.html", "") == Page("paper", "x")
    assert site_page("https://example.org/papers/x.html", "") == Page("paper", "x")
    assert site_page("https://example.org/topics/x.html", "") is None


def test_an_explicit_port_in_site_url_must_be_given() -> None:
    site = "http://localhost:8000/"
    assert site_page("localhost:8000/papers/x.html", site) == Page("paper", "x")
    assert site_page("http://localhost/index.html", site) is None
    assert site_page("http://localhost/papers/x.html", site) == Page("paper", "x")  # found by its path's end


@pytest.mark.parametrize(
    ("page", "said"),
    [
        (Page("topic", "topics/diffusion.html"), "that address is the topic page topics/diffusion.html, not a paper"),
        (
            Page("digest", "digests/2024-03-14.html"),
            "that address is the digest page digests/2024-03-14.html, not a paper",
        ),
        (Page("author", "authors/a.html"), "that address is the author page authors/a.html, not a paper"),
        (Page("list", "lists/r.html"), "that address is the reading list page lists/r.html, not a paper"),
        (Page("home", "index.html"), "that address is the home page, not a paper"),
        (Page("topic", "topics/index.html"), "that address is the overview of topics, topics/index.html, not a paper"),
        (Page("other", "search/x.html"), "that address (search/x.html) is no paper's page: papers/<id>.html"),
        (
            Page("outside", "https://example.org/other/x.html"),
            "that address is not under the site's address https://example.org/my%20site/ (site_url)",
        ),
    ],
)
def test_a_page_that_is_no_paper_says_what_it_is(page: Page, said: str) -> None:
    assert page.not_a_paper(SITE) == said
