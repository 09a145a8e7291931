"""A sitemap past the protocol's limits becomes a sitemap index over sitemap files (sitemaps.org)."""

from __future__ import annotations

import gzip
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator import build, config
from generator.write import sitemap

from .conftest import DIGESTS, copy_project

NS = {"s": sitemap.NS}


def mkdocs_sitemap(folder: Path, locs: list[str], dates: list[str] | None = None) -> Path:
    """Write a sitemap.xml and sitemap.xml.gz the way MkDocs' template does."""
    folder.mkdir(parents=True, exist_ok=True)
    dates = dates or ["2024-03-14"] * len(locs)
    rows = "".join(
        f"\n    <url>\n         <loc>{loc}</loc>\n         <lastmod>{date}</lastmod>\n    </url>"
        for loc, date in zip(locs, dates, strict=True)
    )
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{sitemap.NS}">{rows}\n</urlset>'
    (folder / "sitemap.xml").write_text(text)
    with gzip.GzipFile(folder / "sitemap.xml.gz", "wb", mtime=1710374400) as out:
        out.write(text.encode())
    return folder


def read_index(folder: Path) -> list[tuple[str, str]]:
    root = ET.parse(folder / "sitemap.xml").getroot()
    assert root.tag == f"{{{sitemap.NS}}}sitemapindex"
    return [(s.findtext("s:loc", namespaces=NS), s.findtext("s:lastmod", namespaces=NS)) for s in root]  # type: ignore[misc]


def read_urls(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{sitemap.NS}}}urlset"
    return [u.findtext("s:loc", namespaces=NS) or "" for u in root]


SITE = "https://me.github.io/repo/"


def test_within_the_limits_nothing_changes(tmp_path: Path):
    folder = mkdocs_sitemap(tmp_path, [f"{SITE}p{i}.html" for i in range(5)])
    before = (folder / "sitemap.xml").read_bytes()
    assert sitemap.split(folder, SITE, max_urls=5) == 1
    assert (folder / "sitemap.xml").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["sitemap.xml", "sitemap.xml.gz"]


def test_split_by_count_under_an_index(tmp_path: Path):
    locs = [f"{SITE}papers/p{i}.html?a=1&amp;b=2" for i in range(7)]
    dates = ["2024-03-1" + str(i % 3) for i in range(7)]
    folder = mkdocs_sitemap(tmp_path, locs, dates)
    assert sitemap.split(folder, SITE, max_urls=3) == 3
    assert read_index(folder) == [
        (f"{SITE}sitemap-1.xml", "2024-03-12"),
        (f"{SITE}sitemap-2.xml", "2024-03-12"),
        (f"{SITE}sitemap-3.xml", "2024-03-10"),
    ]
    parts = [read_urls(folder / f"sitemap-{n}.xml") for n in (1, 2, 3)]
    assert [len(p) for p in parts] == [3, 3, 1]
    # Every URL once, in order.
    assert [u for part in parts for u in part] == [loc.replace("&amp;", "&") for loc in locs]
    # sitemap.xml.gz follows sitemap.xml, with the timestamp MkDocs gave it (never the clock).
    packed = (folder / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(packed) == (folder / "sitemap.xml").read_bytes()
    assert int.from_bytes(packed[4:8], "little") == 1710374400


def test_split_by_size(tmp_path: Path):
    locs = [f"{SITE}papers/{'x' * 200}-{i}.html" for i in range(10)]
    folder = mkdocs_sitemap(tmp_path, locs)
    limit = 1000
    count = sitemap.split(folder, SITE, max_bytes=limit)
    assert count > 1
    files = [folder / f"sitemap-{n}.xml" for n in range(1, count + 1)]
    assert all(f.stat().st_size <= limit for f in files)
    assert [u for f in files for u in read_urls(f)] == locs


def test_the_split_is_deterministic(tmp_path: Path):
    locs = [f"{SITE}p{i}.html" for i in range(10)]
    a, b = mkdocs_sitemap(tmp_path / "a", locs), mkdocs_sitemap(tmp_path / "b", locs)
    sitemap.split(a, SITE, max_urls=4)
    sitemap.split(b, SITE, max_urls=4)
    assert {p.name: p.read_bytes() for p in a.iterdir()} == {p.name: p.read_bytes() for p in b.iterdir()}


def test_the_protocol_limits():
    assert (sitemap.MAX_URLS, sitemap.MAX_BYTES) == (50_000, 52_428_800)


@pytest.mark.slow
def test_a_real_site_past_a_small_limit(tmp_path: Path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("clean.txt", "unicode.txt", "full_month.txt"):
        shutil.copy(DIGESTS / name, data / name)
    root = copy_project(tmp_path / "p", data=data)
    monkeypatch.setenv("SITE_URL", "https://me.github.io/sub/path/")
    monkeypatch.setattr(sitemap, "MAX_URLS", 4)
    build.generate(config.load(root / "mkdocs.yml"), site_dir=root / "site")
    site = root / "site"
    index = read_index(site)
    assert len(index) > 2
    assert [loc for loc, _ in index] == [
        f"https://me.github.io/sub/path/sitemap-{n}.xml" for n in range(1, len(index) + 1)
    ]
    assert {date for _, date in index} == {"2024-03-14"}  # the newest digest's date, not the clock
    urls = [u for n in range(1, len(index) + 1) for u in read_urls(site / f"sitemap-{n}.xml")]
    pages = {
        "https://me.github.io/sub/path/" + p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if p.name != "404.html"
    }
    assert sorted(urls) == sorted(pages)  # every page once, in one of the files


def test_the_sites_sitemap_is_one_line_per_page_and_lists_every_page_with_a_canonical_address(built_site: Path) -> None:
    """overrides/sitemap.xml: MkDocs' entries, each on one line (no indentation: 0.07 KB per paper)."""
    site = built_site / "site"
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    head, *rows, end = text.strip().split("\n")[1:]
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n') and head.startswith("<urlset ")
    assert end == "</urlset>"
    assert all(re.fullmatch(r"<url><loc>[^<\s]+</loc><lastmod>\d{4}-\d\d-\d\d</lastmod></url>", row) for row in rows)
    locs = [e.text or "" for e in ET.fromstring(text).iterfind("s:url/s:loc", NS)]
    canonical = [
        match.group(1)
        for page in site.rglob("*.html")
        if (match := re.search(r'<link rel="canonical" href="([^"]+)"', page.read_text(encoding="utf-8")))
    ]
    assert len(rows) == len(locs) and sorted(locs) == sorted(canonical)
