"""MkDocs hook: `mkdocs serve` regenerates the pages when the digests, the reading lists or the taxonomy change.

MkDocs watches docs/ and mkdocs.yml; the generator's inputs live elsewhere (`data_dir`, `lists`
and `taxonomy` under `extra.generator`). When serving, this hook adds them to MkDocs' `watch` list
and, before each build, regenerates docs/ if any of them changed since it last did. The writer
rewrites only changed pages and keeps the others' modification times, so `serve --dirty`
rebuilds only those; the pages of files that went are removed from the served site, which
`serve --dirty` never does itself. (The writes land in docs/, which MkDocs watches: one more
build follows, which finds nothing changed.) A preview reads data/published.tsv but records nothing in it
(only `make site` publishes), and prints the same notes `make site` does. As `make site` does, it
dates the build (the sitemap's lastmod) by the newest digest, never the clock, unless
SOURCE_DATE_EPOCH is set.
`python -m generator site` does not serve: this hook stays idle.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

import project_root  # noqa: F401  (the generator on sys.path)
from mkdocs.exceptions import Abort

from generator import build
from generator import config as generator_config
from generator.errors import GeneratorError
from generator.progress import count
from generator.write.site import source_date_epoch
from generator.write.tree import owned_files

log = logging.getLogger("mkdocs.hooks.regenerate_on_serve")
_state: dict[str, Any] = {"serving": False, "inputs": None, "bound": False, "dated": False}


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether MkDocs serves (MkDocs calls this once, before the first build)."""
    _state["serving"] = command == "serve"
    _state["bound"] = False
    if _state["dated"]:  # the date this hook gave the last serve is not the user's
        os.environ.pop("SOURCE_DATE_EPOCH", None)
        _state["dated"] = False


def _settings(config: Any) -> generator_config.Settings:
    try:
        return generator_config.load(Path(config.config_file_path))
    except GeneratorError as exc:
        raise Abort(str(exc)) from None


def inputs(settings: generator_config.Settings) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every file the generator reads, sorted."""
    found = [settings.taxonomy] if settings.taxonomy.is_file() else []
    for folder in (settings.data_dir, settings.lists):
        if folder is not None and folder.is_dir():
            found += [p for p in folder.rglob("*") if p.is_file()]
    stats = [(str(p), p.stat()) for p in found]
    return tuple(sorted((name, s.st_size, s.st_mtime_ns) for name, s in stats))


def _check_address(host: str, port: int) -> None:
    """Raise Abort, before the first build, if the server could not listen at host:port (MkDocs
    would build the whole site first, then fail with a traceback)."""
    if not 0 <= port <= 65535:  # getaddrinfo would wrap it round
        reason = "port must be 0-65535"
    else:
        try:
            family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
            with socket.socket(family, kind, proto) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as MkDocs' server binds
                probe.bind(address)
            return
        except OSError as exc:
            reason = exc.strerror or str(exc)
    other = f"{host}:{port + 1}" if 0 <= port < 65535 else f"{host}:8000"
    raise Abort(f"cannot serve on {host}:{port}: {reason}; choose another address: make serve ADDR={other}")


def on_config(config: Any) -> Any:
    """When serving, watch the digests, the reading lists and the taxonomy too (a folder not made
    yet, such as data/lists/ before the first list, through the folder it will be made in)."""
    if _state["serving"]:
        if not _state["bound"]:
            _check_address(*config.dev_addr)
            _state["bound"] = True
        settings = _settings(config)
        for path in (settings.data_dir, settings.lists, settings.taxonomy):
            while path is not None and not path.exists() and path.parent != path:
                path = path.parent
            if path is not None and path.exists() and str(path) not in config.watch:
                config.watch.append(str(path))
    return config


def _forget(gone: Iterable[PurePosixPath], site_dir: Path) -> None:
    """Remove from the served site what the generated files that went had become (a page's
    NAME.md is NAME.html there): `serve --dirty` never removes a page itself."""
    for rel in gone:
        (site_dir / (rel.with_suffix(".html") if rel.suffix == ".md" else rel)).unlink(missing_ok=True)


def on_pre_build(config: Any) -> None:
    """When serving, regenerate docs/ if the digests, the reading lists or the taxonomy changed."""
    if not _state["serving"]:
        return
    settings = _settings(config)
    seen = inputs(settings)
    if seen == _state["inputs"]:
        return
    before = owned_files(settings.docs_dir)
    try:
        report = build.generate(settings, record=False)  # a preview publishes nothing
    except GeneratorError as exc:
        # The message names the file and line. Raising would leave MkDocs' server answering no
        # request until the data is fixed; the last good pages are still in docs/: serve them.
        log.error(f"{exc}\nstill serving the pages of the last good data: fix it and save to regenerate")
        return
    _state["inputs"] = seen
    if _state["dated"] or "SOURCE_DATE_EPOCH" not in os.environ:  # MkDocs reads it for the sitemap's dates
        os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(report.newest)
        _state["dated"] = True
    _forget(before - owned_files(settings.docs_dir), Path(config.site_dir))
    for note in report.notes:  # repairs and skips, as `make site` prints them
        log.info(str(note))
    counts = ", ".join(
        (count(report.papers, "paper"), count(report.digests, "digest"), count(len(report.notes), "note"))
    )
    log.info(f"regenerated docs/: {counts}; {report.write}")
