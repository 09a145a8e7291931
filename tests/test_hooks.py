"""The MkDocs hooks in overrides/hooks/, each by itself."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import jinja2
import pytest
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from .conftest import DIGESTS, ROOT, copy_project

HOOKS = ROOT / "overrides" / "hooks"


def hook(name: str) -> ModuleType:
    """Load a hook file the way MkDocs does (its folder on sys.path while it loads)."""
    spec = importlib.util.spec_from_file_location(f"hook_{name}", HOOKS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
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
        "<div><p>a\nb</p>\n<pre>  x\n    y</pre>\n<script>\n  var a;\n</script>\n</div>\n"
        "<article>\n<a>x</a>\n<a>y</a>\n</article>\n<footer></footer>"
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
    return jinja2.Environment(loader=jinja2.FileSystemLoader([str(ROOT / "overrides"), str(material)]))


def test_shared_assets_draw_the_frame_icons_from_the_theme(tmp_path: Path) -> None:
    pytest.importorskip("material")
    shared = hook("shared_assets")
    palette = [{"toggle": {"icon": "material/brightness-7"}}, {"toggle": {"icon": "material/brightness-4"}}]
    theme = {"icon": {"search": "material/magnify"}, "palette": palette}
    config = SimpleNamespace(
        theme=theme,
        extra_css=[],
        site_dir=str(tmp_path),
        use_directory_urls=False,
        plugins=SimpleNamespace(_current_plugin=None),
    )
    env, files = theme_env(), Files([])
    shared.on_env(env, config, files)
    css = next(f for f in files if f.src_uri == shared.ICONS_CSS).content_string
    for name in ("material/library", "material/menu", "material/magnify", "material/brightness-4"):
        assert f'.{shared.icon_class(name)}{{--ico:url("data:image/svg+xml,%3Csvg' in css, name
    stub = env.get_template(".icons/material/magnify.svg").render()
    assert stub == '<svg class="ico ico-material-magnify"></svg>'
    script = next(f for f in files if f.src_uri == shared.PALETTE_JS).content_string
    assert script.startswith("var palette=__md_get(") and "<script" not in script
    base = next(f for f in files if f.src_uri == shared.BASE_JS).content_string
    assert base.startswith("__md_scope=new URL(document.currentScript.dataset.mdScope,location)")
    assert env.loader is not None
    stub = env.loader.get_source(env, shared.BASE_PARTIAL)[0]
    assert stub.endswith(f" data-md-scope={shared.SCOPE}></script>") and shared.BASE_JS in stub


def test_shared_assets_refuse_a_palette_partial_that_is_not_plain_script() -> None:
    shared = hook("shared_assets")
    env = jinja2.Environment(loader=jinja2.DictLoader({shared.PALETTE_PARTIAL: "<script>var a={{ x }}</script>"}))
    with pytest.raises(PluginError, match="no longer one plain <script>"):
        shared.palette_script(env.loader, env)  # type: ignore[arg-type]


def test_serve_regenerates_when_the_digests_change(tmp_path: Path) -> None:
    regenerate = hook("regenerate_on_serve")
    data = tmp_path / "data"
    data.mkdir()
    (data / "clean.txt").write_bytes((DIGESTS / "clean.txt").read_bytes())
    root = copy_project(tmp_path / "p", data=data)
    config = SimpleNamespace(config_file_path=str(root / "mkdocs.yml"), watch=[])
    regenerate.on_config(config)
    regenerate.on_pre_build(config)
    assert config.watch == [] and not (root / "docs" / "papers").exists(), "a plain build does not regenerate"
    regenerate.on_startup(command="serve", dirty=True)
    try:
        regenerate.on_config(config)
        assert config.watch == [str(root / "data" / "digests"), str(root / "data" / "topics.yml")]
        regenerate.on_pre_build(config)
        first = sorted(p.name for p in (root / "docs" / "papers").iterdir())
        assert first
        page = root / "docs" / "papers" / first[0]
        stamp = page.stat().st_mtime_ns
        regenerate.on_pre_build(config)  # nothing changed: nothing rewritten
        assert page.stat().st_mtime_ns == stamp
        (root / "data" / "digests" / "unicode.txt").write_bytes((DIGESTS / "unicode.txt").read_bytes())
        regenerate.on_pre_build(config)
        assert len(list((root / "docs" / "papers").iterdir())) > len(first)
        (root / "data" / "digests" / "bad.txt").write_text("no date here\n", encoding="utf-8")
        with pytest.raises(Abort, match=r"bad\.txt"):
            regenerate.on_pre_build(config)
    finally:
        regenerate.on_startup(command="build", dirty=False)


def test_the_generated_folders_are_named_once() -> None:
    # generator/write/tree.py OWNED is the list; .gitignore and `make clean` cannot import it.
    from generator.write.tree import OWNED

    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    clean = makefile[makefile.index("\nclean:") :]
    for name in OWNED:
        assert f"docs/{name}" in ignored or f"docs/{name}/" in ignored, name
        assert f"docs/{name}" in clean, name
