"""Pages of a long list that keep their items as the list grows: topic and author pages.

A list (newest first) shows its newest items on its own page; older items go to numbered pages
of exactly `size` items each, counted from the oldest, so that a page, once full, keeps its items
as new ones arrive and no page grows with the corpus. The list's own page holds what is left
over plus the newest full block: `size` to 2 * `size` - 1 items (all of them, below 2 * `size`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def older_blocks(items: Sequence[T], size: int) -> list[list[T]]:
    """Return the older pages of items (newest first): full blocks of size, oldest block first, each newest first."""
    full = len(items) // size
    oldest_first = list(items)[::-1]
    return [oldest_first[i * size : (i + 1) * size][::-1] for i in range(max(full - 1, 0))]


def newest(items: Sequence[T], blocks: Sequence[Sequence[T]]) -> list[T]:
    """Return the items of the list's own page: those on no older page."""
    return list(items[: len(items) - sum(len(block) for block in blocks)])
