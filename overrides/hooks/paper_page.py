"""MkDocs hook: what overrides/paper.html needs from Material, since it does not extend base.html.

Paper pages are written without base.html (see paper.html): its skeleton carries inputs,
scripts and wrappers for Material's JavaScript, which paper pages do not load. Two things of
Material's they do use, handed to the template as globals:

- `material_stylesheets`: the stylesheets base.html links. Their file names carry a content hash
  that changes with every Material release, so they are read from base.html, never copied.
- `paper_logo`: the header's logo icon (`theme.icon.logo`) as an image file, written once,
  instead of the same inline SVG in every paper page. Unset when `theme.logo` names an image,
  which Material's logo partial shows as one already.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

_STYLESHEET = re.compile(r"""['"](assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css)['"]""")
LOGO = "assets/images/paper-logo.svg"


def on_env(env: Any, config: Any, files: Any) -> Any:
    """Set the template globals `material_stylesheets` and `paper_logo`; add the logo file."""
    source = env.loader.get_source(env, "base.html")[0]
    found = {name: path for path, name in _STYLESHEET.findall(source)}
    if "main" not in found:
        raise PluginError("overrides/hooks/paper_page.py: no main stylesheet found in Material's base.html")
    # base.html links the palette stylesheet only when the theme has a palette.
    names = ["main", "palette"] if config.theme.get("palette") and "palette" in found else ["main"]
    env.globals["material_stylesheets"] = [found[name] for name in names]
    if not config.theme.get("logo"):
        icon = (config.theme.get("icon") or {}).get("logo") or "material/library"
        svg = env.loader.get_source(env, f".icons/{icon}.svg")[0].strip()
        # Inline, the icon takes the header's text colour (fill: currentcolor); an image cannot,
        # so it is drawn in that colour, white on every palette colour but a few light ones.
        svg = svg.replace("<svg ", '<svg fill="#fff" ', 1)
        files.append(File.generated(config, LOGO, content=svg))
        env.globals["paper_logo"] = LOGO
    return env
