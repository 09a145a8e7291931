"""Merge digest listings into papers and give each paper its permanent URL.

One paper per arXiv id; a listing without one (a text digest) is the paper whose title identity
(`identity_key`) it shares; the same arXiv id under a revised title stays one paper, shown under
the title it was first listed under, with its other titles (`Paper.other_titles`). A paper
keeps the id it was first published under (the registry, `registry.py`) whatever arrives later
and in whatever order; a paper published for the first time is named after the title it was
first listed under.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import regex
from slugify import slugify as _slugify

from ..analysis.links import find_links
from ..errors import DigestError
from ..models import Appearance, Digest, Entry, Listing, Note, Paper
from ..sources.pairing import quote
from .registry import Record

if TYPE_CHECKING:
    from .lookups import Lookup  # lookups reads titles through identity_key

SLUG_MAX = 80  # characters before ".html"; well inside every file system's limit
RESERVED = frozenset({"index", "tags", "search", "404"})

# Greek letters as a reader says them: "π-GAN" is "pi-GAN" (unidecode would give "p-gan").
# Only a run of one or two letters (a symbol: λ-return, αβ-CROWN) is spelt out; a Greek word
# (three letters or more) is transliterated as a word.
GREEK_NAMES = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta",
    "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi",
    "ο": "omicron", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon",
    "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "ϵ": "epsilon", "ϑ": "theta", "ϕ": "phi", "ϖ": "pi", "ϱ": "rho",
}  # fmt: skip
# A run of letters (with their marks) of a script other than Latin: identity keeps them as written.
# Marks on the letters of alphabets whose marks are accents or optional vowel points (Greek tonos,
# Cyrillic breve and diaeresis, Arabic harakat, Hebrew niqqud): identity drops them, as it drops
# Latin accents. The marks of other scripts (Indic vowel signs, kana voicing) change the word.
ACCENTED = regex.compile(
    r"(?<=[\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Armenian}\p{Script=Arabic}\p{Script=Hebrew}"
    r"\p{Script=Syriac}])\p{M}+"
)
OTHER_SCRIPT = regex.compile(r"(?:(?!\p{Script=Latin})\p{L}\p{M}*)+")
GREEK_WORD = regex.compile(r"[\p{Script=Greek}--\p{M}]{3,}", regex.V1)  # three Greek letters: Greek text
TATWEEL = "\u0640"  # Arabic elongation: stretches a word, never changes it
GREEK_RUN = re.compile(r"(?<![\u0370-\u03ff\u1f00-\u1fff])[\u0370-\u03ff]{1,2}(?![\u0370-\u03ff\u1f00-\u1fff])")


def _greek_names(match: re.Match[str]) -> str:
    names = []
    for letter in match.group(0):
        base = unicodedata.normalize("NFD", letter)[0].lower()
        names.append(GREEK_NAMES.get(base, letter))
    return f" {' '.join(names)} "


def slugify(title: str, **options: object) -> str:
    """python-slugify with Greek letters spelt out (`π-GAN` -> `pi-gan`)."""
    if not title.isascii():
        title = GREEK_RUN.sub(_greek_names, title)
    return _slugify(title, **options)  # type: ignore[arg-type]


def identity_key(title: str, slug: str | None = None) -> str:
    """Reduce a title to what identifies the paper: no case, punctuation, spacing or accents.

    Latin letters, digits and Greek symbols count as the slug spells them (`Café` is `cafe`,
    `π-GAN` and `µ-GAN` are `pi-GAN` and `mu-GAN`); letters of every other script as they are
    (NFKC, case-folded, without the accents of ACCENTED scripts: `ΛΟΓΟΣ` is `λόγος`), so a title
    and its transliteration (`Привет мир`, `Privet mir`), or two Chinese titles that read alike in
    pinyin, are two papers. slug: the title's slugify(), if known (it costs ~50 µs).
    """
    if title.isascii():
        return slug_key(title, slug)
    plain = unicodedata.normalize("NFKC", title)
    # In a Greek title a one- or two-letter word is a word (`Η γνώση`), not a symbol to spell out.
    spelled = plain if GREEK_WORD.search(plain) else GREEK_RUN.sub(_greek_names, plain)
    if not OTHER_SCRIPT.search(spelled):
        return slug_key(title, slug) if plain == title else slug_key(plain)
    parts, at = [], 0
    for run in OTHER_SCRIPT.finditer(spelled):
        parts += [_slugify(spelled[at : run.start()]).replace("-", ""), _bare(run.group())]
        at = run.end()
    return "".join([*parts, _slugify(spelled[at:]).replace("-", "")])


def _bare(letters: str) -> str:
    """Letters of a script other than Latin, case-folded, without the marks of ACCENTED scripts
    (dropped before case folding, which writes the Greek iota subscript as a letter) or tatweel."""
    bare = ACCENTED.sub("", unicodedata.normalize("NFD", letters.replace(TATWEEL, "")))
    return unicodedata.normalize("NFC", ACCENTED.sub("", unicodedata.normalize("NFD", bare.casefold())))


def slug_key(title: str, slug: str | None = None) -> str:
    """The title as its slug spells it, without dashes (identity_key before non-Latin letters kept
    their script): what page names hash, so a name given out never changes."""
    key = (slugify(title) if slug is None else slug).replace("-", "")
    if key:
        return key
    # Nothing transliterates (emoji, symbols): keep the characters themselves.
    folded = unicodedata.normalize("NFKC", title).casefold()
    return re.sub(r"\s+", "", folded)


def _digest_of(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def paper_slug(title: str, key: str, full: str | None = None) -> str:
    """Return the page name for a title: readable, bounded, unique per identity."""
    full = slugify(title) if full is None else full
    if not full:
        return f"paper-{_digest_of(key)}"
    short = full
    if len(full) > SLUG_MAX:
        short = slugify(title, max_length=SLUG_MAX, word_boundary=True, save_order=True)
    if short != full or short in RESERVED:
        # Two long titles can share their first 80 characters: the hash keeps them apart
        # whatever order they arrive in.
        return f"{short}-{_digest_of(key)}"
    return full


@dataclass(frozen=True)
class _Listing:
    appearance: Appearance
    entry: Entry
    key: str
    slug: str
    arxiv_id: str | None  # the JSON listing's, or the title lookup's for a text listing
    looked_up: bool = False  # arxiv_id is the title lookup's (data/arxiv-lookups.tsv), not a digest's
    # A repeat of an earlier listing of its digest (its index in the listings): not an appearance
    # of its own, but its title is one of the paper's and its abstract competes for the page.
    repeats: int | None = None

    @property
    def is_text(self) -> bool:
        return self.entry.listing is None


@dataclass
class _Group:
    listings: list[_Listing]
    arxiv_id: str | None = None
    rows: list[Record] = field(default_factory=list)

    @property
    def first(self) -> _Listing:
        return self.listings[0]

    @property
    def looked_up(self) -> bool:
        """Whether only the title lookups give the group its arXiv id (no JSON listing does)."""
        return self.arxiv_id is not None and all(x.looked_up for x in self.listings if x.arxiv_id)


@dataclass(frozen=True)
class Repeat:
    """A listing that repeats an earlier one of the same digest (same arXiv id or title identity)."""

    digest_slug: str
    position: int  # 0-based, in the digest's entries
    first: int  # position of the listing it repeats


@dataclass(frozen=True)
class Identity:
    """The papers, the ids that now redirect to another paper, and the registry to write back."""

    papers: tuple[Paper, ...]  # sorted by id
    aliases: dict[str, str]  # a published id merged into another paper -> that paper's id
    records: tuple[Record, ...]  # the registry after this build (sorted by id)
    added: tuple[str, ...]  # ids published for the first time by this build
    repeats: tuple[Repeat, ...] = ()  # listings shown once because their digest lists them twice
    notes: tuple[Note, ...] = ()  # a lookup that changed a registered paper's arXiv id


def _listings(
    digests: Sequence[Digest], lookups: Iterable[Lookup]
) -> tuple[list[_Listing], dict[str, Lookup], list[Repeat]]:
    """Every listing with its title identity and arXiv id; the lookups that found one, by title identity;
    and the listings that repeat an earlier one of the same digest."""
    names: dict[str, tuple[str, str]] = {}  # title -> (slug, key): slugify costs ~50 µs a title
    for digest in digests:
        for entry in digest.entries:
            if entry.title not in names:
                slug = slugify(entry.title)
                names[entry.title] = (slug, identity_key(entry.title, slug))
    # A lookup's title is a listed title, so its key is known already.
    answers = {(names[x.title][1] if x.title in names else identity_key(x.title)): x for x in lookups if x.arxiv_id}
    listings: list[_Listing] = []
    repeats: list[Repeat] = []
    for digest in digests:
        # A listing repeats an earlier one of its digest with the same arXiv id, or with the same
        # title when one of the two has no arXiv id: two arXiv ids under one title are two papers.
        by_arxiv: dict[str, int] = {}  # arXiv id -> position of its first listing in this digest
        by_title: dict[str, list[tuple[int, str | None]]] = {}  # key -> (position, arXiv id) of its listings
        index: dict[int, int] = {}  # position -> index in listings, of the listings that are not repeats
        for position, entry in enumerate(digest.entries):
            slug, key = names[entry.title]
            arxiv = entry.listing.arxiv_id if entry.listing else None
            looked_up = arxiv is None and entry.listing is None and key in answers
            if looked_up:
                arxiv = answers[key].arxiv_id
            same = by_title.get(key, [])
            earlier = [by_arxiv[arxiv]] if arxiv in by_arxiv else [at for at, other in same if not (arxiv and other)]
            appearance = Appearance(digest.date, digest.source, digest.slug, position)
            if earlier:  # listed twice in one digest: one appearance
                repeats.append(Repeat(digest.slug, position, min(earlier)))
                listings.append(_Listing(appearance, entry, key, slug, arxiv, looked_up, index[min(earlier)]))
                continue
            if arxiv:
                by_arxiv[arxiv] = position
            by_title.setdefault(key, []).append((position, arxiv))
            index[position] = len(listings)
            listings.append(_Listing(appearance, entry, key, slug, arxiv, looked_up))
    return listings, answers, repeats


def _title_keys(listings: Sequence[_Listing], records: Sequence[Record]) -> dict[str, str]:
    """Map every listed and registered title to its identity, each computed once (slugify costs
    ~50 µs a title; registered titles are nearly all listed ones, whose keys are known)."""
    keys = {x.entry.title: x.key for x in listings}
    for record in records:
        for title in record.titles:
            if title not in keys:
                keys[title] = identity_key(title)
    return keys


def _registered_arxiv(records: Sequence[Record], keys: Mapping[str, str]) -> dict[str, str]:
    """Map each registered title's identity to the arXiv id of the paper the registry gives it.

    Of two arXiv papers registered with one title, the one first published under it (the title
    that named its page) wins over one that took it later as a revised title, then the earlier
    batch. keys: every title's identity (_title_keys)."""
    found: dict[str, tuple[bool, int, str, str]] = {}
    for record in records:
        if record.arxiv_id:
            for position, title in enumerate(record.titles):
                key = keys[title]
                mark = (position > 0, record.batch, record.arxiv_id, record.id)
                if key not in found or mark < found[key]:
                    found[key] = mark
    return {key: mark[2] for key, mark in found.items()}


def _group(listings: list[_Listing], registered: Mapping[str, str] | None = None) -> list[_Group]:
    """Union listings: same arXiv id; same title identity unless two different arXiv ids say otherwise.

    A listing without an arXiv id joins the paper its title names: of two arXiv papers with that
    title, the one `registered` gives it (by title identity), else the lower id; with no arXiv
    listing of that title, the paper `registered` gives it, whatever title that paper is listed under."""
    registered = registered or {}
    parent = list(range(len(listings)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    by_arxiv: dict[str, int] = {}
    by_key: dict[str, list[int]] = {}
    for index, listing in enumerate(listings):
        if listing.repeats is not None:
            union(listing.repeats, index)  # the paper it repeats, whatever else its title names
            if not listing.arxiv_id:
                continue  # its title is the listing's it repeats (a text listing's is all it names)
        if listing.arxiv_id:
            union(by_arxiv.setdefault(listing.arxiv_id, index), index)
        by_key.setdefault(listing.key, []).append(index)
    for indexes in by_key.values():
        with_id = sorted({a for i in indexes if (a := listings[i].arxiv_id)})
        without = [i for i in indexes if not listings[i].arxiv_id]
        if without:
            # A listing without an arXiv id is the paper its title names; when two arXiv papers
            # share that title, the one the registry gives the title (so a backfilled namesake never
            # takes it over), else the lower id (a stable choice whatever the order). A title the
            # registry gives a paper listed now under another title names that paper too.
            mine = registered.get(listings[without[0]].key)
            if with_id:
                anchor = by_arxiv[mine if mine in with_id else with_id[0]]
            else:
                anchor = by_arxiv[mine] if mine in by_arxiv else without[0]
            for i in without:
                union(anchor, i)
    groups: dict[int, _Group] = {}
    for index, listing in enumerate(listings):
        group = groups.setdefault(find(index), _Group([]))
        group.listings.append(listing)
        group.arxiv_id = group.arxiv_id or listing.arxiv_id
    result = list(groups.values())
    for group in result:
        group.listings.sort(key=lambda listing: listing.appearance)
    result.sort(key=lambda g: (g.first.appearance, g.first.key))
    return result


def _claim(groups: list[_Group], records: Sequence[Record], keys: Mapping[str, str]) -> None:
    """Give each registered id to the group it names: by arXiv id first, then by title (keys:
    every title's identity, _title_keys)."""
    by_arxiv = {r.arxiv_id: r for r in records if r.arxiv_id}
    by_key: dict[str, list[Record]] = {}
    for record in records:
        for key in dict.fromkeys(keys[t] for t in record.titles):
            by_key.setdefault(key, []).append(record)
    claims: list[tuple[int, int, str, Record]] = []
    for order, group in enumerate(groups):
        if group.arxiv_id and group.arxiv_id in by_arxiv:
            claims.append((0, order, "", by_arxiv[group.arxiv_id]))
        text_keys = {listing.key for listing in group.listings if listing.is_text}
        for key in dict.fromkeys(listing.key for listing in group.listings):
            for record in by_key.get(key, ()):
                # Another arXiv paper with the same title; but a title lookup that changed its answer
                # (edited, or asked again) never moves a text-only paper off its registered page.
                other = record.arxiv_id and group.arxiv_id and record.arxiv_id != group.arxiv_id
                if other and not (group.looked_up and key in text_keys):
                    continue
                # A title listed as text outranks the same title from another paper's JSON listing.
                claims.append((1 if key in text_keys else 2, order, record.id, record))
    taken: set[str] = set()
    for _, order, _, record in sorted(claims, key=lambda c: c[:3]):
        if record.id not in taken:
            taken.add(record.id)
            groups[order].rows.append(record)


def _new_id(group: _Group, taken: set[str]) -> str:
    """The slug of the title first listed; if another paper has it, with the arXiv id or a hash."""
    first = group.first
    base = paper_slug(first.entry.title, slug_key(first.entry.title, first.slug), first.slug)
    if base not in taken:
        return base
    if group.arxiv_id and (with_id := f"{base}-{slugify(group.arxiv_id)}") not in taken:
        return with_id
    return f"{base}-{_digest_of(group.arxiv_id or first.key)}"


def _newest(listings: Sequence[_Listing]) -> Listing | None:
    return next((x.entry.listing for x in reversed(listings) if x.entry.listing), None)


def _paper(paper_id: str, group: _Group, lookups: Mapping[str, Lookup], arxiv_id: str | None) -> Paper:
    # The fullest abstract wins, a repeat's in one digest too; ties go to the earliest listing.
    abstract = max((x.entry.abstract for x in group.listings), key=len)
    listings = [x for x in group.listings if x.repeats is None]  # the appearances; their data
    first = group.first
    json_listings = [x for x in listings if x.entry.listing]
    newest = _newest(listings)
    found = next((lookups[x.key] for x in listings if x.is_text and x.key in lookups), None)
    found = found if found and found.arxiv_id == group.arxiv_id else None

    def latest(attribute: str) -> object:
        for x in reversed(json_listings):
            value = getattr(x.entry.listing, attribute)
            if value:
                return value
        return None

    authors = latest("authors") or (found.authors if found else ())
    published = latest("published") or (found.published if found else None)
    return Paper(
        id=paper_id,
        key=first.key,
        title=first.entry.title,
        abstract=abstract,
        appearances=tuple(x.appearance for x in listings),
        links=find_links(abstract),
        arxiv_id=arxiv_id,
        authors=authors,  # type: ignore[arg-type]
        published=published,  # type: ignore[arg-type]
        upvotes=newest.upvotes if newest else None,
        code=newest.code if newest else None,
        code_stars=newest.code_stars if newest else None,
        project_page=newest.project_page if newest else None,
        as_of=json_listings[-1].appearance.date if json_listings else None,
        keywords=newest.keywords if newest else (),
        summary=newest.summary if newest else None,
        withdrawn=latest("withdrawn"),  # type: ignore[arg-type]
        other_titles=_other_titles(group),
    )


def _other_titles(group: _Group) -> tuple[str, ...]:
    """Every title the group's listings (a digest's repeat too) give it besides the one shown, each
    identity once as first listed, by the date first listed, then by text."""
    seen: dict[str, tuple[dt.date, str]] = {}
    for listing in group.listings:  # in listing order
        if listing.key != group.first.key:
            seen.setdefault(listing.key, (listing.appearance.date, listing.entry.title))
    return tuple(title for _, title in sorted(seen.values()))


def identify(
    digests: Sequence[Digest],
    data_dir: str = "data/digests",
    registry: Sequence[Record] = (),
    lookups: Iterable[Lookup] = (),
    lookups_name: str = "data/arxiv-lookups.tsv",
) -> Identity:
    """Group every listing into papers and name each: its registered id, else a new one.

    A registered paper keeps its registered arXiv id in the registry; its page shows the arXiv id
    the data gives it now, else (its title lookup gone or "not found") the registered one.

    Raises DigestError if two papers would still share one URL (a bug guard: new ids avoid
    every registered and assigned id).
    """
    listings, answers, repeats = _listings(digests, lookups)
    keys = _title_keys(listings, registry)
    groups = _group(listings, _registered_arxiv(registry, keys))
    _claim(groups, registry, keys)
    taken = {r.id for r in registry}
    batch = max((r.batch for r in registry), default=0) + 1
    records = {r.id: r for r in registry}
    papers: list[Paper] = []
    aliases: dict[str, str] = {}
    added: list[str] = []
    notes: list[Note] = []
    for group in groups:
        shown = group.arxiv_id
        if group.rows:
            rows = sorted(group.rows, key=lambda r: (r.batch, r.id))
            canonical = rows[0]
            aliases.update((r.id, canonical.id) for r in rows[1:])
            known = {keys[t] for r in rows for t in r.titles}
            titles = list(canonical.titles)
            for listing in group.listings:
                if listing.key not in known:
                    known.add(listing.key)
                    titles.append(listing.entry.title)
            arxiv = canonical.arxiv_id
            if arxiv is None and group.arxiv_id and not any(r.arxiv_id for r in rows):
                arxiv = group.arxiv_id
            records[canonical.id] = Record(canonical.id, canonical.batch, arxiv, tuple(titles))
            paper_id = canonical.id
            registered = next((r.arxiv_id for r in rows if r.arxiv_id), None)
            if shown is None:
                shown = registered  # what the registry knows outlives a lookup that is gone
            elif registered and registered != shown and group.looked_up:
                notes.append(_changed_lookup(group, answers, lookups_name, paper_id, registered))
        else:
            paper_id = _new_id(group, taken)
            taken.add(paper_id)
            added.append(paper_id)
            first_titles: dict[str, str] = {}
            for listing in group.listings:
                first_titles.setdefault(listing.key, listing.entry.title)
            records[paper_id] = Record(paper_id, batch, group.arxiv_id, tuple(first_titles.values()))
        papers.append(_paper(paper_id, group, answers, shown))
    papers.sort(key=lambda p: p.id)
    _check_unique(papers, groups, data_dir)
    return Identity(
        tuple(papers),
        aliases,
        tuple(sorted(records.values(), key=lambda r: r.id)),
        tuple(added),
        tuple(repeats),
        tuple(notes),
    )


def _changed_lookup(group: _Group, answers: Mapping[str, Lookup], name: str, paper_id: str, registered: str) -> Note:
    """Say that a title lookup now gives a registered text-only paper another arXiv id."""
    answer = next(answers[x.key] for x in group.listings if x.looked_up and x.key in answers)
    return Note(
        name,
        answer.line or None,
        f"the lookup changed the arXiv id of {quote(answer.title, 60)} from {registered}, as published, to "
        f"{answer.arxiv_id}: papers/{paper_id}.html shows {answer.arxiv_id}, and arxiv/{registered}.html "
        f"still leads to it",
    )


def merge(digests: Sequence[Digest], data_dir: str = "data/digests") -> list[Paper]:
    """Group entries into papers with no registry: ids from the titles as first listed."""
    return list(identify(digests, data_dir).papers)


def _check_unique(papers: list[Paper], groups: list[_Group], data_dir: str) -> None:
    """Refuse two papers on one URL rather than let one overwrite the other."""
    for before, after in itertools.pairwise(papers):
        if before.id == after.id:
            group = next(g for g in groups if any(x.key == after.key for x in g.listings))
            raise DigestError(
                f"{data_dir}/{group.first.appearance.source}",
                group.first.entry.line,
                f"the titles {before.title!r} and {after.title!r} both map to papers/{after.id}.html",
            )
