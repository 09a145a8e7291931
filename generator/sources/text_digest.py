"""Read digest files: saved copies of a Hugging Face "Daily Papers" listing, as text."""

from __future__ import annotations

import codecs
import datetime as dt
import re
import unicodedata
from pathlib import Path

from ..errors import DigestError
from ..models import Digest, Entry, Note
from . import files
from .clean import TEX_SPANS_PER_FILE, TexBudget, clean_field, clean_text, is_spaced
from .files import DEFAULT_LIMIT
from .pairing import Paragraph, pair, quote

DATE_LINE = re.compile(r"(?P<month>[A-Za-z]{3,9})\.? (?P<day>\d{1,2})(?:st|nd|rd|th)?")
CHROME_MAX = 120  # characters; no chrome line is longer, so longer lines are not matched at all

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


def paragraphs(text: str) -> list[Paragraph]:
    """Split text into paragraphs at blank lines, keeping 1-based line numbers."""
    result: list[Paragraph] = []
    block: list[tuple[int, str]] = []
    for number, raw_line in enumerate(text.split("\n"), start=1):
        line = raw_line if is_spaced(raw_line) else " ".join(raw_line.split())
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
    return len(line) <= CHROME_MAX and CHROME.fullmatch(line) is not None


def parse_date(text: str) -> tuple[int, int] | None:
    """Return (month, day) for a year-less date line such as "Mar 14"."""
    match = DATE_LINE.fullmatch(text) if len(text) <= 20 else None
    if not match or match["month"].lower() not in files.MONTHS:
        return None
    return files.MONTHS[match["month"].lower()], int(match["day"])


def parse_file(path: Path, default_year: int | None, display: str | None = None, limit: int = DEFAULT_LIMIT) -> Digest:
    """Read one digest file into a Digest; raise DigestError naming the line at fault."""
    name = display or files.display_name(str(path))
    return parse_bytes(files.read_regular(path, limit, name), path, default_year, name)


def parse_bytes(raw: bytes, path: Path, default_year: int | None, name: str) -> Digest:
    """Read a digest from its bytes; `path` is the file's, `name` how messages call it."""
    text, unmended = clean_text(decode(Path(name), raw))
    notes = [Note(name, None, "too much mojibake-like text to mend: kept as it is")] if unmended else []
    return parse_text(text, path, default_year, name, notes)


def _visible(text: str) -> bool:
    return any(unicodedata.category(char)[0] in "LNPS" for char in text)


def _chrome_note(name: str, dropped: list[tuple[int, str]], where: str) -> Note:
    shown = ", ".join(f"{quote(text, 40)} (line {number})" for number, text in dropped[:3])
    more = f" and {len(dropped) - 3} more" if len(dropped) > 3 else ""
    return Note(name, dropped[0][0], f"skipped {len(dropped)} line(s) {where}: {shown}{more}")


def parse_text(text: str, path: Path, default_year: int | None, name: str, notes: list[Note] | None = None) -> Digest:
    """Parse digest text (already decoded and cleaned)."""
    notes = list(notes or [])
    paras = paragraphs(text)
    start = None
    before: list[tuple[int, str]] = []  # text before the date line that is not page chrome
    for index, para in enumerate(paras):
        lines = [(n, t) for n, t in para.lines if not is_chrome(t)]
        found = parse_date(lines[0][1]) if len(lines) == 1 else None
        if found:
            start, (month, day), date_line = index, found, lines[0][0]
            break
        before.extend(lines)
    if start is None:
        raise DigestError(name, 1, 'no date line such as "Mar 14" before the papers')
    if before:
        notes.append(_chrome_note(name, before, "of text before the date line, which is not page chrome"))
    stem = files.display_name(Path(name).stem)
    found_date = files.name_date(stem, name, date_line, month, day)
    if found_date:
        year = found_date.year
    elif default_year is None:
        raise DigestError(
            name, date_line, "no year: put the date in the file name (YYYY-MM-DD) or set default_year in mkdocs.yml"
        )
    else:
        year = default_year
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise DigestError(name, date_line, f"not a date in {year}: {paras[start].text!r}") from None
    content = _content(paras[start + 1 :], name, notes)
    if not content:
        raise DigestError(name, date_line, "no papers after the date line")
    budget = TexBudget()
    entries = []
    for found_pair in pair(content, name):
        title = clean_field(found_pair.title, budget)
        abstract = clean_field(found_pair.abstract, budget)
        if not _visible(title) or not _visible(abstract):
            what = "title" if not _visible(title) else f"abstract of {quote(title, 60)}"
            raise DigestError(name, found_pair.line, f"the {what} has no visible text")
        entries.append(Entry(title, abstract, found_pair.line))
        notes.extend(Note(name, line, message) for line, message in found_pair.repairs)
    if budget.skipped:
        skipped = f"TeX math past the first {TEX_SPANS_PER_FILE:,} spans left as written ({budget.skipped} spans)"
        notes.append(Note(name, None, skipped))
    return Digest(
        date=date,
        source=files.display_name(path.name),
        slug=files.digest_slug(stem, date),
        entries=tuple(entries),
        notes=tuple(sorted(notes, key=lambda n: n.line or 0)),
    )


def _content(paras: list[Paragraph], name: str, notes: list[Note]) -> list[Paragraph]:
    """Drop chrome lines (noted); reject a second date line."""
    kept: list[Paragraph] = []
    dropped: list[tuple[int, str]] = []
    for para in paras:
        lines = []
        for number, text in para.lines:
            if is_chrome(text):
                dropped.append((number, text))
            else:
                lines.append((number, text))
        if not lines:
            continue
        if len(lines) == 1 and parse_date(lines[0][1]):
            raise DigestError(
                name,
                lines[0][0],
                f"a second date line {lines[0][1]!r}: keep one day per digest file",
            )
        kept.append(_paragraph(lines))
    if dropped:
        notes.append(_chrome_note(name, dropped, "of page chrome after the date line"))
    return kept
