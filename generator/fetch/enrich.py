"""`python -m generator enrich`: find the arXiv id of papers that only text digests list.

Each title is looked up with the Hub's paper search (`GET {HF_ENDPOINT}/api/papers/search?q=...`,
what huggingface_hub's `HfApi.list_papers` calls): text digests are copies of the Hub's Daily
Papers page, so every paper in them has a Hub page. A hit counts only when its title has exactly
the listing's title identity (`identity_key`); several such hits with different arXiv ids are
recorded as "not found", with a note naming the ids, for a person to choose from. The hit's
authors and arXiv date come with it, or from `GET /api/papers/{id}` (`HfApi.paper_info`). Every
answer, "not found" included, goes to data/arxiv-lookups.tsv (papers/lookups.py), so a title is
never asked twice unless told to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import msgspec
import requests

from ..config import Settings
from ..errors import GeneratorError
from ..papers import identity, lookups
from ..papers.lookups import Lookup
from ..progress import Progress
from ..sources import daily_api
from ..sources.digests import read_digests
from ..sources.pairing import quote as quoted
from .client import FetchError, get_json
from .daily import count

SEARCH_LIMIT = 10  # hits asked per title
SAVE_EVERY = 25  # answers between saves of the lookups file, so that a run killed outright loses fewer

Log = Callable[[str], None]


class Found(msgspec.Struct, rename="camel"):
    """A paper as the search or the paper endpoint shows it; the fields the lookup keeps."""

    id: str
    title: str
    authors: list[daily_api.Author] | None = None
    published_at: dt.datetime | None = None


class Hit(msgspec.Struct):
    """A search hit: `{"paper": {...}, ...}` like a Daily Papers item, or the paper's fields at the top."""

    paper: Found | None = None
    id: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class EnrichReport:
    """What an enrich run asked and found."""

    asked: int
    found: int
    known: int  # titles answered before and not asked again

    def __str__(self) -> str:
        return f"looked up {count(self.asked, 'title')}: {self.found} found on the Hub; {self.known} answered before"


def _convert(value: Any, kind: type, url: str) -> Any:
    try:
        return msgspec.convert(value, kind)
    except msgspec.ValidationError as exc:
        raise FetchError(url, None, f"unexpected answer: {daily_api.validation_message(exc)}") from None


def search(client: requests.Session, base: str, title: str, today: dt.date, note: Log = lambda _: None) -> Lookup:
    """Ask the Hub for title; return the matching paper's lookup, or a "not found" one (also when
    several papers have the title: note names them, whatever order the Hub lists them in)."""
    url = f"{base}/api/papers/search"
    value = get_json(client, url, {"q": title, "limit": SEARCH_LIMIT})
    hits: list[Hit] = _convert(value, list[Hit], url)
    key = identity.identity_key(title)
    exact: dict[str, Found] = {}  # arXiv id -> its first exact hit
    for hit in hits:
        found = hit.paper or (Found(hit.id, hit.title) if hit.id and hit.title else None)
        if found is None or identity.identity_key(daily_api.text(found.title)) != key:
            continue
        arxiv = daily_api.arxiv_id(found.id)
        if arxiv is not None:
            exact.setdefault(arxiv, found)
    if len(exact) > 1:
        note(
            f"{quoted(title, 60)} is the title of {len(exact)} papers on the Hub (arXiv {', '.join(sorted(exact))}): "
            "recorded as not found; write the right one on its line by hand"
        )
    if len(exact) != 1:
        return Lookup(title, None, None, today)
    ((arxiv, found),) = exact.items()
    if found.authors is None or found.published_at is None:
        paper_url = f"{base}/api/papers/{quote(arxiv, safe='/')}"
        found = _convert(get_json(client, paper_url, {}), Found, paper_url)
    authors = tuple(n for n in (daily_api.text(a.name) for a in found.authors or () if not a.hidden) if n)
    published = found.published_at.date() if found.published_at else None
    return Lookup(title, arxiv, published, today, authors)


def enrich(
    settings: Settings,
    client: requests.Session,
    base: str,
    today: dt.date,
    force: bool = False,
    missing: bool = False,
    log: Log = print,
) -> EnrichReport:
    """Look up every paper without an arXiv id; record the answers (also those got before a failure
    or an interrupt, and every SAVE_EVERY answers, so a run killed outright loses fewer).

    force: ask again for every title; missing: ask again where the last answer was "not found".
    Raises FetchError (the network), GeneratorError (the data or the lookups file).
    """
    if settings.lookups is None:
        raise GeneratorError("mkdocs.yml", None, "no lookups file is configured (extra.generator.lookups)")
    path, name = settings.lookups, settings.display(settings.lookups)
    answers = {identity.identity_key(x.title): x for x in lookups.read(settings.lookups, name)}
    papers = identity.identify(read_digests(settings), lookups=answers.values()).papers
    todo = []
    known = 0
    for paper in papers:
        before = answers.get(paper.key)
        if paper.arxiv_id is not None and (before is None or before.arxiv_id != paper.arxiv_id):
            continue  # a JSON digest gives its arXiv id
        if before is None or force or (missing and before.arxiv_id is None):
            todo.append(paper)
        else:
            known += 1
    found = 0
    bar = Progress("enrich: titles", len(todo), min_items=20)

    def save() -> None:
        try:
            lookups.write(path, answers.values())  # atomic: the old file or the new, whole
        except OSError as exc:
            raise GeneratorError(name, None, f"cannot write: {exc.strerror}") from None

    try:
        for done, paper in enumerate(todo, start=1):
            answer = search(client, base, paper.title, today, note=lambda message: log(f"{name}: note: {message}"))
            answers[paper.key] = answer
            found += answer.arxiv_id is not None
            bar.advance()
            if done % SAVE_EVERY == 0 and done < len(todo):
                save()
    finally:  # after a failure or an interrupt (Ctrl-C, SIGTERM) too: no answer is asked twice
        bar.close()
        if todo:
            save()
    if todo:
        log(f"recorded {count(len(todo), 'answer')} in {name}")
    return EnrichReport(len(todo), found, known)
