"""MkDocs hook: the parts of Material's frame that only work with JavaScript, written by one shared script.

Every page Material renders carries, besides what a reader sees without JavaScript, about 3 KB
that only JavaScript brings to life: the light/dark toggle and its script, the search button and
dialog, the toggles before the header, the dialog its alerts use, its settings (`#__config`), the
iframe-worker shim and its head script. Here they leave the pages for one shared file,
assets/javascripts/frame.js, loaded in each page's head (where Material's head script was):

- on every page (on_post_page, and on_post_template for 404.html), the JavaScript-only parts are
  cut out of what Material rendered, and checked to be the same on every page (the settings'
  `base` and search worker address, which depend on the page's folder, aside); an inline
  `__pd_header()` takes the place of the header's, the others go without a trace;
- on a page without sidebars (every generated page), the whole header and the tabs too (about
  0.9 KB a page): `__pd_frame(n)` stands first in its container instead, n the lit tab, and a
  `<noscript>` link home is what a reader without JavaScript keeps of them (frame_only);
- after the build (on_post_build) frame.js is written: the iframe-worker shim, Material's head
  script (its scope, the site's root, taken from the script's own address), then
  overrides/assets/javascripts/frame.js with what was cut and Material's palette script filled in,
  then the search results script (overrides/assets/javascripts/search/results.js) and the BibTeX
  buttons and citation script (overrides/assets/javascripts/cite.js, run once the page is parsed:
  as a script tag of its own on every page it took 53 bytes a page). In the browser
  it puts each part back where Material put it before the page is first painted
  (overrides/assets/javascripts/frame.js says how).

What this relies on in Material (README, "What we rely on in Material") is checked on every page:
a change makes the build fail with the page and the part named, never a page that silently
lacks a part. On a page without sidebars (every generated page) the header's menu button, which
would open an empty drawer, is dropped.
"""

from __future__ import annotations

import contextlib
import json
import posixpath
import re
from dataclasses import dataclass, fields, replace
from html import unescape
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

FRAME_JS = "assets/javascripts/frame.js"  # our source, and the built file in the site
SHIM_JS = "assets/javascripts/iframe-worker/shim.js"
RESULTS_JS = "assets/javascripts/search/results.js"
CITE_JS = "assets/javascripts/cite.js"
BASE_PARTIAL = "partials/javascripts/base.html"
PALETTE_PARTIAL = "partials/javascripts/palette.html"
SCOPE = '"{{ config.extra.scope | d(base_url) }}"'  # the one expression in Material's base partial
PALETTE_MARK = "<!--palette script-->"  # where Material's header runs its palette script
CALL = "<script>__pd_header()</script>"
FILLED = {  # the lines of our frame.js the build fills in
    "FRAME": "  var FRAME = {} // filled in by overrides/hooks/scripted_frame.py\n",
    "palette": "  function palette() {} // Material's palette script, filled in by overrides/hooks/scripted_frame.py\n",
}

_SCRIPT = re.compile(r"\A\s*(?:\{#.*?#\}\s*)?<script>(.*)</script>\s*\Z", re.S)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_BODY = re.compile(r"<body\b[^>]*>")
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)
SKIP = '<div data-md-component="skip">'
HEADER = '<header class="md-header'
TITLE = '<div class="md-header__title"'
TOPIC = '<div class="md-header__topic" data-md-component="header-topic">'
_SPAN = re.compile(r'(<span class="md-ellipsis">)(.*)</span>', re.S)
_COLORS = re.compile(r' data-md-color-([a-z]+)="([^"]*)"')
_OG_TITLE = re.compile(r'<meta property="og:title" content="([^"]*)">')
DIALOG = '<div class="md-dialog" data-md-component="dialog">'
MENU = '<label class="md-header__button md-icon" for="__drawer">'
CONTAINER = '<div class="md-container" data-md-component="container">'
TABS = '<nav class="md-tabs"'
LIT = " md-tabs__item--active"
_ITEM = re.compile(r'<li class="md-tabs__item(?: md-tabs__item--active)?">')
_LOGO = re.compile(r'<a href="([^"]*)" title="([^"]*)" class="md-header__button md-logo"')
ABSOLUTE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:|[/#?]")  # an address of its own; frame.js is given it
_ADDRESS = re.compile(r'\b(href|src)="([^"]*)"')
PRIMARY_SIDEBAR = 'data-md-type="navigation"'


@dataclass(frozen=True)
class Parts:
    """What one page's frame has that only works with JavaScript (HTML, settings as JSON).

    None where the page keeps a part: a page with sidebars keeps what comes before the header
    (the drawer works without JavaScript; the skip link), a page whose header title is not its
    og:title keeps the header's second title.
    """

    colors: str  # the <body>'s palette attributes (Material's first palette), as JSON pairs
    before: str | None  # before the header: the drawer and search toggles, the overlay, empty skip and announce
    topic: str | None  # the header's second title (JavaScript shows it past the h1), its text left out
    tail: str  # the header's, after its title: palette toggle, search button and dialog
    dialog: str  # the dialog Material's alerts use
    config: str  # Material's settings, without base, the search worker relative to the root
    palette: bool  # whether the header ran Material's palette script (after the tail's toggle)
    header: str | None = None  # a page without sidebars: the header, addresses from the site's root
    tabs: str | None = None  # and the tabs, no tab lit


# One build's state, cleared by on_config: the parts the pages gave and which page gave each first,
# the text of the scripts frame.js is built from, and Material's head and palette scripts.
_parts: dict[str, Any] = {}
_first: dict[str, str] = {}
_sources: dict[str, str] = {}
_scripts: dict[str, str] = {}


def partial_script(loader: jinja2.BaseLoader, env: jinja2.Environment, name: str, known: str = "") -> str:
    """Return the script of one of Material's script partials: plain JavaScript but for `known`."""
    source = loader.get_source(env, name)[0]
    match = _SCRIPT.match(source)
    script = match.group(1).replace(known, "") if match and known else match.group(1) if match else ""
    if not match or "{{" in script or "{%" in script:
        raise PluginError(f"overrides/hooks/scripted_frame.py: {name} is no longer one plain <script>")
    return match.group(1).strip()


def base_script(loader: jinja2.BaseLoader, env: jinja2.Environment, config: Any) -> str:
    """Return Material's head script, its scope the site's root as this script's address gives it."""
    script = partial_script(loader, env, BASE_PARTIAL, SCOPE)
    if script.count(SCOPE) != 1:
        raise PluginError(f"overrides/hooks/scripted_frame.py: {BASE_PARTIAL} no longer names the scope once")
    scope = (config.extra or {}).get("scope")
    up = "../" * FRAME_JS.count("/")
    where = json.dumps(scope) if scope else f"new URL({json.dumps(up)},document.currentScript.src).href"
    return script.replace(SCOPE, where)


def element_end(html: str, start: int, where: str) -> int:
    """Return the index just past the element whose start tag is at start (Material's markup is well formed)."""
    opening = _TAG.match(html, start)
    if not opening:
        raise PluginError(f"{where}: no element at {start}")
    name, depth = opening.group(2).lower(), 0
    for tag in _TAG.finditer(html, start):
        if tag.group(2).lower() == name:
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                return tag.end()
    raise PluginError(f"{where}: Material's <{name}> at {start} is not closed")


def _find(html: str, text: str, where: str, start: int = 0, end: int | None = None) -> int:
    at = html.find(text, start, len(html) if end is None else end)
    if at < 0:
        raise PluginError(
            f"{where}: Material's page no longer has {text!r}: overrides/hooks/scripted_frame.py must follow it"
        )
    return at


def settings(text: str, where: str) -> str:
    """Return Material's settings without `base`, the search worker's address relative to the site's root."""
    value = json.loads(text)
    base = posixpath.normpath(value.pop("base"))
    if "search" in value:
        worker = posixpath.normpath(value["search"])
        relative = posixpath.relpath(worker, base)
        if relative.startswith("../"):
            raise PluginError(f"{where}: the search worker {value['search']!r} is outside the site")
        value["search"] = relative
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]*>", "", html))


def cut(html: str, where: str, url: str | None = None) -> tuple[str, Parts]:
    """Return a page without its JavaScript-only parts (the header calls __pd_header() instead), and the parts.

    A page at url (from the site's root) without sidebars loses its whole header and tabs too: the
    first thing in its container calls __pd_frame() instead (see frame_only).
    """
    body = _BODY.search(html)
    if not body:
        raise PluginError(f"{where}: no <body>")
    skip = _find(html, SKIP, where, body.end())
    header = _find(html, HEADER, where, skip)
    nav = _find(html, "<nav", where, header)
    nav_end = element_end(html, nav, where) - len("</nav>")
    title = _find(html, TITLE, where, nav, nav_end)
    title_end = element_end(html, title, where)
    topic = _find(html, TOPIC, where, title, title_end)
    topic_end = element_end(html, topic, where)
    dialog = _find(html, DIALOG, where, nav_end)
    dialog_end = element_end(html, dialog, where)
    config = _CONFIG.search(html, dialog_end)
    if not config:
        raise PluginError(f"{where}: Material's page no longer has its settings (#__config) after the dialog")

    tail = html[title_end:nav_end]
    palette = tail.count(PALETTE_MARK)
    tail = tail.replace(PALETTE_MARK, "")
    sidebars = PRIMARY_SIDEBAR in html
    before = None if sidebars else html[body.end() : header]
    for name, part in (("header", tail), ("toggles", before or "")):
        if "<script" in part or palette > 1:
            raise PluginError(f"{where}: a script in the {name}'s JavaScript-only part: it would not run")
    if before and "<a " in before:
        raise PluginError(f"{where}: a skip link on a page without sidebars: scripted_frame.py must follow it")
    colors = _COLORS.findall(body.group(0))
    og_title = _OG_TITLE.search(html, 0, body.start())
    inner = _SPAN.fullmatch(html, topic + len(TOPIC), topic_end - len("</div>"))
    mine = bool(og_title and inner and _text(inner.group(2)) == unescape(og_title.group(1)))
    if mine and html[topic_end:title_end] != "</div></div>":
        raise PluginError(f"{where}: the header's second title is not its last: scripted_frame.py must follow it")
    parts = Parts(
        colors=json.dumps(colors),
        before=before,
        topic=html[topic : topic + len(TOPIC)] + inner.group(1) + "</span></div>" if mine and inner else None,
        tail=tail,
        dialog=html[dialog:dialog_end],
        config=settings(config.group(1), where),
        palette=palette == 1,
    )

    head = html[: body.start()] + _COLORS.sub("", body.group(0)) + html[body.end() if sidebars else header : title]
    if not sidebars:  # no drawer to open: no menu button
        menu = _find(html, MENU, where, nav, title)
        head = head.replace(html[menu : element_end(html, menu, where)], "", 1)
    page = (
        head
        + html[title : topic if mine else title_end]
        + (html[topic_end:title_end] if mine else "")
        + CALL
        + html[nav_end:dialog]
        + html[dialog_end : config.start()]
        + html[config.end() :]
    )
    if url is not None and not sidebars and parts.topic is not None:  # a header with nothing of the page's own
        with contextlib.suppress(_OwnFrame):
            page, parts = frame_only(page, parts, url, where)
    return page, parts


class _OwnFrame(Exception):
    """A page's header or tabs link outside the site, relative to it: it keeps them."""


def _from_root(fragment: str, url: str) -> str:
    """Return fragment with its addresses relative to the page at url made relative to the site's
    root; an address of its own (`https://...`, `/...`, `#...`: a logo image, a tab to elsewhere)
    stays as it is, as frame.js leaves it (FRAME.absolute is ABSOLUTE)."""

    def from_root(match: re.Match[str]) -> str:
        address = match.group(2)
        if not address or ABSOLUTE.match(address):
            return match.group(0)
        path = posixpath.normpath(posixpath.join(posixpath.dirname(url), address))
        if path == ".." or path.startswith("../"):
            raise _OwnFrame
        return f'{match.group(1)}="{path}"'

    return _ADDRESS.sub(from_root, fragment)


def frame_only(page: str, parts: Parts, url: str, where: str) -> tuple[str, Parts]:
    """Return a page without sidebars without its header and tabs, and the parts with them.

    They are the same on every such page but for the addresses, relative to the page, and the tab
    of the page's section, lit: the parts name the addresses from the site's root and light no tab;
    the page calls `__pd_frame(n)`, n the lit tab's index, first in its container. frame.js writes
    them back as Material wrote them.
    """
    header = _find(page, HEADER, where)
    header_end = element_end(page, header, where)
    if not page.startswith(CONTAINER + TABS, header_end):
        raise PluginError(f"{where}: the tabs are no longer first in the container after the header: scripted_frame.py")
    tabs = header_end + len(CONTAINER)
    tabs_end = element_end(page, tabs, where)
    items = [m.group(0) for m in _ITEM.finditer(page, tabs, tabs_end)]
    lit = [i for i, item in enumerate(items) if LIT in item]
    if len(lit) > 1 or page.count(LIT, tabs, tabs_end) != len(lit):
        raise PluginError(f"{where}: more than one tab lit, or lit otherwise: scripted_frame.py must follow it")
    call = f"<script>__pd_frame({lit[0] if lit else ''})</script>"
    logo = _LOGO.search(page, header, header_end)  # without JavaScript, the logo's link home stays
    home = f'<noscript><a href="{logo.group(1)}">{logo.group(2)}</a></noscript>' if logo else ""
    header_part = _from_root(page[header:header_end], url)
    tabs_part = _from_root(page[tabs:tabs_end].replace(LIT, ""), url)
    if header_part.count(CALL) != 1:
        raise PluginError(f"{where}: the header no longer calls __pd_header() once: scripted_frame.py")
    page = page[:header] + CONTAINER + call + home + page[tabs_end:]
    return page, replace(parts, header=header_part, tabs=tabs_part)


def remember(parts: Parts, where: str) -> None:
    """Keep each part as the first page that has it gives it; refuse a page where it differs.

    frame.js carries one of each, for every page.
    """
    for part in fields(Parts):
        value = getattr(parts, part.name)
        if value is None:
            continue
        if part.name not in _parts:
            _parts[part.name], _first[part.name] = value, where
        elif value != _parts[part.name]:
            raise PluginError(
                f"{where}: the frame's {part.name} differs from {_first[part.name]}'s; "
                "overrides/hooks/scripted_frame.py moves only what every page has into frame.js"
            )


def frame_script(parts: dict[str, Any]) -> str:
    """Return assets/javascripts/frame.js for the parts the pages had (see remember)."""
    source = _sources[FRAME_JS]
    for line in FILLED.values():
        if source.count(line) != 1:
            raise PluginError(f"overrides/{FRAME_JS}: the line {line.strip()!r} must be there once")
    data = {
        "root": "../" * FRAME_JS.count("/"),
        "colors": json.loads(parts["colors"]),
        "before": parts.get("before", ""),
        "topic": parts.get("topic", ""),
        "tail": parts["tail"],
        "dialog": parts["dialog"],
        "config": json.loads(parts["config"]),
        "header": parts.get("header", ""),
        "tabs": parts.get("tabs", ""),
        "absolute": ABSOLUTE.pattern,  # the same in JavaScript
    }
    palette = _scripts["palette"] if parts["palette"] else ""
    source = source.replace(FILLED["FRAME"], f"  var FRAME = {json.dumps(data, ensure_ascii=False)}\n")
    source = source.replace(FILLED["palette"], f"  function palette() {{\n{palette}\n  }}\n")
    credits = (
        "/* Paper Digests: built by overrides/hooks/scripted_frame.py from the iframe-worker shim (MIT,\n"
        " * assets/javascripts/iframe-worker/LICENSE), Material for MkDocs' head and palette scripts (MIT)\n"
        " * and overrides/assets/javascripts/frame.js, search/results.js and cite.js. */\n"
    )
    # The shim in a function of its own: its "use strict" must not apply to Material's head script.
    shim = f"(function () {{\n{_sources[SHIM_JS].strip()}\n}})();"
    # cite.js reads the page's body: it runs once the page is parsed, where its script tag ran.
    cite = f'document.addEventListener("DOMContentLoaded", function () {{\n{_sources[CITE_JS].strip()}\n}});'
    return "\n".join([credits + _scripts["base"] + ";", shim, source, _sources[RESULTS_JS], cite])


# The parts of the build before, in the same process (mkdocs serve): a build that renders only
# some pages (`--dirty`) takes the parts it was not given from it.
_before: dict[str, Any] = {}


def on_config(config: Any) -> Any:
    """Start a build with nothing cut."""
    _before.clear()
    _before.update(_parts)
    for state in (_parts, _first, _sources, _scripts):
        state.clear()
    return config


def on_files(files: Files, config: Any) -> Files:
    """Take the scripts frame.js is built from out of the site; keep their text."""
    for path in (SHIM_JS, FRAME_JS, RESULTS_JS, CITE_JS):
        file = files.get_file_from_path(path)
        if file is None or not file.abs_src_path:
            raise PluginError(f"overrides/hooks/scripted_frame.py: no {path} in overrides/")
        _sources[path] = Path(file.abs_src_path).read_text(encoding="utf-8")
        files.remove(file)
    return files


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    """Load frame.js in the head instead of Material's head script; mark where the palette script ran."""
    loader = env.loader
    assert loader is not None
    _scripts["base"] = base_script(loader, env, config)
    _scripts["palette"] = partial_script(loader, env, PALETTE_PARTIAL)
    stubs = {
        BASE_PARTIAL: "<script src=\"{{ '" + FRAME_JS + "' | url }}\"></script>",
        PALETTE_PARTIAL: PALETTE_MARK,
    }
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader(stubs), loader])
    return env


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Cut the JavaScript-only parts out of a page."""
    html, parts = cut(output, page.file.src_uri, page.url or "index.html")
    if not same_frame(parts):  # a header or tabs of its own: the page keeps them
        html, parts = cut(output, page.file.src_uri)
    remember(parts, page.file.src_uri)
    return html


def same_frame(parts: Parts) -> bool:
    """Whether a page's header and tabs, if cut, are those frame.js carries (the first page's)."""
    return all(
        getattr(parts, name) is None or _parts.get(name, getattr(parts, name)) == getattr(parts, name)
        for name in ("header", "tabs")
    )


def on_post_template(output: str, template_name: str, config: Any) -> str:
    """Cut them out of 404.html too (the one theme template that is a page)."""
    if template_name != "404.html":
        return output
    html, parts = cut(output, template_name)
    remember(parts, template_name)
    return html


def on_post_build(config: Any) -> None:
    """Write frame.js, once every page has given its parts (none in a build that rendered no page)."""
    if _parts:
        target = Path(config.site_dir) / FRAME_JS
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(frame_script({**_before, **_parts}), encoding="utf-8")
