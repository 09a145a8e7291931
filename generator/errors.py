"""The errors the generator raises; only the CLI turns them into messages."""

from __future__ import annotations


class GeneratorError(Exception):
    """Base class: a problem the user can fix, located in a file."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(path, line, message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class DigestError(GeneratorError):
    """A digest file that cannot be read as a digest."""


class ConfigError(GeneratorError):
    """A settings file with a missing or invalid value."""


class TaxonomyError(GeneratorError):
    """A topic taxonomy that cannot be used."""


class WriteError(GeneratorError):
    """Output that would overwrite itself or escape its folder, or that cannot be written."""


class CommitError(WriteError):
    """A commit that stopped halfway and could not be finished or undone: the next build does it."""


class Errors(GeneratorError):
    """Several problems found in one pass, reported together."""

    def __init__(self, errors: list[GeneratorError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.path, e.line or 0, e.message))
        first = self.errors[0]
        super().__init__(first.path, first.line, first.message)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)
