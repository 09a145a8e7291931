"""Read a response's body a chunk at a time, decompressed in bounded steps, and never past a limit.

urllib3 would decompress a gzip or deflate body whole in memory: a few megabytes sent can unpack
to gigabytes (a gzip bomb). zlib's decompressobj with max_length hands out at most what is asked,
so no step holds more than the limit (and one byte) however much the body would unpack to.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import Any

from ..sources.clean import escaped

ACCEPT_ENCODING = "gzip, deflate"  # what decoded decompresses; asked for instead of requests' default
CHUNK = 64 * 1024  # bytes read from the socket at a time
GZIP_MAGIC = b"\x1f\x8b"  # the first bytes of a gzip member (RFC 1952)


class Over(Exception):
    """A body passed the limit (decoded)."""


class Truncated(Exception):
    """A gzip or deflate body ends before its stream does: cut short (decoded)."""


class Misencoded(Exception):
    """A body is not in its Content-Encoding, or in one not asked for (decoded); args[0] says which."""


def decoded(chunks: Iterable[bytes], encoding: str, limit: int) -> bytes:
    """Join a body's chunks as they come, decompressed (gzip, deflate) with zlib's max_length, so that
    no step holds more than limit + 1 bytes; raise Over once the body passes limit bytes."""
    codings = [c.strip() for c in encoding.lower().split(",") if c.strip() not in ("", "identity")]
    coding = codings[0] if len(codings) == 1 else None
    if codings and coding not in ("gzip", "x-gzip", "deflate"):
        shown = escaped(encoding.strip())
        raise Misencoded(f"the response says Content-Encoding: {shown}, which was not asked for ({ACCEPT_ENCODING})")
    body = bytearray()
    inflate: Any = None
    # deflate's first byte, kept until the second comes: the two tell zlib's format from raw; or after
    # a whole gzip member, the first byte of what follows: with the second, it tells a member from garbage
    head = b""
    garbage = False  # bytes after a whole gzip member that begin no other: ignored, as gzip(1) does
    for chunk in chunks:
        if garbage:
            break  # the rest is never read
        if not coding:
            body += chunk
        data = chunk if coding else b""
        if coding == "deflate" and inflate is None and len(head + data) < 2:
            head += data
            continue
        data, head = head + data, b""
        while data:
            if inflate is not None and inflate.eof:  # what follows a whole stream: never fed to it (unbounded)
                data = data.lstrip(b"\0") if coding != "deflate" else b""  # gzip's zero padding, as gzip(1) reads
                if data == GZIP_MAGIC[:1]:  # another member, or garbage: the next byte tells
                    head = data
                    break
                garbage = bool(data) and not data.startswith(GZIP_MAGIC)  # "trailing garbage ignored", says gzip(1)
                if not data or garbage:
                    break
                inflate = None  # another gzip member
            if inflate is None:  # deflate is zlib's format, or (some servers) raw deflate: told by its header
                wrapped = len(data) > 1 and data[0] & 0x0F == 8 and int.from_bytes(data[:2], "big") % 31 == 0
                wbits = 16 + zlib.MAX_WBITS if coding != "deflate" else zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS
                inflate = zlib.decompressobj(wbits)
            try:
                body += inflate.decompress(data, limit + 1 - len(body))  # never 0 (no limit): body <= limit here
            except zlib.error:
                name = escaped(encoding.strip())
                raise Misencoded(f"the response says Content-Encoding: {name}, but its body is not {name}") from None
            if len(body) > limit:
                raise Over
            data = inflate.unconsumed_tail or inflate.unused_data
        if len(body) > limit:
            raise Over
    if head and inflate is None:  # a deflate body of one byte: not deflate in either form
        name = escaped(encoding.strip())
        raise Misencoded(f"the response says Content-Encoding: {name}, but its body is not {name}")
    if inflate is not None and not inflate.eof:  # a stream without its end (gzip's trailer, deflate's last block)
        raise Truncated
    return bytes(body)
