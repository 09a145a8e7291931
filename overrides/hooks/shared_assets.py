"""MkDocs hook: bytes every page would repeat, moved into shared files fetched once.

- The icons of Material's frame (logo, menu, search, back, clear, the palette toggles) are
  inline SVG in every page, 2 KB a page. Here each becomes an empty <svg> with a class, drawn by
  one stylesheet (assets/stylesheets/icons.css, imported by docs/stylesheets/extra.css) that
  holds the icons as CSS masks in the text colour, as the inline ones are filled with it. The
  icons are read from the theme at build time, whichever `theme.icon` names: nothing of
  Material's is copied into the project.
- The scripts Material inlines in every page: the one in the head that names the site's scope
  for the reader's saved settings becomes assets/javascripts/base.js (the page passes the scope
  in a data attribute), and the palette script (it applies the reader's saved light or
  dark choice before the page paints) becomes assets/javascripts/palette.js; each is loaded by a
  synchronous <script> in the same place, so it runs when it did. Their text is Material's own
  partial, read from the theme at build time.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ICONS_CSS = "assets/stylesheets/icons.css"
PALETTE_JS = "assets/javascripts/palette.js"
PALETTE_PARTIAL = "partials/javascripts/palette.html"
BASE_JS = "assets/javascripts/base.js"
BASE_PARTIAL = "partials/javascripts/base.html"
SCOPE = '"{{ config.extra.scope | d(base_url) }}"'  # the one expression in Material's base partial
# The frame's icons and Material's defaults for them (base.html and its partials).
FRAME_ICONS = {
    "logo": "material/library",
    "menu": "material/menu",
    "search": "material/magnify",
    "previous": "material/arrow-left",
    "close": "material/close",
}
_SCRIPT = re.compile(r"\A\s*(?:\{#.*?#\}\s*)?<script>(.*)</script>\s*\Z", re.S)


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


def partial_script(loader: jinja2.BaseLoader, env: jinja2.Environment, name: str, known: str = "") -> str:
    """Return the script of one of Material's script partials: plain JavaScript but for `known`."""
    source = loader.get_source(env, name)[0]
    match = _SCRIPT.match(source)
    script = match.group(1).replace(known, "") if match and known else match.group(1) if match else ""
    if not match or "{{" in script or "{%" in script:
        raise PluginError(f"overrides/hooks/shared_assets.py: {name} is no longer one plain <script>")
    return match.group(1).strip() + "\n"


def palette_script(loader: jinja2.BaseLoader, env: jinja2.Environment) -> str:
    """Return the script of Material's palette partial, which must be plain JavaScript."""
    return partial_script(loader, env, PALETTE_PARTIAL)


def base_script(loader: jinja2.BaseLoader, env: jinja2.Environment) -> str:
    """Return Material's base script, the scope read from its <script> element's data-md-scope."""
    script = partial_script(loader, env, BASE_PARTIAL, SCOPE)
    if script.count(SCOPE) != 1:
        raise PluginError(f"overrides/hooks/shared_assets.py: {BASE_PARTIAL} no longer names the scope once")
    return script.replace(SCOPE, "document.currentScript.dataset.mdScope")


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    """Put stubs in place of the frame's icons and the palette script; write the shared files."""
    loader = env.loader
    assert loader is not None
    names = frame_icons(config)
    stubs = {f".icons/{name}.svg": f'<svg class="ico {icon_class(name)}"></svg>' for name in names}
    stubs[PALETTE_PARTIAL] = "<script src=\"{{ '" + PALETTE_JS + "' | url }}\"></script>"
    stubs[BASE_PARTIAL] = "<script src=\"{{ '" + BASE_JS + "' | url }}\" data-md-scope=" + SCOPE + "></script>"
    files.append(File.generated(config, ICONS_CSS, content=icons_css(loader, env, names)))
    files.append(File.generated(config, PALETTE_JS, content=palette_script(loader, env)))
    files.append(File.generated(config, BASE_JS, content=base_script(loader, env)))
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader(stubs), loader])
    return env
