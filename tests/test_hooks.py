"""The MkDocs hooks in overrides/hooks/, each by itself."""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any, cast

import jinja2
import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_build_date
from mkdocs.utils.templates import url_filter

from generator import build
from generator import config as generator_config

from .conftest import DIGESTS, ROOT, copy_project

HOOKS = ROOT / "overrides" / "hooks"
NODE = shutil.which("node")


def hook(name: str) -> ModuleType:
    """Load a hook file the way MkDocs does (its folder on sys.path while it loads)."""
    spec = importlib.util.spec_from_file_location(f"hook_{name}", HOOKS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # as MkDocs does: dataclasses read their module's names
    sys.path.insert(0, str(HOOKS))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(HOOKS))
    return module


def test_compact_html_keeps_verbatim_elements_and_the_article_s_newlines() -> None:
    collapse = hook("compact_html").collapse
    page = (
        "<div>\n    <p>a\n      b</p>\n  <pre>  x\n    y</pre>\n<script>\n  var a;\n</script>\n</div>\n"
        "<article>\n  <a>x</a>\n  <a>y</a>\n</article>\n<footer>\n</footer>"
    )
    assert collapse(page) == (
        "<div><p>a\nb</p><pre>  x\n    y</pre><script>\n  var a;\n</script></div>"
        "<article>\n<a>x</a>\n<a>y</a>\n</article><footer></footer>"
    )
    # In the frame, text alone in its element loses the newlines around it; in the article it keeps them.
    assert collapse("<a>\n  Home\n  </a><b>x\n<i>y</i></b><article><a>\nHome\n</a></article>") == (
        "<a>Home</a><b>x\n<i>y</i></b><article><a>\nHome\n</a></article>"
    )


def test_generated_pages_stay_out_of_the_navigation(tmp_path: Path) -> None:
    generated_pages = hook("generated_pages")
    config = SimpleNamespace(docs_dir=str(tmp_path), site_dir=str(tmp_path / "site"), use_directory_urls=False)
    names = ["index.md", "papers/a.md", "digests/index.md", "_generated/home.md", "feeds/papers.xml"]
    files = Files([File(name, str(tmp_path), str(tmp_path / "site"), False) for name in names])
    for file in files:
        file.inclusion = InclusionLevel.INCLUDED
    generated_pages.on_files(files, config)
    levels = {f.src_uri: f.inclusion for f in files}
    assert levels["index.md"] == InclusionLevel.INCLUDED
    assert levels["papers/a.md"] == levels["digests/index.md"] == InclusionLevel.NOT_IN_NAV
    assert levels["_generated/home.md"] == InclusionLevel.EXCLUDED


def theme_env() -> jinja2.Environment:
    material = Path(sys.modules["material"].__file__ or "").parent / "templates"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(ROOT / "overrides"), str(material)]))
    env.filters["url"] = url_filter
    return env


class Config(dict):  # type: ignore[type-arg]
    """A stand-in for MkDocs' config: keys read as attributes too."""

    def __getattr__(self, name: str) -> Any:
        return self[name]


def theme_config(tmp_path: Path, **settings: Any) -> MkDocsConfig:
    palette = [{"toggle": {"icon": "material/brightness-7"}}, {"toggle": {"icon": "material/brightness-4"}}]
    defaults = {
        "theme": {"icon": {"search": "material/magnify"}, "palette": palette},
        "extra": {},
        "extra_css": [],
        "site_dir": str(tmp_path),
        "use_directory_urls": False,
        "plugins": SimpleNamespace(_current_plugin=None),
    }
    return cast(MkDocsConfig, Config({**defaults, **settings}))  # the keys the hooks read


def test_shared_assets_draw_the_frame_icons_in_one_stylesheet(tmp_path: Path) -> None:
    pytest.importorskip("material")
    shared = hook("shared_assets")
    config = theme_config(tmp_path, extra_css=["stylesheets/extra.css"])
    files = Files(
        [
            File.generated(config, "assets/stylesheets/palette.4567cdef.min.css", content=".p{background:url(x.png)}"),
            File.generated(
                config, "assets/stylesheets/main.0123abcd.min.css", content=".m{a:b}\n/*# sourceMappingURL=m.map*/"
            ),
            File.generated(config, "assets/stylesheets/main.0123abcd.min.css.map", content="{}"),
            File.generated(config, "assets/javascripts/bundle.89ab.min.js.map", content="{}"),
            File.generated(config, "stylesheets/extra.css", content=".e{background:url('img/e.png')}"),
        ]
    )
    env = theme_env()
    shared.on_env(env, shared.on_config(config), files)
    assert config.extra_css == [] and [f.src_uri for f in files] == [shared.SITE_CSS]
    css = next(iter(files)).content_string
    # Material's main and palette stylesheets, the icons, extra_css: the cascade of the links they replace.
    order = [css.index(s) for s in (".m{a:b}", ".p{", "svg.ico{", ".e{")]
    assert order == sorted(order) and "sourceMappingURL" not in css
    assert "url(x.png)" in css and "url('../../stylesheets/img/e.png')" in css  # as from site.css's folder
    for name in ("material/library", "material/menu", "material/magnify", "material/brightness-4"):
        assert f'.{shared.icon_class(name)}{{--ico:url("data:image/svg+xml,%3Csvg' in css, name
    assert env.get_template(".icons/material/magnify.svg").render() == '<svg class="ico ico-material-magnify"></svg>'

    one = env.from_string("{{ block | one_stylesheet }}")
    links = '<link rel="stylesheet" href="../assets/stylesheets/{}">'
    block = links.format("main.0123abcd.min.css") + "\n  " + links.format("palette.4567cdef.min.css")
    assert one.render(block=block, base_url="..", page=None) == links.format("site.css")
    for changed in (links.format("main.0123abcd.min.css"), block + "<style>a{}</style>"):
        with pytest.raises(PluginError, match="must follow it"):
            one.render(block=changed, base_url="..", page=None)


def test_shared_assets_refuse_what_one_stylesheet_cannot_hold(tmp_path: Path) -> None:
    shared = hook("shared_assets")
    with pytest.raises(PluginError, match="@import"):
        shared.rebase('@import url("other.css");', "stylesheets/extra.css", "stylesheets/extra.css")


# A page as Material renders it (compacted), reduced to what scripted_frame.py reads.
PAGE = (
    '<!doctype html><html><head><meta property="og:title" content="A &amp; B">'
    '<script src="../assets/javascripts/frame.js"></script></head>'
    '<body dir="ltr" data-md-color-scheme="default" data-md-color-primary="indigo">'
    '<input class="md-toggle" data-md-toggle="drawer" id="__drawer"><label class="md-overlay" for="__drawer"></label>'
    '<div data-md-component="skip"></div><header class="md-header" data-md-component="header">'
    '<nav class="md-header__inner"><a class="md-logo" href="../index.html"></a>'
    '<label class="md-header__button md-icon" for="__drawer"><svg class="ico"></svg></label>'
    '<div class="md-header__title"><div><div>Site</div>'
    '<div class="md-header__topic" data-md-component="header-topic"><span class="md-ellipsis">{title}</span></div>'
    "</div></div>"
    '<form data-md-component="palette"><input></form><!--palette script-->'
    '<div class="md-search"><nav class="md-search__options"></nav></div></nav></header>'
    '<div class="md-container">{sidebar}<article>text</article></div>'
    '<div class="md-dialog" data-md-component="dialog"><div class="md-dialog__inner"></div></div>'
    '<script id="__config" type="application/json">'
    '{{"base":"{base}","features":[],"search":"{up}assets/w.js"}}</script>'
    '<script src="../assets/javascripts/bundle.js"></script></body></html>'
)
CUT = (
    '<!doctype html><html><head><meta property="og:title" content="A &amp; B">'
    '<script src="../assets/javascripts/frame.js"></script></head><body dir="ltr">'
    '<header class="md-header" data-md-component="header">'
    '<nav class="md-header__inner"><a class="md-logo" href="../index.html"></a>'
    '<div class="md-header__title"><div><div>Site</div></div></div><script>__pd_header()</script></nav></header>'
    '<div class="md-container"><article>text</article></div>'
    '<script src="../assets/javascripts/bundle.js"></script></body></html>'
)


def page(base: str = "..", sidebar: str = "", title: str = "A &amp; B") -> str:
    return PAGE.format(base=base, up="" if base == "." else base + "/", sidebar=sidebar, title=title)


def test_scripted_frame_cuts_the_javascript_only_parts() -> None:
    frame = hook("scripted_frame")
    html, parts = frame.cut(page(), "papers/a.md")
    assert html == CUT
    assert json.loads(parts.colors) == [["scheme", "default"], ["primary", "indigo"]]
    assert parts.before == (
        '<input class="md-toggle" data-md-toggle="drawer" id="__drawer">'
        '<label class="md-overlay" for="__drawer"></label><div data-md-component="skip"></div>'
    )
    assert (
        parts.topic
        == '<div class="md-header__topic" data-md-component="header-topic"><span class="md-ellipsis"></span></div>'
    )
    search = '<div class="md-search"><nav class="md-search__options"></nav></div>'
    assert parts.tail == '<form data-md-component="palette"><input></form>' + search
    assert (
        parts.dialog == '<div class="md-dialog" data-md-component="dialog"><div class="md-dialog__inner"></div></div>'
    )
    assert json.loads(parts.config) == {"features": [], "search": "assets/w.js"} and parts.palette
    # From the site's root the same parts.
    assert frame.cut(page("."), "index.md")[1] == parts
    # A page with sidebars keeps what comes before the header (the drawer works without JavaScript)
    # and its menu button; a header title that is not the og:title stays too.
    html, kept = frame.cut(
        page(sidebar='<div class="md-sidebar" data-md-type="navigation"></div>', title="Other"), "about.md"
    )
    assert kept.before is None and kept.topic is None and kept.tail == parts.tail
    assert '<body dir="ltr"><input class="md-toggle" data-md-toggle="drawer" id="__drawer">' in html
    assert 'for="__drawer"><svg class="ico"></svg></label>' in html
    assert '<span class="md-ellipsis">Other</span></div></div></div><script>__pd_header()</script>' in html


def tabbed(up: str, here: str, lit: str = "Digests") -> str:
    """page() with Material's tabs first in its container and its logo linked home, at up from the root."""
    frame = hook("scripted_frame")
    tabs = '<nav class="md-tabs" aria-label="Tabs"><ul>' + "".join(
        f'<li class="md-tabs__item{" md-tabs__item--active" if name == lit else ""}">'
        f'<a href="{href}" class="md-tabs__link">{name}</a></li>'
        for name, href in (
            ("Home", f"{up}index.html"),
            ("Digests", "index.html" if here == "digests" else f"{up}digests/index.html"),
        )
    )
    logo = f'<a href="{up}index.html" title="R&amp;D" class="md-header__button md-logo">'
    html = page(base=up.rstrip("/") or ".")
    html = html.replace('<div class="md-container">', frame.CONTAINER + tabs + "</ul></nav>")
    return html.replace('<a class="md-logo" href="../index.html">', logo)


def test_scripted_frame_writes_the_header_and_tabs_of_a_page_without_sidebars() -> None:
    frame = hook("scripted_frame")
    html, parts = frame.cut(tabbed("../", "digests"), "digests/a.md", "digests/a.html")
    assert "<header" not in html and "md-tabs" not in html
    home = '<noscript><a href="../index.html">R&amp;D</a></noscript>'  # for readers without JavaScript
    assert frame.CONTAINER + "<script>__pd_frame(1)</script>" + home + "<article>" in html
    assert parts.tabs == (
        '<nav class="md-tabs" aria-label="Tabs"><ul>'
        '<li class="md-tabs__item"><a href="index.html" class="md-tabs__link">Home</a></li>'
        '<li class="md-tabs__item"><a href="digests/index.html" class="md-tabs__link">Digests</a></li></ul></nav>'
    )
    assert parts.header.startswith('<header class="md-header" data-md-component="header">')
    assert '<a href="index.html" title="R&amp;D"' in parts.header and parts.header.count(frame.CALL) == 1
    # The same parts from every folder; a page of no section lights no tab.
    for up, here, url in (("", "", "index.html"), ("../../", "papers", "papers/x/y.html")):
        html, same = frame.cut(tabbed(up, here, lit=""), url.replace(".html", ".md"), url)
        assert (same.header, same.tabs) == (parts.header, parts.tabs) and "__pd_frame()" in html
    with pytest.raises(PluginError, match=re.escape("more than one tab lit")):
        lit = 'class="md-tabs__item md-tabs__item--active"'
        frame.cut(tabbed("../", "digests").replace('class="md-tabs__item"', lit, 1), "digests/a.md", "digests/a.html")
    # An address of its own (a tab to elsewhere, a logo image) is carried as it is.
    external = tabbed("../", "digests").replace(
        'href="../index.html" class="md-tabs__link"', 'href="https://example.org/" class="md-tabs__link"'
    )
    assert 'href="https://example.org/"' in frame.cut(external, "digests/a.md", "digests/a.html")[1].tabs
    # A page whose header or tabs are its own keeps them: one linking outside the site, relative
    # to it; one whose header title is not its og:title (Jinja's striptags made it "Lab notes").
    outside = tabbed("../", "digests").replace(
        'href="index.html" class="md-tabs__link"', 'href="../../x.html" class="md-tabs__link"'
    )
    for own in (outside, tabbed("../", "digests").replace("A &amp; B</span>", "Lab  notes</span>")):
        html, kept = frame.cut(own, "digests/a.md", "digests/a.html")
        assert kept.header is None and kept.tabs is None and "__pd_frame" not in html and '<nav class="md-tabs"' in html


def test_scripted_frame_keeps_a_page_s_own_header_and_the_parts_of_the_build_before() -> None:
    frame = hook("scripted_frame")
    frame.on_config(None)
    first = frame.on_post_page(
        tabbed("../", "digests"),
        SimpleNamespace(file=SimpleNamespace(src_uri="digests/a.md"), url="digests/a.html"),
        None,
    )
    assert "__pd_frame(1)" in first
    other = tabbed("../", "digests").replace(">Digests<", ">Days<")  # its tabs differ from the first page's
    kept = frame.on_post_page(
        other, SimpleNamespace(file=SimpleNamespace(src_uri="digests/b.md"), url="digests/b.html"), None
    )
    assert "__pd_frame" not in kept and ">Days</a>" in kept
    # mkdocs serve --dirty: a build that renders no such page writes frame.js with the last build's header and tabs.
    header, tabs = frame._parts["header"], frame._parts["tabs"]
    frame.on_config(None)
    frame.on_post_page(
        page(sidebar='<div class="md-sidebar" data-md-type="navigation"></div>'),
        SimpleNamespace(file=SimpleNamespace(src_uri="about.md"), url="about.html"),
        None,
    )
    assert "header" not in frame._parts and {**frame._before, **frame._parts}["header"] == header
    assert frame._before["tabs"] == tabs


def test_scripted_frame_refuses_what_it_cannot_move() -> None:
    frame = hook("scripted_frame")
    frame.on_config(None)
    frame.remember(frame.cut(page(), "papers/a.md")[1], "papers/a.md")
    frame.remember(frame.cut(page(title="Other"), "papers/b.md")[1], "papers/b.md")  # keeps its title
    with pytest.raises(PluginError, match=re.escape("papers/c.md: the frame's tail differs from papers/a.md's")):
        frame.remember(
            frame.cut(page().replace("<input></form>", "<input><input></form>"), "papers/c.md")[1], "papers/c.md"
        )
    for changed, message in (
        ('<div data-md-component="skip">', "no longer has '<div data-md-component=\"skip\">'"),
        ('<div class="md-dialog" data-md-component="dialog">', 'no longer has \'<div class="md-dialog"'),
        ('<script id="__config" type="application/json">', "no longer has its settings"),
        ("<!--palette script-->", "a script in the header's JavaScript-only part"),
        (
            '<div class="md-header__topic" data-md-component="header-topic">',
            'no longer has \'<div class="md-header__topic"',
        ),
    ):
        broken = page().replace(changed, "<script>var a</script>" if "palette" in changed else "<div>")
        with pytest.raises(PluginError, match=re.escape(message)):
            frame.cut(broken, "papers/d.md")


def test_scripted_frame_builds_frame_js_from_material_s_scripts(tmp_path: Path) -> None:
    pytest.importorskip("material")
    frame = hook("scripted_frame")
    config = theme_config(tmp_path)
    overrides = ROOT / "overrides"
    paths = (frame.SHIM_JS, frame.FRAME_JS, frame.RESULTS_JS, frame.CITE_JS)
    files = Files([File(path, str(overrides), str(tmp_path), False) for path in paths])
    frame.on_config(config)
    assert list(frame.on_files(files, config)) == []  # all in frame.js, none a file of its own
    env = frame.on_env(theme_env(), config, files)
    assert env.get_template(frame.PALETTE_PARTIAL).render() == frame.PALETTE_MARK
    assert env.get_template(frame.BASE_PARTIAL).render(base_url="..", page=None).endswith('frame.js"></script>')
    frame.remember(frame.cut(page(), "papers/a.md")[1], "papers/a.md")
    parts = frame._parts
    script = frame.frame_script(parts)
    assert '__md_scope=new URL(new URL("../../",document.currentScript.src).href,location)' in script
    assert 'function palette() {\nvar palette=__md_get("__palette")' in script
    assert 'var FRAME = {"root": "../../", "colors": [["scheme", "default"], ' in script
    assert f'"before": {json.dumps(parts["before"])}' in script
    # cite.js last, run once the page is parsed (it reads the body), as its own script tag ran
    assert script.rstrip().endswith("})()\n});")
    assert 'document.addEventListener("DOMContentLoaded", function () {\n// BibTeX' in script
    if NODE:
        built = tmp_path / "frame.js"
        built.write_text(script, encoding="utf-8")
        done = subprocess.run([NODE, "--check", str(built)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
    # A frame.js source without the lines the build fills in is refused.
    frame._sources[frame.FRAME_JS] = "var FRAME = {}\n"
    with pytest.raises(PluginError, match="must be there once"):
        frame.frame_script(parts)


def test_scripted_frame_refuses_a_palette_partial_that_is_not_plain_script() -> None:
    frame = hook("scripted_frame")
    env = jinja2.Environment(loader=jinja2.DictLoader({frame.PALETTE_PARTIAL: "<script>var a={{ x }}</script>"}))
    with pytest.raises(PluginError, match="no longer one plain <script>"):
        frame.partial_script(env.loader, env, frame.PALETTE_PARTIAL)  # type: ignore[arg-type]


def test_serve_regenerates_when_the_digests_change(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    regenerate = hook("regenerate_on_serve")
    data = tmp_path / "data"
    data.mkdir()
    (data / "clean.txt").write_bytes((DIGESTS / "clean.txt").read_bytes())
    root = copy_project(tmp_path / "p", data=data)
    served = tmp_path / "served"  # MkDocs' temporary site folder
    config = SimpleNamespace(
        config_file_path=str(root / "mkdocs.yml"), watch=[], dev_addr=("127.0.0.1", 0), site_dir=str(served)
    )
    regenerate.on_config(config)
    regenerate.on_pre_build(config)
    assert config.watch == [] and not (root / "docs" / "papers").exists(), "a plain build does not regenerate"
    regenerate.on_startup(command="serve", dirty=True)
    try:
        regenerate.on_config(config)
        # data/lists/ is not made yet: its first list is seen through data/.
        assert config.watch == [str(root / "data" / "digests"), str(root / "data"), str(root / "data" / "topics.yml")]
        registry = root / "data" / "published.tsv"
        recorded = registry.read_bytes() if registry.exists() else None
        regenerate.on_pre_build(config)
        first = sorted(p.name for p in (root / "docs" / "papers").iterdir())
        assert first
        # The sitemap's dates are the newest digest's, as make site's are, never the clock.
        assert get_build_date() == max(p.stem[:10] for p in (root / "docs" / "digests").glob("2*.md"))
        page = root / "docs" / "papers" / first[0]
        stamp = page.stat().st_mtime_ns
        regenerate.on_pre_build(config)  # nothing changed: nothing rewritten
        assert page.stat().st_mtime_ns == stamp
        (root / "data" / "digests" / "unicode.txt").write_bytes((DIGESTS / "unicode.txt").read_bytes())
        (root / "data" / "digests" / "glued.txt").write_bytes((DIGESTS / "glued_title.txt").read_bytes())
        with caplog.at_level(logging.INFO, logger="mkdocs.hooks.regenerate_on_serve"):
            regenerate.on_pre_build(config)
        assert len(list((root / "docs" / "papers").iterdir())) > len(first)
        assert get_build_date() == max(p.stem[:10] for p in (root / "docs" / "digests").glob("2*.md"))
        assert any(": note: " in r.getMessage() and "glued.txt:" in r.getMessage() for r in caplog.records)
        # A preview publishes nothing: the registry of published ids is as it was.
        assert (registry.read_bytes() if registry.exists() else None) == recorded
        # A paper that goes with its digest leaves the served site too (serve --dirty keeps pages).
        (served / "papers").mkdir(parents=True)
        for page in (root / "docs" / "papers").glob("*.md"):
            (served / "papers" / page.with_suffix(".html").name).write_text("built")
        built = len(list((served / "papers").iterdir()))
        (root / "data" / "digests" / "unicode.txt").unlink()
        regenerate.on_pre_build(config)
        still = sorted(p.with_suffix(".html").name for p in (root / "docs" / "papers").glob("*.md"))
        assert sorted(p.name for p in (served / "papers").iterdir()) == still and len(still) < built
        (root / "data" / "digests" / "bad.txt").write_text("no date here\n", encoding="utf-8")
        pages = sorted(p.name for p in (root / "docs" / "papers").iterdir())
        with caplog.at_level(logging.ERROR, logger="mkdocs.hooks.regenerate_on_serve"):
            regenerate.on_pre_build(config)  # no Abort: MkDocs' server would answer nothing until fixed
        assert any("bad.txt:1: no date line" in r.getMessage() for r in caplog.records if r.levelno == logging.ERROR)
        assert sorted(p.name for p in (root / "docs" / "papers").iterdir()) == pages  # the last good pages
    finally:
        regenerate.on_startup(command="build", dirty=False)
    assert "SOURCE_DATE_EPOCH" not in os.environ  # a later build dates itself


def test_serve_names_a_busy_address_before_building(tmp_path: Path) -> None:
    regenerate = hook("regenerate_on_serve")
    root = copy_project(tmp_path / "p")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        host, port = busy.getsockname()
        config = SimpleNamespace(config_file_path=str(root / "mkdocs.yml"), watch=[], dev_addr=(host, port))
        regenerate.on_startup(command="serve", dirty=True)
        try:
            with pytest.raises(Abort, match=rf"^cannot serve on 127.0.0.1:{port}: Address already in use; .* ADDR="):
                regenerate.on_config(config)
            config.dev_addr = ("127.0.0.1", 99999)
            regenerate.on_startup(command="serve", dirty=True)
            with pytest.raises(Abort, match=r"^cannot serve on 127.0.0.1:99999: .*port must be 0-65535; .*:8000$"):
                regenerate.on_config(config)
        finally:
            regenerate.on_startup(command="build", dirty=False)
    assert config.watch == [] and not (root / "docs" / "papers").exists()


def test_the_generated_folders_are_named_once() -> None:
    # generator/write/tree.py OWNED is the list; .gitignore cannot import it (`make clean` runs
    # `python -m generator clean`, which does).
    from generator.write.tree import OWNED

    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "-m generator clean" in makefile[makefile.index("\nclean:") :]
    for name in OWNED:
        assert f"docs/{name}" in ignored or f"docs/{name}/" in ignored, name


class _SiteNames(HTMLParser):
    """Collect where a page shows the site's name: <title>, the header's text, logo attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.labels: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in.append(tag)
        values = dict(attrs)
        if "md-logo" in (values.get("class") or ""):
            self.labels += [values.get("aria-label") or "", values.get("title") or ""]

    def handle_endtag(self, tag: str) -> None:
        while self._in and self._in.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "title":
            self.title += data


def test_the_site_name_reaches_every_page_as_text(tmp_path: Path) -> None:
    """Material writes site_name unescaped in places (the logo's aria-label, <title>): the hook makes it text."""
    name = 'R&D <b>Papers</b> "quoted" </title><script>alert(1)</script>'
    data = tmp_path / "data"
    data.mkdir()
    (data / "clean.txt").write_bytes((DIGESTS / "clean.txt").read_bytes())
    root = copy_project(tmp_path / "p", data=data)
    settings = root / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("site_name: Paper Digests", f"site_name: '{name}'", 1), encoding="utf-8")
    build.generate(generator_config.load(settings), site_dir=root / "site")
    for page in ("about.html", "index.html", "digests/index.html", "404.html"):
        html = (root / "site" / page).read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html and "<b>Papers" not in html, page
        found = _SiteNames()
        found.feed(html)
        if "__pd_frame(" in html:  # frame.js writes the header; the link home stays for readers without JavaScript
            frame = (root / "site" / "assets" / "javascripts" / "frame.js").read_text(encoding="utf-8")
            header = re.search(r'"header": ("(?:[^"\\]|\\.)*")', frame)
            assert header, "frame.js: no header"
            found.feed(json.loads(header.group(1)))
            home = re.search(r'<noscript><a href="[^"]*">([^<]*)</a></noscript>', html)
            assert home and unescape(home.group(1)) == name, page
        assert found.title.endswith(name) or found.title == name, (page, found.title)
        assert found.labels and all(label == name for label in found.labels), (page, found.labels)
    marker = (root / "site" / "site-root.txt").read_text(encoding="utf-8")
    assert marker.startswith(name)  # the 404 page's token: the name as written, not escaped
