"""Account for every listing: each is on its digest's page, or a repeat named in a note."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import DigestError
from ..models import Digest, Note, Paper
from ..sources.pairing import quote, same_abstract
from .identity import Repeat


def account(digests: Iterable[Digest], papers: Iterable[Paper], repeats: Iterable[Repeat], data_dir: str) -> list[Note]:
    """Check that every listing is on its digest's page; return a note per in-file repeat.

    A digest page lists, in order, the papers whose appearances name it. Each of the digest's
    entries must be one of them, or be a repeat the identity stage found (the same arXiv id or
    title identity listed earlier in the same file). Raises DigestError naming the first listing
    on no page.
    """
    listed: dict[str, set[int]] = {}
    for paper in papers:
        for appearance in paper.appearances:
            listed.setdefault(appearance.digest_slug, set()).add(appearance.position)
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
                line = earlier.line
                notes.append(Note(name, entry.line, f"listed twice in this file (first at line {line}): shown once"))
            elif position not in shown:
                raise DigestError(name, entry.line, f"the listing {quote(entry.title)} would be on no page")
        if len(shown) != len(digest.entries) - count:
            raise DigestError(
                name, None, f"its page would list {len(shown)} papers for {len(digest.entries) - count} listings"
            )
    return notes
