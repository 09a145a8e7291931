"""Progress bars for long stages, on standard error."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from typing import TextIO

MIN_ITEMS = 2000  # smaller stages finish in a blink: no bar
WIDTH = 30
_silent = False  # set while a quiet command runs (`-q`): bars made then show nothing


@contextlib.contextmanager
def silenced(quiet: bool = True) -> Iterator[None]:
    """Show no bar made within, when quiet: the MkDocs hooks' bars too, which run in this process."""
    global _silent
    saved, _silent = _silent, _silent or quiet
    try:
        yield
    finally:
        _silent = saved


class Progress:
    """A bar that redraws in place on a terminal and prints quarter marks elsewhere."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None, min_items: int | None = None) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.enabled = total >= (MIN_ITEMS if min_items is None else min_items) and not _silent
        self.tty = self.enabled and self.stream.isatty()
        self.start = time.perf_counter()
        self.shown = -1 if self.tty else 0  # last percentage (tty) or quarter (log) shown

    def advance(self, count: int = 1) -> None:
        """Count finished items and redraw when the shown figure changes."""
        self.done += count
        if not self.enabled:
            return
        percent = min(100, self.done * 100 // max(self.total, 1))
        if self.tty and percent != self.shown:
            filled = WIDTH * percent // 100
            bar = "#" * filled + "." * (WIDTH - filled)
            self.stream.write(f"\r{self.label:<16} [{bar}] {percent:3d}% {self.done}/{self.total}")
            self.stream.flush()
            self.shown = percent
        elif not self.tty and percent // 25 > self.shown:
            self.shown = percent // 25
            if percent < 100:
                self.stream.write(f"{self.label}: {percent}% ({self.done}/{self.total})\n")
                self.stream.flush()

    def close(self) -> None:
        """Finish the bar with the stage's time."""
        if self.enabled:
            end = "\n" if self.tty else ""
            self.stream.write(
                f"{end}{self.label}: {self.done}/{self.total} in {time.perf_counter() - self.start:.1f} s\n"
            )
            self.stream.flush()


def count(n: int, word: str) -> str:
    """'1 paper', '2 papers': a number and its noun, in the singular for one."""
    return f"{n} {word}{'s' * (n != 1)}"
