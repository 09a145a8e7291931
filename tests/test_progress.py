"""Progress bars: quiet for small stages, quarter marks in logs, a bar on terminals."""

from __future__ import annotations

import io

from generator import progress
from generator.progress import Progress


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_small_stages_print_nothing():
    out = io.StringIO()
    bar = Progress("stage", 10, out)
    for _ in range(10):
        bar.advance()
    bar.close()
    assert out.getvalue() == ""


def test_logs_get_quarter_marks_and_a_summary():
    out = io.StringIO()
    bar = Progress("stage", 8, out, min_items=1)
    for _ in range(8):
        bar.advance()
    bar.close()
    lines = out.getvalue().splitlines()
    assert lines[:3] == ["stage: 25% (2/8)", "stage: 50% (4/8)", "stage: 75% (6/8)"]
    assert lines[3].startswith("stage: 8/8 in ")


def test_terminals_get_a_bar_redrawn_in_place():
    out = Tty()
    bar = Progress("stage", 4, out, min_items=1)
    for _ in range(4):
        bar.advance()
    bar.close()
    assert "\rstage            [" + "#" * 30 + "] 100% 4/4" in out.getvalue()


def test_bars_made_while_silenced_print_nothing():
    out = io.StringIO()
    with progress.silenced():
        bar = Progress("stage", 8, out, min_items=1)
    for _ in range(8):
        bar.advance()
    bar.close()
    assert out.getvalue() == ""
    with progress.silenced(False):
        assert Progress("stage", 8, out, min_items=1).enabled
