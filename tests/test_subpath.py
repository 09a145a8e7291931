"""The built site served under a project subpath, as GitHub Pages serves it: every internal link works.

A GitHub Pages project site lives at https://USER.github.io/REPO/, so a link that climbs above
/REPO/ or starts at the host's root breaks there while working from disk. The test serves site/
under /REPO/ on loopback (everything else is 404), crawls every page reachable from the home page
and fetches every internal link, script, stylesheet and image it finds.
"""

from __future__ import annotations

import http.client
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

from generator import config
from generator.devtools.bench import loopback

pytestmark = pytest.mark.slow

PREFIX = "/REPO/"  # deliberately not the path of site_url: a hard-coded /paper-digests/ would show
LINK_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"), ("iframe", "src")}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


class PrefixHandler(SimpleHTTPRequestHandler):
    """Serve a folder under PREFIX only; anything outside it is 404, as on a project site."""

    protocol_version = "HTTP/1.1"  # keep-alive: one connection serves the whole crawl
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms stall

    def send_head(self) -> BinaryIO | None:
        if not urlsplit(self.path).path.startswith(PREFIX):
            self.send_error(404, "outside the project prefix")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(PREFIX) :])

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve root under PREFIX on loopback; yield the host:port."""
    with loopback(PrefixHandler, root) as port:
        yield f"127.0.0.1:{port}"


class Links(HTMLParser):
    """Collect the URLs a page loads or links to, its element ids, and Material's config."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self.config = ""
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if (tag, name) in LINK_ATTRS and value is not None:
                self.urls.append(value)
            if name in ("id", "name") and value:
                self.ids.add(value)
        self._in_config = tag == "script" and values.get("id") == "__config"

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config += data

    def handle_endtag(self, tag: str) -> None:
        self._in_config = False


@dataclass
class Crawl:
    """One crawl of the site under PREFIX."""

    host: str
    site_url: str
    status: dict[str, int] = field(default_factory=dict)  # path -> HTTP status
    pages: dict[str, set[str]] = field(default_factory=dict)  # HTML path -> its ids
    links: int = 0  # internal link occurrences checked
    external: int = 0  # links to other hosts, counted, not followed
    via_site_url: int = 0  # absolute links to site_url (canonical), checked locally
    broken: list[str] = field(default_factory=list)
    escaping: list[str] = field(default_factory=list)
    fragments: list[tuple[str, str, str]] = field(default_factory=list)  # (page, target, fragment)

    def __post_init__(self) -> None:
        self.conn = http.client.HTTPConnection(self.host, timeout=10)

    def get(self, path: str) -> tuple[int, str, bytes]:
        for attempt in (1, 2):
            try:
                self.conn.request("GET", path)
                response = self.conn.getresponse()
                return response.status, response.getheader("Content-Type", ""), response.read()
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def local(self, url: str) -> str | None:
        """Map an absolute URL on this server or on site_url to a local path; None for other hosts."""
        parts = urlsplit(url)
        if parts.netloc == self.host:
            return parts.path
        if url.startswith(self.site_url):
            return PREFIX + urlsplit(url[len(self.site_url) :]).path
        return None

    def check(self, page: str, href: str) -> str | None:
        """Resolve one reference found on page; return the path to fetch, or None."""
        if href.startswith(("mailto:", "javascript:", "data:", "tel:")):
            return None
        url = urljoin(f"http://{self.host}{page}", href)
        if urlsplit(url).scheme not in ("http", "https"):
            return None
        url, fragment = urldefrag(url)
        path = self.local(url)
        if path is None:
            self.external += 1
            return None
        self.links += 1
        self.via_site_url += not url.startswith(f"http://{self.host}/")
        if not path.startswith(PREFIX):
            self.escaping.append(f"{page}: {href} -> {path}")
            return None
        if fragment:
            self.fragments.append((page, path, unquote(fragment)))
        return path

    def run(self) -> None:
        todo, referrer = [PREFIX], {PREFIX: "(start)"}
        while todo:
            path = todo.pop()
            status, kind, body = self.get(path)
            self.status[path] = status
            if status != 200:
                self.broken.append(f"{referrer[path]} -> {path}: HTTP {status}")
                continue
            found: list[str] = []
            if kind.startswith("text/html"):
                parser = Links()
                parser.feed(body.decode("utf-8"))
                self.pages[path] = parser.ids
                found = parser.urls
                if parser.config:
                    # Material's script loads these itself: the search worker and the index's
                    # manifest (search_index.json over HTTP, search_index.js from disk).
                    material = json.loads(parser.config)
                    base = material["base"] + "/"
                    found += [base, material["search"], *(base + f"search/search_index.{x}" for x in ("json", "js"))]
            elif path.endswith(".xml") and path.startswith(PREFIX + "feeds/"):
                # Atom feeds: their links are absolute (site_url), checked here against the local copy.
                found = [link.get("href", "") for link in ET.fromstring(body).iter(ATOM + "link")]
            elif kind.startswith("text/css"):
                found = [u for u in CSS_URL.findall(body.decode("utf-8")) if not u.startswith("data:")]
            for href in found:
                target = self.check(path, href)
                if target is not None and target not in referrer:
                    referrer[target] = path
                    todo.append(target)

    def missing_fragments(self) -> list[str]:
        """Fragments that name no element of an HTML page this crawl fetched."""
        return [
            f"{page} -> {target}#{fragment}"
            for page, target, fragment in self.fragments
            if target in self.pages and fragment not in self.pages[target] and not fragment.startswith("__")
        ]

    def summary(self) -> str:
        return (
            f"{len(self.pages)} pages crawled, {self.links} internal links checked "
            f"({len(self.status)} distinct URLs, {self.via_site_url} absolute to site_url), "
            f"{self.external} external links counted, {len(self.broken)} broken, {len(self.escaping)} escaping"
        )


@pytest.fixture(scope="module")
def crawl(built_site: Path) -> Iterator[Crawl]:
    site_url = config.load(built_site / "mkdocs.yml").site_url
    with serve(built_site / "site") as host:
        crawler = Crawl(host, site_url)
        crawler.run()
        yield crawler
        crawler.conn.close()


def test_every_internal_link_works_under_a_subpath(crawl: Crawl, built_site: Path):
    print(crawl.summary())
    assert not crawl.broken, crawl.summary() + "\n" + "\n".join(crawl.broken[:20])
    assert not crawl.escaping, crawl.summary() + "\n" + "\n".join(crawl.escaping[:20])
    assert not crawl.missing_fragments(), crawl.summary() + "\n" + "\n".join(crawl.missing_fragments()[:20])
    site = built_site / "site"
    on_disk = {PREFIX + p.relative_to(site).as_posix() for p in site.glob("papers/*.html")}
    visited = {p for p in crawl.pages if p.startswith(PREFIX + "papers/")}
    assert len(on_disk) == 285
    assert visited == on_disk, f"{crawl.summary()}; paper pages never reached: {sorted(on_disk - visited)[:10]}"
    assert crawl.links > 10 * len(crawl.pages), crawl.summary()


def test_outside_the_prefix_is_not_found(crawl: Crawl):
    for path in ("/", "/index.html", "/papers.json.gz", "/REPO"):
        assert crawl.get(path)[0] == 404, path
    assert crawl.get(PREFIX + "index.html")[0] == 200


def test_sitemap_lists_every_page_at_site_url(crawl: Crawl, built_site: Path):
    status, _, body = crawl.get(PREFIX + "sitemap.xml")
    assert status == 200
    assert crawl.get(PREFIX + "sitemap.xml.gz")[0] == 200
    locs = [loc.text or "" for loc in ET.fromstring(body).iter(SITEMAP + "loc")]
    assert locs
    outside = [loc for loc in locs if not loc.startswith(crawl.site_url)]
    assert not outside, f"sitemap URLs outside {crawl.site_url}: {outside[:5]}"
    for loc in locs:
        path = crawl.local(loc)
        assert path is not None and crawl.get(path)[0] == 200, loc
    papers = {loc for loc in locs if loc.startswith(crawl.site_url + "papers/")}
    assert len(papers) == len(list((built_site / "site" / "papers").glob("*.html")))


def test_not_found_page_links_work_from_the_site_root(crawl: Crawl, built_site: Path):
    # GitHub Pages answers a missing address with 404.html at that address; the page points a <base>
    # element at the site's root (tests/test_not_found.py drives it), and its links are relative to it.
    parser = Links()
    parser.feed((built_site / "site" / "404.html").read_text(encoding="utf-8"))
    local = [u for u in parser.urls if not urlsplit(u).netloc and not u.startswith(("#", "data:"))]
    assert local
    for url in local:
        assert not url.startswith("/"), f"404.html: {url} starts at the host's root"
        path = PREFIX + urldefrag(url)[0].removeprefix("./")
        assert crawl.get(path)[0] == 200, url


def test_the_crawler_catches_broken_escaping_and_root_absolute_links(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="sub/page.html#here">ok</a> <a href="sub/page.html#nowhere">bad anchor</a>'
        '<a href="missing.html">broken</a> <a href="../outside.html">escapes</a>'
        '<link rel="stylesheet" href="/paper-digests/main.css"><a href="https://example.org/">external</a>'
        '<a href="https://example.github.io/paper-digests/sub/page.html">canonical</a>',
        encoding="utf-8",
    )
    (tmp_path / "sub" / "page.html").write_text('<h2 id="here">Here</h2><a href="../index.html">home</a>')
    with serve(tmp_path) as host:
        crawler = Crawl(host, "https://example.github.io/paper-digests/")
        crawler.run()
        crawler.conn.close()
    # The home page is crawled twice, as /REPO/ and as /REPO/index.html (the page links back to it).
    homes = (PREFIX, PREFIX + "index.html")
    assert sorted(crawler.pages) == [*homes, PREFIX + "sub/page.html"]
    assert crawler.broken == [f"{PREFIX} -> {PREFIX}missing.html: HTTP 404"]
    assert {e.split(" -> ")[1] for e in crawler.escaping} == {"/outside.html", "/paper-digests/main.css"}
    assert set(crawler.missing_fragments()) == {f"{home} -> {PREFIX}sub/page.html#nowhere" for home in homes}
    assert (crawler.external, crawler.via_site_url, crawler.links) == (2, 2, 13)
