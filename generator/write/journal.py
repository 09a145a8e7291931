"""The commit's journal: the steps of a commit, and recovery from a build interrupted at any instant.

A commit is a list of swaps (`Swap`), done in order after the journal says "committed". Each swap
records the inodes of the new entry and of the entry it replaces, so that whether it was done
can be read off the file system: finishing (`forward`) and undoing (`back`) are idempotent, and
recovery can repeat them after another crash. The journal is replaced in one step
(`atomic.replace_file`), so it is always the old or the new record, never half of one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import CommitError
from . import atomic

Log = Callable[[str], None]
JOURNAL = "journal.json"
LOCK = "lock"
CURRENT = "current"

# States: "prepared" (scratch named, nothing readers see has changed), "committed" (the swaps go
# ahead: finish them), "aborting" (a swap failed: undo those done), "done" (every swap was done:
# only the scratch, now the old trees, is left to remove).
PREPARED, COMMITTED, ABORTING, DONE = "prepared", "committed", "aborting", "done"


def _quiet(_: str) -> None:
    pass


@dataclass
class Swap:
    """One step of a commit: new goes to live (new None: live goes), the old entry to new or aside.

    Paths are relative to the store; ids are [device, inode] of the entries themselves (lstat).
    """

    new: str | None
    live: str
    aside: str
    new_id: list[int] | None = None
    old_id: list[int] | None = None


def entry_id(path: Path) -> list[int] | None:
    """Return [device, inode] of path itself, or None if absent."""
    found = atomic.file_id(path)
    return list(found) if found else None


class Journal:
    """The store's journal.json: a state, the scratch paths to remove, the swaps."""

    def __init__(self, store: Path) -> None:
        self.store = store
        self.path = store / JOURNAL

    def rel(self, path: Path) -> str:
        """Name path relative to the store (the project may move between crash and recovery)."""
        return os.path.relpath(path, self.store)

    def abs(self, rel: str) -> Path:
        return Path(os.path.normpath(self.store / rel))

    def write(self, state: str, scratch: list[Path], swaps: list[Swap]) -> None:
        """Record state in one step. Raises OSError.

        Not fsynced: the pages it commits are not either (see generator/write/commit.py).
        """
        data = {
            "state": state,
            "pid": os.getpid(),
            "scratch": [self.rel(p) for p in scratch],
            "swaps": [asdict(s) for s in swaps],
        }
        atomic.replace_file(self.path, json.dumps(data, indent=1).encode("utf-8"), durable=False)

    def read(self) -> tuple[str, int, list[Path], list[Swap]] | None:
        """Return (state, pid, scratch, swaps), or None when no build was interrupted."""
        try:
            data = json.loads(self.path.read_bytes())
        except FileNotFoundError:
            return None
        scratch = [self.abs(p) for p in data["scratch"]]
        return data["state"], data["pid"], scratch, [Swap(**s) for s in data["swaps"]]

    def delete(self) -> None:
        with suppress(FileNotFoundError):
            os.unlink(self.path)

    def forward(self, swap: Swap) -> None:
        """Do one swap unless it is done already. Raises OSError."""
        live = self.abs(swap.live)
        if swap.new is None:
            if os.path.lexists(live):
                atomic.rename(live, self.abs(swap.aside))
            return
        if entry_id(live) == swap.new_id:
            return
        new = self.abs(swap.new)
        if entry_id(new) != swap.new_id:
            raise FileNotFoundError(2, "the new entry is gone", str(new))
        atomic.swap(new, live, self.abs(swap.aside))

    def back(self, swap: Swap) -> None:
        """Undo one swap if it was done, even halfway. Raises OSError."""
        live, aside = self.abs(swap.live), self.abs(swap.aside)
        if swap.new is None:
            if not os.path.lexists(live) and os.path.lexists(aside):
                atomic.rename(aside, live)
            return
        new = self.abs(swap.new)
        live_id = entry_id(live)
        if live_id is None:  # a folder swap without exchange stopped between its two renames
            if swap.old_id is not None and entry_id(aside) == swap.old_id:
                atomic.rename(aside, live)
            return
        if live_id != swap.new_id:
            return
        if swap.old_id is None:
            atomic.rename(live, new)
        elif entry_id(new) == swap.old_id:
            atomic.swap(new, live, aside)
        elif entry_id(aside) == swap.old_id:
            atomic.swap(aside, live, new)
        else:
            raise FileNotFoundError(2, "the old entry is gone", str(live))


def current(store: Path) -> str | None:
    """Return the name of the committed generation, or None before the first commit."""
    try:
        return os.readlink(store / CURRENT)
    except OSError:
        return None


def sweep(store: Path) -> None:
    """Remove everything in the store but the lock, the journal, `current` and its generation."""
    keep = {LOCK, JOURNAL, CURRENT, current(store)}
    with suppress(FileNotFoundError):
        for entry in sorted(os.listdir(store)):
            if entry not in keep:
                atomic.remove(store / entry)


def recover(store: Path, notice: Log = _quiet, display: Callable[[Path], str] = str) -> None:
    """Finish or undo what an interrupted build left, then remove its leftovers. Hold the lock.

    Raises CommitError when a swap can be neither finished nor undone, OSError otherwise.
    """
    journal = Journal(store)
    found = journal.read()
    if found:
        state, pid, scratch, swaps = found
        if state in (COMMITTED, ABORTING):
            try:
                if state == COMMITTED:
                    for swap in swaps:
                        journal.forward(swap)
                else:
                    for swap in reversed(swaps):
                        journal.back(swap)
            except OSError as exc:
                where = display(Path(os.fsdecode(exc.filename)) if exc.filename else store)
                message = f"cannot finish the commit of an interrupted build (pid {pid}): {exc.strerror}"
                raise CommitError(where, None, message) from None
            done = "finished" if state == COMMITTED else "undid"
            notice(f"{done} the commit of a build that was interrupted (pid {pid})")
        elif state == DONE:
            notice(
                f"removed what a build (pid {pid}) left after its commit; the commit had finished, only the"
                " clean-up was interrupted"
            )
        else:
            notice(f"removed what an interrupted build (pid {pid}) left; nothing it made was in use")
        for path in scratch:
            atomic.remove(path)
    sweep(store)
    journal.delete()
