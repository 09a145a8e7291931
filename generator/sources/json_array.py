"""Split a JSON digest's top-level array into its items, each with its line, for messages.

The array is scanned item by item (json's raw_decode), so an item's line is known, invalid JSON
is named at its line, and an item nested too deeply is one message, not a RecursionError.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import DigestError
from . import files


def scan(name: str, text_: str) -> list[tuple[int, Any]]:
    """Decode the top-level JSON array, returning (line, value) per item; errors are `path:line: message`."""
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
                raise DigestError(name, exc.lineno, f"invalid JSON: {exc.msg}") from None
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
                raise fail(index, "invalid JSON: expected ',' or ']' after an item")
    if whitespace.match(text_, index).end() != len(text_):  # type: ignore[union-attr]
        raise fail(whitespace.match(text_, index).end(), "invalid JSON: extra data after the array")  # type: ignore[union-attr]
    return items


def decode(name: str, raw: bytes) -> str:
    """Decode JSON text (UTF-8, RFC 8259; a byte-order mark is tolerated); raise DigestError naming the line."""
    try:
        return files.utf8_text(raw)
    except files.NotUTF8 as exc:
        raise DigestError(name, exc.line, f"not UTF-8 (byte 0x{exc.byte:02x}); JSON must be UTF-8") from None
