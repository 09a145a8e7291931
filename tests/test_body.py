"""generator.fetch.body: a body decompressed in bounded steps, never past its limit."""

from __future__ import annotations

import gzip
import zlib

import pytest

from generator.fetch import body

DATA = b'[{"paper": {"id": "2403.01234"}}]' * 200


def pieces(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def deflated(data: bytes, wbits: int) -> bytes:
    pack = zlib.compressobj(wbits=wbits)
    return pack.compress(data) + pack.flush()


@pytest.mark.parametrize(
    ("sent", "encoding"),
    [
        (DATA, ""),
        (DATA, "identity"),
        (gzip.compress(DATA), "gzip"),
        (gzip.compress(DATA), "X-Gzip"),
        (gzip.compress(DATA[:7]) + gzip.compress(DATA[7:]), "gzip"),  # two members
        (gzip.compress(DATA[:7]) + b"\0" * 3 + gzip.compress(DATA[7:]) + b"\0" * 9, "gzip"),  # padded with zeros
        (gzip.compress(DATA) + b"trailing garbage", "gzip"),  # ignored, as gzip(1) does
        (gzip.compress(DATA[:7]) + gzip.compress(DATA[7:]) + b"\0\0<html>", "gzip"),  # members, zeros, garbage
        (gzip.compress(DATA) + b"\x1f", "gzip"),  # a member's first byte, alone at the end
        (gzip.compress(DATA) + b"\x1f\x1f\x8b", "gzip"),  # the first byte, then not the second
        (deflated(DATA, zlib.MAX_WBITS), "deflate"),
        (deflated(DATA, -zlib.MAX_WBITS), "deflate"),
    ],
)
@pytest.mark.parametrize("size", [1, 2, 7, 64 * 1024])
def test_a_body_in_any_chunks_reads_whole_up_to_its_exact_size(sent: bytes, encoding: str, size: int):
    assert body.decoded(pieces(sent, size), encoding, len(DATA)) == DATA
    with pytest.raises(body.Over):
        body.decoded(pieces(sent, size), encoding, len(DATA) - 1)


def test_a_bomb_stops_at_the_limit_without_unpacking_the_rest():
    bomb = gzip.compress(b"\0" * 50_000_000)  # 50 MB in 50 kB
    with pytest.raises(body.Over):
        body.decoded(pieces(bomb, 1024), "gzip", 1000)


@pytest.mark.parametrize(
    ("sent", "encoding", "message"),
    [
        (b"[]", "gzip", "the response says Content-Encoding: gzip, but its body is not gzip"),
        (b"x", "deflate", "the response says Content-Encoding: deflate, but its body is not deflate"),  # one byte
        (b"[]", "br", "the response says Content-Encoding: br, which was not asked for (gzip, deflate)"),
        (b"[]", "gzip, br", "the response says Content-Encoding: gzip, br, which was not asked for (gzip, deflate)"),
        (b"[]", "\x1b[31m", "the response says Content-Encoding: \\u001b[31m, which was not asked for (gzip, deflate)"),
    ],
)
def test_a_body_not_in_its_encoding_is_named(sent: bytes, encoding: str, message: str):
    with pytest.raises(body.Misencoded) as caught:
        body.decoded([sent], encoding, 1000)
    assert caught.value.args[0] == message


@pytest.mark.parametrize(
    ("sent", "encoding"),
    [
        (gzip.compress(DATA)[:-4], "gzip"),  # no length in the trailer
        (gzip.compress(DATA)[:-8], "gzip"),  # no trailer
        (gzip.compress(DATA)[: len(gzip.compress(DATA)) // 2], "gzip"),
        (gzip.compress(DATA) + gzip.compress(DATA)[:20], "gzip"),  # a second member begun
        (deflated(DATA, zlib.MAX_WBITS)[:-4], "deflate"),  # no checksum
        (deflated(DATA, -zlib.MAX_WBITS)[:-10], "deflate"),
    ],
    ids=["gzip-no-length", "gzip-no-trailer", "gzip-half", "gzip-second-member-begun", "deflate", "raw-deflate"],
)
@pytest.mark.parametrize("size", [1, 64 * 1024])
def test_a_compressed_body_without_its_end_is_cut_short(sent: bytes, encoding: str, size: int):
    with pytest.raises(body.Truncated):
        body.decoded(pieces(sent, size), encoding, len(DATA) * 2)
