"""Every text function runs in linear time: a digest with a 1 MB abstract of each hostile shape builds
within a generous bound. A guard against quadratic behaviour (which takes minutes to hours at this
size), not a benchmark: the bound is many times what a build takes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator import build
from generator.errors import GeneratorError

from .conftest import fixture_settings

MB = 1_000_000
BOUND = 60.0  # seconds per build: a hang detector, not a speed target (a quiet machine needs 1 to 4,
#               the shared test machine under load up to 25; `make bench` holds the speed targets)

SHAPES = {
    "abbreviations": "e.g. A " * (MB // 7),  # first_sentence once looked back over the whole text
    "closing brackets": "see https://x.org/a" + ")" * 400_000,  # link trimming once rescanned them
    "no spaces": "a" * MB,
    "schemes": "http://" * (MB // 7),
    "unbalanced brackets": "https://x.org/(a" * (MB // 16),
    "code hosts": "github.com/(" * (MB // 12),
    "links after CJK": "代https://x.org/(" * (MB // 16),
    "CJK": "代码" * (MB // 2),
    "TeX math": "".join(f"$\\pi_{{{i}}}$ " for i in range(MB // 12)),
    "bidi controls": "\u202ex\u2067y\u202c " * (MB // 7),
    "terminal escapes": "\x1b[1mx\x1b]8;;y " * (MB // 14),
    "mojibake": "\u00c3\x9d\u00c3 " * (MB // 4),
    "sentences": "We study it. " * (MB // 13),
    "periods": ". " * (MB // 2),
    "lines": "word\n" * (MB // 5),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_1mb_abstract_builds_in_linear_time(tmp_path: Path, shape: str):
    data = tmp_path / "data"
    data.mkdir()
    text = f"Mar 14\n\nA Paper With a Huge Abstract\n\nWe study {SHAPES[shape]}\n\nAnother Paper\n\nWe study speech.\n"
    (data / "2024-03-14.txt").write_text(text, encoding="utf-8")
    settings = fixture_settings(tmp_path, data)
    start = time.perf_counter()
    try:
        report = build.generate(settings)
    except GeneratorError as exc:  # refusing is fine; hanging or crashing is not
        assert str(exc).startswith("data/2024-03-14.txt:"), str(exc)
    else:
        assert report.papers == 2
    assert time.perf_counter() - start < BOUND
