"""Digest files as files: the date in a name, safe names, reading only regular files of bounded size."""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import pytest

from generator.errors import DigestError
from generator.sources import files, text_digest

from .conftest import FIXTURES

NAMES = FIXTURES / "file_names"


def read(name: str, year: int | None = 2019):
    return text_digest.parse_file(NAMES / name, year, f"data/digests/{name}")


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("2023-4-2.txt", "2023-04-02-2023-4-2"),
        ("20230402.txt", "2023-04-02-20230402"),
        ("2023_04_02-evening.txt", "2023-04-02-evening"),
        ("2023.04.02.txt", "2023-04-02"),
        ("02-04-2023.txt", "2023-04-02-02-04-2023"),
        ("2023-Apr-02.txt", "2023-04-02-2023-apr-02"),
    ],
)
def test_common_date_forms_in_file_names_give_the_year(name, slug):
    digest = read(name)
    assert digest.date == dt.date(2023, 4, 2)  # not default_year (2019)
    assert digest.slug == slug


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("2023-04.txt", "'2023-04' in the file name looks like a date but is not a full one"),
        ("2023-02-30.txt", "'2023-02-30' in the file name is not a date"),
        ("2023-04-03.txt", "the file name says 2023-04-03 but the date line says Apr 2"),
    ],
)
def test_a_date_in_a_name_that_cannot_be_read_is_refused(name, message):
    with pytest.raises(DigestError) as info:
        read(name)
    assert str(info.value).startswith(f"data/digests/{name}:1: {message}")


@pytest.mark.parametrize(
    ("stem", "found"),
    [
        ("2024-03-15", (2024, 3, 15)),
        ("digest_2024-3-15_am", (2024, 3, 15)),
        ("15mar2024", (2024, 3, 15)),
        ("March 15, 2024", (2024, 3, 15)),
        ("03-15-2024", (2024, 3, 15)),
        ("15.03.2024", (2024, 3, 15)),
        ("000_c8bd1cc582e000bd", None),  # a hash is not a date
        ("evening", None),
        ("digest-00001", None),
        ("papers-i-may-like", None),
        ("٢٠٢٤-٠٣-١٥", (2024, 3, 15)),  # Arabic-Indic digits: read as ASCII ones, as in an arXiv id
        ("２０２４０３１５-evening", (2024, 3, 15)),  # full-width
        ("2024-03-15²", (2024, 3, 15)),  # a superscript is not a digit
    ],
)
def test_name_date(stem, found):
    date = files.name_date(stem, "x.txt", 1, 3, 15)
    assert (date and (date.year, date.month, date.day)) == found


@pytest.mark.parametrize("stem", ["2024", "202403", "4-2-23", "mar-15", "2024-03"])
def test_date_like_names_are_never_ignored(stem):
    with pytest.raises(DigestError, match="looks like a date but is not a full one"):
        files.name_date(stem, "x.txt", 1, 3, 15)


def test_display_names_are_safe_text():
    raw = os.fsdecode(b"caf\xe9-\x1b[31m-\xe2\x80\xae-x.txt")
    assert files.display_name(raw) == "caf\ufffd-\ufffd[31m-\ufffd-x.txt"
    assert files.display_name("plain.txt") == "plain.txt"


def test_digest_page_names_stay_short():
    day = dt.date(2024, 3, 15)
    slug = files.digest_slug("a" * 120 + " evening " + "b" * 120, day)
    assert len(slug) <= 11 + files.SLUG_MAX + 9
    assert slug.startswith("2024-03-15-aaaa")
    assert slug != files.digest_slug("a" * 120 + " evening " + "c" * 120, day)
    assert files.digest_slug("2024-03-15-dated", day) == "2024-03-15-dated"
    assert files.digest_slug("evening", day) == "2024-03-15-evening"


def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path):
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    outcome: list[str] = []
    reader = threading.Thread(target=lambda: outcome.append(_error(fifo)), daemon=True)
    reader.start()
    reader.join(10)
    assert outcome == ["x.txt: cannot read: a named pipe, not a file; only regular files are read"]


def test_a_link_to_a_device_is_refused(tmp_path: Path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    assert (
        _error(link, "zero.txt") == "zero.txt: cannot read: a character device, not a file; only regular files are read"
    )


def test_a_folder_named_like_a_digest_is_refused(tmp_path: Path):
    (tmp_path / "d.txt").mkdir()
    assert "a folder, not a file" in _error(tmp_path / "d.txt", "d.txt")


def test_a_file_past_the_size_limit_is_refused(tmp_path: Path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2001)
    assert files.read_regular(big, 2001, "big.txt") == b"x" * 2001
    with pytest.raises(DigestError, match=r"^big.txt: larger than 2,000 bytes: not a digest\? \(raise extra"):
        files.read_regular(big, 2000, "big.txt")


def _error(path: Path, name: str = "x.txt") -> str:
    try:
        files.read_regular(path, 1000, name)
    except DigestError as exc:
        return str(exc)
    return "read"


@pytest.mark.parametrize(
    ("raw", "line", "byte"),
    [
        (b"title: ok\npapers:\n  - paper: x\n    note: caf\xe9\n", 4, 0xE9),
        (b"\xef\xbb\xbfab\n\xe9", 2, 0xE9),  # after a byte-order mark: its line and byte, not 3 bytes before
        (b"\xff", 1, 0xFF),
    ],
    ids=["latin-1", "after-a-bom", "first-byte"],
)
def test_utf8_text_names_the_line_and_byte_that_do_not_decode(raw: bytes, line: int, byte: int):
    with pytest.raises(files.NotUTF8) as caught:
        files.utf8_text(raw)
    assert (caught.value.line, caught.value.byte) == (line, byte)


def test_utf8_text_drops_a_byte_order_mark():
    assert files.utf8_text("\ufeffcafé\n".encode()) == "café\n"
