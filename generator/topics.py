"""Load the topic taxonomy and tag papers with its topics."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import compress, product
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from slugify import slugify

from .errors import Errors, GeneratorError, TaxonomyError
from .models import Topic

# Settings for scoring: a title mention scores TITLE_WEIGHT; n abstract mentions score
# log2(1 + n), so one passing mention scores 1, three score MIN_SCORE (the least that
# tags a paper) and seven score as much as a title mention.
TITLE_WEIGHT = 3.0
MIN_SCORE = 2.0
MAX_TAGS = 5

# Letters and digits make words; any other character except whitespace, hyphens and
# underscores is a token of its own and stops a phrase, so "image, segmentation" is
# not "image segmentation".
_TOKEN = re.compile(r"[^\W_]+|[^\w\s\-\u2010\u2011]")
_TOKEN_ASCII = re.compile(_TOKEN.pattern, re.ASCII)  # the same tokens, faster, for ASCII text
_WORD = re.compile(r"[^\W_]+")
_TOPIC_KEYS = ("name", "area", "description", "phrases", "exclude")
_STR = "tag:yaml.org,2002:str"


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
    def matcher(self) -> _Matcher:
        """Compile the phrase index once per taxonomy."""
        return _Matcher(self.topics)


# ---------------------------------------------------------------------------------
# Loading


def load_taxonomy(path: Path, display: str | None = None) -> Taxonomy:
    """Read and check a taxonomy file, naming it as display in errors; raise every problem at once."""
    where = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TaxonomyError(where, None, f"cannot read the taxonomy: {exc}") from exc
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise TaxonomyError(where, line, f"invalid YAML: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise TaxonomyError(where, None, f"invalid YAML: {exc}") from exc
    checker = _Checker(where)
    taxonomy = checker.taxonomy(root)
    if len(checker.errors) == 1:
        raise checker.errors[0]
    if checker.errors:
        raise Errors(checker.errors)
    return taxonomy


class _Checker:
    """Turn YAML nodes into a Taxonomy, collecting every problem with its line."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[GeneratorError] = []

    def error(self, node: yaml.Node | None, message: str) -> None:
        """Record a problem at the node's line (line 1 for an empty file)."""
        line = node.start_mark.line + 1 if node is not None else 1
        self.errors.append(TaxonomyError(self.path, line, message))

    def mapping(self, node: yaml.MappingNode, allowed: Sequence[str], what: str) -> dict[str, Any]:
        """Return key -> value node, reporting duplicate and unknown keys."""
        found: dict[str, Any] = {}
        for key, value in node.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else "a list or mapping"
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
            if not area.strip():
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
        what = f" in topic '{label}'" if label else ""
        fields = self.mapping(node, _TOPIC_KEYS, what)
        count = len(self.errors)
        for key in ("name", "area", "phrases"):
            if key not in fields:
                self.error(node, f"topic{what.removeprefix(' in topic')} has no '{key}'")
        name = self.string(fields["name"], "the topic name must be a string") if "name" in fields else None
        if name is not None and not slugify(name):
            self.error(fields["name"], f"topic name '{name}' has no letters or digits")
        area = None
        if "area" in fields:
            area = self.string(fields["area"], f"the area{what} must be a string")
            if area is not None and area not in areas:
                self.error(fields["area"], f"unknown area '{area}'{what}; declare it under 'areas'")
        description = ""
        if "description" in fields:
            description = self.string(fields["description"], f"the description{what} must be a string") or ""
        phrases = self.phrases(fields["phrases"], f"phrases{what}") if "phrases" in fields else ()
        if "phrases" in fields and not phrases and len(self.errors) == count:
            self.error(fields["phrases"], f"topic{what.removeprefix(' in topic')} has no phrases")
        exclude = self.phrases(fields["exclude"], f"exclude{what}") if "exclude" in fields else ()
        own = {_base_key(p) for p in phrases}
        for phrase in exclude:
            if _base_key(phrase) in own:
                self.error(fields["exclude"], f"exclude{what}: '{phrase}' is also a phrase of the topic")
        if len(self.errors) > count or name is None or area is None:
            return None
        return Topic(slugify(name), name, area, description.strip(), phrases, exclude)

    def phrases(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        """Check a list of phrases: strings, with words, none repeated."""
        seen: dict[str, str] = {}
        for phrase, item in self.strings(node, what):
            text = " ".join(phrase.split())
            if not text:
                self.error(item, f"{what}: empty phrase")
            elif not _WORD.search(text):
                self.error(item, f"{what}: phrase '{text}' has no letters or digits")
            elif _base_key(text) in seen:
                self.error(item, f"{what}: phrase '{text}' repeats '{seen[_base_key(text)]}'")
            else:
                seen[_base_key(text)] = text
        return tuple(seen.values())


# ---------------------------------------------------------------------------------
# Matching


def _is_exact_case(phrase: str) -> bool:
    """Tell whether a phrase matches case-sensitively: a word has a capital after its first letter (GAN, 3D)."""
    return any(any(c.isupper() for c in word[1:]) for word in _WORD.findall(phrase))


def _base_key(phrase: str) -> str:
    """Return the phrase's tokens joined, lowercased unless the phrase is exact-case."""
    key = "".join(_TOKEN.findall(phrase))
    return key if _is_exact_case(phrase) else key.lower()


def _inflections(word: str) -> set[str]:
    """Return the word with its singular and plural forms."""
    forms = {word}
    if not word[-1].isalnum():
        return forms
    if any(c.isupper() for c in word):
        # Acronyms and names only take a plain "s": GAN/GANs, LLMs/LLM, NeRF/NeRFs.
        if word.endswith("s") and len(word) > 2:
            forms.add(word[:-1])
        elif word[-1].isalpha():
            forms.add(word + "s")
        return forms
    if not word.isalpha() or len(word) < 3:
        return forms
    if word.endswith("ies") and len(word) > 4:
        forms.add(word[:-3] + "y")
    elif word.endswith(("sses", "xes", "ches", "shes")):
        forms.add(word[:-2])
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        forms.add(word[:-1])
    elif word.endswith("y") and word[-2] not in "aeiou":
        forms.add(word[:-1] + "ies")
    elif word.endswith(("s", "x", "ch", "sh")):
        forms.add(word + "es")
    else:
        forms.add(word + "s")
    return forms


def _variants(phrase: str) -> tuple[bool, list[tuple[str, ...]]]:
    """Return whether the phrase is exact-case, and its words in every inflection."""
    exact = _is_exact_case(phrase)
    words = _TOKEN.findall(phrase if exact else phrase.lower())
    return exact, list(product(*(sorted(_inflections(w)) for w in words)))


# A phrase is looked up by its key: its words joined without separators. A text matches
# where the joined tokens equal a key, so hyphens and spaces between or inside words never
# matter: "pre-training", "pre training" and "pretraining" match each other. A scan from a
# token goes on only while the joined tokens are the start of some key, so most tokens
# cost one set lookup.
class _Matcher:
    """The phrase index of a taxonomy: finds every topic's phrases in one pass over a text."""

    def __init__(self, topics: Sequence[Topic]) -> None:
        self.slugs = tuple(t.slug for t in topics)
        # Lowercased key -> (topic number, is an exclude phrase, exact-case key or None).
        index: dict[str, list[tuple[int, bool, str | None]]] = {}
        for number, topic in enumerate(topics):
            for exclude, phrases in ((False, topic.phrases), (True, topic.exclude)):
                for phrase in phrases:
                    exact, variants = _variants(phrase)
                    for key in {"".join(words) for words in variants}:
                        index.setdefault(key.lower(), []).append((number, exclude, key if exact else None))
        self.index = {key: tuple(entries) for key, entries in index.items()}
        # Every start of every key: where a scan may go on.
        self.starts = {key[:k] for key in self.index for k in range(1, len(key) + 1)}

    def counts(self, text: str) -> dict[int, int]:
        """Count each topic's non-overlapping occurrences outside its exclude phrases."""
        text = text.replace("\x00", " ")
        tokens = (_TOKEN_ASCII if text.isascii() else _TOKEN).findall(text)
        lowered = "\x00".join(tokens).lower().split("\x00")
        index, starts, n = self.index, self.starts, len(tokens)
        found: dict[int, list[tuple[int, int]]] = {}
        blocked: dict[int, list[tuple[int, int]]] = {}
        for i in compress(range(n), map(starts.__contains__, lowered)):
            key, j = lowered[i], i
            while True:
                for topic, exclude, exact in index.get(key, ()):
                    if exact is None or "".join(tokens[i : j + 1]) == exact:
                        (blocked if exclude else found).setdefault(topic, []).append((i, j + 1))
                j += 1
                if j == n:
                    break
                key += lowered[j]
                if key not in starts:
                    break
        return {topic: _count(spans, blocked.get(topic, ())) for topic, spans in found.items()}


def _count(spans: list[tuple[int, int]], blocked: Sequence[tuple[int, int]]) -> int:
    """Count spans that overlap neither an earlier counted span nor a blocked one."""
    count, end = 0, -1
    for start, stop in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < end or any(start < b_stop and b_start < stop for b_start, b_stop in blocked):
            continue
        count, end = count + 1, stop
    return count


def score(title_hits: int, abstract_hits: int) -> float:
    """Weigh a topic's mentions: a title mention, then abstract ones with diminishing returns."""
    return (TITLE_WEIGHT if title_hits else 0.0) + math.log2(1 + abstract_hits)


def tag(title: str, abstract: str, taxonomy: Taxonomy) -> tuple[str, ...]:
    """Return the slugs of the paper's topics, strongest first, at most MAX_TAGS."""
    matcher = taxonomy.matcher
    in_title, in_abstract = matcher.counts(title), matcher.counts(abstract)
    scored = []
    for topic in in_title.keys() | in_abstract.keys():
        value = round(score(in_title.get(topic, 0), in_abstract.get(topic, 0)), 9)
        if value >= MIN_SCORE:
            scored.append((-value, matcher.slugs[topic]))
    return tuple(slug for _, slug in sorted(scored)[:MAX_TAGS])


def tag_all(items: Sequence[tuple[str, str]], taxonomy: Taxonomy) -> list[tuple[str, ...]]:
    """Tag many (title, abstract) pairs, in order."""
    return [tag(title, abstract, taxonomy) for title, abstract in items]


def coverage(tags_by_paper: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """Summarise tagging: share of tagged papers, papers per topic, untagged papers."""
    papers = len(tags_by_paper)
    per_topic: dict[str, int] = {}
    for tags in tags_by_paper.values():
        for slug in tags:
            per_topic[slug] = per_topic.get(slug, 0) + 1
    untagged = sorted(pid for pid, tags in tags_by_paper.items() if not tags)
    biggest = max(per_topic.values(), default=0)
    return {
        "papers": papers,
        "tagged": papers - len(untagged),
        "share": (papers - len(untagged)) / papers if papers else 0.0,
        "max_topic_share": biggest / papers if papers else 0.0,
        "per_topic": dict(sorted(per_topic.items(), key=lambda kv: (-kv[1], kv[0]))),
        "untagged": untagged,
    }
