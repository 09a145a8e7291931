"""The generator's settings: read once from mkdocs.yml, validated, then frozen."""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from .errors import ConfigError, Errors, GeneratorError
from .search.settings import SearchSettings, SearchSettingsError
from .search.settings import from_config as search_settings
from .sources.files import NotUTF8, utf8_text
from .write.commit import store_of
from .yaml_nodes import Refused, compose, error_line, unique_keys


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
    site_dir: Path
    """MkDocs' site_dir: where `python -m generator site` builds the site unless told otherwise."""
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
    max_digest_mb: int = 20
    """Largest digest file read, in megabytes (MiB); a larger file is refused."""
    registry: Path | None = None
    """The registry of published paper ids (None: ids are not recorded, as for a throwaway build)."""
    lookups: Path | None = None
    """The title lookups written by `python -m generator enrich` (None: none)."""
    tags_allowed: tuple[str, ...] | None = None
    """The tags plugin's tags_allowed list, which must name exactly the taxonomy's topics."""
    tags_allowed_line: int | None = None
    """Where tags_allowed stands in mkdocs.yml, for error messages."""
    search: SearchSettings = field(default_factory=SearchSettings)
    """The search plugin's options and extra.generator.search (generator/search/settings.py)."""
    author_pages_min: int = 2
    """An author with at least this many papers gets a page (authors/<slug>.html)."""
    lists: Path | None = None
    """The folder of reading lists (data/lists/*.yml); None or a missing folder: no lists."""
    theme_dir: Path | None = None
    """The theme's custom_dir (overrides/: templates, hooks, sitemap.xml), which the build reads."""
    project_data: tuple[tuple[str, Path], ...] = ()
    """The data mkdocs.yml names, by what it is, when --data reads another folder: no output either."""
    written: tuple[tuple[str, int | None, str], ...] = ()
    """The path settings mkdocs.yml sets and that are in effect (not replaced by --data): key, line, value."""
    config_name: str = "mkdocs.yml"
    """The settings file's name, as messages show it."""

    def display(self, path: Path) -> str:
        """Name a path relative to the project, as error messages show it."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def path_error(self, key: str, path: Path, message: str) -> GeneratorError:
        """An error about the path a setting names: `mkdocs.yml:LINE: key: value: message` when mkdocs.yml
        sets it, else `path: message` (a default, or --data)."""
        for setting, line, value in self.written:
            if setting == key:
                return ConfigError(self.config_name, line, f"{key}: {_named(value)}: {message}")
        return GeneratorError(self.display(path), None, message)

    def inputs(self) -> dict[str, Path]:
        """What the build reads and a build's output must never replace, by what it is."""
        found = {"the digests": self.data_dir, "the taxonomy": self.taxonomy, "mkdocs.yml": self.root / "mkdocs.yml"}
        optional = {
            "the reading lists": self.lists,
            "the registry": self.registry,
            "the title lookups": self.lookups,
            "the theme's overrides": self.theme_dir,
        }
        return found | {what: path for what, path in optional.items() if path is not None} | dict(self.project_data)

    def check_output(
        self, folder: Path, what: str, owned: tuple[str, ...] = (), kinds: tuple[str, ...] = (), site: bool = False
    ) -> None:
        """Refuse an output folder a build would lose something by replacing it.

        Paths are compared as they really are (symlinks followed, as the swap would reach them).
        Refused: a file; the project's folder or one above it; a folder that is, holds or sits in an
        input (or docs/, or the store of its generations); given `site`, a folder with files in it
        that holds no built site (a site has `sitemap.xml`: `.git`, the package, a folder of notes
        are not sites). Given `owned` (docs/, whose other files stay), only those entries are
        replaced: none may be or hold an input, and none may be a real folder holding a file of a
        kind the generator never writes (`kinds`).

        Raises ConfigError naming the folder and what it would replace.
        """
        name = self.display(Path(os.path.abspath(folder)))
        target = Path(os.path.realpath(folder))
        if target.exists() and not target.is_dir():
            raise ConfigError(name, None, f"{what} would replace a file: choose a folder")
        root = Path(os.path.realpath(self.root))
        if root == target or target in root.parents:
            raise ConfigError(name, None, f"{what} would replace the project's folder: choose a folder inside it")
        # The store holds docs/'s generations; a build sweeps out everything else in it.
        outputs = {"the docs folder": self.docs_dir, "the generated pages' store": store_of(self.docs_dir)}
        inputs = self.inputs() if owned else self.inputs() | outputs
        replaced = [target / entry for entry in owned] or [target]
        for kind, path in inputs.items():
            path = Path(os.path.realpath(path))
            if any(path == entry or entry in path.parents for entry in replaced):
                message = f"{what} would replace {kind} ({self.display(path)}): choose another folder"
                raise ConfigError(name, None, message)
            if path == target or path in target.parents:
                raise ConfigError(name, None, f"{what} would write inside {kind} ({self.display(path)})")
        if site and target.is_dir() and any(target.iterdir()) and not (target / "sitemap.xml").is_file():
            raise ConfigError(name, None, f"{what} would replace a folder that holds no built site: choose a new one")
        for entry in replaced if owned else ():
            if entry.is_dir() and not entry.is_symlink():
                for found in entry.rglob("*"):
                    if found.is_file() and not found.name.endswith(kinds):
                        shown = self.display(Path(os.path.abspath(folder)) / found.relative_to(target))
                        raise ConfigError(name, None, f"{what} would replace {shown}, which it never writes")


# Settings for the generator, under `extra: generator:` in mkdocs.yml: name, default, type.
OPTIONS: dict[str, tuple[Any, type | tuple[type, ...]]] = {
    "data_dir": ("data/digests", str),
    "default_year": (None, int),
    "taxonomy": ("data/topics.yml", str),
    "related": (5, int),
    "min_similarity": (0.1679, (int, float)),  # related.RELATED_CUT, calibrated on the judged pairs
    "feed_size": (30, int),
    "max_digest_mb": (20, int),
    "registry": ("data/published.tsv", str),
    "lookups": ("data/arxiv-lookups.tsv", str),
    "search": ({}, dict),
    "author_pages_min": (2, int),
    "lists": ("data/lists", str),
}


# What a setting of each option's type looks like, for a message about the wrong type.
_WANTED = {
    key: "a mapping"
    if kind is dict
    else "a year such as 2024"
    if key == "default_year"
    else "a number such as 0.2"
    if kind == (int, float)
    else "a whole number such as 5"
    if kind is int
    else f"a path such as {default}"
    for key, (default, kind) in OPTIONS.items()
}


# The data settings --data replaces, by what they name.
_DATA = {"digests": "data_dir", "registry": "registry", "title lookups": "lookups", "reading lists": "lists"}


# site_url is the base of canonical links, sitemap.xml and the feeds, which MkDocs' templates do
# not escape: it must be an http(s) address whose characters mean the same in HTML and XML
# attributes and text (RFC 3986 unreserved, %XX and a few delimiters; no quotes, <, >, & or spaces).
_PATH_CHAR = re.compile(r"[A-Za-z0-9._~!$()*+,;=:@/-]|%[0-9A-Fa-f]{2}")
_AUTHORITY = re.compile(r"(?:(?:[A-Za-z0-9-]+\.)*[A-Za-z0-9-]+\.?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")


def site_url_problem(url: object) -> str | None:
    """Say why url cannot be site_url, or return None for a usable one (or for none at all)."""
    if url is None or url == "":
        return None
    if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
        return f"must be an http(s) address, not {url!r}"
    authority, _, path = url.split("://", 1)[1].partition("/")
    if not _AUTHORITY.fullmatch(authority):
        return (
            "must be an http(s) address whose host is a name such as example.com (a non-ASCII "
            f"domain in its xn-- form), an optional :port, no user name: {url!r}"
        )
    port = authority.rpartition("]")[2].partition(":")[2]
    if port and not 1 <= int(port) <= 65535:
        return f"must be an http(s) address whose port is between 1 and 65535, not {port}: {url!r}"
    bad = sorted(set(_PATH_CHAR.sub("", path)))
    if bad:
        shown = " ".join("space" if c == " " else repr(c) for c in bad)
        return f"must be an http(s) address without {shown} in its path (percent-encode them, a space as %20): {url!r}"
    return None


def _named(value: str) -> str:
    """A configured name as a message shows it: invisible characters as escapes, 60 characters at most."""
    shown = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in value[:61])
    return shown if len(shown) <= 60 else shown[:59] + "…"


def _path_problem(root: Path, value: str) -> str | None:
    """Say why a configured path cannot be looked at (a NUL, a name too long, no permission), or None."""
    if "\0" in value:
        return "a name cannot hold U+0000"
    try:
        os.stat(root / value)
    except (FileNotFoundError, NotADirectoryError):
        return None  # whether it must exist is the caller's business
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return "name too long"
        return (exc.strerror or str(exc)).lower()
    return None


def _lines(text: str) -> dict[str, int]:
    """Map "extra.generator.KEY" and top-level keys to their 1-based line numbers."""
    lines: dict[str, int] = {}
    try:
        node = compose(text, mark_aliases=True)  # an alias is not walked again: aliases of aliases would be billions
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


def _checked(path: Path, name: str) -> tuple[str, yaml.Node | None]:
    """Read a config file's text and check its YAML as MkDocs will read it: syntax, depth, aliases, characters,
    no key written twice.

    Return the text and its nodes."""
    try:
        text = utf8_text(path.read_bytes())
    except OSError as exc:
        raise ConfigError(str(path), None, f"cannot read: {exc.strerror}") from None
    except NotUTF8 as exc:
        raise ConfigError(name, exc.line, f"not UTF-8 (byte 0x{exc.byte:02x}); save it as UTF-8") from None
    try:
        node = compose(text)  # syntax only: tags are not constructed
        unique_keys(node)  # MkDocs would keep the last of a key written twice and drop the first
    except Refused as exc:
        raise ConfigError(name, exc.line, str(exc)) from None
    except yaml.MarkedYAMLError as exc:
        raise ConfigError(name, error_line(exc, text), f"invalid YAML: {exc.problem}") from None
    return text, node


def _check_inherited(config_file: Path, node: yaml.Node | None, name: str) -> None:
    """Check the files mkdocs.yml (composed as node) INHERITs, and they in turn, as mkdocs.yml is checked:
    MkDocs reads them too."""
    seen = {os.path.realpath(config_file)}
    while True:
        inherit = None
        if isinstance(node, yaml.MappingNode):
            inherit = next((v for k, v in node.value if k.value == "INHERIT" and isinstance(v, yaml.ScalarNode)), None)
        if inherit is None:
            return
        path = Path(os.path.dirname(config_file)) / str(inherit.value)
        if os.path.realpath(path) in seen:  # MkDocs would follow the loop until Python's stack ran out
            message = f"INHERIT: {inherit.value} makes a loop: it inherits, in the end, from this file"
            raise ConfigError(name, inherit.start_mark.line + 1, message)
        seen.add(os.path.realpath(path))
        if not os.path.isfile(path):
            return  # MkDocs names a missing file
        shown = os.path.normpath(Path(os.path.dirname(name)) / str(inherit.value))
        (_, node), config_file, name = _checked(path, shown), path, shown


def load(config_file: Path, data_dir: Path | None = None, docs_dir: Path | None = None) -> Settings:
    """Read and check mkdocs.yml; report every problem at once."""
    name = config_file.name
    text, node = _checked(config_file, name)
    _check_inherited(config_file, node, name)
    try:
        # A loader that knows `!relative` (its paths are MkDocs' business, never read here).
        raw = yaml_load(text, get_yaml_loader(config=MkDocsConfig())) or {}
    except RecursionError:  # the stack was already deep: compose() passed it
        raise ConfigError(name, None, "nested too deeply") from None
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
        at = lines.get(f"extra.generator.{key}")
        if (value is None or (value == "" and kind is str)) and key in section:  # `key:` with nothing after it
            wanted = "a year such as 2024" if key == "default_year" else "a value"
            errors.append(ConfigError(name, at, f"extra.generator.{key} is empty: give {wanted} or leave it out"))
            value = default
        elif value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
            if isinstance(value, str):
                got = repr(_named(value))
            else:
                got = "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else str(value)
            message = f"extra.generator.{key} has the wrong type: give {_WANTED[key]}, not {got}"
            errors.append(ConfigError(name, at, message))
        values[key] = value
    year = values["default_year"]
    if isinstance(year, int) and not 1990 <= year <= 2100:
        errors.append(
            ConfigError(name, lines.get("extra.generator.default_year"), "default_year must be a year such as 2024")
        )
    if isinstance(values["related"], int) and not 0 <= values["related"] <= 20:
        errors.append(ConfigError(name, lines.get("extra.generator.related"), "related must be between 0 and 20"))

    site_url = raw.get("site_url") or ""
    problem = site_url_problem(site_url)
    if problem:
        line = lines.get("site_url")
        source = text.splitlines()[line - 1] if line else ""
        via = " (from SITE_URL)" if "SITE_URL" in source and os.environ.get("SITE_URL") == site_url else ""
        errors.append(ConfigError(name, line, f"site_url{via} {problem}"))
        site_url = ""
    if raw.get("use_directory_urls", True) is not False:
        errors.append(
            ConfigError(
                name, lines.get("use_directory_urls"), "use_directory_urls must be false: pages are .html files"
            )
        )
    if isinstance(values["author_pages_min"], int) and values["author_pages_min"] < 1:
        errors.append(
            ConfigError(name, lines.get("extra.generator.author_pages_min"), "author_pages_min must be at least 1")
        )
    if isinstance(values["feed_size"], int) and values["feed_size"] < 0:
        errors.append(ConfigError(name, lines.get("extra.generator.feed_size"), "feed_size must be at least 0"))
    similarity = values["min_similarity"]
    if isinstance(similarity, int | float) and not 0 <= similarity <= 1:  # also NaN
        errors.append(
            ConfigError(name, lines.get("extra.generator.min_similarity"), "min_similarity must be between 0 and 1")
        )
    if isinstance(values["max_digest_mb"], int) and values["max_digest_mb"] < 1:
        errors.append(ConfigError(name, lines.get("extra.generator.max_digest_mb"), "max_digest_mb must be at least 1"))
    # Lists are optional: the default folder may be absent, but one named here is meant to exist.
    named = section.get("lists")
    paths = {key: (values[key], f"extra.generator.{key}") for key, (_, kind) in OPTIONS.items() if kind is str}
    paths |= {key: (raw.get(key), key) for key in ("docs_dir", "site_dir")}
    for key, (value, where) in paths.items():
        problem = _path_problem(root, value) if isinstance(value, str) and value else None
        if problem:
            errors.append(ConfigError(name, lines.get(where), f"{key}: {_named(value)}: {problem}"))
            if key == "lists":
                named = None
    # A path mkdocs.yml names is meant to be what it names: said here, at its line, for what
    # every command reads; what only some read (the digests' folder, which fetch makes) is said
    # by the command, at the same line (Settings.path_error).
    value = section.get("data_dir")
    if (
        isinstance(value, str)
        and value
        and data_dir is None
        and not _path_problem(root, value)
        and (root / value).exists()
        and not (root / value).is_dir()
    ):
        message = f"data_dir: {_named(value)} is not a folder: digests are files in a folder"
        errors.append(ConfigError(name, lines.get("extra.generator.data_dir"), message))
    value = section.get("taxonomy")
    if isinstance(value, str) and value and not _path_problem(root, value):
        at = lines.get("extra.generator.taxonomy")
        if (root / value).is_dir():
            errors.append(ConfigError(name, at, f"taxonomy: {_named(value)} is a folder: name the taxonomy's file"))
        elif not (root / value).exists():
            errors.append(ConfigError(name, at, f"taxonomy: {_named(value)}: no such file of the taxonomy"))
    for key in ("registry", "lookups"):
        value = section.get(key)
        if isinstance(value, str) and value and data_dir is None and not _path_problem(root, value):
            path, at = root / value, lines.get(f"extra.generator.{key}")
            if path.is_dir():
                errors.append(ConfigError(name, at, f"{key}: {_named(value)} is a folder: name a file"))
            elif not path.parent.is_dir():
                shown = _named(os.path.relpath(path.parent, root))
                errors.append(ConfigError(name, at, f"{key}: {_named(value)}: no such folder as {shown} to hold it"))
    if isinstance(named, str) and named and data_dir is None:
        folder, at = root / named, lines.get("extra.generator.lists")
        if not folder.exists():
            errors.append(ConfigError(name, at, f"lists: {_named(named)}: no such folder of reading lists"))
        elif not folder.is_dir():
            message = f"lists: {_named(named)} is not a folder: reading lists are files in a folder"
            errors.append(ConfigError(name, at, message))
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
        named = re.search(r"(?:extra\.generator|plugins)\.search\.\w+", str(exc))  # the setting at fault
        raise ConfigError(name, lines.get(named[0] if named else where) or lines.get(where), str(exc)) from None

    theme = raw.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    return Settings(
        root=root,
        site_name=str(raw.get("site_name", "")),
        site_url=site_url if not site_url or site_url.endswith("/") else site_url + "/",
        docs_dir=docs_dir or root / str(raw.get("docs_dir") or "docs"),
        site_dir=root / str(raw.get("site_dir") or "site"),
        data_dir=data_dir or root / values["data_dir"],
        default_year=year,
        taxonomy=root / values["taxonomy"],
        related=values["related"],
        min_similarity=float(values["min_similarity"]),
        feed_size=values["feed_size"],
        max_digest_mb=values["max_digest_mb"],
        # Another data folder (--data) brings its own registry and lookups: it never touches data/.
        registry=data_dir / "published.tsv" if data_dir else root / values["registry"],
        lookups=data_dir / "arxiv-lookups.tsv" if data_dir else root / values["lookups"],
        tags_allowed=tags_allowed,
        tags_allowed_line=lines.get("plugins.tags.tags_allowed"),
        search=search,
        author_pages_min=values["author_pages_min"],
        # Another data folder (--data DIR/digests) has its lists beside it (DIR/lists), if any.
        lists=data_dir.parent / "lists" if data_dir else root / values["lists"],
        theme_dir=root / custom_dir if isinstance(custom_dir, str) and custom_dir else None,
        # ... and mkdocs.yml's data, which no output may replace all the same.
        project_data=tuple((f"the project's {what}", root / values[key]) for what, key in _DATA.items() if data_dir),
        written=tuple(
            (key, lines.get(f"extra.generator.{key}"), section[key])
            for key in ("data_dir", "taxonomy", "registry", "lookups", "lists")
            if isinstance(section.get(key), str) and (key == "taxonomy" or data_dir is None)
        ),
        config_name=name,
    )
