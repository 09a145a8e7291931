"""Load and check the topic taxonomy file (data/topics.yml)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from slugify import slugify

from ..errors import Errors, GeneratorError, TaxonomyError
from ..models import TOPICS_OVERVIEW, Topic
from ..sources.clean import escaped, hidden_character
from ..sources.files import NotUTF8, utf8_text
from ..write.tree import NAME_MAX
from ..yaml_nodes import Refused, aliases_refused, compose_tagged, error_line, tags_refused, written
from .tagging import WORD as _WORD
from .tagging import Matcher, phrase_key

_TOPIC_KEYS = ("name", "area", "description", "phrases", "exclude")
_STR = "tag:yaml.org,2002:str"
# A topic's page is topics/<slug>.html: its name must fit a file name (the slug is ASCII), and may
# not be one the topics/ folder uses for its own pages (its overview; older pages are in <slug>/).
SLUG_MAX = NAME_MAX - len(".html")
RESERVED = frozenset({TOPICS_OVERVIEW})


@dataclass(frozen=True)
class Taxonomy:
    """The areas, in display order, and the topics of the taxonomy."""

    areas: tuple[str, ...]
    topics: tuple[Topic, ...]

    @cached_property
    def by_slug(self) -> Mapping[str, Topic]:
        """Map each topic slug to its topic."""
        return MappingProxyType({t.slug: t for t in self.topics})

    @cached_property
    def matcher(self) -> Matcher:
        """Compile the phrase index once per taxonomy."""
        return Matcher(self.topics)


def load_taxonomy(path: Path, display: str | None = None) -> Taxonomy:
    """Read and check a taxonomy file, naming it as display in errors; raise every problem at once."""
    where = display or str(path)
    try:
        text = utf8_text(path.read_bytes())
    except OSError as exc:
        raise TaxonomyError(where, None, f"cannot read the taxonomy: {(exc.strerror or str(exc)).lower()}") from None
    except NotUTF8 as exc:
        raise TaxonomyError(where, exc.line, f"not UTF-8 (byte 0x{exc.byte:02x}); save the taxonomy as UTF-8") from None
    try:
        root, marks, tags = compose_tagged(text)  # an alias is named at its own line, never walked again
    except Refused as exc:
        raise TaxonomyError(where, exc.line, str(exc)) from None
    except yaml.MarkedYAMLError as exc:
        raise TaxonomyError(where, error_line(exc, text), f"invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise TaxonomyError(where, None, f"invalid YAML: {exc}") from exc
    if marks:  # one message at the first anchor or alias, before anything is checked or constructed
        refused = aliases_refused(marks, "the taxonomy")
        raise TaxonomyError(where, refused.line, str(refused))
    if tags:  # plain data: `!!str 5` or `!foo x` would be read as the text it tags
        refused = tags_refused(tags, "the taxonomy")
        raise TaxonomyError(where, refused.line, str(refused))
    checker = _Checker(where, text)
    taxonomy = checker.taxonomy(root)
    if len(checker.errors) == 1:
        raise checker.errors[0]
    if checker.errors:
        raise Errors(checker.errors)
    return taxonomy


class _Checker:
    """Turn YAML nodes into a Taxonomy, collecting every problem with its line."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text  # the file, to name a key that is a list or mapping as written
        self.errors: list[GeneratorError] = []

    def error(self, node: yaml.Node | None, message: str) -> None:
        """Record a problem at the node's line (line 1 for an empty file)."""
        line = node.start_mark.line + 1 if node is not None else 1
        self.errors.append(TaxonomyError(self.path, line, message))

    def mapping(self, node: yaml.MappingNode, allowed: Sequence[str], what: str) -> dict[str, Any]:
        """Return key -> value node, reporting duplicate and unknown keys."""
        found: dict[str, Any] = {}
        for key, value in node.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else written(self.text, key)
            if name in found:
                self.error(key, f"duplicate key '{name}'{what}")
            elif name not in allowed:
                expected = ", ".join(allowed)
                self.error(key, f"unknown key '{name}'{what} (expected one of: {expected})")
            else:
                found[name] = value
        return found

    def string(self, node: Any, message: str) -> str | None:
        """Return the node's text if it is a string, else record the message."""
        if isinstance(node, yaml.ScalarNode) and node.tag == _STR:
            return str(node.value)
        self.error(node, message)
        return None

    def shown(self, node: yaml.Node, value: str, what: str, quote: bool = True) -> bool:
        """Tell whether value draws what it says; else record which character is hidden in it
        (escaped, as the value quoted unless not quote: the terminal shows the escape, not its effect)."""
        hidden = hidden_character(value)
        if hidden is None:
            return True
        char, kind = hidden
        quoted = f" '{escaped(value)}'" if quote else ""
        self.error(node, f"{what}{quoted} holds {escaped(char)}, {kind}: remove it")
        return False

    def strings(self, node: Any, what: str) -> list[tuple[str, yaml.Node]]:
        """Return the (text, node) pairs of a list of strings, recording any other item."""
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} must be a list")
            return []
        out = []
        for item in node.value:
            if isinstance(item, yaml.ScalarNode):
                value = self.string(item, f"{what}: {item.value} is not a string (quote it)")
            else:
                kind = "list" if isinstance(item, yaml.SequenceNode) else "mapping"
                value = self.string(item, f"{what}: expected a string, found a {kind}")
            if value is not None:
                out.append((value, item))
        return out

    def taxonomy(self, root: yaml.Node | None) -> Taxonomy:
        """Check the whole document: areas, then each topic, then unique names and slugs."""
        if not isinstance(root, yaml.MappingNode):
            self.error(root, "the taxonomy must be a mapping with 'areas' and 'topics'")
            return Taxonomy((), ())
        fields = self.mapping(root, ("areas", "topics"), "")
        for key in ("areas", "topics"):
            if key not in fields:
                self.error(root, f"missing '{key}'")
        areas: dict[str, int] = {}
        for area, node in self.strings(fields["areas"], "areas") if "areas" in fields else []:
            if not self.shown(node, area, "the area name"):
                pass
            elif not area.strip():
                self.error(node, "empty area name")
            elif area in areas:
                self.error(node, f"duplicate area '{area}' (first at line {areas[area]})")
            else:
                areas[area] = node.start_mark.line + 1
        topics: list[Topic] = []
        listed = fields.get("topics")
        if listed is not None and not isinstance(listed, yaml.SequenceNode):
            self.error(listed, "'topics' must be a list")
        elif listed is not None:
            names: dict[str, int] = {}
            slugs: dict[str, tuple[str, int]] = {}
            for item in listed.value:
                topic = self.topic(item, areas)
                if topic is None:
                    continue
                line = item.start_mark.line + 1
                if topic.name.casefold() in names:
                    first = names[topic.name.casefold()]
                    self.error(item, f"duplicate topic name '{topic.name}' (first at line {first})")
                elif topic.slug in slugs:
                    other, first = slugs[topic.slug]
                    self.error(
                        item,
                        f"topic '{topic.name}' has slug '{topic.slug}', already used by '{other}' (line {first})",
                    )
                else:
                    names[topic.name.casefold()] = line
                    slugs[topic.slug] = (topic.name, line)
                    topics.append(topic)
        return Taxonomy(tuple(areas), tuple(topics))

    def topic(self, node: yaml.Node, areas: Mapping[str, int]) -> Topic | None:
        """Check one topic entry; return it, or None when it has a problem."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, "a topic must be a mapping with name, area and phrases")
            return None
        name_node = next((v for k, v in node.value if k.value == "name"), None)
        label = name_node.value if isinstance(name_node, yaml.ScalarNode) else None
        what = f" in topic '{escaped(' '.join(str(label).split()))}'" if label else ""
        fields = self.mapping(node, _TOPIC_KEYS, what)
        count = len(self.errors)
        for key in ("name", "area", "phrases"):
            if key not in fields:
                self.error(node, f"topic{what.removeprefix(' in topic')} has no '{key}'")
        name = self.string(fields["name"], "the topic name must be a string") if "name" in fields else None
        if name is not None and not self.shown(fields["name"], name, "topic name"):
            name = None
        elif name is not None:
            name = " ".join(name.split())  # as a reading list's title: spaces at the ends dropped, runs made one
        slug = slugify(name) if name is not None else ""
        if name is not None:
            self.slug(fields["name"], name, slug)
        area = None
        if "area" in fields:
            area = self.string(fields["area"], f"the area{what} must be a string")
            if area is not None and area not in areas and self.shown(fields["area"], area, f"the area{what}"):
                self.error(fields["area"], f"unknown area '{area}'{what}; declare it under 'areas'")
        description = ""
        if "description" in fields:
            description = self.string(fields["description"], f"the description{what} must be a string") or ""
            if not self.shown(fields["description"], description, f"the description{what}", quote=False):
                description = ""
        phrases = self.phrases(fields["phrases"], f"phrases{what}") if "phrases" in fields else ()
        if "phrases" in fields and not phrases and len(self.errors) == count:
            self.error(fields["phrases"], f"topic{what.removeprefix(' in topic')} has no phrases")
        exclude = self.phrases(fields["exclude"], f"exclude{what}") if "exclude" in fields else ()
        own = {phrase_key(p) for p in phrases}
        for phrase in exclude:
            if phrase_key(phrase) in own:
                self.error(fields["exclude"], f"exclude{what}: '{phrase}' is also a phrase of the topic")
        if len(self.errors) > count or name is None or area is None:
            return None
        return Topic(slug, name, area, description.strip(), phrases, exclude)

    def slug(self, node: yaml.Node, name: str, slug: str) -> None:
        """Check that the topic's name makes a slug its page can have (topics/<slug>.html)."""
        if not slug:
            self.error(node, f"topic name '{name}' has no letters or digits")
        elif slug in RESERVED:
            self.error(
                node,
                f"topic name '{name}' has the slug '{slug}', which topics/{slug}.html, the overview of all topics,"
                " uses; rename the topic",
            )
        elif len(slug) > SLUG_MAX:
            shown = name if len(name) <= 40 else name[:39] + "…"
            self.error(
                node,
                f"topic name '{shown}' is too long: its page topics/<slug>.html needs a slug of at most {SLUG_MAX}"
                f" characters, and this one has {len(slug)}; shorten the name",
            )

    def phrases(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        """Check a list of phrases: strings, with words, none repeated."""
        seen: dict[str, str] = {}
        for phrase, item in self.strings(node, what):
            text = " ".join(phrase.split())
            if not self.shown(item, phrase, f"{what}: phrase"):
                pass
            elif not text:
                self.error(item, f"{what}: empty phrase")
            elif not _WORD.search(text):
                self.error(item, f"{what}: phrase '{text}' has no letters or digits")
            elif phrase_key(text) in seen:
                self.error(item, f"{what}: phrase '{text}' repeats '{seen[phrase_key(text)]}'")
            else:
                seen[phrase_key(text)] = text
        return tuple(seen.values())
