"""Find the digest files in the data folder and read every one of them."""

from __future__ import annotations

import os
from pathlib import Path

from ..config import Settings
from ..errors import Errors, GeneratorError
from ..models import Digest
from . import text_digest


def digest_files(settings: Settings) -> list[Path]:
    """List the digest files, in name order; hidden files are skipped."""
    folder = settings.data_dir
    if not folder.is_dir():
        raise GeneratorError(settings.display(folder), None, "no such folder of digests")
    files = sorted(p for p in folder.glob("*.txt") if not p.name.startswith("."))
    if not files:
        raise GeneratorError(settings.display(folder), None, "no digest files (*.txt) here")
    for path in files:  # a name that is not UTF-8 could reach no page, feed or export
        try:
            path.name.encode("utf-8")
        except UnicodeEncodeError:
            shown = f"{settings.display(folder)}/{os.fsencode(path.name).decode('ascii', 'backslashreplace')}"
            raise GeneratorError(shown, None, "the file name is not valid UTF-8: rename the file") from None
    return files


def read_digests(settings: Settings) -> list[Digest]:
    """Parse every digest, collecting every file's problem before failing once."""
    digests: list[Digest] = []
    errors: list[GeneratorError] = []
    for path in digest_files(settings):
        try:
            digests.append(text_digest.parse_file(path, settings.default_year, settings.display(path)))
        except GeneratorError as exc:
            errors.append(exc)
    if errors:
        raise errors[0] if len(errors) == 1 else Errors(errors)
    digests.sort(key=lambda d: (d.date, d.source))
    slugs: dict[str, Digest] = {}
    for digest in digests:
        if digest.slug in slugs:
            raise GeneratorError(
                settings.display(settings.data_dir / digest.source),
                None,
                f"its page name {digest.slug!r} clashes with {slugs[digest.slug].source}; rename one file",
            )
        slugs[digest.slug] = digest
    return digests
