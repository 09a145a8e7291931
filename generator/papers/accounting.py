"""Account for every listing: each is on its digest's page, or a repeat named in a note; and name
the listings a reader should look at twice (one title with two abstracts, one abstract under two
papers)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from ..errors import DigestError
from ..models import Appearance, Digest, Entry, Note, Paper
from ..sources.pairing import quote, same_abstract
from .identity import Repeat, identity_key


def account(digests: Iterable[Digest], papers: Iterable[Paper], repeats: Iterable[Repeat], data_dir: str) -> list[Note]:
    """Check that every listing is on its digest's page; return a note per in-file repeat, per
    listing of a paper with another abstract (_other_abstracts) and per paper with another paper's
    abstract (_shared_abstracts).

    A digest page lists, in order, the papers whose appearances name it. Each of the digest's
    entries must be one of them, or be a repeat the identity stage found (the same arXiv id or
    title identity listed earlier in the same file). Raises DigestError naming the first listing
    on no page.
    """
    digests, papers = list(digests), list(papers)
    listed: dict[str, set[int]] = {}
    shown_at: dict[tuple[str, int], Paper] = {}
    for paper in papers:
        for appearance in paper.appearances:
            listed.setdefault(appearance.digest_slug, set()).add(appearance.position)
            shown_at[appearance.digest_slug, appearance.position] = paper
    repeated = {(r.digest_slug, r.position): r.first for r in repeats}
    notes: list[Note] = []
    for digest in digests:
        name = f"{data_dir}/{digest.source}"
        shown = listed.get(digest.slug, set())
        count = 0
        for position, entry in enumerate(digest.entries):
            first = repeated.get((digest.slug, position))
            if first is not None:
                count += 1
                earlier = digest.entries[first]
                if entry.listing is None and not same_abstract(earlier.abstract, entry.abstract):
                    raise DigestError(
                        name,
                        entry.line,
                        f"{quote(entry.title, 60)} is listed twice in this file with different abstracts (first at "
                        f"line {earlier.line}): a copy of the page cannot tell two papers with one title apart; "
                        "keep one of the two",
                    )
                notes.append(Note(name, entry.line, _repeat(entry, earlier, shown_at.get((digest.slug, first)))))
            elif position not in shown:
                raise DigestError(name, entry.line, f"the listing {quote(entry.title)} would be on no page")
        if len(shown) != len(digest.entries) - count:
            raise DigestError(
                name, None, f"its page would list {len(shown)} papers for {len(digest.entries) - count} listings"
            )
    return notes + _other_abstracts(digests, papers, data_dir) + _shared_abstracts(digests, papers, data_dir)


def _other_abstracts(digests: Iterable[Digest], papers: Iterable[Paper], data_dir: str) -> list[Note]:
    """Name each text listing of a paper listed in other files too (one title on two days) whose
    abstract is neither the one shown nor that one cut short: two papers under one title would
    otherwise lose one abstract without a word. A JSON listing against a JSON one is the same
    arXiv id, whose abstract was revised: not named."""
    by_slug = {digest.slug: digest for digest in digests}
    notes: list[Note] = []
    for paper in papers:
        places = [(by_slug[a.digest_slug], by_slug[a.digest_slug].entries[a.position]) for a in paper.appearances]
        if len(places) < 2:
            continue
        shown = next(((d, e) for d, e in places if e.abstract == paper.abstract), None)
        if shown is None:
            continue
        where = f"{data_dir}/{shown[0].source}:{shown[1].line}"
        for digest, entry in places:
            if same_abstract(entry.abstract, paper.abstract) or (entry.listing and shown[1].listing):
                continue
            notes.append(
                Note(
                    f"{data_dir}/{digest.source}",
                    entry.line,
                    f"{quote(entry.title, 60)} is listed at {where} too, with another abstract (neither is the "
                    f"other cut short): one paper, its page shows the longer abstract, from {where}; if these "
                    "are two papers, give one its own title",
                )
            )
    return notes


SHARED_MIN_WORDS = 20  # a shorter abstract ("Code is public.") shared by two papers says nothing


def _shared_abstracts(digests: Sequence[Digest], papers: Iterable[Paper], data_dir: str) -> list[Note]:
    """Name each paper whose listing has the abstract (up to spacing and case) of a listing of a paper
    listed earlier under another title: one paper retitled between two copies of the page, or an
    abstract pasted under the wrong title, would otherwise be two papers without a word, the copy
    first among the other's related papers. Each later paper gets one note, at its first listing with
    that abstract, naming the first paper's (three papers with one abstract: two notes). Abstracts
    under SHARED_MIN_WORDS words are not compared. One pass, keyed by the abstract's hash."""
    by_slug = {digest.slug: digest for digest in digests}
    # the normalised abstract's hash -> each paper listed with it: its first such appearance
    shared: dict[bytes, dict[str, tuple[Appearance, Entry]]] = {}
    for paper in papers:
        for appearance in paper.appearances:
            entry = by_slug[appearance.digest_slug].entries[appearance.position]
            words = entry.abstract.casefold().split()
            if len(words) < SHARED_MIN_WORDS:
                continue
            text = " ".join(words).encode("utf-8")
            found = shared.setdefault(hashlib.blake2b(text, digest_size=16).digest(), {})
            if paper.id not in found or appearance < found[paper.id][0]:
                found[paper.id] = (appearance, entry)
    notes: list[Note] = []
    for found in shared.values():
        if len(found) < 2:
            continue
        (first, original), *later = sorted(found.values(), key=lambda x: x[0])  # one listing, one paper
        where = f"{data_dir}/{by_slug[first.digest_slug].source}:{original.line}"
        for appearance, entry in later:
            notes.append(
                Note(
                    f"{data_dir}/{by_slug[appearance.digest_slug].source}",
                    entry.line,
                    f"{quote(entry.title, 60)} has the abstract of {quote(original.title, 60)}, listed at {where}, "
                    "yet they are two papers, each with its own page: if it is one paper retitled, list it under "
                    "one title (in a JSON digest, under its one arXiv id); if an abstract was pasted under the wrong "
                    "title, fix that digest",
                )
            )
    return sorted(notes, key=lambda n: (n.path, n.line or 0, n.message))


def _repeat(entry: Entry, earlier: Entry, paper: Paper | None) -> str:
    """Say how a listing that repeats an earlier one of its file is shown: once, under the first
    title (another title is one of the paper's, recorded as a revised title is), with the fullest
    abstract (as for a paper listed on several days)."""
    retitled = identity_key(entry.title) != identity_key(earlier.title)
    rewritten = entry.abstract != earlier.abstract
    differs = []
    if retitled:
        differs.append(f"as {quote(entry.title, 60)}")
    if rewritten:
        differs.append("with another abstract")
    said = f"listed twice in this file (first at line {earlier.line})"
    said += f", the second time {' and '.join(differs)}: shown once" if differs else ": shown once"
    if retitled:
        said += f", under its first title ({quote(entry.title, 60)} is recorded as another of its titles)"
    if rewritten and paper is not None and paper.abstract in (entry.abstract, earlier.abstract):
        whose = "this listing's" if paper.abstract == entry.abstract else "the first listing's"
        said += f", with {whose} abstract, the longer (a paper shows its fullest abstract)"
    elif rewritten:
        said += ", with the fullest abstract of its listings, another day's"
    return said
