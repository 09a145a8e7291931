"""`python -m generator fetch`: save each day's Daily Papers as data/digests/YYYY-MM-DD.json.

`GET {HF_ENDPOINT}/api/daily_papers?date=YYYY-MM-DD&limit=100&p=N` (the endpoint huggingface_hub's
`HfApi.list_daily_papers` calls), page after page until a page brings nothing new. The file is
the API's items in the API's order, indented, keys sorted, so git diffs read well, and strict JSON
(a NaN or Infinity in the answer is saved as null, and named). It is checked
with the build's own reader before it is written (atomically), so a saved day always builds.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from slugify import slugify

from ..config import Settings
from ..errors import DigestError, GeneratorError
from ..progress import count
from ..sources import clean, daily_api, files
from ..sources.digests import READERS, read_sources
from ..write.atomic import replace_file
from .client import LIMIT_SETTING, FetchError, HubUnreachable, Overflow, get_page

PAGE_SIZE = 100  # items asked per request; the next page is asked until one brings nothing new
MAX_PAGES = 50  # a safety stop: no day has 5,000 papers
CATCH_UP_DAYS = 31  # days one run fetches at most when it continues from the newest saved digest
LOOK_BACK_DAYS = 31  # days before yesterday in which a run also fetches a missing day (not only after the newest)
FAILED_IN_A_ROW = 3  # days failing one after another that stop a run: the Hub seems down, not one day
EMPTY_DAYS = ".empty-days"  # in the data folder: the days the API listed nothing for, one YYYY-MM-DD a line
# Beside it: flock(2)ed while a fetch reads and replaces EMPTY_DAYS, so that fetches at once lose no
# day. Kept (empty) rather than removed, so that every process locks the same file; git ignores it.
EMPTY_DAYS_LOCK = EMPTY_DAYS + ".lock"
# Beside it: the days a run asked for and got no usable answer (after the retries), one YYYY-MM-DD a
# line, so that the next run asks again even for a day before the first one fetch saved or found empty
# (the first day after a text digest, or a --since day). Kept, locked and replaced as EMPTY_DAYS is; a
# day leaves it when it is saved or found empty, or when no run would ask it again (stale_failed).
# Committed with the data, as EMPTY_DAYS is.
FAILED_DAYS = ".failed-days"
FAILED_DAYS_LOCK = FAILED_DAYS + ".lock"

ASKED_AGAIN = "skipped, asked again next run"  # after a failed day (FAILED_DAYS)
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

Log = Callable[[str], None]


@dataclass(frozen=True)
class FetchReport:
    """What a fetch run did, day by day."""

    saved: tuple[tuple[dt.date, int], ...]  # (day, papers) written
    empty: tuple[dt.date, ...]  # days the API listed nothing for
    skipped: tuple[dt.date, ...]  # days already saved
    left_out: tuple[str, ...] = ()  # items of a saved day the build could not read, each "path: item N (id): why"
    failed: tuple[dt.date, ...] = ()  # days the Hub gave no usable answer for: nothing written, asked again
    not_asked: int = 0  # days after the run stopped (the Hub seemed down), not asked

    def __str__(self) -> str:
        papers = sum(n for _, n in self.saved)
        failed = f"; {_days(len(self.failed))} failed ({', '.join(d.isoformat() for d in self.failed)})"
        stopped = f", {_days(self.not_asked)} not asked (stopped early)" if self.not_asked else ""
        return (
            f"fetched {count(papers, 'paper')} in {count(len(self.saved), 'new digest')}; "
            f"{_days(len(self.empty))} without papers, {len(self.skipped)} already saved"
            + (failed + stopped if self.failed else "")
        )


@dataclass(frozen=True)
class Saved:
    """What the data folder holds, by day."""

    dates: frozenset[dt.date]  # of its digests, text or JSON
    fetched: frozenset[dt.date]  # of its JSON digests (what fetch saved)
    empty: frozenset[dt.date]  # the days fetch found no papers for (EMPTY_DAYS)
    files: tuple[tuple[dt.date, str], ...] = ()  # (day, file name) of each digest, sorted
    failed: frozenset[dt.date] = frozenset()  # the days a run asked for and got no usable answer (FAILED_DAYS)


def saved_days(settings: Settings) -> Saved:
    """Read the days the data folder holds.

    The dates come from the build's own readers (a text digest's file name or date line, a JSON
    digest's file name or items), so what `fetch` continues from is what the site shows.
    Raises GeneratorError (DigestError, Errors) for a digest the build could not read either, or
    for a line of EMPTY_DAYS or FAILED_DAYS that is not a date.
    """
    folder = settings.data_dir
    empty = read_empty(folder, settings.display(folder / EMPTY_DAYS))
    failed = read_failed(folder, settings.display(folder / FAILED_DAYS))
    if not folder.is_dir() or not any(
        path.suffix.lower() in READERS and not path.name.startswith(".") for path in folder.iterdir()
    ):
        return Saved(frozenset(), frozenset(), empty, failed=failed)
    digests, _ = read_sources(settings)
    fetched = frozenset(d.date for d in digests if Path(d.source).suffix.lower() == ".json")
    files = tuple(sorted((d.date, d.source) for d in digests))
    return Saved(frozenset(d.date for d in digests), fetched, empty, files, failed)


def read_empty(folder: Path, display: str) -> frozenset[dt.date]:
    """Read EMPTY_DAYS in folder (none if absent). Raises GeneratorError naming a line that is not a date."""
    return _read_days(folder / EMPTY_DAYS, display)


def read_failed(folder: Path, display: str) -> frozenset[dt.date]:
    """Read FAILED_DAYS in folder (none if absent). Raises GeneratorError naming a line that is not a date."""
    return _read_days(folder / FAILED_DAYS, display)


def _read_days(path: Path, display: str) -> frozenset[dt.date]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return frozenset()
    except UnicodeDecodeError as exc:
        at = exc.object[: exc.start].count(b"\n") + 1
        raise GeneratorError(display, at, f"not UTF-8 (byte 0x{exc.object[exc.start]:02x}): a date a line") from None
    except OSError as exc:
        raise GeneratorError(display, None, f"cannot read: {exc.strerror}") from None
    days = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                days.add(dt.date.fromisoformat(line.strip()))
            except ValueError:
                raise GeneratorError(display, number, f"not a date (YYYY-MM-DD): {line.strip()!r}") from None
    return frozenset(days)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive flock(2) on path (created if absent), waiting while another process holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # and with it the lock


def mark_empty(folder: Path, day: dt.date, empty: bool) -> None:
    """Add day to EMPTY_DAYS in folder, or take it out (a day fetched again found papers); the file
    is sorted, one day a line, replaced atomically, and left alone when nothing changes.

    The change is made under EMPTY_DAYS_LOCK, so two fetches at once each add their day. Raises OSError."""
    _mark(folder / EMPTY_DAYS, folder / EMPTY_DAYS_LOCK, day, empty)


def stale_failed(saved: Saved, today: dt.date) -> list[dt.date]:
    """The days FAILED_DAYS holds that no run will ask again: saved since (a text digest added by
    hand), found empty, or older than the look-back window (days_to_fetch)."""
    window = look_back_start(today)
    return sorted(d for d in saved.failed if d in saved.dates or d in saved.empty or d < window)


def look_back_start(today: dt.date) -> dt.date:
    """The first of the LOOK_BACK_DAYS before today (UTC) in which a run fetches any missing day."""
    return today - dt.timedelta(days=LOOK_BACK_DAYS)


def mark_failed(folder: Path, day: dt.date, failed: bool) -> None:
    """Add day to FAILED_DAYS in folder, or take it out (saved or found empty), as mark_empty does
    (under FAILED_DAYS_LOCK). Raises OSError."""
    _mark(folder / FAILED_DAYS, folder / FAILED_DAYS_LOCK, day, failed)


def _mark(path: Path, lock: Path, day: dt.date, listed: bool) -> None:
    name = str(path)
    if (day in _read_days(path, name)) == listed:
        return  # nothing to change; reading needs no lock, as the file is replaced whole
    with _locked(lock):
        days = _read_days(path, name)
        if (day in days) != listed:
            marked = days | {day} if listed else days - {day}
            replace_file(path, "".join(f"{d.isoformat()}\n" for d in sorted(marked)).encode("ascii"))


def _note(
    mark: Callable[[Path, dt.date, bool], None],
    folder: Path,
    day: dt.date,
    listed: bool,
    display: Callable[[Path], str],
) -> None:
    """mark(folder, day, listed) (mark_empty, mark_failed); raises GeneratorError naming the file it cannot write."""
    try:
        mark(folder, day, listed)
    except OSError as exc:
        path = folder / (EMPTY_DAYS if mark is mark_empty else FAILED_DAYS)
        raise GeneratorError(display(path), None, f"cannot write: {exc.strerror}") from None


def forget_failed(folder: Path, day: dt.date, display: Callable[[Path], str] = str) -> None:
    """Take day out of FAILED_DAYS (stale_failed); raises GeneratorError naming the file it cannot write."""
    _note(mark_failed, folder, day, False, display)


def _days(n: int) -> str:
    return count(n, "day")


@dataclass(frozen=True)
class Plan:
    """The days one run fetches, and how many after them a bounded catch-up leaves to the next runs."""

    days: tuple[dt.date, ...]
    left: int = 0  # days after the last of `days`, up to yesterday, not fetched by this run
    newest: dt.date | None = None  # the newest saved digest continued from (neither --date nor --since)
    future: tuple[dt.date, ...] = ()  # saved digests dated after today (a typo in a file name?)

    def catch_up(self) -> str | None:
        """A line saying the run is one step of a bounded catch-up, or None when it fetches every day due."""
        if not self.left or self.newest is None:
            return None
        due = len(self.days) + self.left
        return (
            f"{_days(due)} not saved yet up to yesterday (the newest saved digest is of {self.newest.isoformat()}); "
            f"this run fetches the first {_days(len(self.days))} ({self.days[0].isoformat()} to "
            f"{self.days[-1].isoformat()}, --max-days) and the next runs go on from there "
            f"(--since YYYY-MM-DD starts elsewhere)"
        )


def days_to_fetch(
    saved: Saved | None,
    today: dt.date,
    date: dt.date | None = None,
    since: dt.date | None = None,
    max_days: int = CATCH_UP_DAYS,
    where: str = "data/digests",
) -> Plan:
    """--date: that day; --since: that day to yesterday; neither: every day up to yesterday that has
    no saved digest and was not found empty, after the newest digest, and in the LOOK_BACK_DAYS
    before yesterday from the first day fetch saved or found empty; and every day in those that
    failed (FAILED_DAYS).

    So a day skipped by `--date` of a later one, or a day deleted, in that window is fetched by
    the next run, a `--date` of an old day starts no backfill, and a run of days without papers is
    asked once. A day that failed is asked again by the next run while it is in the LOOK_BACK_DAYS,
    even when it is the first day a run asked for (after a text digest, or a --since day) and the
    later days landed; it moves no window's start, so a failed `--date` of an old day starts no
    backfill and is not asked again (stale_failed lets it go). "Today" is UTC's: the Daily Papers list of a day is
    complete once the day is over there. With neither, a run fetches at most `max_days` days, the
    oldest first, so a site whose newest digest is old catches up over several runs instead of
    asking the Hub for years in one.
    Raises GeneratorError for a day in the future, a --since that is not over, or nothing to start
    from (no saved digest: `where` names the folder).
    """
    yesterday = today - dt.timedelta(days=1)
    if date is not None:
        if date > today:
            message = f"{date.isoformat()} is in the future (today is {today.isoformat()} UTC)"
            raise GeneratorError("--date", None, message)
        return Plan((date,))
    if since is not None:
        if since > today:
            message = f"{since.isoformat()} is in the future (today is {today.isoformat()} UTC): nothing to fetch"
            raise GeneratorError("--since", None, message)
        if since == today:
            day = since.isoformat()
            message = f"{day} is today (UTC), which is not over: --date {day} fetches it as it stands"
            raise GeneratorError("--since", None, message)
        return Plan(tuple(since + dt.timedelta(days=n) for n in range((yesterday - since).days + 1)))
    dates = [d for d in saved.dates if d <= today] if saved else []
    history = [d for d in saved.fetched | saved.empty if d <= today] if saved else []
    failed = [d for d in saved.failed if d <= today] if saved else []
    if saved is None or not (dates or history or failed):
        message = (
            "no saved digest to continue from: give --since YYYY-MM-DD (the first day to fetch) or --date "
            "(the Fetch workflow's Run workflow form takes them too)"
        )
        raise GeneratorError(where, None, message)
    newest = max(dates) if dates else None
    after = newest + dt.timedelta(days=1) if newest else min(history or failed)
    # Gaps: the days of the last LOOK_BACK_DAYS since the first one fetched or found empty (a --date
    # of an old day starts no backfill); then every day after the newest digest; and every day that
    # failed in the window, wherever it lies (the first day after a text digest, a --since day), but
    # without moving the window's start (a failed --date of an old day starts no backfill either).
    window = look_back_start(today)
    start = min(after, max(min([*history, after]), window))
    known = saved.dates | saved.empty
    gaps = {d for n in range((yesterday - start).days + 1) if (d := start + dt.timedelta(days=n)) not in known}
    due = sorted(gaps | {d for d in failed if window <= d <= yesterday and d not in known})
    future = tuple(sorted(d for d in saved.dates if d > today))
    return Plan(tuple(due[:max_days]), max(0, len(due) - max_days), newest, future)


def _paper_id(item: Any) -> str:
    value = daily_api.item_id(item)  # a flat item's own id too
    return value if isinstance(value, str) else json.dumps(item, sort_keys=True)


def _query(day: dt.date, page: int) -> dict[str, Any]:
    return {"date": day.isoformat(), "limit": PAGE_SIZE, "p": page}


def _asked(base: str, day: dt.date, page: int = 0) -> str:
    """The URL of a day's page (the first: as a message names the day)."""
    return requests.Request("GET", f"{base}/api/daily_papers", params=_query(day, page)).prepare().url or base


class SafetyStop(FetchError):
    """A day's pages brought new papers past MAX_PAGES pages: the day is not saved in part."""


def fetch_day(
    client: requests.Session, base: str, day: dt.date, limit: int | None = None, setting: str = LIMIT_SETTING
) -> list[Any]:
    """Return the day's items in the API's order, paging until a page brings nothing new.

    Raises SafetyStop (naming the page's URL) when the page after the safety stop (MAX_PAGES
    pages) still brings new items: a day saved without them would never be asked again. Pages
    larger than limit bytes together (decompressed) raise TooLarge (client.get_page) at the page
    that passes it, read no further: the day's answer, not each page, is bounded (as its file is)."""
    url = f"{base}/api/daily_papers"
    items: list[Any] = []
    seen: set[str] = set()
    read = 0  # bytes of the day's pages so far, decompressed
    for page in range(MAX_PAGES + 1):  # one page past the stop tells whether it left anything
        asked = _query(day, page)
        value, size = get_page(client, url, asked, "Daily Papers items", limit or files.DEFAULT_LIMIT, setting, read)
        read += size
        new = [item for item in value if _paper_id(item) not in seen]
        if not new:
            return items
        if page == MAX_PAGES:
            break
        seen.update(_paper_id(item) for item in new)
        items += new
    pages = f"{MAX_PAGES} pages of {PAGE_SIZE}"
    raise SafetyStop(_asked(base, day, MAX_PAGES), None, f"new papers still listed after {pages} (a safety stop)")


def _readable(items: list[Any], path: Path, display: str) -> tuple[bytes, int, list[str], set[int]]:
    """Return the saved form of a day's items that the build reads (checked with its reader), how
    many they are, messages naming the others and their numbers (empty bytes when none is readable).

    A day stops for nothing but its own unreadable items (an item the Hub lists without an
    abstract): the day is saved without them, and they are named, rather than no later day landing."""
    content = encode(items)
    try:
        daily_api.parse_bytes(content, path, None, display)
        return content, len(items), [], set()
    except GeneratorError:
        pass
    readable, unread, left = [], [], set()
    for number, item in enumerate(items, start=1):
        try:
            daily_api.parse_bytes(encode([item]), path, None, display)
        except GeneratorError as exc:
            unread.append(re.sub(r"^item 1\b", f"item {number}", exc.message))
            left.add(number)
        else:
            readable.append(item)
    if not readable:
        return b"", 0, unread, left
    content = encode(readable)
    daily_api.parse_bytes(content, path, None, display)  # together, as the build reads the file
    return content, len(readable), unread, left


def date_pages(names: Iterable[str]) -> dict[str, str]:
    """Map each page name that is a bare date (`2024-03-15`) to the digest the build gives it, other
    than the YYYY-MM-DD.json fetch writes: a file named for its date alone in another case or form
    (`2024-03-15.JSON`, `2024-03-15.txt`, `2024_03_15.TXT`). Saving that day's .json beside it would
    give the build two digests for one page, which it refuses (files.digest_slug, digests.read_sources)."""
    pages: dict[str, str] = {}
    for name in sorted(names):
        stem, suffix = os.path.splitext(name)
        page = slugify(stem)
        if (
            not name.startswith(".")
            and suffix.lower() in READERS
            and ISO_DAY.fullmatch(page)
            and name != f"{page}.json"
        ):
            pages.setdefault(page, name)
    return pages


def named_days(names: Iterable[str]) -> dict[str, str]:
    """Map each day (`2024-03-15`) to the first digest whose file name carries it in a form the build
    reads (`20240315.json`, `2024-3-15.json`, `15-Mar-2024.txt`, `2024-03-15-evening.txt`; either
    reading of `03-04-2024`), other than the YYYY-MM-DD.json fetch writes: the day is saved there.
    Names alone, so a digest the build cannot read does not stop a fetch (files.find_date)."""
    days: dict[str, str] = {}
    for name in sorted(names):
        stem, suffix = os.path.splitext(name)
        if name.startswith(".") or suffix.lower() not in READERS:
            continue
        try:
            found = files.find_date(files.display_name(stem), name, None)
        except DigestError:
            continue  # not a full date: the build names it; no day to match
        for reading in found[1] if found else ():
            try:
                day = dt.date(*reading).isoformat()
            except ValueError:
                continue
            if name != f"{day}.json":
                days.setdefault(day, name)
    return days


def strict_numbers(items: list[Any]) -> list[tuple[int, str]]:
    """Set every number JSON cannot hold (NaN, Infinity, -Infinity: Python's json reads them, other
    tools do not; and one too large for a float, `1e400`, which Python reads as infinite) to null,
    in place; return (item number, message) for each, naming the item and the field, the Hub's
    text in them escaped (clean.escaped: no terminal escape reaches the log)."""
    said: list[tuple[int, tuple[str, ...], str]] = []
    for number, item in enumerate(items, start=1):
        label = daily_api.item_label(number, daily_api.item_id(item))
        todo: list[tuple[Any, Any, tuple[str, ...]]] = [(items, number - 1, ())]
        while todo:  # not recursive: an answer nested deeply is still only walked
            holder, key, where = todo.pop()
            value = holder[key]
            if isinstance(value, float) and not math.isfinite(value):
                holder[key] = None
                field = clean.escaped(".".join(where))
                if isinstance(value, Overflow):
                    what = f"{clean.escaped(value.text)} is too large for a JSON number"
                else:
                    what = f"{json.dumps(value)} is not a JSON number"
                said.append((number, where, f"{label}: {field}: {what}: saved as null"))
            elif isinstance(value, dict):
                todo += [(value, k, (*where, str(k))) for k in value]
            elif isinstance(value, list):
                todo += [(value, i, (*where, str(i))) for i in range(len(value))]
    return [(number, message) for number, _, message in sorted(said)]  # in the items' order, then by field


def encode(items: list[Any]) -> bytes:
    """The saved form: strict JSON (see strict_numbers), indented, keys sorted, UTF-8, a final newline."""
    return (json.dumps(items, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


def fetch(
    folder: Path,
    days: Iterable[dt.date],
    client: requests.Session,
    base: str,
    force: bool = False,
    log: Log = print,
    display: Callable[[Path], str] = str,
    warn: Log = print,
    limit: int | None = None,
    held: Saved | None = None,
    today: dt.date | None = None,
    setting: str = LIMIT_SETTING,
) -> FetchReport:
    """Fetch and save each day; a day the Hub gives no usable answer for is named through `warn`,
    writes no digest nor a line of EMPTY_DAYS, is noted in FAILED_DAYS (so that the next run asks
    again: days_to_fetch) and is in the report's `failed`, and the run goes on to the next days. It
    stops, leaving the days after not asked, when the Hub cannot be reached (HubUnreachable:
    refused, no such host, or a Retry-After past the cap) or when FAILED_IN_A_ROW days in a row
    failed: the Hub seems down. Raises GeneratorError (one line) when a file cannot be written.

    Every saved file is complete (written aside, then renamed).
    An item the build cannot read is left out of its day and named through `warn` at once (even if
    a later day fails); a day none of whose items it can read is a failed day (named, noted in
    FAILED_DAYS, asked again: not a day without papers, never asked again), and so is one whose
    answer or file would be larger than `limit` bytes (the build's max_digest_mb, which would refuse
    the file; its message says to raise `setting`, client.limit_setting); either way the next days
    still land. A day saved, found empty or skipped as saved leaves FAILED_DAYS. A day `held`
    (saved_days) has in a digest other than its YYYY-MM-DD.json (`20240315.json`, `15-Mar-2024.txt`,
    a text digest whose date line says so) is skipped, as a run without --date skips it: a second
    file would give the site a second page for the day.
    A failed day before the LOOK_BACK_DAYS before `today` (a --date or --since of an old day) is
    not noted in FAILED_DAYS, as no run would ask it again (stale_failed), and its message says so.
    """
    days = list(days)
    left_out: list[str] = []
    saved: list[tuple[dt.date, int]] = []
    empty: list[dt.date] = []
    skipped: list[dt.date] = []
    failed: list[dt.date] = []
    in_a_row = 0  # days failed since the last that did not
    window = look_back_start(today) if today else None

    def fail(day: dt.date) -> str:
        """Note day as failed, when a run will ask it again; return what to say after its message."""
        old = window is not None and day < window
        _note(mark_failed, folder, day, not old, display)
        failed.append(day)
        if not old:
            return ASKED_AGAIN
        back = f"{LOOK_BACK_DAYS} days a run looks back"
        return f"skipped, not asked again: older than the {back} (--date {day.isoformat()} asks)"

    folder.mkdir(parents=True, exist_ok=True)
    names = os.listdir(folder)  # fetch adds only names it skips next time (YYYY-MM-DD.json)
    dated = named_days(names) | date_pages(names)  # a bare date's page names its file first
    for day, name in held.files if held else ():
        if name != f"{day.isoformat()}.json":
            dated.setdefault(day.isoformat(), name)
    for number, day in enumerate(days, start=1):
        path = folder / f"{day.isoformat()}.json"
        counter = f"[{number}/{len(days)}] {day.isoformat()}"
        if path.exists() and not force:
            skipped.append(day)
            _note(mark_failed, folder, day, False, display)
            log(f"{counter}: already saved in {display(path)}; skipped (--force fetches it again)")
            continue
        twin = dated.get(day.isoformat())
        if twin:  # the day is there under another name; a second file for it would stop every build
            skipped.append(day)
            _note(mark_failed, folder, day, False, display)
            said = f"already saved in {display(folder / twin)}; skipped (rename it to fetch this day)"
            (warn if force else log)(f"{counter}: {said}")  # --force asked for it: said even with -q
            continue
        try:
            items = fetch_day(client, base, day, limit, setting)
        except FetchError as exc:
            skipped_day = fail(day)  # noted, so that the next run asks again
            in_a_row = 0 if isinstance(exc, SafetyStop) else in_a_row + 1  # the Hub answered: it is not down
            later = len(days) - number
            if later and (isinstance(exc, HubUnreachable) or in_a_row >= FAILED_IN_A_ROW):
                why = exc.why if isinstance(exc, HubUnreachable) else f"{in_a_row} days in a row failed"
                warn(f"{counter}: {exc}: skipped; {why}, so the run stops: {_days(later)} after it not asked")
                return FetchReport(tuple(saved), tuple(empty), tuple(skipped), tuple(left_out), tuple(failed), later)
            warn(f"{counter}: {exc}: {skipped_day}")
            continue
        repaired = strict_numbers(items)
        content, papers, unread, left = _readable(items, path, display(path))
        in_a_row = 0  # the Hub answered: it is not down, whatever the answer holds
        if items and len(left) == len(items):  # the Hub listed papers: asked again, not noted empty
            for message in unread:
                warn(f"{counter}: {message}")
            listed = f"{count(len(items), 'item')} listed, none the build can read"
            warn(f"{counter}: {_asked(base, day)}: {listed}: {fail(day)}")
            continue
        if limit and len(content) > limit:  # the build would refuse the file: a failed day, not one without papers
            size = f"the day's {count(papers, 'paper')} make a file of {len(content):,} bytes, larger than {limit:,}"
            warn(f"{counter}: {_asked(base, day)}: {size} (raise {setting}): {fail(day)}")
            continue
        for message in unread:
            left_out.append(f"{display(path)}: {message}: left out of the saved day")
            warn(left_out[-1])
        try:
            if papers:
                replace_file(path, content)
        except OSError as exc:
            raise GeneratorError(display(path), None, f"cannot write: {exc.strerror}") from None
        _note(mark_empty, folder, day, not papers, display)
        _note(mark_failed, folder, day, False, display)
        if not papers:
            empty.append(day)
            said = "no papers listed" if not unread else "no paper the build can read"
            log(f"{counter}: {said}; nothing written (noted in {display(folder / EMPTY_DAYS)})")
            continue
        for item, message in repaired:
            if item not in left:  # an item left out is named as such, not as saved with a null
                warn(f"{display(path)}: {message}")
        saved.append((day, papers))
        log(f"{counter}: {count(papers, 'paper')} -> {display(path)}")
    return FetchReport(tuple(saved), tuple(empty), tuple(skipped), tuple(left_out), tuple(failed))
