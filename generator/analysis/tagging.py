"""Tag papers with the taxonomy's topics: phrase matching and scoring."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from itertools import compress, product
from typing import Any

from ..models import Topic

# Settings for scoring: a title mention scores TITLE_WEIGHT; n abstract mentions score
# log2(1 + n), so one passing mention scores 1, three score MIN_SCORE (the least that
# tags a paper) and seven score as much as a title mention.
TITLE_WEIGHT = 3.0
MIN_SCORE = 2.0
MAX_TAGS = 5
# A keyword the Hub gives the paper (JSON digests' paper.ai_keywords) that names a topic counts
# as this many abstract mentions: with one mention in the abstract it tags the paper, alone it
# does not (log2(3) < MIN_SCORE), so keywords confirm the text rather than replace it.
KEYWORD_WEIGHT = 2

# Letters and digits make words; any other character except whitespace, hyphens and
# underscores is a token of its own and stops a phrase, so "image, segmentation" is
# not "image segmentation".
_TOKEN = re.compile(r"[^\W_]+|[^\w\s\-\u2010\u2011]")
_TOKEN_ASCII = re.compile(_TOKEN.pattern, re.ASCII)  # the same tokens, faster, for ASCII text
WORD = re.compile(r"[^\W_]+")


def _is_exact_case(phrase: str) -> bool:
    """Tell whether a phrase matches case-sensitively: a word has a capital after its first letter (GAN, 3D)."""
    return any(any(c.isupper() for c in word[1:]) for word in WORD.findall(phrase))


def phrase_key(phrase: str) -> str:
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
class Matcher:
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


def tag(title: str, abstract: str, matcher: Matcher, keywords: Sequence[str] = ()) -> tuple[str, ...]:
    """Return the slugs of the paper's topics, strongest first, at most MAX_TAGS."""
    in_title, in_abstract = matcher.counts(title), matcher.counts(abstract)
    if keywords:
        # ";" is a token of its own, so no phrase matches across two keywords.
        for topic, hits in matcher.counts(" ; ".join(keywords)).items():
            in_abstract[topic] = in_abstract.get(topic, 0) + KEYWORD_WEIGHT * hits
    scored = []
    for topic in in_title.keys() | in_abstract.keys():
        value = round(score(in_title.get(topic, 0), in_abstract.get(topic, 0)), 9)
        if value >= MIN_SCORE:
            scored.append((-value, matcher.slugs[topic]))
    return tuple(slug for _, slug in sorted(scored)[:MAX_TAGS])


def tag_all(
    items: Sequence[tuple[str, str]], topics: Sequence[Topic], keywords: Sequence[Sequence[str]] = ()
) -> list[tuple[str, ...]]:
    """Tag many (title, abstract) pairs with the given topics, in order; keywords, if given, per pair."""
    matcher = Matcher(topics)
    if not keywords:
        return [tag(title, abstract, matcher) for title, abstract in items]
    return [tag(title, abstract, matcher, words) for (title, abstract), words in zip(items, keywords, strict=True)]


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
