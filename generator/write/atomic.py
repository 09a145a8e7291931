"""Filesystem steps a crash cannot leave half-done: exchange, swap, replace one file, remove.

Every change the commit makes to the output goes through these functions, so a test harness can
stop the process before any one of them (tests/crash_harness.py).
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import stat
from contextlib import suppress
from pathlib import Path

# renameat2(2), Linux 3.15+: swap two paths in one step.
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# Errors that mean "this system or file system cannot exchange", not "this exchange is wrong".
_NO_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}
_renameat2: object = None  # the libc function, False where there is none; looked up once

FileId = tuple[int, int]


def _libc_renameat2() -> object:
    global _renameat2
    if _renameat2 is None:
        try:
            _renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
        except (AttributeError, OSError):
            _renameat2 = False
    return _renameat2


def exchange(a: Path, b: Path) -> bool:
    """Swap a and b in one step (Linux renameat2 RENAME_EXCHANGE); return False where unsupported.

    Both must exist, on one file system; any kinds (directory, file, symlink) mix. Raises OSError
    for any other failure (permissions, an immutable entry).
    """
    call = _libc_renameat2()
    if not call:
        return False
    if call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:  # type: ignore[operator]
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def file_id(path: Path) -> FileId | None:
    """Return the (device, inode) of path itself (a symlink is not followed), or None if absent."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


def rename(src: Path, dst: Path) -> None:
    """Rename src to dst (replacing a file or symlink at dst in one step)."""
    os.rename(src, dst)


def link(src: Path, dst: Path) -> None:
    """Hard-link dst to src itself (a symlink is linked, not followed)."""
    os.link(src, dst, follow_symlinks=False)


def symlink(target: str, path: Path) -> None:
    """Create a symlink at path pointing at target (relative, so that the project can move)."""
    os.symlink(target, path)


def swap(new: Path, live: Path, aside: Path) -> None:
    """Put new in place of live; the old live ends up at new (exchanged) or at aside.

    Readers of live see the old or the new entry, never neither: by an exchange, or, where the
    system has none, by a rename over a file or symlink (the old one hard-linked to aside first).
    Only a directory without exchange is briefly missing, between two renames; the commit's
    journal finishes that swap after a crash.
    """
    if not os.path.lexists(live):
        rename(new, live)
        return
    if exchange(new, live):
        return
    remove(aside)
    if stat.S_ISDIR(os.lstat(live).st_mode):
        rename(live, aside)
        rename(new, live)
    else:
        link(live, aside)
        rename(new, live)


def _name_whole(function: object, name: str, info: tuple[type[BaseException], BaseException, object]) -> None:
    """shutil.rmtree's error handler: raise the error with the file's whole path (it names the
    file alone, relative to the folder being removed)."""
    error = info[1]
    if isinstance(error, FileNotFoundError):
        return
    if isinstance(error, OSError):
        raise OSError(error.errno, error.strerror, name) from None
    raise error


def remove(path: Path) -> None:
    """Remove a file, symlink or whole folder (symlinks inside are not followed); absent is fine."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(st.st_mode):
        shutil.rmtree(path, onerror=_name_whole)
    else:
        with suppress(FileNotFoundError):
            os.unlink(path)


def fsync_dir(folder: Path) -> None:
    """Make the entries of folder (new names, renames) durable."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    except OSError as exc:  # some file systems cannot sync a directory
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)


def write_durably(path: Path, data: bytes, durable: bool = True) -> None:
    """Create or truncate path with data and, if durable, fsync it (not its name)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if durable:
            os.fsync(fd)
    finally:
        os.close(fd)


def replace_file(path: Path, data: bytes, durable: bool = True) -> None:
    """Replace one file's content in one step: temp file beside it, fsync, rename over, fsync the folder.

    Readers see the old or the new content, never a mix, and two processes replacing one file at
    once each write their own temp file (`.NAME.PID.tmp`): the last rename wins whole. A kill
    between the write and the rename leaves that temp file beside it (hidden, ignored by the build
    and by git); inside a build, stage the file with `Transaction.stage_file` instead, so it lands
    with the build's commit and nothing is left.
    durable=False skips both fsyncs: still atomic for readers and against the process dying, not
    against a power cut (on ext4 an fsync right after a build can take seconds: it flushes the
    whole build). Raises OSError.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write_durably(tmp, data, durable)
        rename(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_dir(path.parent)
