"""Read digest files: saved copies of a Hugging Face "Daily Papers" listing."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import ftfy
from slugify import slugify

from .. import dates
from ..errors import DigestError
from ..models import Digest, Entry

# Month names as date lines spell them: "Mar", "March", and "Sept" (generator/dates.py names them).
MONTHS = {
    spelling: number
    for number, name in enumerate(dates.MONTHS, 1)
    for spelling in {name.lower(), name[:3].lower(), *(("sept",) if number == 9 else ())}
}
DATE_LINE = re.compile(r"(?P<month>[A-Za-z]{3,9})\.? (?P<day>\d{1,2})(?:st|nd|rd|th)?")
FILE_DATE = re.compile(r"(?<![0-9A-Za-z])(\d{4})-(\d{2})-(\d{2})(?![0-9])")

# Lines the Daily Papers page adds around the listing. They are dropped wherever they
# stand, so a copy that caught a vote count or a "Submitted by" line still parses.
CHROME = re.compile(
    r"""(?ix)
    \d{1,6}                                   # vote and comment counts
    | new | subscribe | upvote\s*\d* | daily\ papers | load\ more | see\ more
    | previous | next | view\ all | trending | back\ to\ top | comments?
    | get\ trending\ papers\ in\ your\ email\ inbox!?
    | by\s?ak\ and\ the\ research\ community
    | submitted\ by\ .{1,80}
    | published\ on\ .{1,40}
    | [-·•|*–—]{1,3}                          # bullets and separators
    | [·•]?\s*\d+\ authors?
    """
)
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
TITLE_MAX = 300  # characters; longer paragraphs are prose
SENTENCE_END = re.compile(r"[.!?][\"')\]]?$")
PERIOD_END = re.compile(r"(?<!\.)\.[\"')\]]?$")  # a full stop, not an ellipsis


@dataclass(frozen=True)
class Paragraph:
    """A run of non-blank lines, joined with single spaces."""

    line: int
    text: str
    lines: tuple[tuple[int, str], ...]


def decode(path: Path, raw: bytes) -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DigestError(str(path), None, f"broken UTF-16 text: {exc.reason}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        # A page saved by an older Windows tool; every real character survives.
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        line = raw[: utf8_error.start].count(b"\n") + 1
        byte = raw[utf8_error.start]
        raise DigestError(
            str(path), line, f"not UTF-8 or Windows-1252 text (byte 0x{byte:02x}); save the page as UTF-8"
        ) from None


def clean(text: str) -> str:
    """Repair copy-paste defects: mojibake, odd line endings, invisible characters."""
    if text.isascii():
        # Nothing for ftfy to mend in plain ASCII but line endings; skip its cost.
        return text.replace("\r\n", "\n").replace("\r", "\n")
    text = ftfy.fix_text(
        text,
        uncurl_quotes=False,
        fix_latin_ligatures=True,
        fix_character_width=False,
        unescape_html=False,
        remove_terminal_escapes=True,
        fix_line_breaks=True,
        normalization="NFC",
    )
    return text.translate(ZERO_WIDTH)


def paragraphs(text: str) -> list[Paragraph]:
    """Split text into paragraphs at blank lines, keeping 1-based line numbers."""
    result: list[Paragraph] = []
    block: list[tuple[int, str]] = []
    for number, raw_line in enumerate(text.split("\n"), start=1):
        line = " ".join(raw_line.split())
        if line:
            block.append((number, line))
        elif block:
            result.append(_paragraph(block))
            block = []
    if block:
        result.append(_paragraph(block))
    return result


def _paragraph(block: list[tuple[int, str]]) -> Paragraph:
    return Paragraph(block[0][0], " ".join(text for _, text in block), tuple(block))


def is_chrome(line: str) -> bool:
    """Tell whether a line is page furniture rather than listing content."""
    return CHROME.fullmatch(line) is not None


def is_prose(text: str) -> bool:
    """Tell whether a paragraph reads as abstract text rather than a title."""
    words = len(text.split())
    if len(text) > TITLE_MAX:
        return True
    if PERIOD_END.search(text):
        return words >= 6  # titles almost never end in a full stop; sentences do
    return SENTENCE_END.search(text) is not None and words > 25


def parse_date(text: str) -> tuple[int, int] | None:
    """Return (month, day) for a year-less date line such as "Mar 14"."""
    match = DATE_LINE.fullmatch(text)
    if not match or match["month"].lower() not in MONTHS:
        return None
    return MONTHS[match["month"].lower()], int(match["day"])


def digest_year(path: Path, month: int, day: int, line: int, default_year: int | None) -> int:
    """Apply the year rule: a YYYY-MM-DD date in the file name, else the default year."""
    match = FILE_DATE.search(path.stem)
    if match:
        year, f_month, f_day = (int(g) for g in match.groups())
        if (f_month, f_day) != (month, day):
            raise DigestError(
                str(path),
                line,
                f"the file name says {match.group(0)} but the date line says {dt.date(2000, month, day):%b} {day}",
            )
        return year
    if default_year is None:
        raise DigestError(
            str(path),
            line,
            "no year: put the date in the file name (YYYY-MM-DD) or set default_year in mkdocs.yml",
        )
    return default_year


def digest_slug(path: Path, date: dt.date) -> str:
    """Name the digest page after its date and source file, stable as files are added."""
    stem = slugify(path.stem) or "digest"
    return stem if stem.startswith(date.isoformat()) else f"{date.isoformat()}-{stem}"


def parse_file(path: Path, default_year: int | None, display: str | None = None) -> Digest:
    """Read one digest file into a Digest; raise DigestError naming the line at fault."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DigestError(name, None, f"cannot read: {exc.strerror}") from None
    text = clean(decode(Path(name), raw))
    return parse_text(text, path, default_year, name)


def parse_text(text: str, path: Path, default_year: int | None, name: str) -> Digest:
    """Parse digest text (already decoded and cleaned)."""
    paras = paragraphs(text)
    start = None
    for index, para in enumerate(paras):
        found = parse_date(para.text) if len(para.lines) == 1 else None
        if found:
            start, (month, day), date_line = index, found, para.line
            break
    if start is None:
        raise DigestError(name, 1, 'no date line such as "Mar 14" before the papers')
    year = digest_year(Path(name), month, day, date_line, default_year)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise DigestError(name, date_line, f"not a date in {year}: {paras[start].text!r}") from None
    entries = _entries(paras[start + 1 :], name)
    if not entries:
        raise DigestError(name, date_line, "no papers after the date line")
    return Digest(date=date, source=path.name, slug=digest_slug(path, date), entries=tuple(entries))


def _content(paras: list[Paragraph], name: str) -> list[Paragraph]:
    """Drop chrome lines; reject a second date line."""
    kept: list[Paragraph] = []
    for para in paras:
        lines = [(n, t) for n, t in para.lines if not is_chrome(t)]
        if not lines:
            continue
        if len(lines) == 1 and parse_date(lines[0][1]):
            raise DigestError(
                name,
                lines[0][0],
                f"a second date line {lines[0][1]!r}: keep one day per digest file",
            )
        kept.append(_paragraph(lines))
    return kept


def _entries(paras: list[Paragraph], name: str) -> list[Entry]:
    """Pair titles with abstracts, mending split abstracts and glued paragraphs."""
    entries: list[Entry] = []
    content = _content(paras, name)
    index = 0
    while index < len(content):
        para = content[index]
        title_line, rest = para.lines[0], para.lines[1:]
        if rest and not is_prose(title_line[1]) and is_prose(" ".join(t for _, t in rest)):
            # Title and abstract with no blank line between them.
            entries.append(Entry(title_line[1], " ".join(t for _, t in rest), title_line[0]))
            index += 1
            continue
        if is_prose(para.text):
            if not entries:
                raise DigestError(
                    name, para.line, "expected a paper title after the date line, found a paragraph of text"
                )
            # An abstract broken into two paragraphs: glue it back.
            last = entries[-1]
            entries[-1] = Entry(last.title, f"{last.abstract} {para.text}", last.line)
            index += 1
            continue
        if index + 1 >= len(content):
            raise DigestError(name, para.line, f"the title {para.text!r} has no abstract after it")
        abstract = content[index + 1]
        if not is_prose(abstract.text) and index + 2 < len(content) and is_prose(content[index + 2].text):
            raise DigestError(
                name,
                para.line,
                f"the title {para.text!r} has no abstract: the next paragraph "
                f"(line {abstract.line}) looks like another title",
            )
        entries.append(Entry(para.text, abstract.text, para.line))
        index += 2
    return entries
