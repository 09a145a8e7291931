"""Read JSON digests: saved responses of the Hugging Face Daily Papers API.

A JSON digest (`data/digests/YYYY-MM-DD.json`, what `python -m generator fetch` writes) is the body
of `GET /api/daily_papers?date=YYYY-MM-DD`: a JSON array of items, each `{"paper": {...}, "title",
"summary", "numComments", ...}` (the shape huggingface_hub's `HfApi.list_daily_papers` reads into
`PaperInfo`). The schema below names the fields the site uses; unknown fields are ignored, so the
saved responses keep everything the API sent. Validation is msgspec's: one compiled decoder per
type, no hand-written checks, and messages that name the field (`paper.upvotes`).

Only what makes a listing is required: an arXiv id, a title and an abstract (the item's own, or
its paper's). An item whose paper's fields are at its top level (no `paper`, or `"paper": null`: the
API sends such "flat" items at times) is read as that paper, and named by its own paths (`id`,
`authors.0`). Numbers and flags written as strings (`"12"`, `"false"`) or whole floats are read
(msgspec's lax mode), a date without a time is midnight UTC, and any other field the API gets
wrong is left out with a note (an author without a name, a keyword that is null, stars as
`"1.2k"`), so one odd item never stops a day from landing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from ..analysis.links import BIDI_CONTROL, find_links
from ..errors import DigestError, Errors, GeneratorError
from ..models import Digest, Entry, Listing, Note
from . import files, json_array
from .clean import (
    DEFAULT_IGNORABLE,
    TexBudget,
    ascii_digits,
    clean_field,
    clean_text,
    escaped,
    has_visible_text,
    title_fault,
)
from .files import DEFAULT_LIMIT, digest_slug

# arXiv identifiers (https://info.arxiv.org/help/arxiv_identifier.html): YYMM.NNNN(N) since 2007,
# archive(.SUBJECT)/YYMMNNN before, where the subject class is not part of the identifier
# (`math.GT/0309136` is `math/0309136`); an optional version suffix is dropped. Digits are ASCII
# (Python's \d is any script's): arxiv_id() first writes other scripts' digits in ASCII.
ARXIV_ID = re.compile(
    r"(?:(?P<new>[0-9]{4}\.[0-9]{4,5})|(?P<archive>[a-z][a-z-]*)(?:\.[A-Z]{2})?/(?P<number>[0-9]{7}))(?P<version>v[1-9][0-9]*)?"
)
# A date with no time, where the schema wants a timestamp: read as midnight UTC.
DATE_ONLY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The fields a listing cannot do without: a wrong value there is an error, not a note.
REQUIRED = {("paper",), ("paper", "id")}
CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")  # HTML's
MAX_REPAIRS = 100  # fields per item: a safety stop for a hostile answer (lists are tidied first)
NUMBER = re.compile(r"[-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?")  # where a timestamp belongs: not read as Unix time
COUNT_MAX = 10**9  # upvotes, stars, comments: more is not a count
# The timestamps (attribute, field): read in UTC, where one may fall outside years 1 to 9999.
STAMPS = (
    ("published_at", "publishedAt"),
    ("submitted_on_daily_at", "submittedOnDailyAt"),
    ("withdrawn_at", "withdrawnAt"),
)
MESSAGE_PATH = re.compile(r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.S)
MISSING = re.compile(r"Object missing required field `(?P<field>[^`]*)`")


class Author(msgspec.Struct):
    """An author as the Hub lists them; `hidden` ones are never shown."""

    name: str
    hidden: bool | None = None


class PaperFields(msgspec.Struct, rename="camel"):
    """The item's `paper` object: the arXiv paper and what the Hub knows about it."""

    id: str
    title: str | None = None  # the item's own title when absent
    summary: str | None = None
    authors: list[Author] | None = None
    published_at: dt.datetime | None = None
    upvotes: int | None = None
    github_repo: str | None = None
    github_stars: int | None = None
    project_page: str | None = None
    ai_keywords: list[str] | None = msgspec.field(name="ai_keywords", default=None)
    ai_summary: str | None = msgspec.field(name="ai_summary", default=None)
    submitted_on_daily_at: dt.datetime | None = None
    withdrawn_at: dt.datetime | None = None


class Item(msgspec.Struct, rename="camel"):
    """One listing of the Daily Papers feed."""

    paper: PaperFields
    title: str | None = None  # the title as the feed shows it; paper.title when absent
    summary: str | None = None
    num_comments: int | None = None


def arxiv_id(value: str) -> str | None:
    """Return the arXiv id without its version (`2403.01234v2` -> `2403.01234`), subject class
    (`math.GT/0309136v1` -> `math/0309136`) or `arXiv:` prefix, its digits in ASCII
    (`٢٤٠٣.٠١٢٣٤` -> `2403.01234`), or None."""
    value = value.strip()
    if value[:6].lower() == "arxiv:":
        value = value[6:]
    match = ARXIV_ID.fullmatch(ascii_digits(value).replace("\uff0e", "."))  # a full-width full stop too
    if not match:
        return None
    # arXiv's scheme (info.arxiv.org/help/arxiv_identifier): archive/YYMMNNN to March 2007, YYMM.NNNN
    # from April 2007 to December 2014, YYMM.NNNNN since January 2015; numbers and versions from 1.
    if new := match["new"]:
        month, number = new.split(".")
        if month < "0704" or len(number) != (4 if month < "1501" else 5):
            return None
    else:
        month, number = match["number"][:4], match["number"][4:]
    if not 1 <= int(month[2:]) <= 12 or not int(number):
        return None
    return new or f"{match['archive']}/{match['number']}"


def checked_url(value: str | None) -> str | None:
    """Return an http(s) URL from the data if it is exactly one link as abstracts find them, else None.

    The same rule as URLs in abstracts (links.find_links), so `javascript:` or a bare word never
    becomes a link.
    """
    if not value:
        return None
    value = value.strip()
    if not value.lower().startswith(("http://", "https://")):
        return None
    found = find_links(value)
    return value if found == (value,) else None


def text(value: str, budget: TexBudget | None = None) -> str:
    """Clean text from the API as text digests are cleaned, on one line (budget: the file's TeX bound)."""
    return clean_field(" ".join(clean_text(value)[0].split()), budget or TexBudget())


def people(name: str, budget: TexBudget | None = None) -> list[str]:
    """The people an author's name is: cleaned (text), split at each `;` (`Smith, John; Doe, Jane`
    is two) but the one that ends an HTML character reference as written (`AT&amp;T`, `O&#39;Neil`:
    the data is text, shown as written, and stays one person), parts without visible text dropped."""
    cleaned = text(name, budget)
    ends = {match.end() - 1 for match in CHARACTER_REFERENCE.finditer(cleaned)}
    parts, start = [], 0
    for at in (i for i, char in enumerate(cleaned) if char == ";" and i not in ends):
        parts.append(cleaned[start:at])
        start = at + 1
    parts.append(cleaned[start:])
    return [part for part in (p.strip() for p in parts) if has_visible_text(part)]


def _day(value: dt.datetime | None) -> dt.date | None:
    """The UTC calendar day of a timestamp (the Hub's are UTC; _convert left out any UTC cannot hold)."""
    if value is None:
        return None
    return (value.astimezone(dt.UTC) if value.tzinfo else value).date()


def validation_message(exc: msgspec.ValidationError, at: str = "paper.") -> str:
    """Turn msgspec's "Expected `int`, got `str` - at `$.paper.upvotes`" into "paper.upvotes: ...",
    and "Object missing required field `id` - at `$.paper`" into "paper.id: missing" (at: the prefix
    of a paper's field, `paper.` or nothing for a flat item: see _unwrapped)."""
    match = MESSAGE_PATH.match(str(exc))
    assert match is not None  # the pattern matches any string
    path = (match["path"] or "").lstrip(".")
    if missing := MISSING.fullmatch(match["message"]):
        path, message = f"{path}.{missing['field']}".lstrip("."), "missing"
    else:
        message = match["message"].replace("`", "")
        message = message[:1].lower() + message[1:]
    if not at and (path == "paper" or path.startswith(("paper.", "paper["))):
        path = path[len("paper") :].lstrip(".")
    return f"{path}: {message}" if path else message


def _path(exc: msgspec.ValidationError) -> tuple[str | int, ...]:
    """The place msgspec names (`$.paper.authors[2].name`) as keys and indexes."""
    match = MESSAGE_PATH.match(str(exc))
    raw = (match["path"] if match else None) or ""
    return tuple(int(i) if i else key for key, i in re.findall(r"\.([^.\[]+)|\[([0-9]+)\]", raw))


Faults = tuple[str, str] | None  # why an element of a list is left out: (a path in it, a message), or None


def _author(value: Any) -> Faults:
    """Say why an author as listed is left out: a `hidden` that is no flag (then it may be meant
    hidden: not shown, and the note says so), or no name that cleans to text (a hidden author need
    not have one: never shown, left out without a note). `hidden` is read as the lax reading reads
    a flag (`"false"` and `0` are false, `"True"` true)."""
    if not (isinstance(value, dict) and isinstance(value.get("name"), str)):
        return "", f"{_shown(value)} is not an author with a name: left out"
    try:
        hidden = msgspec.convert(value.get("hidden"), bool | None, strict=False)
    except msgspec.ValidationError:
        return ".hidden", f"{_shown(value['hidden'])} is not true or false: the author is not shown"
    name = value["name"]
    plain = name.isascii() and name.isprintable() and not name.isspace() and name != "" and ";" not in name
    if plain or hidden or (people(name) if ";" in name else text(name)):  # plain: the usual case, fast
        return None
    return "", f"{_shown(value)} is not an author with a name: left out"


def _several(authors: list[Any], faults: list[Faults]) -> list[tuple[int, str]]:
    """Say which shown authors' names are several people (people): (index, note) each."""
    said = []
    for i, (value, fault) in enumerate(zip(authors, faults, strict=True)):
        if fault is not None or ";" not in value["name"]:
            continue
        hidden = msgspec.convert(value.get("hidden"), bool | None, strict=False)  # fault None: a flag
        if not hidden and len(found := people(value["name"])) > 1:
            said.append((i, f"{_shown(value['name'])} is several people: listed as {len(found)} authors"))
    return said


# Why an element of a list the schema reads is left out alone (no message: it is kept).
_LIST_ITEMS: dict[str, Callable[[Any], Faults]] = {
    "authors": _author,
    "ai_keywords": lambda k: None if isinstance(k, str) else ("", f"{_shown(k)} is not text: left out"),
}


def item_id(value: Any) -> object:
    """The arXiv id as an item writes it (`paper.id`, or a flat item's `id`), whatever its type; None without."""
    if not isinstance(value, dict):
        return None
    paper = value.get("paper")
    return paper.get("id") if isinstance(paper, dict) else value.get("id") if paper is None else None


def _unwrapped(value: Any) -> tuple[Any, str]:
    """Give a flat item (its paper's fields at the top level: no `paper`, or `"paper": null`) the
    usual shape, `{"paper": {...}, "numComments": ...}`; return the item and the prefix its messages
    give a paper's field (`paper.`, or nothing for a flat item, which has no `paper` to name)."""
    if not isinstance(value, dict) or value.get("paper") is not None:
        return value, "paper."
    paper = {key: field for key, field in value.items() if key not in ("paper", "numComments")}
    return {"paper": paper} | ({"numComments": value["numComments"]} if "numComments" in value else {}), ""


def _dotted(where: tuple[str | int, ...], at: str) -> str:
    """A path as messages write it: `paper.authors.0`, or `authors.0` for a flat item (at: see _unwrapped)."""
    if not at and where[:1] == ("paper",):
        where = where[1:]
    return ".".join(str(step) for step in where)


def _tidy(value: Any, label: str, at: str = "paper.") -> tuple[Any, list[str]]:
    """Copy an item's top and `paper` levels, taking out what the lax reading would misread: an
    author without a name or whose `hidden` is no flag, or a keyword that is not text (each noted
    as written, by its path in the item: `paper.authors.1.hidden`), a number where a
    timestamp belongs (msgspec would read it as Unix time); a date without a time gets midnight UTC.
    at: the prefix of a paper's field in a message (_unwrapped)."""
    if not (isinstance(value, dict) and isinstance(value.get("paper"), dict)):
        return value, []
    said: list[str] = []
    value = dict(value)
    paper = value["paper"] = dict(value["paper"])
    for key, check in _LIST_ITEMS.items():
        listed = paper.get(key)
        if isinstance(listed, list):
            faults = [check(x) for x in listed]
            paper[key] = [x for x, fault in zip(listed, faults, strict=True) if fault is None]
            said += [f"{label}: {at}{key}.{i}{f[0]}: {f[1]}" for i, f in enumerate(faults) if f is not None]
            if key == "authors":
                said += [f"{label}: {at}{key}.{i}.name: {f}" for i, f in _several(listed, faults)]
    for _, key in STAMPS:
        stamp = paper.get(key)
        if stamp is None:
            continue
        if not isinstance(stamp, str) or NUMBER.fullmatch(stamp.strip()):
            del paper[key]
            said.append(f"{label}: {at}{key}: {_shown(stamp)} is not a date: left out")
        elif DATE_ONLY.fullmatch(stamp.strip()):
            paper[key] = stamp.strip() + "T00:00:00Z"  # the same day, no time: not worth a note
    return value, said


def item_label(number: int, paper_id: object = None) -> str:
    """Name an item in a message: `item 3 (2403.01234)`, the id as written, invisible characters as escapes."""
    if not (isinstance(paper_id, str) and paper_id):
        return f"item {number}"
    shown = escaped(paper_id[:41])
    return f"item {number} ({shown if len(shown) <= 40 else shown[:39] + '…'})"


def _shown(value: Any) -> str:
    """A value as a note quotes it: JSON (a string by repr), invisible characters as escapes, 40 at most."""
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    text = escaped(text)
    return text if len(text) <= 40 else text[:39] + "…"


def _convert(value: Any, label: str, at: str = "paper.") -> tuple[Item, list[str]]:
    """Read one item leniently (see the module docstring); return it and a note per field left out
    (at: the prefix of a paper's field in them, see _unwrapped).

    Raises msgspec.ValidationError for a required field (REQUIRED), an item that is not an object,
    or past MAX_REPAIRS.
    """
    value, said = _tidy(value, label, at)
    for _ in range(MAX_REPAIRS):
        try:
            item = msgspec.convert(value, Item, strict=False)
        except msgspec.ValidationError as exc:
            where = _path(exc)
            own = len(where) == 1 and where[0] != "paper"  # the item's own title, summary, numComments
            paper = len(where) >= 2 and where[0] == "paper" and where[:2] not in REQUIRED
            if not (own or paper):
                raise
            # An author goes whole; any other field alone. Only levels _tidy copied are changed.
            cut = where[:3] if where[:2] == ("paper", "authors") and len(where) > 2 else where[:2]
            holder = value
            for step in cut[:-1]:
                holder = holder[step]
            why = validation_message(exc).split(": ", 1)[-1].strip()
            said.append(f"{label}: {_dotted(cut, at)}: {why}: left out")
            del holder[cut[-1]]
            continue
        for field, key in STAMPS:
            stamp = getattr(item.paper, field)
            if stamp is not None and stamp.tzinfo is not None:
                try:
                    setattr(item.paper, field, stamp.astimezone(dt.UTC))
                except OverflowError:  # 9999-12-31T23:59:59-05:00 is in the year 10000 in UTC
                    setattr(item.paper, field, None)
                    shown = _shown(value["paper"][key])
                    said.append(f"{label}: {at}{key}: {shown} is outside the years 1 to 9999 in UTC: left out")
        for owner, field, name in (
            (item.paper, "upvotes", f"{at}upvotes"),
            (item.paper, "github_stars", f"{at}githubStars"),
            (item, "num_comments", "numComments"),
        ):
            number = getattr(owner, field)
            if number is not None and not 0 <= number <= COUNT_MAX:
                setattr(owner, field, None)
                said.append(
                    f"{label}: {name}: {number if abs(number) < 10**12 else 'a huge number'} is not a count: left out"
                )
        return item, said
    raise msgspec.ValidationError(f"more than {MAX_REPAIRS} fields are wrong")


# (N, line, item, at): the item's number in the file, from 1, its line, and the prefix of a paper's
# field in its messages (`paper.`, or nothing for a flat item: _unwrapped)
Numbered = tuple[int, int, Item, str]


def read_items(name: str, raw: bytes) -> tuple[list[Numbered], list[Note], list[GeneratorError]]:
    """Validate every item of a saved response; return the good ones in the API's order, a note per
    field left out, and an error per bad item (`name:LINE: item N (arXiv id): message`).

    Raises DigestError for a file that is not a JSON array (no item can be read).
    """
    errors: list[GeneratorError] = []
    items: list[Numbered] = []
    notes: list[Note] = []
    for number, (line, value) in enumerate(json_array.scan(name, json_array.decode(name, raw)), start=1):
        label = item_label(number, item_id(value))
        value, at = _unwrapped(value)
        try:
            item, said = _convert(value, label, at)
        except msgspec.ValidationError as exc:
            errors.append(DigestError(name, line, f"{label}: {validation_message(exc, at)}"))
            continue
        except RecursionError:
            errors.append(DigestError(name, line, f"{label}: nested too deeply"))
            continue
        found = arxiv_id(item.paper.id)
        if found is None:
            errors.append(DigestError(name, line, f"{label}: {at}id: not an arXiv id: {_shown(item.paper.id)}"))
            continue
        if ascii_digits(item.paper.id) != item.paper.id:
            said.append(
                f"{label}: {at}id: {_shown(item.paper.id)} is written with digits of another script: read as {found}"
            )
        items.append((number, line, item, at))
        notes.extend(Note(name, line, message) for message in said)
    return items, notes, errors


def dropped_urls(item: Item, at: str = "paper.") -> list[str]:
    """Say which of the item's URLs are not safe http(s) links, so are not shown (nor their stars);
    at: the prefix of a paper's field (_unwrapped)."""
    paper = item.paper
    said = []
    for field, value in (("githubRepo", paper.github_repo), ("projectPage", paper.project_page)):
        if value and value.strip() and checked_url(value) is None:
            shown = files.display_name(value.strip())  # controls, bidirectional ones too, as U+FFFD
            shown = shown if len(shown) <= 80 else shown[:77] + "..."
            # repr writes format characters as escapes; the printable invisible ones too (U+3164)
            quoted = DEFAULT_IGNORABLE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), repr(shown))
            why = "not an http(s) link"
            if BIDI_CONTROL.search(value):
                why = "not a link: it holds a bidirectional control character, which can disguise an address"
            elif DEFAULT_IGNORABLE.search(value):
                why = "not a link: it holds an invisible formatting character, which can disguise an address"
            stars = " (and its githubStars)" if field == "githubRepo" and paper.github_stars is not None else ""
            said.append(f"{at}{field}: {quoted} is {why}: not shown{stars}")
    return said


def _own_or_papers(own: str | None, papers: str | None, field: str, budget: TexBudget) -> tuple[str, str | None]:
    """Clean the item's own title (or summary), else its paper's; return it, and a note when the
    item's own has no visible text (blank, control characters alone) and the paper's stands in."""
    mine = text(own, budget) if own else ""
    if has_visible_text(mine):
        return mine, None
    theirs = text(papers, budget) if papers else ""
    theirs = theirs if has_visible_text(theirs) else ""
    said = f"{field}: {_shown(own)} has no visible text: paper.{field} shown" if own and theirs else None
    return theirs, said


def _listing(item: Item, budget: TexBudget) -> Listing:
    paper = item.paper
    code = checked_url(paper.github_repo)
    keywords = dict.fromkeys(k for k in (text(w, budget) for w in paper.ai_keywords or ()) if k)
    summary = text(paper.ai_summary, budget) if paper.ai_summary else ""
    return Listing(
        arxiv_id=arxiv_id(paper.id),
        authors=tuple(n for a in paper.authors or () if not a.hidden for n in people(a.name, budget)),
        published=_day(paper.published_at),
        upvotes=paper.upvotes,
        comments=item.num_comments,
        code=code,
        code_stars=paper.github_stars if code else None,  # a repository's stars only with the repository
        project_page=checked_url(paper.project_page),
        keywords=tuple(keywords),
        summary=summary or None,
        withdrawn=_day(paper.withdrawn_at),
    )


def digest_date(name: str, path: Path, items: list[Numbered], notes: list[Note]) -> dt.date:
    """Apply the date rule: the date in the file name (in any form a text digest's name may carry
    it), else the items' Daily Papers day (one).

    An item submitted on another day than the file name's is noted (the API lists a day's papers
    by its own clock): the file name decides."""
    submitted = [(number, line, item, _day(item.paper.submitted_on_daily_at)) for number, line, item, _ in items]
    days = dict.fromkeys(day for *_, day in submitted if day is not None)
    named = files.json_name_date(files.display_name(path.stem), name, days)
    if named is not None:
        for number, line, item, day in submitted:
            if day is not None and day != named:
                message = (
                    f"{item_label(number, item.paper.id)}: submitted to Daily Papers on {day.isoformat()} (UTC), "
                    f"but the file name says {named.isoformat()}: listed on {named.isoformat()}"
                )
                notes.append(Note(name, line, message))
        return named
    if not days:
        raise DigestError(
            name, None, "no date: name the file YYYY-MM-DD.json or keep the items' paper.submittedOnDailyAt"
        )
    if len(days) > 1:
        listed = ", ".join(d.isoformat() for d in sorted(days))
        raise DigestError(name, None, f"items from several days ({listed}): keep one day per file")
    return next(iter(days))


def parse_bytes(raw: bytes, path: Path, default_year: int | None, name: str) -> Digest:
    """Parse a saved response into a Digest, in the API's order; raise DigestError naming the fault.

    Every item's problems are reported at once, whichever stage finds them (a missing id in one,
    no abstract in another). `default_year` is unused (a JSON digest's date is always known); the
    signature is every reader's.
    """
    items, notes, errors = read_items(name, raw)
    budget = TexBudget()
    if not items and not errors:
        raise DigestError(name, None, "no papers in this digest (an empty JSON array)")
    date = None
    if items:
        try:
            date = digest_date(name, path, items, notes)
        except DigestError as exc:
            errors.append(exc)
    entries = []
    for number, line, item, at in items:
        label = item_label(number, item.paper.id)
        nor = " (nor the item's own)" if at else ""  # a flat item has no title but its paper's
        title, blank_title = _own_or_papers(item.title, item.paper.title, "title", budget)
        abstract, blank_summary = _own_or_papers(item.summary, item.paper.summary, "summary", budget)
        notes.extend(Note(name, line, f"{label}: {said}") for said in (blank_title, blank_summary) if said)
        notes.extend(Note(name, line, f"{label}: {said}") for said in dropped_urls(item, at))
        if not title:
            errors.append(DigestError(name, line, f"{label}: {at}title: no title{nor}"))
        if not abstract:
            errors.append(DigestError(name, line, f"{label}: {at}summary: no abstract{nor}"))
        if title and (fault := title_fault(title)):
            errors.append(DigestError(name, line, f"{label}: {fault}"))
            title = ""
        if title and abstract:
            entries.append(Entry(title, abstract, line, _listing(item, budget)))
    if errors or date is None:
        raise errors[0] if len(errors) == 1 else Errors(errors)
    source, slug = files.display_name(path.name), digest_slug(path.stem, date)
    return Digest(date=date, source=source, slug=slug, entries=tuple(entries), kind="json", notes=tuple(notes))


def parse_file(path: Path, default_year: int | None = None, display: str | None = None) -> Digest:
    """Read one JSON digest file (a regular file of at most the default size limit)."""
    name = display or files.display_name(str(path))
    return parse_bytes(files.read_regular(path, DEFAULT_LIMIT, name), path, default_year, name)
