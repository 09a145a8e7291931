"""The one writer for generated output: staged aside, unchanged files kept, then swapped in."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import WriteError

# The entries under docs/ that the generator owns; everything else there is hand-written.
# papers.json: the export's name before it was compressed; owned so that an old copy goes.
OWNED = ("papers", "digests", "topics", "feeds", "search", "_generated", "papers.json.gz", "papers.json")
STAGING = ".generated-staging"
TRASH = ".generated-trash"


@dataclass(frozen=True)
class WriteReport:
    """What one write changed."""

    written: int  # new or changed files
    unchanged: int
    removed: int

    def __str__(self) -> str:
        return f"{self.written} files written, {self.unchanged} unchanged, {self.removed} removed"


def _check(rel: str) -> PurePosixPath:
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or not path.parts or path.parts[0] not in OWNED:
        raise WriteError(rel, None, "the generator may only write inside its own folders")
    return path


def encode(content: str | bytes) -> bytes:
    """Return file content as bytes (text is UTF-8)."""
    return content.encode("utf-8") if isinstance(content, str) else content


def _same(target: Path, content: bytes) -> bool:
    try:
        return target.stat().st_size == len(content) and target.read_bytes() == content
    except OSError:
        return False


def _owned_files(root: Path) -> set[PurePosixPath]:
    found: set[PurePosixPath] = set()
    for name in OWNED:
        entry = root / name
        if entry.is_file():
            found.add(PurePosixPath(name))
        elif entry.is_dir():
            for dirpath, _, filenames in os.walk(entry):
                for filename in filenames:
                    found.add(PurePosixPath((Path(dirpath) / filename).relative_to(root).as_posix()))
    return found


def write_tree(docs_dir: Path, files: Iterable[tuple[str, str | bytes]]) -> WriteReport:
    """Replace the generated part of docs_dir with files, touching only what changed.

    The new tree is built in a staging folder: unchanged files are hard links to the
    current ones (so their modification times survive for `mkdocs serve`), changed ones
    are fresh. Then each owned entry is swapped in by rename.
    """
    docs_dir.mkdir(parents=True, exist_ok=True)
    staging, trash = docs_dir / STAGING, docs_dir / TRASH
    for leftover in (staging, trash):
        if leftover.exists():
            shutil.rmtree(leftover)
    before = _owned_files(docs_dir)
    wanted: set[PurePosixPath] = set()
    written = unchanged = 0
    made_dirs: set[Path] = set()
    try:
        # One file at a time: memory stays flat however many pages there are.
        for name, content in files:
            rel = _check(name)
            if rel in wanted:
                raise WriteError(name, None, "two generated files claim this path")
            wanted.add(rel)
            data = encode(content)
            target, staged = docs_dir / rel, staging / rel
            if staged.parent not in made_dirs:
                staged.parent.mkdir(parents=True, exist_ok=True)
                made_dirs.add(staged.parent)
            if _same(target, data):
                try:
                    os.link(target, staged)
                except OSError:
                    shutil.copy2(target, staged)
                unchanged += 1
            else:
                staged.write_bytes(data)
                written += 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    trash.mkdir()
    for name in OWNED:
        current, new = docs_dir / name, staging / name
        if current.exists():
            current.rename(trash / name)
        if new.exists():
            new.rename(current)
    shutil.rmtree(trash)
    shutil.rmtree(staging)
    return WriteReport(written, unchanged, len(before - set(wanted)))


def swap_dir(new: Path, target: Path) -> None:
    """Put a freshly built folder in place of target, removing the old one after."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)
