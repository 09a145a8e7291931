"""The title lookups (data/arxiv-lookups.tsv): what the Hub's paper search answered for each title
that no JSON digest gives an arXiv id, written by `python -m generator enrich`, read by the build.

Format: UTF-8 text, `#` comment lines, then one line per title asked, sorted by title,
tab-separated:

    title <TAB> arXiv id or "-" <TAB> arXiv date (YYYY-MM-DD) or "-" <TAB> date asked <TAB> author <TAB> ...

Each author is read as a JSON digest's author name is (daily_api.people: cleaned, and a `;` parts
people). "-" as the arXiv id records "not found", so the same title is not asked again unless told to.
The build matches a text listing to a line through `identity.identity_key`, and never touches the
network. One title (identity) has one line: a second line with another answer is an error naming
both lines (two lines with the same answer, as git's union merge of two branches that each asked
leaves them, are read as one). Two titles with one arXiv id are one paper under two titles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Errors, GeneratorError
from ..sources.daily_api import arxiv_id as normal_arxiv_id
from ..sources.daily_api import people
from ..sources.files import NotUTF8, utf8_text
from ..write.atomic import replace_file
from .identity import identity_key
from .registry import NO_ARXIV

HEADER = """\
# What the Hub's paper search answered for titles that no JSON digest gives an arXiv id.
# Written by `python -m generator enrich`; one line per title, sorted. Columns (tab-separated):
# title, arXiv id (- when not found), arXiv date or -, date asked, then the visible authors.
"""


@dataclass(frozen=True)
class Lookup:
    """One answer: the paper found for a title, or not found (arxiv_id None)."""

    title: str
    arxiv_id: str | None
    published: dt.date | None
    asked: dt.date
    authors: tuple[str, ...] = ()
    line: int = field(default=0, compare=False)  # in the lookups file it was read from (0: not read)


def _date(value: str, name: str, line: int, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise GeneratorError(name, line, f"{what} is not a date (YYYY-MM-DD): {value!r}") from None


def _arxiv(value: str, name: str, line: int) -> str | None:
    """Read the arXiv id column as JSON digests read paper.id (other scripts' digits in ASCII, no
    `arXiv:` prefix, no version), so the paper keeps the id, and the address, a JSON digest gives it."""
    if value == NO_ARXIV:
        return None
    found = normal_arxiv_id(value)
    if found is None:
        raise GeneratorError(name, line, f"{value!r} is not an arXiv id")
    return found


def parse(text: str, name: str) -> tuple[Lookup, ...]:
    """Parse the lookups' text; raise GeneratorError(`name:line: message`) on a malformed line, and
    Errors naming every title looked up twice with different answers."""
    found: dict[str, Lookup] = {}  # by title identity: two lines, one answer (a union merge): the newer wins
    errors: list[GeneratorError] = []
    for number, line in enumerate(text.split("\n"), start=1):  # lines as git and editors count them
        line = line.removesuffix("\r")
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 4:
            raise GeneratorError(name, number, "expected title, arXiv id, arXiv date and date asked, tab-separated")
        title, arxiv, published, asked, *authors = fields
        if not title.strip():
            raise GeneratorError(name, number, "an empty title")
        answer = Lookup(
            title=title,
            arxiv_id=_arxiv(arxiv, name, number),
            published=None if published == NO_ARXIV else _date(published, name, number, "the arXiv date"),
            asked=_date(asked, name, number, "the date asked"),
            # a name typed in is read as a JSON digest's: cleaned, `Smith, John; Doe, Jane` two people
            authors=tuple(name for field in authors for name in people(field)),
            line=number,
        )
        key = identity_key(title)
        before = found.get(key)
        if before is not None and before.arxiv_id != answer.arxiv_id:
            errors.append(
                GeneratorError(name, number, f"{title!r} is looked up on line {before.line} too; keep one line")
            )
        elif before is None or before.asked <= answer.asked:
            found[key] = answer
    # One arXiv id for two titles is not refused: `enrich` writes it when the Hub retitles a paper
    # between two asks, and the two titles are then one paper, as a JSON retitle is (refusing it
    # would stop the daily workflow's build, and with it every later day's data).
    if errors:
        raise Errors(errors)
    return tuple(found.values())


def read(path: Path | None, name: str) -> tuple[Lookup, ...]:
    """Read the lookups at path; no file (or no path) means none."""
    if path is None:
        return ()
    try:
        text = utf8_text(path.read_bytes())  # an editor's byte-order mark is dropped
    except FileNotFoundError:
        return ()
    except OSError as exc:
        raise GeneratorError(name, None, f"cannot read: {exc.strerror}") from None
    except NotUTF8 as exc:
        raise GeneratorError(name, exc.line, f"not UTF-8 (byte 0x{exc.byte:02x}); save it as UTF-8") from None
    return parse(text, name)


def _field(value: str) -> str:
    return " ".join(value.split())


def format_lookups(lookups: Iterable[Lookup]) -> str:
    """Return the file's text: the header, then one line per title, sorted by title."""
    lines = []
    for item in sorted(lookups, key=lambda x: (x.title.casefold(), x.title)):
        published = item.published.isoformat() if item.published else NO_ARXIV
        fields = (_field(item.title), item.arxiv_id or NO_ARXIV, published, item.asked.isoformat())
        lines.append("\t".join((*fields, *(_field(a) for a in item.authors))))
    return HEADER + "".join(f"{line}\n" for line in lines)


def write(path: Path, lookups: Iterable[Lookup]) -> None:
    """Replace the lookups file atomically (raises OSError)."""
    replace_file(path, format_lookups(lookups).encode("utf-8"))
