"""Remove what builds made (`python -m generator clean`, `make clean`): the site, docs/'s generated
entries and their store, and nothing else.

Under the build's lock, so a running build is waited for, never cut short. An interrupted build
is first finished or undone (generator/write/commit.py), which also removes its scratch (a
site.staging/ it left, say); a folder of that name that no build left stays, as a build leaves it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..errors import WriteError
from . import atomic
from .commit import Lock, store_of
from .journal import LOCK, recover
from .tree import FORMER, OWNED

Log = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def clean(docs_dir: Path, site_dir: Path, *, notice: Log = _quiet, display: Callable[[Path], str] = str) -> list[str]:
    """Remove site_dir, docs_dir's generated entries and their store; return what went, as displayed.

    The caller checks first that site_dir is a built site and docs_dir's entries are generated
    ones (config.Settings.check_output), as a build does. Raises WriteError for an OSError,
    CommitError when an interrupted commit can be neither finished nor undone.
    """
    docs_dir, site_dir = Path(os.path.realpath(docs_dir)), Path(os.path.realpath(site_dir))
    store = store_of(docs_dir)
    had_store = store.is_dir()
    lock = Lock(store, notice, display(docs_dir) + "/")
    removed: list[str] = []
    try:
        lock.acquire()
        try:
            recover(store, notice, display)
            if site_dir.exists():
                atomic.remove(site_dir)
                removed.append(display(site_dir) + "/")
            for name in OWNED + FORMER:
                if os.path.lexists(docs_dir / name):
                    atomic.remove(docs_dir / name)
                    removed.append(display(docs_dir / name))
            for entry in sorted(os.listdir(store)):
                if entry != LOCK:
                    atomic.remove(store / entry)
            if had_store:
                removed.append(display(store) + "/")
        finally:
            lock.release()  # the lock file, then the store, now empty
    except OSError as exc:
        where = Path(os.fsdecode(exc.filename)) if exc.filename else store
        raise WriteError(display(where), None, f"cannot remove: {exc.strerror}") from None
    return removed
