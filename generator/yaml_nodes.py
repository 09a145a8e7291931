"""YAML read as nodes (never constructed) and nested no deeper than MAX_DEPTH: the reading lists,
the taxonomy and mkdocs.yml.

PyYAML composes recursively, a few Python frames a level: a file of a thousand `[` would end in a
RecursionError. Deeper than MAX_DEPTH is refused at the line where it goes too deep, and a
RecursionError from anywhere in the parse (a caller already deep in the stack) is refused too.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 100  # levels of lists and mappings; the files read here need fewer than 10


class TooDeep(yaml.YAMLError):
    """A document nested deeper than MAX_DEPTH, or deeper than the Python stack allows."""

    def __init__(self, line: int, message: str = "nested too deeply") -> None:
        super().__init__(line, message)
        self.line = line  # 1-based
        self.message = message

    def __str__(self) -> str:
        return self.message


class AliasNode(yaml.Node):
    """Where an alias (`*name`) stands, in place of the node it names (compose with mark_aliases)."""

    id = "alias"


class _Loader(yaml.SafeLoader):
    def __init__(self, stream: str, mark_aliases: bool) -> None:
        super().__init__(stream)
        self.depth = 0
        self.mark_aliases = mark_aliases

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if self.mark_aliases and isinstance(event, yaml.AliasEvent):
            super().compose_node(parent, index)  # refuses an undefined alias as PyYAML does
            return AliasNode("", event.anchor, event.start_mark, event.end_mark)
        if not isinstance(event, yaml.CollectionStartEvent):  # a scalar or an alias: no deeper
            return super().compose_node(parent, index)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise TooDeep(
                    event.start_mark.line + 1, f"nested too deeply (more than {MAX_DEPTH} levels of lists and mappings)"
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def compose(text: str, mark_aliases: bool = False) -> yaml.Node | None:
    """Compose one YAML document into nodes (None for an empty one), safely: no tag is constructed.

    With mark_aliases, each alias is an AliasNode at its own line, never the node it names again
    (a few lines of aliases of aliases would name it billions of times).
    Raises TooDeep, or yaml.YAMLError (a MarkedYAMLError where PyYAML knows the line).
    """
    loader = _Loader(text, mark_aliases)
    try:
        return loader.get_single_node()
    except RecursionError:
        raise TooDeep(loader.get_mark().line + 1) from None
    finally:
        loader.dispose()
