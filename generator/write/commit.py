"""One build at a time, all or nothing: the lock, the journal, the commit and recovery.

The layout, for docs_dir `docs` and site_dir `site`:

    .docs.generated/         the store, beside docs/ (outside it, so MkDocs never walks it twice)
        g41/                 the current generation: papers/, digests/, topics/, ... (tree.OWNED)
        current -> g41       docs/ readers switch generations when this link is renamed over
        lock                 flock(2)ed by the running build, which wrote its pid there
        journal.json         only while a build runs: what to finish or undo after a crash
    docs/papers -> ../.docs.generated/current/papers     one link per generated entry
    site/                    replaced in one renameat2(RENAME_EXCHANGE) by site.staging

A build (Transaction) goes:

1. lock (a second build waits); recover what an interrupted build left (`recover`).
2. journal "prepared", naming every scratch path the build may create; fill generation g42
   (tree.write_tree); build the site from a view (hand-written docs/ plus g42) into
   site.staging; stage extra files (`stage_file`).
3. check that the old trees can be replaced and removed; journal "committed": the commit point.
4. swaps, in order: site.staging <-> site; each staged file; docs/ links for entries that
   appear (made in the store, dangling until the flip); current.new (-> g42) <-> current, the
   flip; removal of docs/ entries that went.
5. journal "done"; remove scratch (now the old site and g41), delete the journal, unlock.

A docs/ written before the store (generated folders in it) is first moved into generation g0
by a commit of its own that leaves its content as it was (`Transaction._adopt`).

Atomic against the process dying at any instant (the page cache outlives it), not against a
power cut: nothing is fsynced, which on ext4 would flush the whole build (27 s measured at 10,000
papers on a busy machine); after a power failure, rebuild.

Recovery, under the lock: a "prepared" journal: remove its scratch (nothing was changed); a
"committed" one: finish the swaps not done yet, then clean up; an "aborting" one (an error in
step 4 was being undone): finish undoing; a "done" one (every swap was made): only clean up.
Each swap knows by inode whether it was done, so finishing and undoing are idempotent. Then
everything in the store except `current` and its generation goes. Outside the store a build
removes only what its journal names: a site.old/ or site.staging/ (or a staged file's .NAME.new
or .NAME.old) standing there after recovery is someone else's, and the build refuses to start
rather than remove it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from types import TracebackType

from ..errors import CommitError, WriteError
from . import atomic, flags
from .journal import (
    ABORTING,
    COMMITTED,
    CURRENT,
    DONE,
    LOCK,
    PREPARED,
    Journal,
    Swap,
    current,
    entry_id,
    recover,
    sweep,
)
from .tree import FORMER, OWNED

Log = Callable[[str], None]
VIEW = "view"
_BLOCKED = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def _quiet(_: str) -> None:
    pass


def store_of(docs_dir: Path) -> Path:
    """Return the generation store of a docs folder: `.NAME.generated` beside it."""
    docs_dir = Path(os.path.abspath(docs_dir))
    return docs_dir.with_name(f".{docs_dir.name}.generated")


def beside_site(site_dir: Path) -> tuple[Path, Path]:
    """Return the folders a build keeps beside site_dir while it commits: (staging, old)."""
    return site_dir.with_name(site_dir.name + ".staging"), site_dir.with_name(site_dir.name + ".old")


class Lock:
    """An exclusive flock(2) on the store's lock file; the file goes when released."""

    def __init__(self, store: Path, notice: Log, display: str) -> None:
        self.store, self.path, self.notice, self.display = store, store / LOCK, notice, display
        self.fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, waiting (and saying so) while another build holds it. Raises OSError."""
        said = False
        while True:
            self.store.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            except FileNotFoundError:  # the holder removed the empty store meanwhile
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not said:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
                    self.notice(f"waiting for another build of {self.display} (pid {holder}) to finish")
                    said = True
                fcntl.flock(fd, fcntl.LOCK_EX)
            # The holder we waited for removed its file: lock the one that is there now.
            st = os.fstat(fd)
            if atomic.file_id(self.path) == (st.st_dev, st.st_ino):
                self.fd = fd
                with suppress(OSError):  # the pid is for the message of a build that waits; a full disk may refuse it
                    os.ftruncate(fd, 0)
                    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
                return
            os.close(fd)

    def release(self) -> None:
        if self.fd is None:
            return
        with suppress(OSError):
            os.unlink(self.path)
        with suppress(OSError):
            os.rmdir(self.store)  # only when empty: a failed first build leaves nothing
        os.close(self.fd)
        self.fd = None


class Transaction:
    """A build's write of docs/ (a new generation) and, given site_dir, of site/: all or nothing.

    Use as a context manager: entering locks and recovers, `generation()` and `view()` give the
    folders to fill, `stage_file` adds a file to replace, `commit()` puts all in place; leaving
    without a commit removes everything the build made. Raises WriteError for an OSError
    (read-only, disk full) or a scratch name something else holds, CommitError if an interrupted
    commit could not be finished or undone.
    """

    def __init__(
        self,
        docs_dir: Path,
        site_dir: Path | None = None,
        *,
        notice: Log = _quiet,
        display: Callable[[Path], str] = str,
    ) -> None:
        self.docs_dir = Path(os.path.abspath(docs_dir))
        self.store = store_of(self.docs_dir)
        self.site_dir = Path(os.path.abspath(site_dir)) if site_dir else None
        self.notice, self.display = notice, display
        self.journal = Journal(self.store)
        self.lock = Lock(self.store, notice, display(self.docs_dir) + "/")
        self.scratch: list[Path] = []
        self.staged: list[tuple[Path, Path]] = []  # (staged file, target)
        self._generation: Path | None = None
        self._settled = False  # committed, or left for the next build to finish: nothing to remove

    # Paths the build may create, all removed after the commit or without one.
    def _scratch(self) -> list[Path]:
        paths = [self.store / VIEW, self.store / f"{CURRENT}.new", self.store / f"{CURRENT}.old"]
        for name in OWNED + FORMER:
            paths += [self.store / f"link.{name}", self.store / f"old.{name}"]
        # The writer before this one staged here; a crash of it may have left them.
        paths += [self.docs_dir / ".generated-staging", self.docs_dir / ".generated-trash"]
        if self.site_dir:
            paths += [self.site_staging, self.site_old]
        return paths

    @property
    def site_staging(self) -> Path:
        """The folder to build the new site into."""
        assert self.site_dir, "a transaction without site_dir builds no site"
        return beside_site(self.site_dir)[0]

    @property
    def site_old(self) -> Path:
        """Where the old site goes in the swap, until it is removed."""
        assert self.site_dir, "a transaction without site_dir builds no site"
        return beside_site(self.site_dir)[1]

    def _refuse_foreign(self, paths: list[Path]) -> None:
        """Refuse to use a scratch name beside the output that something else already holds.

        Call after recovery: what an interrupted build left there is gone by then (its journal
        named it), so whatever stands there now is not the build's to remove. Raises WriteError.
        """
        for path in paths:
            if os.path.lexists(path):
                kind = "folder" if path.is_dir() and not path.is_symlink() else "file"
                message = f"a {kind} the build did not make is in the way (a build uses this name while it commits)"
                raise WriteError(self.display(path), None, message + ": move or rename it")

    def _shown(self, path: Path) -> str:
        """Name path for a message: a path in the committed generation by its docs/ path."""
        generation = self.store / (current(self.store) or CURRENT)
        if path.is_relative_to(generation):
            path = self.docs_dir / path.relative_to(generation)
        return self.display(path)

    def _fail(self, exc: OSError, path: Path | None = None) -> WriteError:
        where = path if path else Path(os.fsdecode(exc.filename)) if exc.filename else self.docs_dir
        return WriteError(self._shown(where), None, f"cannot write: {exc.strerror}")

    def __enter__(self) -> Transaction:
        try:
            self.docs_dir.mkdir(parents=True, exist_ok=True)
            self.lock.acquire()
        except OSError as exc:
            raise self._fail(exc, self.store) from None
        try:
            recover(self.store, self.notice, self.display)
            if self.site_dir:
                self._refuse_foreign([self.site_staging, self.site_old])
            self.scratch = self._scratch()
            for path in self.scratch:
                atomic.remove(path)
            self._adopt()
            self._check(docs=True)
            self.journal.write(PREPARED, self.scratch, [])
        except BaseException as exc:
            self.lock.release()
            if isinstance(exc, OSError):
                raise self._fail(exc) from None
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if not self._settled:
                self._clean()
        finally:
            self.lock.release()

    def _adopt(self) -> None:
        """Turn the generated folders of a docs/ from before the store into generation g0.

        Its own small commit: g0 holds hard links to the same files, `current` points to it, then
        each folder is swapped for its link, so readers see the same content throughout.
        """
        legacy = [
            n for n in OWNED + FORMER if os.path.lexists(self.docs_dir / n) and not (self.docs_dir / n).is_symlink()
        ]
        if not legacy or current(self.store):
            return
        self._check_removable([self.docs_dir / name for name in legacy])
        generation = self.store / "g0"
        self.journal.write(PREPARED, self.scratch, [])
        generation.mkdir()
        for name in legacy:
            source = self.docs_dir / name
            if source.is_dir():
                shutil.copytree(source, generation / name, copy_function=os.link)
            else:
                os.link(source, generation / name)
        swaps = self._record(self._link_swaps(generation, flip_first=True))
        self.journal.write(COMMITTED, self.scratch, swaps)
        for swap in swaps:
            self.journal.forward(swap)
        self._done()
        for path in self.scratch:
            atomic.remove(path)
        self.notice(f"moved the generated pages of {self.display(self.docs_dir)}/ into {self.display(self.store)}/")

    def _clean(self) -> None:
        """Remove scratch and the unused generation; delete the journal."""
        try:
            for path in self.scratch:
                atomic.remove(path)
            sweep(self.store)
            self.journal.delete()
        except OSError as exc:
            where = self._shown(Path(os.fsdecode(exc.filename))) if exc.filename else self.display(self.store)
            self.notice(f"could not remove {where}: {exc.strerror}; the next build retries")

    def generation(self) -> Path:
        """Create and return the new generation folder (empty; fill it with tree.write_tree)."""
        if self._generation is None:
            name = current(self.store) or "g0"
            number = int(name[1:]) + 1 if name[1:].isdigit() else 1
            self._generation = self.store / f"g{number}"
            try:
                self._generation.mkdir()
            except OSError as exc:
                raise self._fail(exc, self.docs_dir) from None
        return self._generation

    def view(self) -> Path:
        """Return a docs folder for MkDocs: the hand-written docs/ entries and the new generation.

        Without a new generation, docs/ itself (the committed one).
        """
        if self._generation is None:
            return self.docs_dir
        view = self.store / VIEW
        try:
            view.mkdir()
            for name in sorted(os.listdir(self.docs_dir)):
                if not name.startswith(".") and name not in OWNED + FORMER:
                    atomic.symlink(os.path.relpath(self.docs_dir / name, view), view / name)
            for name in sorted(os.listdir(self._generation)):
                atomic.symlink(os.path.relpath(self._generation / name, view), view / name)
        except OSError as exc:
            raise self._fail(exc, self.docs_dir) from None
        return view

    def stage_file(self, target: Path, data: bytes) -> None:
        """Replace target with data as part of the commit (as `atomic.replace_file`, but all or nothing)."""
        target = Path(os.path.abspath(target))
        new, old = target.with_name(f".{target.name}.new"), target.with_name(f".{target.name}.old")
        self._refuse_foreign([new, old])
        self._check_removable([target])
        self.scratch += [new, old]
        try:
            self.journal.write(PREPARED, self.scratch, [])
            atomic.write_durably(new, data, durable=False)
        except OSError as exc:
            raise self._fail(exc, target) from None
        self.staged.append((new, target))

    def _plan(self) -> list[Swap]:
        """Make the links the commit puts in place and list its swaps, in order."""
        rel = self.journal.rel
        swaps: list[Swap] = []
        if self.site_dir:
            if not self.site_staging.is_dir():
                raise WriteError(self.display(self.site_staging), None, "no site was built to commit")
            swaps.append(Swap(rel(self.site_staging), rel(self.site_dir), rel(self.site_old)))
        for new, target in self.staged:
            swaps.append(Swap(rel(new), rel(target), rel(target.with_name(f".{target.name}.old"))))
        if self._generation is not None:
            swaps += self._link_swaps(self._generation)
        return self._record(swaps)

    def _link_swaps(self, generation: Path, flip_first: bool = False) -> list[Swap]:
        """Flip `current` to generation; docs/ links that appear go first (dangling until the flip,
        so readers see the old or the new entries), entries that went are removed after it.

        flip_first: links replace folders with the same content (`_adopt`), after the flip.
        """
        rel = self.journal.rel
        flip = self.store / f"{CURRENT}.new"
        atomic.symlink(generation.name, flip)
        appear, go = [], []
        for name in OWNED + FORMER:
            # Made in the store (dangling there), so that docs/ holds nothing half-made.
            live, link = self.docs_dir / name, self.store / f"link.{name}"
            points_to = os.path.relpath(self.store / CURRENT / name, self.docs_dir)
            aside = rel(self.store / f"old.{name}")
            if os.path.lexists(generation / name):
                if not (live.is_symlink() and os.readlink(live) == points_to):
                    atomic.symlink(points_to, link)
                    appear.append(Swap(rel(link), rel(live), aside))
            elif os.path.lexists(live):
                go.append(Swap(None, rel(live), aside))
        flipped = Swap(rel(flip), CURRENT, f"{CURRENT}.old")
        return [flipped, *appear, *go] if flip_first else [*appear, flipped, *go]

    def _record(self, swaps: list[Swap]) -> list[Swap]:
        """Note the inodes that tell whether each swap was done."""
        for swap in swaps:
            if swap.new is not None:
                swap.new_id = entry_id(self.journal.abs(swap.new))
            swap.old_id = entry_id(self.journal.abs(swap.live))
        return swaps

    def _check(self, docs: bool) -> None:
        """Refuse what would stop the old trees being replaced or removed: when the build starts
        (so that it fails in a second, not after MkDocs) and again before the commit point."""
        olds = [self.site_dir] if self.site_dir else []
        if docs:
            olds += [self.store / name for name in [current(self.store)] if name]
            olds += [self.docs_dir / name for name in OWNED + FORMER if not (self.docs_dir / name).is_symlink()]
        self._check_removable(olds)

    def _check_removable(self, olds: list[Path]) -> None:
        """Refuse an old tree with a read-only folder or an immutable or append-only entry, by its name."""
        for old in olds:
            if os.path.lexists(old):
                found = flags.blocker(old)
                if found:
                    raise WriteError(self._shown(found[0]), None, found[1])

    def commit(self) -> None:
        """Put the new generation, site and staged files in place, or raise and change nothing."""
        self._check(self._generation is not None)
        try:
            swaps = self._plan()
            self.journal.write(COMMITTED, self.scratch, swaps)
        except OSError as exc:
            raise self._fail(exc) from None
        # Ctrl-C waits for the swaps (a few renames): a kill -9 is what recovery is for.
        signal.pthread_sigmask(signal.SIG_BLOCK, _BLOCKED)
        try:
            self._swap_all(swaps)
            self._settled = True
            self._done()
            self._clean()
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _BLOCKED)

    def _done(self) -> None:
        """Journal that every swap was done: a build killed while removing the old trees is then
        cleaned up as finished, not said to be an interrupted commit."""
        with suppress(OSError):  # (a full disk: "committed" stays, and recovery finds each swap done)
            self.journal.write(DONE, self.scratch, [])

    def _swap_all(self, swaps: list[Swap]) -> None:
        """Do the swaps in order; on an error, undo those done and raise WriteError."""
        done = 0
        try:
            for swap in swaps:
                self.journal.forward(swap)
                done += 1
        except OSError as exc:
            failure = self._fail(exc)
            try:
                self.journal.write(ABORTING, self.scratch, swaps)
                for swap in reversed(swaps[: done + 1]):
                    self.journal.back(swap)
            except OSError as again:
                self._settled = True  # the journal says what the next build must undo
                message = f"{failure.message}; undoing the commit failed ({again.strerror}): the next build undoes it"
                raise CommitError(failure.path, None, message) from None
            raise failure from None
