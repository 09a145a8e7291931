"""Find the digest files in the data folder, read every one, and account for every listing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..config import Settings
from ..errors import Errors, GeneratorError
from ..models import Digest, Note
from . import daily_api, files, text_digest

# A reader turns a file's bytes into a Digest: (bytes, path, default_year, name for messages).
# It raises DigestError for input it cannot read, and puts its repairs in Digest.notes.
Reader = Callable[[bytes, Path, int | None, str], Digest]

# Which reader reads which files, by extension (compared in lower case).
# A saved copy of the page, or a saved response of the Daily Papers API.
READERS: dict[str, Reader] = {
    ".txt": text_digest.parse_bytes,
    ".json": daily_api.parse_bytes,
}


def digest_files(settings: Settings) -> tuple[list[Path], list[Note]]:
    """List the digest files in name order, and a note for each other entry in the folder.

    Hidden entries (".gitkeep") are passed over without a word, and so are the files the project
    itself keeps beside the digests (`--data DIR` has DIR/published.tsv and DIR/arxiv-lookups.tsv).
    """
    folder = settings.data_dir
    if folder.exists() and not folder.is_dir():
        raise settings.path_error("data_dir", folder, "not a folder: digests are files in a folder")
    if not folder.is_dir():
        raise settings.path_error("data_dir", folder, "no such folder of digests")
    own = {path.resolve() for path in (settings.registry, settings.lookups) if path is not None}
    found: list[Path] = []
    notes: list[Note] = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or path.resolve() in own:
            continue
        if path.suffix.lower() in READERS:
            found.append(path)
        else:
            kinds = ", ".join(f"*{ext}" for ext in READERS)
            what = "a folder" if path.is_dir() else f"not a digest ({kinds})"
            notes.append(Note(_display(settings, path), None, f"skipped: {what}"))
    if not found:
        raise settings.path_error("data_dir", folder, f"no digest files ({', '.join(READERS)}) here")
    return found, notes


def _display(settings: Settings, path: Path) -> str:
    return files.display_name(settings.display(path))


def read_digests(settings: Settings) -> list[Digest]:
    """Read every digest (oldest first, then by file name); see read_sources."""
    return read_sources(settings)[0]


def read_sources(settings: Settings) -> tuple[list[Digest], list[Note]]:
    """Read every digest; collect every file's problem before failing once.

    Returns the digests (oldest first, then by file name) and the notes on files skipped.
    """
    paths, notes = digest_files(settings)
    digests: list[Digest] = []
    errors: list[GeneratorError] = []
    for path in paths:
        name = _display(settings, path)
        try:
            raw = files.read_regular(path, settings.max_digest_mb * 1024 * 1024, name)
            digests.append(READERS[path.suffix.lower()](raw, path, settings.default_year, name))
        except GeneratorError as exc:
            errors.append(exc)
    if errors:
        raise errors[0] if len(errors) == 1 else Errors(errors)
    digests.sort(key=lambda d: (d.date, d.source))
    slugs: dict[str, Digest] = {}
    clashes: list[GeneratorError] = []  # every clash named in one run, not only the first
    for digest in digests:
        if digest.slug in slugs:
            clashes.append(
                GeneratorError(
                    _display(settings, settings.data_dir / digest.source),
                    None,
                    f"its page name {digest.slug!r} clashes with {slugs[digest.slug].source}; rename one file",
                )
            )
        else:
            slugs[digest.slug] = digest
    if clashes:
        raise clashes[0] if len(clashes) == 1 else Errors(clashes)
    return digests, notes
