"""The registry of published paper ids (data/published.tsv): every URL the site has ever given a paper.

A paper keeps the URL it was first published under, whatever data arrives later and in whatever
order (a backfilled older digest, a revised title, an arXiv id found later). The build reads the
registry, gives every registered paper its registered id, records the papers it publishes for the
first time, and writes the file back; git shows the new lines for review, and CI commits them.

Format: UTF-8 text (a byte-order mark an editor adds is read, and not written back), `#` comment
lines (one of them, `# feed ids: <address>`, the base of the Atom ids: FEED_IDS), then one line
per paper page, sorted by id, tab-separated:

    id <TAB> batch <TAB> arXiv id or "-" <TAB> title <TAB> title ...

`batch` counts the builds that added lines (1 for the first), so "first published" has a
meaning when two registered papers turn out to be one: the older keeps its page, the other id
becomes a redirect to it (so does a line git's union merge of two branches added for a paper
another line already has: see `settle`). The titles are every title (up to case, punctuation and spacing) the
paper was listed under; they are matched through `identity.identity_key`, so a later change of
that rule does not lose a paper. Lines are only ever added or extended, never removed, but for one
case: of two lines a union merge left for one id with two arXiv ids, the later is dropped (its paper
gets an id of its own, now if a digest lists it, else when one does).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path

from ..config import site_url_problem
from ..errors import Errors, GeneratorError
from ..models import Note
from ..sources.clean import ascii_digits
from ..sources.daily_api import arxiv_id
from ..sources.pairing import quote

HEADER = """\
# Paper ids published on this site: one line per paper page (papers/<id>.html), sorted by id.
# Written by the build; review the changes in git and commit them with the data. Never remove a
# line: a published URL must keep working. Columns (tab-separated): id, batch (the build that
# first published it), arXiv id or -, then every title the paper was listed under.
"""
# The address the feeds' ids are derived from (render/feeds.py), recorded by the first build with a
# site_url, so that moving the site (a custom domain) changes no Atom id (RFC 4287, 4.2.6).
FEED_IDS = "# feed ids: "
_NO_FEED_IDS = (
    "must be an http(s) address, not empty (the address the Atom ids were first derived from: write it "
    "back, or delete the line to derive every id from site_url, which makes every feed entry new)"
)
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
NO_ARXIV = "-"
UNLISTED_SHOWN = 3  # published ids no digest lists, named one by one; more are counted in one note


@dataclass(frozen=True)
class Record:
    """One published paper id and what identifies its paper."""

    id: str
    batch: int
    arxiv_id: str | None
    titles: tuple[str, ...]
    line: int = field(default=0, compare=False)  # in the registry file it was read from (0: not read)


@dataclass(frozen=True)
class Registry:
    """The registry as read: its records, and the notes on the lines it settled on its own."""

    records: tuple[Record, ...] = ()
    notes: tuple[Note, ...] = ()
    feed_ids: str | None = None  # the base the Atom ids are derived from (FEED_IDS), once recorded
    # Lines dropped because their id is another arXiv id's on an earlier line (line: the dropped one's).
    displaced: tuple[Record, ...] = ()


def parse(text: str, name: str) -> tuple[Record, ...]:
    """Parse the registry's text into records (see settle)."""
    return settle(text, name).records


def settle(text: str, name: str) -> Registry:
    """Parse the registry's text; raise GeneratorError(`name:line: message`) naming every malformed line.

    Two lines for one id (git's union merge of two branches that each extended it) are read as
    one. Lines that two branches wrote for one URL or one paper (git's union merge of branches that
    each published papers) are settled the way the build settles any two published papers that turn
    out to be one, with a note: one id on two arXiv ids is kept by the earlier line (after a merge
    into main, main's: the deployed page), and the later line is dropped (Registry.displaced): its paper,
    if a digest lists it, is published as a new paper (displaced_notes says which, once the build knows);
    one arXiv id on two ids stays with the id published first (the lower batch; in one batch, the
    earlier line), and the other line names its paper by its titles alone, so its id becomes a
    redirect (its batch becomes the next one, so later builds make the same choice). An arXiv id an
    older build wrote in digits of another script (`٢٤٠٣.٠١٢٣٤` for `2403.01234`) beside its paper's
    own line always gives way to it, silently.
    """
    records: dict[str, Record] = {}
    ids: dict[str, int] = {}
    arxiv_ids: dict[str, tuple[int, str]] = {}
    other_digits: set[str] = set()  # ids whose arXiv id was written in another script's digits
    errors: list[GeneratorError] = []
    notes: list[Note] = []
    feed_ids: str | None = None
    displaced: list[Record] = []
    for number, line in enumerate(text.split("\n"), start=1):  # lines as git and editors count them
        line = line.removesuffix("\r")
        if line.startswith(FEED_IDS.rstrip()):
            # Hand-edited data every Atom id is derived from: an address site_url could be, or the build stops.
            base = line.removeprefix(FEED_IDS.rstrip()).strip()
            problem = site_url_problem(base) if base else _NO_FEED_IDS
            if problem:
                errors.append(GeneratorError(name, number, f"feed ids {problem}"))
            elif feed_ids is None:
                feed_ids = base  # after a union merge, the first: main's
            continue
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 4:
            errors.append(
                GeneratorError(name, number, "expected id, batch, arXiv id and at least one title, tab-separated")
            )
            continue
        paper_id, batch, arxiv, *titles = fields
        problem = (
            f"not a paper id: {paper_id!r}"
            if not ID.fullmatch(paper_id)
            else f"the batch must be a whole number from 1: {batch!r}"
            if not (batch.isascii() and batch.isdigit()) or int(batch) < 1
            else "an empty title"
            if not all(t.strip() for t in titles)
            else None
        )
        if problem:
            errors.append(GeneratorError(name, number, problem))
            continue
        # An id as an older build wrote it (`math.GT/0309136`, `٢٤٠٣.٠١٢٣٤`) is read as arXiv's form
        # (`math/0309136`, `2403.01234`).
        found = None if arxiv == NO_ARXIV else arxiv_id(arxiv)
        known = found or (None if arxiv == NO_ARXIV else arxiv)
        record = Record(paper_id, int(batch), known, tuple(titles), ids.get(paper_id, number))
        if paper_id in ids:
            before = records[paper_id]
            if before.arxiv_id and record.arxiv_id and before.arxiv_id != record.arxiv_id:
                displaced.append(dataclasses.replace(record, line=number))  # its note: see displaced_notes
                continue
            record = Record(
                paper_id,
                min(before.batch, record.batch),
                before.arxiv_id or record.arxiv_id,
                tuple(dict.fromkeys((*before.titles, *record.titles))),
                before.line,
            )
        ids.setdefault(paper_id, number)
        if found and ascii_digits(arxiv) != arxiv:
            other_digits.add(paper_id)
        if shared := record.arxiv_id:
            where, owner = arxiv_ids.setdefault(shared, (number, paper_id))
            if owner != paper_id and paper_id in other_digits:
                record = dataclasses.replace(record, arxiv_id=None)
            elif owner != paper_id and owner in other_digits:
                records[owner] = dataclasses.replace(records[owner], arxiv_id=None)
                arxiv_ids[shared] = (number, paper_id)
            elif owner != paper_id:
                first, later = (
                    (records[owner], record) if records[owner].batch <= record.batch else (record, records[owner])
                )
                records[first.id] = first = dataclasses.replace(
                    first, titles=tuple(dict.fromkeys((*first.titles, *later.titles)))
                )
                records[later.id] = dataclasses.replace(later, arxiv_id=None, batch=max(later.batch, first.batch + 1))
                arxiv_ids[shared] = (where if first.id == owner else number, first.id)
                notes.append(
                    Note(
                        name,
                        number,
                        f"the arXiv id {shared} is also on line {where} ({owner}): one paper published twice (two "
                        f"branches each published it), so {first.id} keeps the page, published first, and "
                        f"papers/{later.id}.html becomes a redirect to it",
                    )
                )
                if later is record:
                    continue
                record = first
        records[paper_id] = record
    if errors:
        raise Errors(errors)
    return Registry(tuple(records.values()), tuple(notes), feed_ids, tuple(displaced))


def displaced_notes(read: Registry, built: Mapping[str, str], name: str) -> list[Note]:
    """A note for each line settle dropped because its id is another paper's (read.displaced).

    built: the arXiv id of each paper this build publishes, and its id. A dropped line's paper that a
    digest lists is published under an id of its own; one that no digest lists gets no page, and its
    line is gone from the registry (it never had a page of its own: its id is the other paper's)."""
    kept = {r.id: r for r in read.records}
    notes = []
    for r in read.displaced:
        owner = kept[r.id]
        said = (
            f"the id {r.id} is arXiv {owner.arxiv_id}'s on line {owner.line} (two branches each published a "
            f"paper under it), so arXiv {r.arxiv_id} ({quote(r.titles[0], 60)}) "
        )
        new_id = built.get(r.arxiv_id or "")
        said += (
            "is in no digest now: its line is dropped, and the paper gets an id of its own when a digest lists it"
            if not new_id
            else f"is published under an id of its own, papers/{new_id}.html"
            if new_id != r.id
            else f"is published under papers/{new_id}.html"
        )
        notes.append(Note(name, r.line, said))
    return notes


def load(path: Path | None, name: str) -> Registry:
    """Read and settle the registry at path; no file (or no path) is an empty registry."""
    if path is None:
        return Registry()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Registry()
    except OSError as exc:
        raise GeneratorError(name, None, f"cannot read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")  # an editor's byte-order mark is dropped, and the next write leaves it out
    except UnicodeDecodeError as exc:
        raise GeneratorError(name, raw[: exc.start].count(b"\n") + 1, "not UTF-8") from None
    return settle(text, name)


def read(path: Path | None, name: str) -> tuple[Record, ...]:
    """Read the registry at path (see load)."""
    return load(path, name).records


def unlisted(records: Sequence[Record], shown: Set[str], name: str) -> list[Note]:
    """Name the registered ids that no digest lists any more, whose URLs are not built: a note for
    each of up to UNLISTED_SHOWN, else one note for all (a deleted digest takes a day's papers).

    shown: the ids of this build's papers and of the ids redirecting to them."""
    gone = sorted((r for r in records if r.id not in shown), key=lambda r: r.line)
    advice = "put its digest back, or delete the line to give up the address"
    if len(gone) <= UNLISTED_SHOWN:
        return [
            Note(
                name,
                r.line or None,
                f"{r.id} ({quote(r.titles[0], 60)}) is in no digest now, so papers/{r.id}.html is not built: {advice}",
            )
            for r in gone
        ]
    lines = ", ".join(str(r.line) for r in gone[:UNLISTED_SHOWN])
    return [
        Note(
            name,
            gone[0].line or None,
            f"{len(gone):,} published ids are in no digest now (lines {lines} and {len(gone) - UNLISTED_SHOWN:,} "
            f"more), so their pages are not built: for each, {advice}",
        )
    ]


def _field(value: str) -> str:
    # Data text never holds tabs or line breaks (digest readers collapse whitespace); stay safe anyway.
    return " ".join(value.split())


def format_records(records: Iterable[Record], feed_ids: str | None = None) -> str:
    """Return the registry's text: the header (with the feeds' id base, if any), then one line per
    record, sorted by id."""
    lines = [
        "\t".join((r.id, str(r.batch), r.arxiv_id or NO_ARXIV, *(_field(t) for t in r.titles)))
        for r in sorted(records, key=lambda r: r.id)
    ]
    base = f"{FEED_IDS}{_field(feed_ids)}\n" if feed_ids else ""
    return HEADER + base + "".join(f"{line}\n" for line in lines)


def changed(path: Path, records: Iterable[Record], feed_ids: str | None = None) -> bytes | None:
    """Return the registry file's new content, or None when it already holds exactly these records.

    The build stages the content in its commit (generator/write/commit.py), so the registry is
    replaced together with the pages it names: never behind what is published, never ahead of it.
    """
    content = format_records(records, feed_ids).encode("utf-8")
    try:
        if path.read_bytes() == content:
            return None
    except OSError:
        pass
    return content
