"""YAML read as nodes (never constructed), nested no deeper than MAX_DEPTH and with aliases that
expand to no more than MAX_EXPANDED nodes: the reading lists, the taxonomy and mkdocs.yml.

PyYAML composes recursively, a few Python frames a level: a file of a thousand `[` would end in a
RecursionError. Deeper than MAX_DEPTH is refused at the line where it goes too deep, and a
RecursionError from anywhere in the parse (a caller already deep in the stack) is refused too.
A few lines of aliases of aliases name a list billions of times (a "billion laughs"): whoever
constructs the document (MkDocs reads mkdocs.yml itself) would build and walk every copy, so the
expanded size is counted while composing, each list or mapping once, and refused at the alias
that makes it too large. A character YAML does not allow is refused at its line. The tags written
(`!!binary`, `!foo`) are noted for a reader of plain data to refuse (compose_tagged): none is ever
constructed, so a tag would otherwise be read, silently, as the text it tags. A key written
twice in one mapping (PyYAML keeps the last and drops the first without a word) is refused by
unique_keys at its second line.

Lines are the file's own: PyYAML also ends a line at NEL (U+0085), LS (U+2028) and PS (U+2029),
which editors and git show inside a line; marks here count "\\n" (and "\\r") only.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

import yaml

MAX_DEPTH = 100  # levels of lists and mappings; the files read here need fewer than 10
MAX_EXPANDED = 100_000  # nodes that aliases stand for, in all; a config with a few anchors needs hundreds
_BREAKS = "\x85\u2028\u2029"  # line breaks to PyYAML, not to the project


class Refused(yaml.YAMLError):
    """A document the readers here refuse, at its 1-based line: `str()` is the message."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(line, message)
        self.line = line
        self.message = message

    def __str__(self) -> str:
        return self.message


class TooDeep(Refused):
    """A document nested deeper than MAX_DEPTH, or deeper than the Python stack allows."""

    def __init__(self, line: int, message: str = "nested too deeply") -> None:
        super().__init__(line, message)


class AliasNode(yaml.Node):
    """Where an alias (`*name`) stands, in place of the node it names (compose with mark_aliases)."""

    id = "alias"


Marks = tuple[tuple[int, str], ...]  # (line, "&name" or "*name") of each anchor and alias, in the file's order


def _here(marks: Sequence[tuple[int, str]]) -> str:
    """Name the first of marks and the lines of the others: "&a here; 2 more: lines 4, 5"."""
    (_, name), more = marks[0], sorted({line for line, _ in marks[1:]})
    others = f"; {len(marks) - 1} more: line{'s' if len(more) > 1 else ''} " if more else ""
    others += ", ".join(map(str, more[:3])) + (", ..." if len(more) > 3 else "")
    return f"{name} here{others}"


def aliases_refused(marks: Sequence[tuple[int, str]], where: str) -> Refused:
    """Refuse a document's anchors and aliases (compose_tagged's marks) in one message at the first."""
    message = f"anchors and aliases (&, *) are not supported in {where}: write the value out ({_here(marks)})"
    return Refused(marks[0][0], message)


def tags_refused(tags: Sequence[tuple[int, str]], where: str) -> Refused:
    """Refuse a document's tags (compose_tagged's tags: `!!binary`, `!foo`) in one message at the first.

    A file of plain data means what it writes; a tag asks for something else (a Python object, bytes
    from base64), which is never constructed here, so it would be silently read as the text it tags.
    """
    message = f"YAML tags (!!binary, !foo, ...) are not supported in {where}: remove the tag ({_here(tags)})"
    return Refused(tags[0][0], message)


def written(text: str, node: yaml.Node, most: int = 40) -> str:
    """A node as text writes it, on one line (`[a, b]` for a key that is a list), at most `most` characters."""
    words = " ".join(text[node.start_mark.index : node.end_mark.index].split())
    return words if len(words) <= most else words[: most - 1] + "…"


def line_at(text: str, index: int) -> int:
    """The 1-based line of text[index], as the project counts lines."""
    return text.count("\n", 0, index) + 1


def error_line(exc: yaml.MarkedYAMLError, text: str) -> int:
    """The 1-based line to name for PyYAML's error in text, never past the file's last line.

    At the end of the file (an unterminated quote, bracket or block: "found unexpected end of
    stream"), PyYAML's problem mark is past the last line: the line where what it was reading
    opens (its context mark) is named instead, else the last line.
    """
    last = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return 1
    if (mark.index >= len(text) or mark.line + 1 > last) and exc.context_mark is not None:
        mark = exc.context_mark
    return min(mark.line + 1, last)


class _Loader(yaml.SafeLoader):
    def __init__(self, stream: str, mark_aliases: bool) -> None:
        self.breaks = [i for i, c in enumerate(stream) if c in _BREAKS] if any(c in stream for c in _BREAKS) else []
        super().__init__(stream)
        self.depth = 0
        self.mark_aliases = mark_aliases
        self.sizes: dict[int, tuple[int, int]] = {}  # id of a composed list or mapping: (nodes, levels) expanded
        self.open: list[list[int]] = []  # per list or mapping being composed: [nodes, deepest level] so far
        self.expanded = 0  # nodes the aliases so far stand for
        self.marked: list[tuple[int, str]] = []  # with mark_aliases: (line, "&a" or "*a") of each
        self.tagged: list[tuple[int, str]] = []  # (line, "!!binary" or "!foo") of each tag written

    def get_mark(self) -> Any:
        mark = super().get_mark()
        if self.breaks:
            mark.line -= bisect_left(self.breaks, mark.index)
        return mark

    def count(self, nodes: int, levels: int) -> None:
        if self.open:
            self.open[-1][0] += nodes
            self.open[-1][1] = max(self.open[-1][1], levels)

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if self.mark_aliases and event.anchor is not None:  # PyYAML keeps no anchor on a node: noted here
            sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
            self.marked.append((event.start_mark.line + 1, sign + str(event.anchor)))
        if getattr(event, "tag", None) is not None:  # PyYAML keeps a tag on a node, but not whether it was written
            written = re.sub(r"^tag:yaml\.org,2002:", "!!", event.tag)
            self.tagged.append((event.start_mark.line + 1, written))
        if isinstance(event, yaml.AliasEvent):
            node = super().compose_node(parent, index)  # refuses an undefined alias as PyYAML does
            if self.mark_aliases:  # never expanded: the caller names each alias
                self.count(1, 0)
                return AliasNode("", event.anchor, event.start_mark, event.end_mark)
            line = event.start_mark.line + 1
            if isinstance(node, yaml.CollectionNode) and id(node) not in self.sizes:
                raise Refused(line, f"the alias *{event.anchor} stands inside the list or mapping it names")
            nodes, levels = self.sizes.get(id(node), (1, 0))
            self.expanded += nodes
            if self.expanded > MAX_EXPANDED:
                raise Refused(line, f"aliases expand to more than {MAX_EXPANDED:,} nodes")
            if self.depth + levels > MAX_DEPTH:
                raise TooDeep(
                    line,
                    f"nested too deeply (more than {MAX_DEPTH} levels of lists and mappings, with what aliases name)",
                )
            self.count(nodes, levels)
            return node
        if not isinstance(event, yaml.CollectionStartEvent):  # a scalar: no deeper
            node = super().compose_node(parent, index)
            self.count(1, 0)
            return node
        self.depth += 1
        self.open.append([0, 0])
        try:
            if self.depth > MAX_DEPTH:
                raise TooDeep(
                    event.start_mark.line + 1, f"nested too deeply (more than {MAX_DEPTH} levels of lists and mappings)"
                )
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
            nodes, levels = self.open.pop()
        self.sizes[id(node)] = (nodes + 1, levels + 1)
        self.count(nodes + 1, levels + 1)
        return node


def _bad_character(text: str, exc: yaml.reader.ReaderError) -> Refused:
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    kind = "a control character" if unicodedata.category(char) == "Cc" else "the character"
    return Refused(line_at(text, exc.position), f"{kind} U+{ord(char):04X} is not allowed in YAML")


def compose(text: str, mark_aliases: bool = False) -> yaml.Node | None:
    """Compose one YAML document into nodes (None for an empty one), safely: no tag is constructed.

    With mark_aliases, each alias is an AliasNode at its own line, never the node it names again
    (a few lines of aliases of aliases would name it billions of times); without, the aliases may
    stand for MAX_EXPANDED nodes in all, nested no deeper than MAX_DEPTH with the rest.
    Raises Refused (TooDeep, too many nodes by aliases, a character YAML does not allow), or
    yaml.YAMLError (a MarkedYAMLError where PyYAML knows the line, counted as the project counts).
    """
    return _compose(text, mark_aliases)[0]


def compose_tagged(text: str) -> tuple[yaml.Node | None, Marks, Marks]:
    """Compose as compose(text, mark_aliases=True) does; and every anchor and alias, (line, "&a" or
    "*a"), and every tag written, (line, "!!binary" or "!foo"), each in the file's order, for a
    reader of plain data that refuses them (aliases_refused, tags_refused) before it constructs
    anything: the node an anchor or a tag is on does not say it was written.
    """
    return _compose(text, True)


def _compose(text: str, mark_aliases: bool) -> tuple[yaml.Node | None, Marks, Marks]:
    """compose and compose_tagged: the node, the marks (none without mark_aliases) and the tags written."""
    try:
        loader = _Loader(text, mark_aliases)
    except yaml.reader.ReaderError as exc:
        raise _bad_character(text, exc) from None
    try:
        return loader.get_single_node(), tuple(loader.marked), tuple(loader.tagged)
    except RecursionError:
        raise TooDeep(loader.get_mark().line + 1) from None
    finally:
        loader.dispose()


_MERGE = "tag:yaml.org,2002:merge"


def _key(node: yaml.Node, keys: yaml.constructor.SafeConstructor) -> tuple[str, object] | None:
    """What a mapping's key means, to compare with its other keys; None for a list or mapping as a key."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    try:
        value = keys.construct_object(node, deep=True)  # as YAML means it: `1` and `0x1` are one key
        hash(value)
    except (yaml.YAMLError, TypeError, ValueError):  # a tag SafeLoader does not know (!ENV): compare as written
        return node.tag, node.value
    return type(value).__name__, value


def unique_keys(node: yaml.Node | None) -> None:
    """Refuse a key written twice in one mapping, at any depth, at the first line where one is.

    A merge (`<<: *defaults`) is not a second key: the keys written beside it win over those it
    brings, as YAML means. `<<` written twice in one mapping is refused like any other key.
    Each list or mapping is looked at once, however many aliases name it.
    """
    keys = yaml.constructor.SafeConstructor()
    seen: set[int] = set()
    twice: list[tuple[int, str, int, bool]] = []  # line, key, its first line, a merge
    stack = [node] if node is not None else []
    while stack:
        node = stack.pop()
        if not isinstance(node, yaml.CollectionNode) or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
            continue
        first: dict[tuple[str, object], int] = {}
        for key, value in node.value:
            meaning = _key(key, keys) if key.tag != _MERGE else ("merge", "<<")
            line = key.start_mark.line + 1
            if meaning is not None and meaning in first:
                twice.append((line, str(key.value), first[meaning], key.tag == _MERGE))
            elif meaning is not None:
                first[meaning] = line
            stack.append(value)
    if twice:
        line, name, at, merge = min(twice)
        hint = " (merge several with <<: [*a, *b])" if merge else ""
        raise Refused(line, f"{name!r} is set twice (first at line {at}): one key, one value{hint}")
