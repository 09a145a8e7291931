"""Read digest files: saved copies of a Hugging Face "Daily Papers" listing, as text."""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

from ..errors import DigestError
from ..models import Digest, Entry, Note
from . import files
from .clean import (
    LINE_SEPARATOR,
    PARAGRAPH_SEPARATOR,
    TEX_SPANS_PER_FILE,
    TexBudget,
    clean_field,
    clean_text,
    has_visible_text,
    is_spaced,
    title_fault,
)
from .files import DEFAULT_LIMIT
from .pairing import TITLE_MAX, Pair, Paragraph, is_abstract, is_prose, is_titlelike, pair, quote, same_abstract

DATE_LINE = re.compile(r"(?P<month>[A-Za-z]{3,9})\.? (?P<day>[0-9]{1,2})(?:st|nd|rd|th)?")
# A date written another way (with a year or weekday, day first, a week or a range, ISO).
DATE_LIKE = re.compile(
    r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+[0-9]|[0-9]\s+(?:jan|feb|mar|apr|may|jun"
    r"|jul|aug|sep|oct|nov|dec)|\b(?:january|february|march|april|june|july|august|september|october|november"
    r"|december)\b|\b[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\b|\bweek\s+[0-9]"
)
HTML = re.compile(r"(?i)\s*<(?:!doctype\s+html|html)\b")  # a web page saved whole, markup and all
CHROME_MAX = 120  # characters; no chrome line is longer, so longer lines are not matched at all
# The Hub's menus, footer, the Daily/Weekly/Monthly switch and a paper card's links: a line made of
# these words alone is furniture (no paper is called "Models Datasets Spaces").
NAV_WORDS = (
    "models|datasets|spaces|posts|docs|enterprise|pricing|log in|sign up|system theme|company|tos|privacy"
    "|about|jobs|website|community|daily|weekly|monthly|view arxiv page|view pdf|add to collection|submitted by"
)
NAV = rf"(?:{NAV_WORDS})(?:\s+(?:{NAV_WORDS}))*".replace(" ", "\\ ")
# A sponsor's banner or the page's copyright footer, standing where a title would, with a sentence
# of its own after it ("Sponsored" / "Try Inference Endpoints today: ..."). Exact words only: a
# paper called "Copyright Traps for Large Language Models" is a paper.
BANNER = re.compile(r"(?i)(?:©|\(c\)|copyright\s*(?:©|\(c\)|[0-9]{4}\b)).*|sponsored|advertisement|ad|promoted")
SUBMITTED = re.compile(r"(?i)submitted\s+by\b")  # matched at a line's start; fullmatch: alone on it
SENTENCE_ENDS = re.compile(r"[.!?\u3002\uff01\uff1f][\"')\]\u201d\u2019]*$")  # a line that ends a sentence
CONTINUES = ",;:)]%"  # a line that begins so goes on the sentence of the line before
SUBMITTER = re.compile(r"\S{1,40}")  # a Hub user name, on the line after a lone "Submitted by"

# Lines the Daily Papers page adds around the listing. They are dropped wherever they
# stand, so a copy that caught a vote count or a "Submitted by" line still parses.
CHROME = re.compile(
    r"""(?ix)
    [0-9]{1,6}                                # vote and comment counts
    | new | subscribe | upvote\s*[0-9]* | daily\ papers | load\ more | see\ more
    | previous | next | view\ all | trending | back\ to\ top | comments?
    | get\ trending\ papers\ in\ your\ email\ inbox!?
    | by\s?ak\ and\ the\ research\ community
    | submitted\ by\ .{1,80}
    | published\ on\ .{1,40}
    | [-·•|*–—]{1,3}                          # bullets and separators
    | [·•]?\s*[0-9]+\ authors?
    | hugging\ face(?:'s\ logo)?
    | """
    + NAV
)


def _utf16(raw: bytes) -> str | None:
    """Name the UTF-16 byte order of text without a byte-order mark, or None for text that is not
    UTF-16: one with NUL bytes (the high byte of every line break, space and ASCII character), not
    UTF-8 text with a few stray ones, that reads as text in one byte order (CJK text has few NULs,
    but every line has one)."""
    nuls = raw.count(0)
    if nuls < max(8, raw.count(b"\n") // 2):  # each line break brings one; stray NULs are few
        return None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if nuls < len(raw) // 4:  # UTF-8 with stray NULs (ASCII as UTF-16 is half NULs)
            return None
    readable = {}
    for codec in ("utf-16-le", "utf-16-be"):
        text = raw[: len(raw) - len(raw) % 2].decode(codec, errors="replace")  # an odd last byte is told later
        readable[codec] = sum(1 for c in text if _textual(c)) / max(len(text), 1)
    codec = max(readable, key=lambda c: readable[c])
    return codec if readable[codec] > 0.95 else None


def _textual(char: str) -> bool:
    """A character text is made of: printable, a space or line break, or a format character
    (zero-width joiners, marks); not a control, an unassigned code point or a replacement."""
    return char != "\ufffd" and (char.isprintable() or char.isspace() or unicodedata.category(char) == "Cf")


def decode(path: Path, raw: bytes) -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 (with a BOM, or without one, told by its
    NUL bytes) or Windows-1252. Raises DigestError naming the line of a byte that decodes in none."""
    codec = "utf-16" if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else _utf16(raw)
    if codec:
        try:
            return raw.decode(codec)
        except UnicodeDecodeError as exc:
            start = exc.start - exc.start % 2
            line = raw[:start].decode(codec, errors="replace").count("\n") + 1
            raise DigestError(str(path), line, f"broken UTF-16 text: {exc.reason}") from None
    try:
        return files.utf8_text(raw)
    except files.NotUTF8 as exc:
        utf8_error = exc
    try:
        # A page saved by an older Windows tool; every real character survives.
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise DigestError(
            str(path),
            utf8_error.line,
            f"not UTF-8 or Windows-1252 text (byte 0x{utf8_error.byte:02x}); save the page as UTF-8",
        ) from None


def paragraphs(text: str) -> list[Paragraph]:
    """Split cleaned text into paragraphs at blank lines and U+2029, keeping 1-based line numbers.

    Lines are numbered by "\\n" alone; a line broken by U+2028 (see `clean.LINE_BREAKS`) gives
    lines that share its number.
    """
    result: list[Paragraph] = []
    block: list[tuple[int, str]] = []
    for number, physical in enumerate(text.split("\n"), start=1):
        for raw_line in physical.replace(PARAGRAPH_SEPARATOR, LINE_SEPARATOR * 2).split(LINE_SEPARATOR):
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


def _no_date(name: str, paras: list[Paragraph]) -> DigestError:
    """Say that no date line was found, naming the first line that looks like a date in another form,
    or say what the file is instead: empty, a web page, JSON."""
    if not paras:
        return DigestError(name, None, "is empty: paste the text of a Daily Papers page into it")
    first = paras[0].lines[0][1]
    if HTML.match(first):
        return DigestError(
            name, paras[0].line, "looks like an HTML page (save the page's text: select all, copy, paste)"
        )
    if first[:1] in "[{" and _is_json("\n".join(text for para in paras for _, text in para.lines)):
        return DigestError(name, paras[0].line, "looks like JSON: name it .json")
    for para in paras:
        for number, text in para.lines:
            if len(text) <= 40 and DATE_LIKE.search(text) and not is_chrome(text):
                return DigestError(
                    name,
                    number,
                    f'no date line such as "Mar 14" before the papers; {quote(text)} is not one: the daily '
                    "page's date is a month and day alone on their line (weekly and monthly pages are not read)",
                )
    return DigestError(name, 1, 'no date line such as "Mar 14" before the papers')


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


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
    before_abstract = 0  # the line of the first paragraph before it that reads as an abstract
    for index, para in enumerate(paras):
        lines = [(n, t) for n, t in para.lines if not is_chrome(t)]
        found = parse_date(lines[0][1]) if lines else None
        if found:
            start, (month, day), date_line = index, found, lines[0][0]
            glued = [(n, t) for n, t in para.lines if n > date_line]  # chrome is dropped with the rest
            break
        if lines and is_prose(" ".join(text for _, text in lines)):
            before_abstract = before_abstract or lines[0][0]
        before.extend(lines)
    if start is None:
        raise _no_date(name, paras)
    if before_abstract:
        raise DigestError(
            name,
            before_abstract,
            f"a paragraph that reads as an abstract stands before the date line (line {date_line}): "
            "the date line comes before the papers",
        )
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
    after = [_paragraph(glued), *paras[start + 1 :]] if glued else paras[start + 1 :]
    found_pairs = _pairs(after, name, date_line, notes)
    if found_pairs and found_pairs[0].line in {n for n, _ in glued}:  # not only chrome under the date line
        notes.append(Note(name, found_pairs[0].line, "no blank line after the date line: split"))
    budget = TexBudget()
    entries = []
    for found_pair in found_pairs:
        title = clean_field(found_pair.title, budget)
        abstract = clean_field(found_pair.abstract, budget)
        if not has_visible_text(title) or not has_visible_text(abstract):
            what = "title" if not has_visible_text(title) else f"abstract of {quote(title, 60)}"
            raise DigestError(name, found_pair.line, f"the {what} has no visible text")
        if fault := title_fault(title):
            raise DigestError(name, found_pair.line, fault)
        entries.append(Entry(title, abstract, found_pair.line))
        notes.extend(Note(name, line, message) for line, message in found_pair.repairs)
    entries = _whole_abstracts(entries)
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


def _pairs(paras: list[Paragraph], name: str, date_line: int, notes: list[Note]) -> list[Pair]:
    """Pair the paragraphs after the date line, chrome dropped (noted)."""
    content, dropped, titles = _content(paras, name)
    if not content:
        raise DigestError(name, date_line, "no papers after the date line")
    if dropped:
        notes.append(_chrome_note(name, dropped, "of page chrome after the date line"))
    for line, text in titles:
        notes.append(
            Note(name, line, f"{quote(text)} looks like page chrome but stands where a title belongs: a title")
        )
    return pair(content, name)


def _whole_abstracts(entries: list[Entry]) -> list[Entry]:
    """Give a title listed twice in one file the longer of its two abstracts when the other is the
    same text cut short (the build shows the first listing)."""
    by_title: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        by_title.setdefault(" ".join(entry.title.casefold().split()), []).append(index)
    whole = list(entries)
    for indexes in by_title.values():
        if len(indexes) > 1:
            longest = max((entries[i].abstract for i in indexes), key=len)
            for i in indexes:
                if same_abstract(entries[i].abstract, longest):
                    whole[i] = dataclasses.replace(entries[i], abstract=longest)
    return whole


def _content(paras: list[Paragraph], name: str) -> tuple[list[Paragraph], list[tuple[int, str]], list[tuple[int, str]]]:
    """Drop chrome lines; return the paragraphs left, the lines dropped, and the chrome-like lines
    kept as titles. Rejects a second date line.

    Chrome stands around a title (a vote count before it, "Submitted by" after it), never between
    two abstracts: where paragraphs of chrome-like lines alone stand between an abstract (or the
    date line) and the next abstract, their last line is that paper's title ("2048", a paper
    called "Jobs")."""
    kept: list[Paragraph] = []
    dropped: list[tuple[int, str]] = []
    titles: list[tuple[int, str]] = []
    run: list[tuple[int, str]] = []  # the lines of the paragraphs of chrome alone since the last one kept
    submitter_next = False  # the line after a lone "Submitted by" names who submitted
    banner_text = False  # the paragraph after a banner ("Sponsored", "© 2024 ...") is its text
    for para in paras:
        lines: list[tuple[int, str]] = []
        chrome: list[tuple[int, str]] = []
        furniture: list[bool] = []
        submitted: list[bool] = []  # "Submitted by" and the user name: never a word of an abstract
        for _, text in para.lines:
            by_user = bool(submitter_next and SUBMITTER.fullmatch(text)) or SUBMITTED.match(text) is not None
            furniture.append(is_chrome(text) or by_user)
            submitted.append(by_user)
            submitter_next = SUBMITTED.fullmatch(text) is not None
        for (number, text), is_furniture in zip(para.lines, _in_prose(para.lines, furniture, submitted), strict=True):
            (chrome if is_furniture else lines).append((number, text))
        if not lines:
            run.extend(chrome)
            continue
        dropped.extend(chrome)
        if len(lines) == 1 and parse_date(lines[0][1]):
            raise DigestError(
                name,
                lines[0][0],
                f"a second date line {lines[0][1]!r}: keep one day per digest file",
            )
        paragraph = _paragraph(lines)
        if len(lines) == 1 and BANNER.fullmatch(paragraph.text):
            dropped.extend(lines)  # never a title, not even between two abstracts
            banner_text = True
            continue
        if banner_text:
            banner_text = False
            if not is_titlelike(paragraph.text):  # a title after a banner without text is a title
                dropped.extend(lines)
                continue
        if run and (not kept or _reads_as_abstract(kept)) and is_prose(paragraph.text):
            *run, title = run  # chrome between two abstracts: the paper's title
            kept.append(_paragraph([title]))
            titles.append(title)
        dropped.extend(run)
        run = []
        kept.append(paragraph)
    dropped.extend(run)
    return kept, sorted(dropped), titles


def _in_prose(lines: tuple[tuple[int, str], ...], furniture: list[bool], submitted: list[bool]) -> list[bool]:
    """Keep as text the chrome-like lines that stand inside a paragraph of prose ("on the", "42",
    "benchmarks and ..."): return which lines are furniture still. Linear in the paragraph's lines
    (a copy without blank lines is one paragraph).

    A line like that is text where the paragraph's text before it does not end a sentence and the
    text goes on after it in the same paragraph, and either the text after it goes on the sentence
    (a small letter or a comma first) or the unfinished sentence before it runs over more than one
    line (a copied title is one line, and chrome beside a title, a vote count or "Upvote", stays
    chrome). A chrome-like first line is text where the sentence goes on after it and the rest of
    the paragraph reads as prose.
    """
    texts = [text for _, text in lines]
    result = list(furniture)
    following: list[int | None] = [None] * len(texts)  # the next line that is no furniture, by index
    upcoming: int | None = None
    for index in range(len(texts) - 1, -1, -1):
        following[index] = upcoming
        if not furniture[index]:
            upcoming = index
    last: str | None = None  # the last line of text before this one
    unfinished = 0  # lines of text since the last that ends a sentence
    rest_is_prose: bool | None = None  # the paragraph's text, for a chrome-like line before all of it
    for index, is_furniture in enumerate(furniture):
        nearest = following[index]
        if is_furniture and not submitted[index] and nearest is not None:
            goes_on = texts[nearest][:1].islower() or texts[nearest][:1] in CONTINUES
            if last is None:
                if rest_is_prose is None:
                    rest = (text for text, chrome in zip(texts, furniture, strict=True) if not chrome)
                    rest_is_prose = is_prose(" ".join(rest))
                result[index] = not (goes_on and rest_is_prose)
            elif not SENTENCE_ENDS.search(last):
                result[index] = not (goes_on or unfinished > 1)
        if not result[index]:
            last = texts[index]
            unfinished = 0 if SENTENCE_ENDS.search(last) else unfinished + 1
    return result


def _reads_as_abstract(kept: list[Paragraph]) -> bool:
    """Tell whether the last paragraph kept reads as an abstract: three sentences or more, longer
    than a title, or prose whose last sentence ends standing after a title (a paragraph that is not
    prose): an abstract of one or two sentences. A title ending in a full stop follows an abstract,
    so chrome after it ("Title." / "Upvote" / "42" / abstract) stays chrome."""
    text = kept[-1].text
    if is_abstract(text) or len(text) > TITLE_MAX:
        return True
    return len(kept) > 1 and is_prose(text) and SENTENCE_ENDS.search(text) is not None and not is_prose(kept[-2].text)
