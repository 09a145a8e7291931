"""What would stop the commit replacing or removing an old tree: a read-only folder, or chattr's
immutable (+i) or append-only (+a) flag on any file or folder in it.

Root ignores permission bits but not those flags: an immutable or append-only entry cannot be
renamed or removed, and a folder with either keeps its entries. Found when the build starts, the
build is refused with the entry's name before anything changes; found only by the commit, it would
fail half-way (undone) or leave the old tree behind after it.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import struct
from collections.abc import Callable
from pathlib import Path

# The bits are the same in statx(2)'s stx_attributes (STATX_ATTR_*) and FS_IOC_GETFLAGS (FS_*_FL).
IMMUTABLE, APPEND = 0x10, 0x20
_WHY = {
    IMMUTABLE: "immutable (chattr +i): the output there cannot be replaced; remove the flag with chattr -i",
    APPEND: "append-only (chattr +a): the output there cannot be replaced; remove the flag with chattr -a",
}
READ_ONLY = "read-only or immutable: the output there cannot be replaced"

_AT_FDCWD, _NO_FOLLOW_NO_SYNC = -100, 0x100 | 0x4000  # AT_SYMLINK_NOFOLLOW | AT_STATX_DONT_SYNC
_STATX_SIZE, _STATX_ATTRIBUTES = 256, 8  # sizeof(struct statx); offsetof(stx_attributes)
_FS_IOC_GETFLAGS = 0x80086601  # _IOR('f', 1, long) on 64-bit Linux
_statx: Callable[..., int] | bool | None = None  # glibc's statx (2.28+), False where there is none


def _libc_statx() -> Callable[..., int] | bool:
    global _statx
    if _statx is None:
        try:
            function = ctypes.CDLL(None, use_errno=True).statx
            function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_uint, ctypes.c_void_p]
            _statx = function
        except (AttributeError, OSError):
            _statx = False
    return _statx


def _by_ioctl(path: bytes) -> int:
    """Read the flags with FS_IOC_GETFLAGS (an open per entry: where there is no statx)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError:  # a symlink (ELOOP), a socket, or unreadable: no flag we can see
        return 0
    try:
        return int(struct.unpack("l", fcntl.ioctl(fd, _FS_IOC_GETFLAGS, b"\0" * 8))[0])
    except OSError:  # the file system keeps no such flags
        return 0
    finally:
        os.close(fd)


class _Reader:
    """Read the immutable and append-only bits of entries (symlinks not followed; absent: 0).

    statx(2) with an empty mask (the attributes come whatever it asks): one system call per entry
    and no open, about 3 µs each (10,000 files in 30 ms, warm cache; an open and ioctl, 70 ms).
    """

    def __init__(self) -> None:
        self.statx = _libc_statx()
        self.buffer = ctypes.create_string_buffer(_STATX_SIZE)
        self.attributes = ctypes.c_uint64.from_buffer(self.buffer, _STATX_ATTRIBUTES)

    def __call__(self, path: bytes) -> int:
        if self.statx:
            if self.statx(_AT_FDCWD, path, _NO_FOLLOW_NO_SYNC, 0, self.buffer) == 0:  # type: ignore[operator]
                return int(self.attributes.value) & (IMMUTABLE | APPEND)
            if ctypes.get_errno() != errno.ENOSYS:
                return 0
        try:
            st_flags = getattr(os.lstat(path), "st_flags", None)
        except OSError:
            return 0
        if st_flags is not None:  # BSD and macOS: chflags(1)'s uchg/schg and uappnd/sappnd
            return (IMMUTABLE if st_flags & 0x00020002 else 0) | (APPEND if st_flags & 0x00040004 else 0)
        return _by_ioctl(path) & (IMMUTABLE | APPEND)

    def why(self, path: bytes) -> str | None:
        """Say why path cannot be renamed or removed, if it is flagged."""
        bits = self(path)
        return _WHY[IMMUTABLE] if bits & IMMUTABLE else _WHY[APPEND] if bits & APPEND else None


def blocker(tree: Path) -> tuple[Path, str] | None:
    """Return an entry that stops tree being renamed or removed, and why; None if there is none.

    Its folder (read-only, or flagged: nothing leaves it), tree itself and, for a folder, every
    file and folder in it, in name order (symlinks are not followed: a symlink holds no flag).
    """
    read = _Reader()
    parent, top = os.fsencode(tree.parent), os.fsencode(tree)
    why = read.why(parent) or (None if os.access(parent, os.W_OK) else READ_ONLY)
    if why:
        return tree.parent, why
    if not tree.is_dir() or tree.is_symlink():
        why = read.why(top)
        return (tree, why) if why else None
    # Bytes paths all the way: no decoding or Path per file (half the time of a walk in str).
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames.sort()
        why = read.why(dirpath) or (None if os.access(dirpath, os.W_OK) else READ_ONLY)
        if why:
            return Path(os.fsdecode(dirpath)), why
        for name in sorted(filenames):
            path = dirpath + b"/" + name
            why = read.why(path)
            if why:
                return Path(os.fsdecode(path)), why
    return None
