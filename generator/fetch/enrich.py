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
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
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
from ..sources.clean import escaped
from ..sources.digests import read_digests
from ..sources.files import DEFAULT_LIMIT
from ..sources.pairing import quote as quoted
from .client import (
    LIMIT_SETTING,
    BadAnswer,
    FetchError,
    Refused,
    UnexpectedAnswer,
    get_array,
    get_json,
    limit_setting,
)
from .daily import count

SEARCH_LIMIT = 10  # hits asked per title
SAVE_EVERY = 25  # answers between saves of the lookups file, so that a run killed outright loses fewer
REFUSED_IN_A_ROW = 3  # 401 or 403 answers in a row that stop a run: the Hub refuses every title, not one

Log = Callable[[str], None]

# What enrich says when it stops after REFUSED_IN_A_ROW answers of 401 or 403.
REFUSED = (
    "401 Unauthorized and 403 Forbidden mean the server wants a login or refuses this client, and enrich "
    "sends no token (the Hub's paper search needs none): check that HF_ENDPOINT names the Hub "
    "(unset, it is https://huggingface.co), not a mirror or proxy that wants one; the run stops"
)


def _kept(recorded: int) -> str:
    """What a run stopped early keeps: `1 answer recorded before it is kept`, or that none was."""
    if not recorded:
        return "no answer was recorded"
    return f"{count(recorded, 'answer')} recorded before it {'is' if recorded == 1 else 'are'} kept"


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
    unanswered: int = 0  # titles the Hub answered with something unusable: not recorded, asked again next run

    def __str__(self) -> str:
        unanswered = f"; {self.unanswered} unanswered (asked again next run)" if self.unanswered else ""
        asked = f"looked up {count(self.asked, 'title')}: {self.found} found on the Hub"
        return f"{asked}; {self.known} answered before{unanswered}"


class Unusable(UnexpectedAnswer):
    """The Hub answered a title's search with something unusable: the title is left unanswered."""


def _convert(value: Any, kind: type, url: str, error: type[FetchError] = FetchError) -> Any:
    try:
        return msgspec.convert(value, kind)
    except msgspec.ValidationError as exc:
        raise error(url, None, f"unexpected answer: {daily_api.validation_message(exc)}") from None


def search(
    client: requests.Session,
    base: str,
    title: str,
    today: dt.date,
    note: Log = lambda _: None,
    limit: int = DEFAULT_LIMIT,
    setting: str = LIMIT_SETTING,
) -> Lookup:
    """Ask the Hub for title; return the matching paper's lookup, or a "not found" one (also when
    several papers have the title: note names them, whatever order the Hub lists them in).

    Raises UnexpectedAnswer (naming the query's whole URL) for an answer that is no list of hits,
    or a hit that is no paper, or whose title is the title's but whose id is missing or no arXiv
    id: nothing can be said of the title then, not even "not found". Raises BadAnswer (naming the
    URL asked) when the search or the paper's own page answers a status such as 404, or a body that
    is not JSON (an HTML page with status 200).
    """
    url, params = f"{base}/api/papers/search", {"q": title, "limit": str(SEARCH_LIMIT)}
    value = get_array(client, url, params, "search hits", limit, setting)
    asked = requests.Request("GET", url, params=params).prepare().url or url
    hits: list[Hit] = _convert(value, list[Hit], asked, Unusable)
    key = identity.identity_key(title)
    exact: dict[str, Found] = {}  # arXiv id -> its first exact hit
    for hit in hits:
        titled = hit.paper.title if hit.paper else hit.title
        if titled is None or identity.identity_key(daily_api.text(titled)) != key:
            continue
        given = hit.paper.id if hit.paper else hit.id
        arxiv = daily_api.arxiv_id(given) if given else None
        if given is None or arxiv is None:  # the paper is on the Hub: "not found" would never ask again
            has = f"the id {escaped(repr(given))}, which is not an arXiv id" if given else "no id"
            raise Unusable(asked, None, f"the hit titled exactly so has {has}")
        exact.setdefault(arxiv, hit.paper or Found(given, titled))
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
        found = _convert(get_json(client, paper_url, {}, limit, setting), Found, paper_url, Unusable)
    authors = tuple(n for a in found.authors or () if not a.hidden for n in daily_api.people(a.name))
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
    warn: Log | None = None,
) -> EnrichReport:
    """Look up every paper without an arXiv id; record the answers (also those got before a failure
    or an interrupt, and every SAVE_EVERY answers, so a run killed outright loses fewer).

    force: ask again for every title; missing: ask again where the last answer was "not found".
    A title the Hub answers with something unusable (BadAnswer: a 404 from the paper's own page, an
    HTML page where JSON belongs) is named (warn), left unanswered and the run goes on; nothing is
    asked before the lookups file is known to be writable.
    Raises FetchError (the network, 429 or 5xx after the retries; Refused once REFUSED_IN_A_ROW titles in
    a row were answered 401 or 403: the rest would be too), GeneratorError (the data or the lookups file).
    """
    warn = warn or log
    if settings.lookups is None:
        raise GeneratorError(settings.config_name, None, "no lookups file is configured (extra.generator.lookups)")
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
    found = recorded = 0
    bar = Progress("enrich: titles", len(todo), min_items=20)

    def save() -> None:
        try:
            lookups.write(path, answers.values())  # atomic: the old file or the new, whole
        except OSError as exc:
            raise settings.path_error("lookups", path, f"cannot write: {exc.strerror}") from None

    if todo:
        writable(settings, path)  # before asking anything: answers that cannot be kept are not asked for
    limit, setting = settings.max_digest_mb << 20, limit_setting(settings.config_name)

    def said(message: str) -> None:
        log(f"{name}: note: {message}")

    # The warnings for titles answered 401 or 403 since the last that was not: said once another
    # answer shows the refusals were the titles' own, dropped when REFUSED_IN_A_ROW stops the run
    # (its one line names them all).
    refused: list[str] = []
    stopped = False
    try:
        for done, paper in enumerate(todo, start=1):
            try:
                answer = search(client, base, paper.title, today, said, limit, setting)
            except BadAnswer as exc:  # this title's answer: the Hub is up, the other titles are asked
                unanswered = f"{exc}: {paper.title!r} is left unanswered this run (not recorded; asked again next run)"
                if not isinstance(exc, Refused):
                    _flush(refused, warn)
                    warn(unanswered)
                elif len(refused) + 1 < REFUSED_IN_A_ROW:
                    refused.append(unanswered)
                else:  # ... unless it refuses them all: no use asking the rest
                    stopped = True
                    message = f"{exc.message}: {len(refused) + 1} titles in a row; {REFUSED}; {_kept(recorded)}"
                    raise Refused(exc.path, None, message) from None
            else:
                _flush(refused, warn)
                answers[paper.key] = answer
                found += answer.arxiv_id is not None
                recorded += 1
            bar.advance()
            if done % SAVE_EVERY == 0 and done < len(todo):
                save()
    finally:  # after a failure or an interrupt (Ctrl-C, SIGTERM) too: no answer is asked twice
        bar.close()
        if not stopped:
            _flush(refused, warn)
        if recorded:
            save()
    if recorded:
        log(f"recorded {count(recorded, 'answer')} in {name}")
    return EnrichReport(len(todo), found, known, len(todo) - recorded)


def _flush(held: list[str], warn: Log) -> None:
    """Say the held warnings, in order, and forget them."""
    for message in held:
        warn(message)
    held.clear()


def writable(settings: Settings, path: Path) -> None:
    """Refuse a lookups file that cannot be written (no such folder, no permission): the file is
    written aside, then renamed, so a file made and removed in its folder is the test."""
    try:
        handle, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".probe", dir=path.parent)
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        raise settings.path_error("lookups", path, f"cannot write: {exc.strerror}") from None
