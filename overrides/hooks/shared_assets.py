"""MkDocs hook: bytes every page would repeat, moved into shared files fetched once.

- The icons of Material's frame (logo, menu, search, back, clear, the palette toggles) are
  inline SVG in every page, 2 KB a page. Here each becomes an empty <svg> with a class, drawn by
  the site's stylesheet, which holds the icons as CSS masks in the text colour, as the inline ones
  are filled with it. The icons are read from the theme at build time, whichever `theme.icon`
  names: nothing of Material's is copied into the project.
- One stylesheet, assets/stylesheets/site.css, in place of the three or four links of every page:
  Material's stylesheets (the ones its `styles` block links, checked on every page), the icons,
  and `extra_css`, one after the other, in that order, so that the cascade is the same.
  main.html links it. Their source maps are left out, and so are the files themselves.
- Source maps of Material's scripts (1 MB, for developers' tools) are left out too.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any
from urllib.parse import quote

import jinja2
from jinja2 import pass_context
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils.templates import url_filter

SITE_CSS = "assets/stylesheets/site.css"
# The frame's icons and Material's defaults for them (base.html and its partials).
FRAME_ICONS = {
    "logo": "material/library",
    "menu": "material/menu",
    "search": "material/magnify",
    "previous": "material/arrow-left",
    "close": "material/close",
}
MATERIAL_CSS = re.compile(r"^assets/stylesheets/(?:main|palette)\.[0-9a-f]+\.min\.css$")
SOURCE_MAP = re.compile(r"^assets/(?:stylesheets|javascripts)/[^/]+\.min\.(?:css|js)\.map$")
MAP_COMMENT = re.compile(r"/\*# sourceMappingURL=[^*]*\*/\s*$")
URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)">')


# What site.css is made of, as site paths: Material's stylesheets, then extra_css (one build's).
_made_of: dict[str, list[str]] = {"material": [], "extra": []}


def icon_class(name: str) -> str:
    """Return the CSS class that draws an icon: "material/magnify" -> "ico-material-magnify"."""
    return "ico-" + re.sub(r"[^a-z0-9-]", "-", name.lower())


def frame_icons(config: Any) -> list[str]:
    """Return the icons the frame draws on every page, as `theme.icon` and the palette name them."""
    configured = config.theme.get("icon") or {}
    names = [configured.get(key) or default for key, default in FRAME_ICONS.items()]
    if config.theme.get("logo"):
        names.remove(configured.get("logo") or FRAME_ICONS["logo"])  # an image file, not an icon
    palette = config.theme.get("palette") or []
    for option in [palette] if isinstance(palette, dict) else palette:
        toggle = option.get("toggle") or {}
        if toggle.get("icon"):
            names.append(toggle["icon"])
    return sorted(set(names))


def icons_css(loader: jinja2.BaseLoader, env: jinja2.Environment, names: list[str]) -> str:
    """Return the stylesheet drawing each icon as a mask over the text colour."""
    rules = [
        # No viewBox on the stubs: the aspect ratio says how wide they are where Material sets a height only.
        "svg.ico{aspect-ratio:1;background-color:currentcolor;"
        "-webkit-mask:var(--ico) center/contain no-repeat;mask:var(--ico) center/contain no-repeat}"
    ]
    for name in names:
        svg = loader.get_source(env, f".icons/{name}.svg")[0].strip()
        rules.append(f'.{icon_class(name)}{{--ico:url("data:image/svg+xml,{quote(svg, safe=" /=:")}")}}')
    return "\n".join(rules) + "\n"


def rebase(css: str, source: str, where: str) -> str:
    """Return a stylesheet at `source` (a site path) with its relative URLs made to work from site.css."""
    if "@import" in css:
        raise PluginError(f"{where}: @import cannot stand inside one stylesheet; put the rules in it")

    def move(match: re.Match[str]) -> str:
        quote_, url = match.groups()
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", url, re.I):
            return match.group(0)
        moved = posixpath.relpath(posixpath.join(posixpath.dirname(source), url), posixpath.dirname(SITE_CSS))
        return f"url({quote_}{moved}{quote_})"

    return URL.sub(move, MAP_COMMENT.sub("", css))


def site_css(files: Files, icons: str, extra: list[str]) -> tuple[str, list[str]]:
    """Return site.css and the site paths of Material's stylesheets in it (main, then palette)."""
    material = sorted((f.src_uri for f in files if MATERIAL_CSS.match(f.src_uri)), key=lambda p: "palette" in p)

    def part(path: str) -> str:
        file = files.get_file_from_path(path)
        if file is None:
            raise PluginError(f"extra_css: no {path} in docs/")
        return f"/* {path} */\n" + rebase(file.content_string, path, path).strip()

    icons = "/* the frame's icons (overrides/hooks/shared_assets.py) */\n" + icons.strip()
    return "\n".join([*map(part, material), icons, *map(part, extra)]) + "\n", material


@pass_context
def one_stylesheet(context: Any, block: str) -> Markup:
    """Return the link to site.css, in place of Material's `styles` block, which must link what it holds."""
    base = posixpath.normpath(context["base_url"])
    linked = [posixpath.relpath(posixpath.normpath(href), base) for href in _LINK.findall(block)]
    if _LINK.sub("", block).strip() or linked != _made_of["material"]:
        raise PluginError(
            f"Material's styles block is {block.strip()!r}, not links to {_made_of['material']}: "
            "overrides/hooks/shared_assets.py must follow it"
        )
    return Markup(f'<link rel="stylesheet" href="{url_filter(context, SITE_CSS)}">')


def on_config(config: Any) -> Any:
    """Take extra_css into site.css (main.html links nothing else)."""
    _made_of["extra"] = [str(path) for path in config.extra_css]
    config["extra_css"] = []
    return config


def on_env(env: jinja2.Environment, config: Any, files: Files) -> jinja2.Environment:
    """Put stubs in place of the frame's icons; write site.css; leave out what it replaces, and source maps."""
    loader = env.loader
    assert loader is not None
    names = frame_icons(config)
    stubs = {f".icons/{name}.svg": f'<svg class="ico {icon_class(name)}"></svg>' for name in names}
    css, _made_of["material"] = site_css(files, icons_css(loader, env, names), _made_of["extra"])
    files.append(File.generated(config, SITE_CSS, content=css))
    for file in list(files):
        if file.src_uri in (*_made_of["material"], *_made_of["extra"]) or SOURCE_MAP.match(file.src_uri):
            files.remove(file)
    env.filters["one_stylesheet"] = one_stylesheet
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader(stubs), loader])
    return env
