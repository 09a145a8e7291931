"""What a project folder holds, to prove that a failed build changed nothing and left nothing."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

SKIP = {"__pycache__"}


def files(folder: Path) -> list[Path]:
    """Every file under folder as a reader finds it: links followed (docs/papers is one), sorted."""
    found = [Path(d, n) for d, dirs, names in os.walk(folder, followlinks=True) for n in names]
    return sorted(p for p in found if p.is_file())


def contents(folder: Path) -> dict[str, bytes]:
    """Map each file under folder (links followed) to its bytes: what a reader of the tree sees."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files(folder)}


def snapshot(root: Path, skip: frozenset[str] = frozenset()) -> dict[str, tuple[object, ...]]:
    """Describe every entry under root, links not followed: kind, link target, bytes and mtime.

    Two equal snapshots mean the same names, the same contents, the same modification times:
    nothing changed, nothing was added (a leftover), nothing removed. Folders named in skip (and
    __pycache__) are left out.
    """
    entries: dict[str, tuple[object, ...]] = {}
    for dirpath, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP and d not in skip)
        for name in sorted(dirs + names):
            path = Path(dirpath, name)
            st = os.lstat(path)
            rel = path.relative_to(root).as_posix()
            if stat.S_ISLNK(st.st_mode):
                entries[rel] = ("link", os.readlink(path))
            elif stat.S_ISDIR(st.st_mode):
                entries[rel] = ("dir", stat.S_IMODE(st.st_mode))
            else:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                entries[rel] = ("file", digest, st.st_mtime_ns, stat.S_IMODE(st.st_mode))
    return entries


def diff(before: dict[str, tuple[object, ...]], after: dict[str, tuple[object, ...]]) -> list[str]:
    """List what differs between two snapshots, as '+ added', '- removed', '~ changed'."""
    out = [f"+ {k}" for k in sorted(after.keys() - before.keys())]
    out += [f"- {k}" for k in sorted(before.keys() - after.keys())]
    out += [f"~ {k}" for k in sorted(before.keys() & after.keys()) if before[k] != after[k]]
    return out
