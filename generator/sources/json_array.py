"""Split a JSON digest's top-level array into its items, each with its line, for messages.

The array is scanned item by item (json's raw_decode), so an item's line is known, invalid JSON
is named at its line (its column in the message: `path:line: ... at column N`), and an item nested
too deeply is one message, not a RecursionError.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import DigestError
from . import files


def scan(name: str, text_: str) -> list[tuple[int, Any]]:
    """Decode the top-level JSON array, returning (line, value) per item; errors are `path:line: message`
    (invalid JSON's column in the message: the project's messages are `path:line`, never `path:line:col`)."""
    decoder = json.JSONDecoder()
    whitespace = re.compile(r"[ \t\n\r]*")
    items: list[tuple[int, Any]] = []
    line, counted = 1, 0

    def line_at(index: int) -> int:
        nonlocal line, counted
        line += text_.count("\n", counted, index)
        counted = index
        return line

    def fail(index: int, message: str) -> DigestError:
        return DigestError(name, line_at(index), message)

    def column(index: int) -> str:
        """Say where on its line index is: `at column N` (counted in characters from 1, as editors do)."""
        return f"at column {index - text_.rfind(chr(10), 0, index)}"

    index = whitespace.match(text_, 0).end()  # type: ignore[union-attr]
    if index == len(text_):
        raise fail(index, "invalid JSON: the file is empty")
    if text_[index] != "[":
        raise fail(index, "expected a JSON array of Daily Papers items (a saved /api/daily_papers response)")
    index = whitespace.match(text_, index + 1).end()  # type: ignore[union-attr]
    if text_.startswith("]", index):
        index += 1
    else:
        while True:
            start = index
            try:
                value, index = decoder.raw_decode(text_, index)
            except json.JSONDecodeError as exc:
                raise fail(exc.pos, f"invalid JSON: {problem(exc)}") from None
            except RecursionError:
                raise fail(start, "not a Daily Papers item: nested too deeply") from None
            items.append((line_at(start), value))
            index = whitespace.match(text_, index).end()  # type: ignore[union-attr]
            if text_.startswith(",", index):
                index = whitespace.match(text_, index + 1).end()  # type: ignore[union-attr]
            elif text_.startswith("]", index):
                index += 1
                break
            elif index == len(text_):
                raise fail(index, "invalid JSON: the array is not closed (the file is cut short)")
            else:
                raise fail(index, f"invalid JSON: expected ',' or ']' after an item {column(index)}")
    end = whitespace.match(text_, index).end()  # type: ignore[union-attr]
    if end != len(text_):
        raise fail(end, f"invalid JSON: extra data after the array {column(end)}")
    return items


def problem(exc: json.JSONDecodeError) -> str:
    """Say what json found wrong and where on its line: `Unterminated string starting at column 18`."""
    # json's own words end "starting at" or "character at" where its str() adds the place
    return f"{exc.msg.removesuffix(' at')} at column {exc.colno}"


def decode(name: str, raw: bytes) -> str:
    """Decode JSON text (UTF-8, RFC 8259; a byte-order mark is tolerated); raise DigestError naming the line."""
    try:
        return files.utf8_text(raw)
    except files.NotUTF8 as exc:
        raise DigestError(name, exc.line, f"not UTF-8 (byte 0x{exc.byte:02x}); JSON must be UTF-8") from None
