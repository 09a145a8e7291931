"""`python -m generator fetch`: save each day's Daily Papers as data/digests/YYYY-MM-DD.json.

`GET {HF_ENDPOINT}/api/daily_papers?date=YYYY-MM-DD&limit=100&p=N` (the endpoint huggingface_hub's
`HfApi.list_daily_papers` calls), page after page until a page brings nothing new. The file is
the API's items in the API's order, indented, keys sorted, so git diffs read well. It is checked
with the build's own reader before it is written (atomically), so a saved day always builds.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from ..errors import GeneratorError
from ..sources import daily_api
from ..write.atomic import replace_file
from .client import FetchError, get_json

PAGE_SIZE = 100  # items asked per request; the next page is asked until one brings nothing new
MAX_PAGES = 50  # a safety stop: no day has 5,000 papers
FILE_DATE = re.compile(r"(?<![0-9])(\d{4}-\d{2}-\d{2})(?![0-9])")

Log = Callable[[str], None]


@dataclass(frozen=True)
class FetchReport:
    """What a fetch run did, day by day."""

    saved: tuple[tuple[dt.date, int], ...]  # (day, papers) written
    empty: tuple[dt.date, ...]  # days the API listed nothing for
    skipped: tuple[dt.date, ...]  # days already saved

    def __str__(self) -> str:
        papers = sum(n for _, n in self.saved)
        days = len(self.saved)
        return (
            f"fetched {papers} papers in {days} new digest{'s' * (days != 1)}; "
            f"{len(self.empty)} day{'s' * (len(self.empty) != 1)} without papers, {len(self.skipped)} already saved"
        )


def newest_saved(folder: Path) -> dt.date | None:
    """The newest YYYY-MM-DD in the names of the digest files (text or JSON) in folder."""
    newest = None
    for path in folder.glob("*"):
        if path.suffix not in (".json", ".txt"):
            continue
        for found in FILE_DATE.findall(path.stem):
            try:
                day = dt.date.fromisoformat(found)
            except ValueError:
                continue
            newest = day if newest is None or day > newest else newest
    return newest


def days_to_fetch(
    folder: Path, today: dt.date, date: dt.date | None = None, since: dt.date | None = None
) -> list[dt.date]:
    """--date: that day; --since: that day to yesterday; neither: every day after the newest saved to yesterday.

    "Today" is UTC's: the Daily Papers list of a day is complete once the day is over there.
    Raises GeneratorError for a day in the future or nothing to start from.
    """
    yesterday = today - dt.timedelta(days=1)
    if date is not None:
        if date > today:
            message = f"{date.isoformat()} is in the future (today is {today.isoformat()} UTC)"
            raise GeneratorError("--date", None, message)
        return [date]
    if since is None:
        newest = newest_saved(folder)
        if newest is None:
            raise GeneratorError(str(folder), None, "no saved digest to continue from: give --date or --since")
        since = newest + dt.timedelta(days=1)
    return [since + dt.timedelta(days=n) for n in range((yesterday - since).days + 1)]


def _paper_id(item: Any) -> str:
    paper = item.get("paper") if isinstance(item, dict) else None
    value = paper.get("id") if isinstance(paper, dict) else None
    return value if isinstance(value, str) else json.dumps(item, sort_keys=True)


def fetch_day(client: requests.Session, base: str, day: dt.date) -> list[Any]:
    """Return the day's items in the API's order, paging until a page brings nothing new."""
    url = f"{base}/api/daily_papers"
    items: list[Any] = []
    seen: set[str] = set()
    for page in range(MAX_PAGES):
        value = get_json(client, url, {"date": day.isoformat(), "limit": PAGE_SIZE, "p": page})
        if not isinstance(value, list):
            shown = json.dumps(value)[:80]
            raise FetchError(f"{url}?date={day.isoformat()}", None, f"expected a JSON array of papers, got {shown}")
        new = [item for item in value if _paper_id(item) not in seen]
        seen.update(_paper_id(item) for item in new)
        items += new
        if not new:
            break
    return items


def encode(items: list[Any]) -> bytes:
    """The saved form: indented, keys sorted, UTF-8, a final newline."""
    return (json.dumps(items, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def fetch(
    folder: Path,
    days: Iterable[dt.date],
    client: requests.Session,
    base: str,
    force: bool = False,
    log: Log = print,
    display: Callable[[Path], str] = str,
) -> FetchReport:
    """Fetch and save each day; raise FetchError or GeneratorError (one line) at the first failure.

    Days saved before a failure stay saved (each file is complete); the failing day writes nothing.
    """
    days = list(days)
    saved: list[tuple[dt.date, int]] = []
    empty: list[dt.date] = []
    skipped: list[dt.date] = []
    folder.mkdir(parents=True, exist_ok=True)
    for number, day in enumerate(days, start=1):
        path = folder / f"{day.isoformat()}.json"
        counter = f"[{number}/{len(days)}] {day.isoformat()}"
        if path.exists() and not force:
            skipped.append(day)
            log(f"{counter}: already saved in {display(path)}; skipped (--force fetches it again)")
            continue
        text_twin = path.with_suffix(".txt")
        if text_twin.exists():
            message = f"a text digest already has the page name {day.isoformat()}; rename it to fetch this day"
            raise GeneratorError(display(text_twin), None, message)
        items = fetch_day(client, base, day)
        if not items:
            empty.append(day)
            log(f"{counter}: no papers listed; nothing written")
            continue
        content = encode(items)
        try:
            daily_api.parse_bytes(content, path, None, display(path))  # what the build will read
        except GeneratorError as exc:
            raise FetchError(
                f"{base}/api/daily_papers?date={day.isoformat()}", None, f"the answer would not build: {exc.message}"
            ) from None
        try:
            replace_file(path, content)
        except OSError as exc:
            raise GeneratorError(display(path), None, f"cannot write: {exc.strerror}") from None
        saved.append((day, len(items)))
        log(f"{counter}: {len(items)} papers -> {display(path)}")
    return FetchReport(tuple(saved), tuple(empty), tuple(skipped))
