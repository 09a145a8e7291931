"""The generator's settings: read once from mkdocs.yml, validated, then frozen."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import yaml_load

from .errors import ConfigError, Errors
from .search.settings import SearchSettings, SearchSettingsError
from .search.settings import from_config as search_settings


@dataclass(frozen=True)
class Settings:
    """Everything the pipeline needs to know about the project."""

    root: Path
    """Folder holding mkdocs.yml; other paths are relative to it."""
    site_name: str
    """Site title, from mkdocs.yml."""
    site_url: str
    """Public address of the site, ending in "/" (feeds and OpenGraph need it)."""
    docs_dir: Path
    """MkDocs' docs_dir; generated folders go inside it."""
    data_dir: Path
    """Folder of digest files (*.txt)."""
    default_year: int | None
    """Year for digests whose file name carries no YYYY-MM-DD date."""
    taxonomy: Path
    """The topic taxonomy (YAML)."""
    related: int
    """How many related papers a paper page lists at most."""
    min_similarity: float
    """Similarity below which a paper is not listed as related."""
    feed_size: int
    """How many papers the Atom feeds carry."""
    tags_allowed: tuple[str, ...] | None = None
    """The tags plugin's tags_allowed list, which must name exactly the taxonomy's topics."""
    tags_allowed_line: int | None = None
    """Where tags_allowed stands in mkdocs.yml, for error messages."""
    search: SearchSettings = field(default_factory=SearchSettings)
    """The search plugin's options and extra.generator.search (generator/search/settings.py)."""

    def display(self, path: Path) -> str:
        """Name a path relative to the project, as error messages show it."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


# Settings for the generator, under `extra: generator:` in mkdocs.yml: name, default, type.
OPTIONS: dict[str, tuple[Any, type | tuple[type, ...]]] = {
    "data_dir": ("data/digests", str),
    "default_year": (None, int),
    "taxonomy": ("data/topics.yml", str),
    "related": (5, int),
    "min_similarity": (0.1, (int, float)),
    "feed_size": (30, int),
    "search": ({}, dict),
}


def _lines(text: str) -> dict[str, int]:
    """Map "extra.generator.KEY" and top-level keys to their 1-based line numbers."""
    lines: dict[str, int] = {}
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return lines

    def walk(node: yaml.Node, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = f"{prefix}{key.value}"
                lines.setdefault(name, key.start_mark.line + 1)
                walk(value, name + ".")
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item, prefix)

    if node is not None:
        walk(node, "")
    return lines


def load(config_file: Path, data_dir: Path | None = None, docs_dir: Path | None = None) -> Settings:
    """Read and check mkdocs.yml; report every problem at once."""
    name = config_file.name
    try:
        text = config_file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(str(config_file), None, f"cannot read: {exc.strerror}") from None
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)  # syntax only: tags are not constructed
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ConfigError(name, line, f"invalid YAML: {exc.problem}") from None
    try:
        raw = yaml_load(text) or {}
    except Exception as exc:  # mkdocs' loader raises ConfigurationError for a missing !ENV
        raise ConfigError(name, None, str(exc)) from None
    lines = _lines(text)
    root = config_file.resolve().parent
    errors: list[ConfigError] = []

    extra = raw.get("extra") or {}
    section = extra.get("generator") or {} if isinstance(extra, dict) else {}
    if not isinstance(section, dict):
        errors.append(ConfigError(name, lines.get("extra.generator"), "extra.generator must be a mapping"))
        section = {}
    values: dict[str, Any] = {}
    for key in sorted(set(section) - set(OPTIONS)):
        errors.append(ConfigError(name, lines.get(f"extra.generator.{key}"), f"unknown setting extra.generator.{key}"))
    for key, (default, kind) in OPTIONS.items():
        value = section.get(key, default)
        if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
            errors.append(
                ConfigError(name, lines.get(f"extra.generator.{key}"), f"extra.generator.{key} has the wrong type")
            )
        values[key] = value
    year = values["default_year"]
    if isinstance(year, int) and not 1990 <= year <= 2100:
        errors.append(
            ConfigError(name, lines.get("extra.generator.default_year"), "default_year must be a year such as 2024")
        )
    if isinstance(values["related"], int) and not 0 <= values["related"] <= 20:
        errors.append(ConfigError(name, lines.get("extra.generator.related"), "related must be between 0 and 20"))

    site_url = raw.get("site_url") or ""
    if not isinstance(site_url, str) or (site_url and not site_url.startswith(("http://", "https://"))):
        errors.append(ConfigError(name, lines.get("site_url"), "site_url must be an http(s) address"))
        site_url = ""
    if raw.get("use_directory_urls", True) is not False:
        errors.append(
            ConfigError(
                name, lines.get("use_directory_urls"), "use_directory_urls must be false: pages are .html files"
            )
        )
    if errors:
        raise errors[0] if len(errors) == 1 else Errors(list(errors))

    tags_allowed = None
    search_plugin: dict[str, Any] = {}
    for plugin in raw.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("tags"), dict):
            allowed = plugin["tags"].get("tags_allowed")
            tags_allowed = tuple(str(t) for t in allowed) if isinstance(allowed, list) else None
        for key in ("search", "material/search"):
            if isinstance(plugin, dict) and isinstance(plugin.get(key), dict):
                search_plugin = plugin[key]
    try:
        search = search_settings(search_plugin, values["search"])
    except SearchSettingsError as exc:
        where = "plugins.search" if str(exc).startswith("plugins") else "extra.generator.search"
        raise ConfigError(name, lines.get(where), str(exc)) from None

    return Settings(
        root=root,
        site_name=str(raw.get("site_name", "")),
        site_url=site_url if not site_url or site_url.endswith("/") else site_url + "/",
        docs_dir=docs_dir or root / str(raw.get("docs_dir", "docs")),
        data_dir=data_dir or root / values["data_dir"],
        default_year=year,
        taxonomy=root / values["taxonomy"],
        related=values["related"],
        min_similarity=float(values["min_similarity"]),
        feed_size=values["feed_size"],
        tags_allowed=tags_allowed,
        tags_allowed_line=lines.get("plugins.tags.tags_allowed"),
        search=search,
    )
