"""Merge digest entries into papers and give each paper its permanent URL."""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections.abc import Iterable

from slugify import slugify

from ..analysis.links import find_links
from ..errors import DigestError
from ..models import Appearance, Digest, Entry, Paper

SLUG_MAX = 80  # characters before ".html"; well inside every file system's limit
RESERVED = frozenset({"index", "tags", "search", "404"})


def identity_key(title: str, slug: str | None = None) -> str:
    """Reduce a title to what identifies the paper: no case, punctuation or spacing."""
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


def merge(digests: Iterable[Digest], data_dir: str = "data/digests") -> list[Paper]:
    """Group entries by identity; the earliest listing names the paper."""
    groups: dict[str, list[tuple[Appearance, Entry, Digest]]] = {}
    slugs: dict[str, str] = {}
    for digest in digests:
        seen_here: set[str] = set()
        for position, entry in enumerate(digest.entries):
            slug = slugify(entry.title)
            key = identity_key(entry.title, slug)
            if key in seen_here:
                continue  # listed twice in one copy of the page: one appearance
            seen_here.add(key)
            slugs.setdefault(entry.title, slug)
            appearance = Appearance(digest.date, digest.source, digest.slug, position)
            groups.setdefault(key, []).append((appearance, entry, digest))
    papers = []
    for key, group in groups.items():
        group.sort(key=lambda item: item[0])
        _, first, _ = group[0]
        # The fullest abstract wins; ties go to the earliest listing.
        abstract = max((entry.abstract for _, entry, _ in group), key=len)
        papers.append(
            Paper(
                id=paper_slug(first.title, key, slugs[first.title]),
                key=key,
                title=first.title,
                abstract=abstract,
                appearances=tuple(a for a, _, _ in group),
                links=find_links(abstract),
            )
        )
    papers.sort(key=lambda p: p.id)
    _check_unique(papers, groups, data_dir)
    return papers


def _check_unique(
    papers: list[Paper], groups: dict[str, list[tuple[Appearance, Entry, Digest]]], data_dir: str
) -> None:
    """Refuse two papers on one URL rather than let one overwrite the other."""
    for before, after in itertools.pairwise(papers):
        if before.id == after.id:
            _, entry, digest = groups[after.key][0]
            raise DigestError(
                f"{data_dir}/{digest.source}",
                entry.line,
                f"the titles {before.title!r} and {after.title!r} both map to papers/{after.id}.html",
            )
