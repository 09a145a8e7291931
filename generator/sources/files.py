"""Digest files as files: reading them safely, the names they are shown by, the date in a name."""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import hashlib
import os
import re
import stat
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from slugify import slugify

from .. import dates
from ..errors import DigestError, GeneratorError
from .clean import ascii_digits

# Month names as dates spell them: "Mar", "March", and "Sept" (generator/dates.py names them).
MONTHS = {
    spelling: number
    for number, name in enumerate(dates.MONTHS, 1)
    for spelling in (name.lower(), name[:3].lower(), *(("sept",) if number == 9 else ()))
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?:19|20)\d\d"
_START = r"(?<![0-9A-Za-z])"  # a date in a name starts after a separator, not inside a word or number
_SEP = r"[-_. ]"

# The date forms read in file names, tried in this order. Each names its groups y, m, d (or mon).
# Their digits are ASCII (re.ASCII: Python's \d is any script's).
FILE_DATES = [
    re.compile(form, re.ASCII)
    for form in (
        rf"{_START}(?P<y>{_YEAR})(?P<s>[-_.])(?P<m>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}})(?!\d)",  # 2024-3-15
        rf"{_START}(?P<y>{_YEAR})(?P<m>\d\d)(?P<d>\d\d)(?!\d)",  # 20240315
        rf"(?i){_START}(?P<y>{_YEAR}){_SEP}?(?P<mon>{_MONTH}){_SEP}?(?P<d>\d{{1,2}})(?!\d)",  # 2024-mar-15
        rf"(?i){_START}(?P<d>\d{{1,2}}){_SEP}?(?P<mon>{_MONTH}){_SEP}?(?P<y>{_YEAR})(?!\d)",  # 15-mar-2024
        rf"(?i)(?<![A-Za-z])(?P<mon>{_MONTH}){_SEP}?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,? ?|{_SEP})(?P<y>{_YEAR})"
        r"(?!\d)",  # march-15-2024, Mar 15, 2024
        # Day and month in either order before the year (15-03-2024, 03-15-2024): the year is certain,
        # and the date line says which number is the month.
        rf"{_START}(?P<a>\d{{1,2}})(?P<s>[-_.])(?P<b>\d{{1,2}})(?P=s)(?P<y>{_YEAR})(?!\d)",
    )
]
# Something that looks like a date but matches no form above: refused rather than ignored.
DATE_LIKE = re.compile(
    rf"(?i){_START}(?:{_YEAR}(?:[-_.]\d{{1,2}}|\d{{2,4}})?|\d{{1,2}}[-_.]\d{{1,2}}[-_.]\d{{2}})(?![0-9A-Za-z])"
    rf"|(?<![A-Za-z])(?:{_MONTH}){_SEP}?\d{{1,4}}(?!\d)|{_START}\d{{1,4}}{_SEP}?(?:{_MONTH})(?![a-z])",
    re.ASCII,
)
SLUG_MAX = 60  # characters of the file name kept in a digest's page name
KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")

DEFAULT_LIMIT = 20 * 1024 * 1024  # bytes; mkdocs.yml's extra.generator.max_digest_mb sets the build's


@dataclass(frozen=True)
class NameDate:
    """The date a file name carries: the text it stood in, and its parts."""

    text: str  # as it stands in the name, e.g. "2024-3-15"
    year: int
    month: int
    day: int


def display_name(name: str) -> str:
    """Return a file name as text that is safe to print and publish.

    Bytes that are not UTF-8 (kept by Python as surrogate escapes) become U+FFFD, and so do
    control and bidirectional formatting characters, which could rewrite a terminal or a page.
    """
    text = os.fsencode(name).decode("utf-8", "replace") if not name.isascii() else name
    return _UNSAFE.sub("\ufffd", text)


class NotUTF8(ValueError):
    """Bytes that are not UTF-8 text."""

    def __init__(self, line: int, byte: int) -> None:
        super().__init__(line, byte)
        self.line = line  # 1-based, of the first byte that does not decode
        self.byte = byte  # its value


def utf8_text(raw: bytes) -> str:
    """Decode UTF-8 text (a byte-order mark is dropped); raise NotUTF8 naming the first bad byte's line.

    The mark is dropped before decoding: "utf-8-sig" counts an error's position after it.
    """
    body = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotUTF8(body[: exc.start].count(b"\n") + 1, body[exc.start]) from None


TOO_LARGE = "larger than {limit:,} bytes: not a digest? (raise extra.generator.max_digest_mb in mkdocs.yml)"


def read_regular(
    path: Path, limit: int, name: str, too_large: str = TOO_LARGE, error: type[GeneratorError] = DigestError
) -> bytes:
    """Read a regular file of at most `limit` bytes; raise `error` (DigestError) for anything else.

    too_large: what a larger file is told, `{limit}` in it the limit (a reading list is told it is one).
    The file is opened without blocking and checked on the open descriptor, so a named pipe cannot
    hang the build and a link to a device cannot be read forever.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise error(name, None, f"cannot read: {exc.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = KINDS.get(stat.S_IFMT(mode), "not a regular file")
            raise error(name, None, f"cannot read: {kind}, not a file; only regular files are read")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise error(name, None, f"cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)
    if size > limit:
        raise error(name, None, too_large.format(limit=limit))
    return b"".join(chunks)


def _readings(match: re.Match[str]) -> list[tuple[int, int, int]]:
    """Return the (year, month, day) a matched form may mean: two when day and month may be either way round."""
    groups = match.groupdict()
    year = int(groups["y"])
    if groups.get("a") is not None:
        a, b = int(groups["a"]), int(groups["b"])
        return [(year, a, b), (year, b, a)] if a != b else [(year, a, b)]
    if groups.get("mon") is not None:
        return [(year, MONTHS[groups["mon"].lower()], int(groups["d"]))]
    return [(year, int(groups["m"]), int(groups["d"]))]


def find_date(stem: str, name: str, line: int | None) -> tuple[str, list[tuple[int, int, int]]] | None:
    """Find the date form in a file name: its text and what it may mean (see _readings), or None.

    Digits of any script are read as ASCII ones (`٢٠٢٤-٠٣-١٥` is 2024-03-15). Raises DigestError
    for something date-like that is in none of the forms read (2024-03, 4-2-23, 202403).
    """
    stem = ascii_digits(stem)
    for form in FILE_DATES:
        match = form.search(stem)
        if match:
            return match.group(0), _readings(match)
    found = DATE_LIKE.search(stem)
    if found:
        raise DigestError(
            name,
            line,
            f"{found.group(0)!r} in the file name looks like a date but is not a full one: "
            "name the file YYYY-MM-DD (or another form the README lists), or with no date at all",
        )
    return None


def name_date(stem: str, name: str, line: int, month: int, day: int) -> NameDate | None:
    """Read the date in a text digest's file name (without its extension), if it carries one.

    `month` and `day` are the date line's, which a date in the name must agree with (and which
    tell day from month in `03-04-2024`). Raises DigestError for a date that is not one
    (2024-02-30), that disagrees with the date line, or that is not a full one (see find_date).
    """
    found = find_date(stem, name, line)
    if found is None:
        return None
    text, readings = found
    year, f_month, f_day = next((r for r in readings if r[1:] == (month, day)), readings[0])
    try:
        dt.date(year, f_month, f_day)
    except ValueError:
        raise DigestError(name, line, f"{text!r} in the file name is not a date") from None
    if (f_month, f_day) != (month, day):
        raise DigestError(
            name, line, f"the file name says {text} but the date line says {dt.date(2000, month, day):%b} {day}"
        )
    return NameDate(text, year, f_month, f_day)


def json_name_date(stem: str, name: str, days: Collection[dt.date]) -> dt.date | None:
    """Read the date in a JSON digest's file name, in the forms text digests' names are read in.

    A JSON digest has no date line: the name decides, and `days` (its items' Daily Papers days)
    tell day from month in `03-04-2024`. Raises DigestError for a date that is not one
    (2024-02-30) or not a full one (see find_date), or whose day and month the items do not tell.
    """
    found = find_date(stem, name, None)
    if found is None:
        return None
    text, readings = found
    dates = []
    for reading in readings:
        with contextlib.suppress(ValueError):  # 15-03-2024 is not the 3rd of the 15th month
            dates.append(dt.date(*reading))
    if not dates:
        raise DigestError(name, None, f"{text!r} in the file name is not a date")
    told = [d for d in dates if d in days]
    if len(dates) > 1 and len(told) != 1:
        either = " or ".join(f"{d.day} {d:%B}" for d in dates)
        raise DigestError(
            name,
            None,
            f"{text!r} in the file name may be {either}, and no item's paper.submittedOnDailyAt says which: "
            "name the file YYYY-MM-DD",
        )
    return told[0] if len(dates) > 1 else dates[0]


def digest_slug(stem: str, date: dt.date) -> str:
    """Name a digest's page after its date and whole file name: stable as files are added, never too long.

    A name that starts with the ISO date is kept as it is ("2024-03-15-evening"); any other gets
    the date in front ("2024-03-15-20240315", "2024-03-15-evening"), so that two files of one day
    never share a page, whatever else is in the folder.
    """
    full = slugify(stem) or "digest"
    if len(full) > SLUG_MAX:
        cut = slugify(stem, max_length=SLUG_MAX, word_boundary=True, save_order=True) or full[:SLUG_MAX]
        full = f"{cut}-{hashlib.sha1(stem.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
    return full if full.startswith(date.isoformat()) else f"{date.isoformat()}-{full}"
