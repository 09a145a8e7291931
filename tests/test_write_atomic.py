"""Replacing one file atomically (`generator.write.atomic.replace_file`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.write import atomic


def test_two_writers_never_share_a_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Two fetches saving one day at once: each writes its own temp file, so the day is one whole answer."""
    target = tmp_path / "2024-03-15.json"
    written: list[str] = []
    write = atomic.write_durably

    def spy(path: Path, data: bytes, durable: bool = True) -> None:
        written.append(path.name)
        write(path, data, durable)

    monkeypatch.setattr(atomic, "write_durably", spy)
    (tmp_path / ".2024-03-15.json.101.tmp").write_bytes(b'[{"half": ')  # another writer, mid-way
    monkeypatch.setattr(os, "getpid", lambda: 202)
    atomic.replace_file(target, b"[]\n")
    assert written == [".2024-03-15.json.202.tmp"]
    assert target.read_bytes() == b"[]\n"
    assert (tmp_path / ".2024-03-15.json.101.tmp").read_bytes() == b'[{"half": '  # not touched
    assert sorted(p.name for p in tmp_path.iterdir()) == [".2024-03-15.json.101.tmp", "2024-03-15.json"]
