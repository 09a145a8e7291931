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


def test_a_file_that_cannot_be_removed_is_named_by_its_whole_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An immutable file in an old site: the message must say where it is, not `index.html`."""
    folder = tmp_path / "site.staging" / "papers"
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("old")
    unlink = os.unlink

    def refuse(path: str, *args: object, **kwargs: object) -> None:
        if os.path.basename(path) == "index.html":
            raise PermissionError(1, "Operation not permitted", path)
        unlink(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "unlink", refuse)
    with pytest.raises(PermissionError) as info:
        atomic.remove(tmp_path / "site.staging")
    assert info.value.filename == str(folder / "index.html")
