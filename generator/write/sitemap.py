"""Split a sitemap too large for one file into sitemap files under a sitemap index.

The sitemaps.org protocol (https://www.sitemaps.org/protocol.html) allows 50,000 URLs and 50 MB
(52,428,800 bytes, uncompressed) per sitemap file; a sitemap index lists the files. MkDocs writes
one sitemap.xml with every page; past either limit this rewrites it as the index, over
sitemap-1.xml, sitemap-2.xml, ... in the same folder (a sitemap may only list URLs at or below
its own location). Entries keep MkDocs' order and dates, so the split is as deterministic as the
sitemap; an index entry's lastmod is the newest of its file's.
"""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
URLSET_OPEN = f'<urlset xmlns="{NS}">\n'
URLSET_CLOSE = "</urlset>\n"


@dataclass(frozen=True)
class Entry:
    """One <url> of a sitemap: its address and, if known, its last modification date."""

    loc: str
    lastmod: str | None

    def xml(self) -> str:
        lastmod = f"<lastmod>{escape(self.lastmod)}</lastmod>" if self.lastmod else ""
        return f"  <url><loc>{escape(self.loc)}</loc>{lastmod}</url>\n"


def read_entries(path: Path) -> Iterator[Entry]:
    """Yield the <url> entries of a sitemap file, in order. Raises ET.ParseError."""
    loc = lastmod = None
    for _, element in ET.iterparse(path):
        if element.tag == f"{{{NS}}}loc":
            loc = (element.text or "").strip()
        elif element.tag == f"{{{NS}}}lastmod":
            lastmod = (element.text or "").strip() or None
        elif element.tag == f"{{{NS}}}url":
            if loc:
                yield Entry(loc, lastmod)
            loc = lastmod = None
            element.clear()


def chunks(entries: Iterator[Entry], max_urls: int, max_bytes: int) -> Iterator[list[Entry]]:
    """Group entries in order into files of at most max_urls entries and max_bytes bytes each."""
    frame = len((HEAD + URLSET_OPEN + URLSET_CLOSE).encode("utf-8"))
    group: list[Entry] = []
    size = frame
    for entry in entries:
        length = len(entry.xml().encode("utf-8"))
        if group and (len(group) >= max_urls or size + length > max_bytes):
            yield group
            group, size = [], frame
        group.append(entry)
        size += length
    if group:
        yield group


def urlset(entries: list[Entry]) -> str:
    """Return a sitemap file listing entries."""
    return HEAD + URLSET_OPEN + "".join(e.xml() for e in entries) + URLSET_CLOSE


def index(files: list[tuple[str, str | None]]) -> str:
    """Return a sitemap index over (address, newest lastmod) pairs."""
    rows = []
    for loc, lastmod in files:
        date = f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else ""
        rows.append(f"  <sitemap><loc>{escape(loc)}</loc>{date}</sitemap>\n")
    return HEAD + f'<sitemapindex xmlns="{NS}">\n' + "".join(rows) + "</sitemapindex>\n"


def split(site_dir: Path, site_url: str, max_urls: int | None = None, max_bytes: int | None = None) -> int:
    """Split site_dir/sitemap.xml if it is over the limits; return how many sitemap files there are.

    Within the limits nothing changes (1). Past them, sitemap.xml becomes the index over
    sitemap-N.xml (addresses under site_url) and sitemap.xml.gz its gzip, with the timestamp
    MkDocs gave it. Raises ET.ParseError for a sitemap that is not XML, OSError.
    """
    max_urls = max_urls or MAX_URLS
    max_bytes = max_bytes or MAX_BYTES
    path = site_dir / "sitemap.xml"
    if not path.is_file():
        return 0
    groups = list(chunks(read_entries(path), max_urls, max_bytes))
    if len(groups) <= 1 and path.stat().st_size <= max_bytes:
        return 1
    files = []
    for number, group in enumerate(groups, 1):
        name = f"sitemap-{number}.xml"
        (site_dir / name).write_text(urlset(group), encoding="utf-8")
        dates = [e.lastmod for e in group if e.lastmod]
        files.append((site_url + name, max(dates) if dates else None))
    text = index(files).encode("utf-8")
    path.write_bytes(text)
    packed = site_dir / "sitemap.xml.gz"
    if packed.is_file():
        mtime = int.from_bytes(packed.read_bytes()[4:8], "little")  # the gzip header's MTIME field
        with gzip.GzipFile(packed, "wb", mtime=mtime) as out:
            out.write(text)
    return len(groups)
