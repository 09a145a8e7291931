"""The one writer for generated pages: a new generation folder, unchanged files kept as hard links.

The generated part of docs/ is a generation folder in the store beside it (generator/write/commit.py);
this module fills a new one. A file whose bytes did not change is a hard link to the current one,
so it keeps its inode and modification time and `mkdocs serve --dirty` rebuilds only what changed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import WriteError

# The entries of docs/ the generator owns, each a link into the current generation; everything
# else in docs/ is hand-written.
OWNED = (
    "papers",
    "digests",
    "topics",
    "authors",
    "lists",
    "feeds",
    "search",
    "_generated",
    "arxiv",
    "papers.json.gz",
)
# The kinds of file the generator writes there (by the end of their names).
KINDS = (".md", ".bib", ".xml", ".json", ".js", ".html", ".gz")
# The longest file name, in bytes, nearly every file system holds: what the writer allows where the
# folder cannot say (and what a name read from the data is held to before anything is written).
NAME_MAX = 255
# Entries earlier versions generated (papers.json: the export before it was compressed); removed.
FORMER = ("papers.json",)


@dataclass(frozen=True)
class WriteReport:
    """What one write changed."""

    written: int  # new or changed files
    unchanged: int
    gone: tuple[str, ...] = ()  # the generated files docs/ had and no longer has, docs-relative, sorted
    # The generated files docs/ did not have, sorted; only when some went (to tell a move from a
    # loss), so a first build does not hold every path twice.
    added: tuple[str, ...] = ()

    @property
    def removed(self) -> int:
        return len(self.gone)

    def __str__(self) -> str:
        return f"{self.written} files written, {self.unchanged} unchanged, {self.removed} removed"


def _check(rel: str, name_max: int) -> PurePosixPath:
    """Refuse a path outside the owned entries, or one no file system could hold."""
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or not path.parts or path.parts[0] not in OWNED:
        raise WriteError(rel, None, "the generator may only write inside its own folders")
    try:
        parts = [part.encode("utf-8") for part in path.parts]
    except UnicodeEncodeError:
        raise WriteError(ascii(rel), None, "a generated file name is not valid UTF-8") from None
    # A page becomes NAME.html in site/: two bytes longer than NAME.md.
    longest = max(len(parts[-1]) + (2 if rel.endswith(".md") else 0), *map(len, parts))
    if longest > name_max:
        raise WriteError(
            rel, None, f"a file name of {longest} bytes (as .html) is longer than the {name_max} the file system allows"
        )
    return path


def encode(content: str | bytes) -> bytes:
    """Return file content as bytes (text is UTF-8)."""
    return content.encode("utf-8") if isinstance(content, str) else content


def _same(target: Path, content: bytes) -> bool:
    try:
        return target.stat().st_size == len(content) and target.read_bytes() == content
    except OSError:
        return False


def owned_files(docs_dir: Path) -> set[PurePosixPath]:
    """List the generated files docs_dir holds now (through its links), relative to it."""
    found: set[PurePosixPath] = set()
    for name in OWNED + FORMER:
        entry = docs_dir / name
        if entry.is_file():
            found.add(PurePosixPath(name))
        elif entry.is_dir():
            for dirpath, _, filenames in os.walk(entry):
                for filename in filenames:
                    found.add(PurePosixPath(name) / Path(dirpath).relative_to(entry).as_posix() / filename)
    return found


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return NAME_MAX


def write_tree(
    generation: Path,
    docs_dir: Path,
    files: Iterable[tuple[str, str | bytes]],
    display: Callable[[Path], str] = str,
) -> WriteReport:
    """Write files (docs-relative path, content) into the empty folder generation.

    A file equal to the one at docs_dir/path now is hard-linked from it (copied across file
    systems); others are written fresh. Raises WriteError for a path written twice, outside the
    owned entries or too long, and for any OSError (disk full, read-only), named as docs/ path.
    """
    name_max = _name_max(generation)
    before = owned_files(docs_dir)
    # Where each owned entry of docs/ really is: link(2) would link a symlink, not its file.
    real = {name: Path(os.path.realpath(docs_dir / name)) for name in OWNED}
    wanted: set[PurePosixPath] = set()
    written = unchanged = 0
    made_dirs: set[Path] = set()
    # One file at a time: memory stays flat however many pages there are.
    for name, content in files:
        rel = _check(name, name_max)
        if rel in wanted:
            raise WriteError(name, None, "two generated files claim this path")
        wanted.add(rel)
        data = encode(content)
        current, staged = real[rel.parts[0]].joinpath(*rel.parts[1:]), generation / rel
        try:
            if staged.parent not in made_dirs:
                staged.parent.mkdir(parents=True, exist_ok=True)
                made_dirs.add(staged.parent)
            if _same(current, data):
                try:
                    os.link(current, staged)
                except OSError:
                    staged.write_bytes(data)
                unchanged += 1
            else:
                staged.write_bytes(data)
                written += 1
        except OSError as exc:
            raise WriteError(display(docs_dir / rel), None, f"cannot write: {exc.strerror}") from None
    gone = tuple(sorted(path.as_posix() for path in before - wanted))
    added = tuple(sorted(path.as_posix() for path in wanted - before)) if gone else ()
    return WriteReport(written, unchanged, gone, added)
