"""Which page of the site an address is: a reading list may name a paper by its page's address.

A paper's address is written `x.html`, `papers/x.html`, `arxiv/<arXiv id>.html` (a version suffix
such as `v2` finds the paper of that id) or as the full address under site_url
(`https://example.org/site/papers/x.html`), with or without `https://`, with the scheme's default
port (`:443`) or without. Percent-encoding is decoded one path segment at a time, in site_url as in
the address, so `%2F` is part of a name, never a separator (and no page has it). A `?query` or
`#fragment` is ignored: it names a place in the same page. An address of another page of the site
(a digest, topic, author or list page, the home page) says what it is. A full address not under
site_url (another host, scheme or path: site_url changed, `http://` for `https://`, the github.io
address of a site with its own domain), or a `file:` address (the site opened from disk), names
the paper whose page its path ends in (`.../papers/x.html`, `.../arxiv/<arXiv id>.html`); any other
on the site's host says it is not under site_url, and any other `file:` address is named as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import SplitResult, unquote, urlsplit

from .clean import escaped
from .daily_api import arxiv_id

_SECTIONS = {"digests": "digest", "topics": "topic", "authors": "author", "lists": "list"}
_WORDS = {"digest": "digest page", "topic": "topic page", "author": "author page", "list": "reading list page"}
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SCHEME = re.compile(r"(?i)https?://")
_FILE = re.compile(r"(?i)file:")


@dataclass(frozen=True)
class Page:
    """A page of the site: kind is paper or arxiv (name: the paper's id or arXiv id, without its
    version); digest, topic, author, list, home or other (name: its path under the site, as written);
    or outside (an address not under site_url that names no paper's page; name: the address)."""

    kind: str
    name: str

    def not_a_paper(self, site_url: str) -> str:
        """Say what the page is, for an address that names no paper."""
        if self.kind == "home":
            return "that address is the home page, not a paper"
        if self.kind in _WORDS and self.name.endswith("/index.html"):
            return f"that address is the overview of {self.kind}s, {escaped(self.name)}, not a paper"
        if self.kind in _WORDS:
            return f"that address is the {_WORDS[self.kind]} {escaped(self.name)}, not a paper"
        if self.kind == "outside":
            return f"that address is not under the site's address {site_url} (site_url)"
        return f"that address ({escaped(self.name)}) is no paper's page: papers/<id>.html"


def _segments(path: str) -> list[str]:
    """The path's segments, each percent-decoded on its own (a `%2F` stays in its segment)."""
    return [unquote(part, errors="replace") for part in path.split("/") if part not in ("", ".")]


def _port(parts: SplitResult) -> int | None:
    """The port an address gives, or its scheme's default; None for no port at all (:99999)."""
    try:
        return parts.port or _DEFAULT_PORTS[parts.scheme.lower()]
    except ValueError:
        return None


def _on_site(ref: str, site_url: str) -> list[str] | str | None:
    """An absolute address's segments under site_url, the address itself if it is on the site's
    host but not under its path, or None if it is no address of the site."""
    if not site_url:
        return None
    site = urlsplit(site_url)
    if not _SCHEME.match(ref):
        host = ref.split("/", 1)[0].lower()
        if host not in (site.netloc.lower(), f"{site.hostname}:{_port(site)}"):
            return None
        ref = f"{site.scheme}://{ref}"
    parts = urlsplit(ref)
    port = _port(parts)
    if parts.hostname != site.hostname or port is None:
        return None
    if port != _port(site) and not (site.port is None and parts.port is None):  # http as https, without ports
        return None
    base, path = _segments(site.path), _segments(parts.path)
    if path[: len(base)] != base:
        return ref
    return path[len(base) :]


def site_page(ref: str, site_url: str) -> Page | None:
    """Return the page of the site that ref is the address of, or None if ref is no such address."""
    ref = ref.strip()
    if _FILE.match(ref):  # the site opened from disk: a paper by its path's end, as on another host
        return _elsewhere(ref) or Page("other", ref)
    if not ref or (re.search(r"\s", ref) and not _SCHEME.match(ref)):  # a title, not a path
        return None
    found = _on_site(ref, site_url)
    if isinstance(found, str):
        return _elsewhere(found) or Page("outside", found)
    if found is None and _SCHEME.match(ref):
        return _elsewhere(ref)
    if found is None:
        path = re.split(r"[?#]", ref, maxsplit=1)[0]
        if not path.endswith(".html"):
            return None
        found = _segments(path)
        if len(found) == 1 and found[0] != "index.html":
            found = ["papers", found[0]]  # x.html: a paper's page name
    return _page(found)


def _elsewhere(address: str) -> Page | None:
    """The paper an address not under site_url names by its path's end (`.../papers/x.html`: the
    site under another address, SITE_URL changed, http for https, the github.io address), else None."""
    path = _segments(urlsplit(address).path)
    for start in reversed(range(len(path))):
        if path[start] in ("papers", "arxiv") and (page := _page(path[start:])).kind in ("paper", "arxiv"):
            return page
    return None


def _page(found: list[str]) -> Page:
    """The page of the site at a path's segments under site_url."""
    if not found or found == ["index.html"]:
        return Page("home", "index.html")
    shown = "/".join(part.replace("%", "%25").replace("/", "%2F") for part in found)
    if any("/" in part for part in found) or not found[-1].endswith(".html"):
        return Page("other", shown)
    section, name = found[0], "/".join(found[1:]).removesuffix(".html")
    if section == "papers" and len(found) == 2:
        return Page("paper", name)
    if section == "arxiv" and (number := arxiv_id(name)):
        return Page("arxiv", number)
    if section in _SECTIONS and len(found) == 2:
        return Page(_SECTIONS[section], shown)
    return Page("other", shown)
