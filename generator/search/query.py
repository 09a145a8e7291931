"""Search a built site from the command line, exactly as its search box does.

This is the browser's worker (overrides/assets/javascripts/search/worker.js) in Python, step
for step, over the same files (generator/search/index.py), with the `lunr` package standing in
for lunr.js: its query parser and pipeline. tests/test_search_worker.py runs both on the same
queries and compares rankings, scores and counts.

The query language is lunr's, as Material's search box reads it:

- every word must appear (in any field) if any document has them all; otherwise documents with
  some of the words are listed, those with more first (lunr's own rule);
- a word of `min_prefix` or more characters also stands for its `prefix_terms` most frequent
  completions (`free` finds FreeCOS), the word itself counting `exact` times as much; of a
  hyphenated word only the last part does, the others being whole words (`pre-training` is pre
  and training, not prediction and training);
- a hyphenated word also stands for its solid spelling, exactly (`pre-training` finds pretraining
  too): a document with it has the word's every part; one lacking a part is scored by the solid
  spelling, at `joined` times the word's boost. The solid spelling is not in the query's vector,
  so the documents with the parts keep their scores (a small `joined` lists them first).
  Quoted words are as typed only (`"pre-training"`);
- `"quoted words"` and `+word` are required and exact (a phrase is its words, in any order);
  `-"quoted words"` leaves out the documents with all of them, and a field or boost written around
  the quotes (`title:"vision"`, `"vision"^3`) applies to each; `-word` excludes; `title:word` looks in
  one field (title, text, tags, authors; its name in any case, `Title:word`; `title: word`, with a
  space, too, as lunr reads it); `word^3` weighs a word more; `word*` asks for completions of a
  short word (a star before or inside a word is ignored: no search by a word's end, `diff*usion` is
  diffusion, read as `diff-usion`; `*` alone finds nothing). A field name with no word after it
  (`title:`, `title:*`, the `title:` of `title: -word`) looks for nothing, so alone it finds nothing.
  Any other punctuation around a word is ignored, as in the text.
  A hyphenated word is one clause: a field, a boost, `+` or `-` applies to all its words
  (`-self-supervised` leaves out the documents with both words, and those with selfsupervised).
- `topic:"Diffusion models"` (or `topic:diffusion`, matching topic names by their words) and
  `author:"Jane Doe"` (an author, by the identity of their author page: `author:"jane-doe"` too;
  one word, written without spaces, that is nobody's whole name looks for its words in the authors
  field: `author:doe`, `author:O'Brien`; `author: doe`, with a space, too) narrow the search;
  `-topic:...` and `-author:...` leave their papers out, as `-word` does. A query of filters alone
  lists their papers, newest first (of excluding filters alone, nothing, as of `-word` alone).

Scores are lunr's (see index.py: each field's dot product of the query's term boosts with the
document's term weights, over the length of the query's vector), times Material's post-query
boost: `1 + b²`, where b is 1 for a page (0 for a section of one) plus the share of the query's words the document has.
Documents are grouped by page, best first, ties by document number.
"""

from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lunr.exceptions import QueryParseError
from lunr.query import Query, QueryPresence
from lunr.query_parser import QueryParser

from .index import FOLDER, MANIFEST, TOPIC_KEY, js_order, unwrap
from .names import author_key, one_word
from .tokens import CJK, js_regex, make_pipeline, tokenize

OPTIONAL = QueryPresence.OPTIONAL.value
REQUIRED = QueryPresence.REQUIRED.value
PROHIBITED = QueryPresence.PROHIBITED.value
LEVELS = 255
# A filter: `topic:` or `author:` (any case: phones capitalise; its ASCII letters only, see _any_case),
# `-` or `+` before it (a space between them too, as lunr reads `- word`), its value in double
# quotes, in single quotes (straight or typographic; one before a letter or digit is an apostrophe:
# `'O'Brien'`) or one run of non-spaces; a boost after it (`^2`) is dropped, as a filter selects and
# does not weigh.
FILTER = (
    r'(^|\s)([+-]?)\s*([Tt][Oo][Pp][Ii][Cc]|[Aa][Uu][Tt][Hh][Oo][Rr]):(?:"([^"]*)"?'
    r"|['\u2018\u2019]((?:[^'\u2018\u2019]|['\u2018\u2019](?=[\p{L}\p{N}]))*)['\u2018\u2019]?|([^\s^]*))(?:\^[\d.]*)?"
)
# Typographic double quotes, which phones and Macs type, are quotes; the Unicode hyphen and
# non-breaking hyphen (U+2010, U+2011), which word processors and PDFs put in copied text, are
# the ASCII hyphen (dashes, U+2012 to U+2015, are not hyphens and stay separators); the soft
# hyphen (U+00AD, a hint where a line may break) goes, as does the phrase placeholder below.
QUERY_CHARS = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2010": "-", "\u2011": "-"}
    | dict.fromkeys("\u00ad\ue000\ue001")
)
PHRASE = r'"([^"]*)("|(?![\s\S]))'
# A phrase goes to lunr's parser as one placeholder term, `\ue000N\ue001` (its number; private-use
# characters, which no query keeps), so that the `+`, `-`, field and boost written around its
# quotes apply to it: `-"vision"`, `title:"vision"`, `"vision"^3` (as worker.js's PLACEHOLDER).
PLACEHOLDER = r"\ue000([0-9]+)\ue001\**"
# An old-style arXiv id with its subject class (`math.GT/0309136`): the class is not part of the id
# (the index has `math/0309136`), so the query drops it, as sources/daily_api.py's ARXIV_ID does.
SUBJECT_CLASS = r"(?<![\p{L}\p{M}\p{N}.])([a-z][a-z-]*)\.[a-z]{2}(?=/[0-9]{7}(?![0-9]))"
# A hyphen inside a word (`pre-training`), escaped so that lunr, which splits at hyphens, keeps the
# word one clause (as worker.js's HYPHEN).
HYPHEN = r"(?<=[\p{L}\p{M}\p{N}])-(?=[\p{L}\p{M}\p{N}])"
# A star inside a word (`diff*usion`) is no wildcard: it is read as a hyphen there, so the word
# written solid (`diffusion`) is found, and so are its parts, as the index splits a title's
# `Q*Search` (as worker.js's STAR_INSIDE).
STAR_INSIDE = r"(?<=[\p{L}\p{M}\p{N}])\*+(?=[\p{L}\p{M}\p{N}])"
# An apostrophe and s ending a word (`LLaMA's`, `LLaMA’s`): the word also stands for itself without
# them (tokens.py says why), as worker.js's POSSESSIVE.
POSSESSIVE = r"(?<=[\p{L}\p{M}\p{N}])['\u2019\u02bc][sS](?![\p{L}\p{M}\p{N}])"
# What may follow a field's colon with no word: `title:`, `title:*`, `title:^2`, `-title:` look for nothing,
# and go (lunr's parser would fail, and the words `title` and `2` would be searched instead), as
# worker.js's FIELD_ALONE.
FIELD_ALONE = r"(?:[~^][0-9.]*|[*:+\-])*(?=\s|$)"
# A field's name before its colon (FIELDS: the index's fields, each a group, in any case), where lunr
# reads one: at the start, after a space or a sign (as worker.js's FIELD_NAME).
FIELD_NAME = r"(?<=^|[\s+\-])(?:FIELDS)(?=:)"
FILTERS = ("topic", "author")
# The spaces after a field's or filter's colon (NAMES) that a word or a quote follows (as worker.js's COLON_SPACE).
COLON_SPACE = r"(?<=(?:^|[\s+\-])(?:NAMES):)\s+(?=[\p{L}\p{M}\p{N}\"'\u2018\u2019])"
# A sign written after a field's or filter's colon (NAMES), before anything but a space, a colon or
# another sign (`title:-word`, `title:+"a b"`, `title:-#tag`, `topic:-diffusion`), applies to the
# clause, as written before the name (`-title:word`); lunr would read no term after the colon, and
# a filter would take the sign as part of its value (as worker.js's FIELD_SIGN).
FIELD_SIGN = r"(?<=^|\s)(NAMES):([+\-])(?=[^\s:+\-])"
SCRIPT_PREFIX = "var __index = "


class SearchIndexError(Exception):
    """The search index is missing or unreadable."""


@dataclass(frozen=True)
class Hit:
    """One page found: its plain-text title, site-relative URL and score."""

    title: str
    url: str
    score: float


@dataclass(frozen=True)
class Result:
    """A query's answer: the best pages, how many pages match, whether they have every word."""

    hits: tuple[Hit, ...]
    total: int
    all: bool


@dataclass
class Word:
    """One word of a query, after lunr's parser and pipeline."""

    word: str
    term: str
    prefix: str | None
    fields: list[str]
    boost: float
    presence: int
    clause: int = -1  # the number of its clause in the query (-1: not written in the query)
    joined: bool = False  # its clause's hyphenated word written solid (pretraining): it stands for the clause's words
    alt: str | None = None  # the term of the word written without its final 's (llama for LLaMA's), as good as it


@dataclass(frozen=True)
class Entry:
    term: str
    df: int
    post: Any


def find_index(path: Path) -> Path:
    """Return the search folder of a site folder (or of its search folder, or its manifest)."""
    for folder in (path, path / FOLDER, path.parent):
        if (folder / MANIFEST).is_file() or (folder / "search_index.js").is_file():
            return folder
    raise SearchIndexError(f"{path}: no {FOLDER}/{MANIFEST} in it; build the site first")


class Index:
    """The index files of a built site, read as a query needs them."""

    def __init__(self, folder: Path) -> None:
        self.folder = find_index(folder)
        try:
            if (self.folder / MANIFEST).is_file():
                data = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
            else:
                data = json.loads((self.folder / "search_index.js").read_text(encoding="utf-8")[len(SCRIPT_PREFIX) :])
            self.config = data["config"]
            self.manifest = self.config["index"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise SearchIndexError(f"{self.folder / MANIFEST}: not this site's search index ({exc})") from None
        self.fields: list[str] = self.manifest["fields"]
        self.separator: str = self.config["separator"]
        self.pipeline = make_pipeline(self.config.get("pipeline") or [])
        self._files: dict[str, Any] = {}

    def load(self, name: str) -> Any:
        if name not in self._files:
            try:
                self._files[name] = unwrap((self.folder / f"{name}.js").read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise SearchIndexError(f"{self.folder / name}.js: {exc}") from None
        return self._files[name]

    def shard_of(self, term: str) -> int:
        shards, key = self.manifest["shards"], js_order(term)
        lo, hi = 0, len(shards)
        while lo < hi:
            mid = (lo + hi) // 2
            if js_order(shards[mid]) <= key:
                lo = mid + 1
            else:
                hi = mid
        return max(0, lo - 1)

    def entry(self, term: str, shard: int | None = None) -> Entry | None:
        data = self.load(f"t/{self.shard_of(term) if shard is None else shard}")
        at = _lower_bound(data["terms"], term)
        if at >= len(data["terms"]) or data["terms"][at] != term:
            return None
        post = data["post"][at]
        if isinstance(post, int):
            post = self.load(f"p/{post}")
        return Entry(term, data["df"][at], post)

    def completions(self, prefix: str) -> list[Entry | None]:
        shards, s = self.manifest["shards"], self.shard_of(prefix)
        data = self.load(f"t/{s}")
        if s + 1 < len(shards) and shards[s + 1] != prefix and shards[s + 1].startswith(prefix):
            return [self.entry(c[0], c[2]) for c in data["more"].get(prefix, [])]
        terms, found = data["terms"], []
        i = _lower_bound(terms, prefix)
        while i < len(terms) and terms[i].startswith(prefix):
            if terms[i] != prefix and not terms[i].startswith("!"):
                found.append(i)
            i += 1
        found.sort(key=lambda i: (-data["df"][i], i))
        return [self.entry(terms[i], s) for i in found[: self.manifest["prefix_terms"]]]


def _lower_bound(terms: list[str], term: str) -> int:
    key, lo, hi = js_order(term), 0, len(terms)
    while lo < hi:
        mid = (lo + hi) // 2
        if js_order(terms[mid]) < key:
            lo = mid + 1
        else:
            hi = mid
    return lo


def postings(values: list[Any]) -> tuple[list[int], list[float]]:
    """Return one field's (documents, impacts) (see index.py)."""
    scale = values[0]
    if len(values) > 1 and values[1] < 0:
        n, start, at = -values[1], 2, 2 - values[1]
    else:
        n, start, at = len(values) - 1, 1, -1
    docs, impacts, doc = [], [], 0
    for k in range(n):
        doc += values[start + k]
        docs.append(doc)
        impacts.append((LEVELS if at < 0 else values[at + k]) * scale)
    return docs, impacts


def steps(values: list[int]) -> list[int]:
    out, doc = [], 0
    for step in values:
        doc += step
        out.append(doc)
    return out


class Searcher:
    """Answer queries over one site's index, as the browser's worker does."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.manifest = index.manifest

    def tokens(self, text: str) -> list[str]:
        return tokenize(text, self.index.separator)

    def parse(self, query: str) -> tuple[list[Word], list[tuple[str, str, bool]]]:
        """Return the query's words and its filters ((kind, value, excluding: written with `-`))."""
        fields, filters = self.index.fields, []

        def keep(match: Any) -> str:
            value = next((v for v in match.group(4, 5, 6) if v is not None), "")
            if value and js_regex(r"\S").search(value):  # JavaScript's idea of blank, as the worker's trim()
                filters.append((match.group(3).lower(), value, match.group(2) == "-"))
            return match.group(1) + " "

        def phrase(match: Any) -> str:
            # a space before the placeholder, but after `+`, `-` or a field's colon, which apply to it
            before = "" if match.start() and match.string[match.start() - 1] in "+-:" else " "
            phrases.append(self.tokens(match[1]))
            return f"{before}\ue000{len(phrases) - 1}\ue001 "

        phrases: list[list[str]] = []
        query = unicodedata.normalize("NFC", query).translate(QUERY_CHARS)
        query = js_regex(SUBJECT_CLASS, ignore_case=True).sub(r"\1", query)
        # a field's name in any case (`Title:`, as phones capitalise), as the index names it
        names = js_regex(FIELD_NAME.replace("FIELDS", "|".join(f"({_any_case(f)})" for f in fields)))
        query = names.sub(lambda m: fields[m.lastindex - 1], query)
        # `title: vision` is `title:vision` (as lunr reads it): spaces after a field's or a filter's colon go
        # when a word or a quote follows; `vision title:`, `title: -x` keep a name with no word after it
        after = "|".join([*fields, *map(_any_case, FILTERS)])
        query = js_regex(COLON_SPACE.replace("NAMES", after)).sub("", query)
        query = js_regex(FIELD_SIGN.replace("NAMES", after)).sub(r"\2\1:", query)
        q = js_regex(FILTER).sub(keep, query)
        q = js_regex(PHRASE).sub(phrase, q)
        named = js_regex(r"(?:^|[\s+\-])(?:" + "|".join(fields) + r")(?![\s\S])")
        q = js_regex(":").sub(lambda m: ":" if named.search(m.string[: m.start()]) else " ", q)
        q = js_regex(r"(?:^|(?<=\s))[+\-]?(?:" + "|".join(fields) + r"):" + FIELD_ALONE).sub(" ", q)
        q = js_regex(r"[~^](?!\d)").sub(" ", q)
        q = js_regex(HYPHEN).sub(lambda m: "\\-", js_regex(STAR_INSIDE).sub("-", q))
        clauses = _clauses(q, fields)
        if clauses is None:
            clauses = _clauses(js_regex(r"[:~^+\-*\\]").sub(" ", q), fields) or []
        out: list[Word] = []
        least = self.manifest["min_prefix"]
        for k, (raw, clause_fields, boost, presence) in enumerate(clauses):
            quoted = js_regex(PLACEHOLDER).fullmatch(raw)
            if quoted is not None:  # a phrase: its words exact, required (or, written with `-`, excluded together)
                for w in phrases[int(quoted[1])]:
                    term = self.index.pipeline(w)
                    if term is not None:
                        out.append(
                            Word(w, term, None, clause_fields, boost, presence if presence != OPTIONAL else REQUIRED, k)
                        )
                continue
            explicit, text = raw.endswith("*"), raw.rstrip("*")
            words, parts = self.tokens(text), len(out)
            possessive = js_regex(POSSESSIVE)
            bases = self.tokens(possessive.sub("", text)) if possessive.search(text) else words
            for i, w in enumerate(words):
                term = self.index.pipeline(w)
                if term is None:
                    continue
                # Only a clause's last word is completed: the words before it (`pre` of `pre-training`) are whole.
                last = i == len(words) - 1
                implicit = presence == OPTIONAL and (len(w) >= least or (len(w) == 1 and CJK.match(w) is not None))
                prefix = last and (explicit or implicit)
                alt = self.index.pipeline(bases[i]) if len(bases) == len(words) and bases[i] != w else None
                alt = alt if alt != term else None
                out.append(Word(w, term, w if prefix else None, clause_fields, boost, presence, k, alt=alt))
            solid = self.tokens(text.replace("-", "")) if len(words) > 1 and "-" in text else []
            term = self.index.pipeline(solid[0]) if len(solid) == 1 and len(out) > parts else None
            weight = boost * self.manifest["joined"]
            if term is not None and weight > 0:  # pre-training: pretraining too, exactly, counting less
                out.append(Word(solid[0], term, None, clause_fields, weight, presence, k, joined=True))
        return out, filters

    def expand(self, word: Word) -> list[tuple[Entry, float]]:
        exact = self.index.entry(word.term)
        weight = word.boost * (self.manifest["exact"] if word.prefix else 1)
        found = [(exact, weight)] if exact else []
        alt = self.index.entry(word.alt) if word.alt else None
        if alt:  # LLaMA's: llama, as the word itself
            found.append((alt, weight))
        if word.prefix:
            found += [
                (e, word.boost)
                for e in self.index.completions(word.prefix)
                if e and e.term != word.term and e.term != word.alt
            ]
        return found

    def norms(self, words: list[Word], expansions: list[list[tuple[Entry, float]]]) -> list[float]:
        """Return |q_f| per field: the length of the query's vector of term boosts in field f."""
        vectors: list[dict[str, float]] = [{} for _ in self.index.fields]
        for word, found in zip(words, expansions, strict=True):
            # A solid spelling (pretraining) stands in for its clause's words: it is no more words of the query
            if word.presence == PROHIBITED or word.joined:
                continue
            for entry, boost in found:
                for f, name in enumerate(self.index.fields):
                    if name in word.fields:
                        vectors[f][entry.term] = vectors[f].get(entry.term, 0) + boost
        return [math.sqrt(sum(b * b for b in vector.values())) for vector in vectors]

    def scores(self, word: Word, expansions: list[tuple[Entry, float]], norms: list[float]) -> dict[int, float]:
        """Return each document holding the word, with its share of lunr's score."""
        out: dict[int, float] = {}
        for entry, boost in expansions:
            for f, name in enumerate(self.index.fields):
                if not entry.post[f] or name not in word.fields:
                    continue
                docs, impacts = postings(entry.post[f])
                for doc, impact in zip(docs, impacts, strict=True):
                    out[doc] = out.get(doc, 0) + boost * impact / (norms[f] or 1)
        return out

    def filter_docs(self, kind: str, value: str) -> set[int] | None:
        if kind == "topic":
            wanted, exact, keys = self.tokens(value), [], []
            for i, name in enumerate(self.manifest["topics"]):
                have = self.tokens(name)
                if have == wanted:
                    exact.append(i)
                elif all(any(h.startswith(w) for h in have) for w in wanted):
                    keys.append(i)
            names = [TOPIC_KEY + str(i) for i in (exact or keys)]
        else:
            names = [author_key(value)]
        docs: set[int] = set()
        for key in names:
            entry = self.index.entry(key)
            if entry:
                docs.update(steps(entry.post))
        # An author written as one word that names nobody whole (`O'Brien`, `garcia`): its words are
        # looked for in the authors field (None). A name written as two words or more is a person, or
        # nobody ("Ann Garcia" is not Ann Lee and José García).
        return None if not docs and kind == "author" and one_word(value) else docs

    def search(self, query: str, limit: int | None = None) -> Result:
        """Return the best pages for query (the site's `results` setting, or limit), and the count."""
        words, filters = self.parse(query)
        sets = [self.filter_docs(kind, value) for kind, value, _ in filters]
        for i, (kind, value, excluding) in enumerate(filters):
            if sets[i] is None and kind == "author":
                terms = [(w, self.index.pipeline(w)) for w in self.tokens(value)]
                group = [Word(w, term, None, ["authors"], 1, REQUIRED) for w, term in terms if term is not None]
                if not group:  # no word to look for (`author:the`): it names nobody
                    sets[i] = set()
                elif excluding:  # the papers `author:value` would find, to leave out (`-author:lee-park`)
                    unit = [1.0] * len(self.index.fields)
                    sets[i] = set.intersection(*(set(self.scores(w, self.expand(w), unit)) for w in group))
                else:
                    words += group
        filter_sets = [s for s, f in zip(sets, filters, strict=True) if s is not None and not f[2]]
        excluded = {d for s, f in zip(sets, filters, strict=True) if s is not None and f[2] for d in s}
        expansions = [self.expand(word) for word in words]
        norms = self.norms(words, expansions)
        found = [self.scores(word, expansions[i], norms) for i, word in enumerate(words)]
        return self.rank(words, found, filter_sets, limit or self.manifest["results"], excluded)

    def rank(
        self, words: list[Word], found: list[dict[int, float]], sets: list[set[int]], limit: int, excluded: set[int]
    ) -> Result:
        """Rank the documents every filter set has, leaving out excluded ones and those of `-word`s."""
        positive = [i for i, w in enumerate(words) if w.presence != PROHIBITED]
        # A hyphenated word's solid spelling (pretraining) stands for its clause's words (pre, training): a
        # document with it has them, and is scored by it if it lacks one of them.
        solid = {w.clause: found[i] for i, w in enumerate(words) if w.joined}
        wanted = [i for i in positive if not words[i].joined]
        clauses: dict[int, list[int]] = {}  # the words of each clause
        for i, w in enumerate(words):
            if not w.joined:
                clauses.setdefault(w.clause, []).append(i)
        prohibited = set(excluded)
        for k, members in clauses.items():  # `-self-supervised`: the documents with both words, or selfsupervised
            if words[members[0]].presence == PROHIBITED:
                prohibited |= set.intersection(*(set(found[i]) for i in members)) | set(solid.get(k, ()))
        if not positive and not sets:
            return Result((), 0, True)

        def allowed(d: int) -> bool:
            return d not in prohibited and all(d in s for s in sets)

        def has(d: int, i: int) -> bool:
            return d in found[i] or d in solid.get(words[i].clause, ())

        def by_solid(d: int, k: int) -> bool:
            return d in solid.get(k, ()) and not all(d in found[i] for i in clauses[k])

        candidates, every_word = [], True
        if not positive:
            candidates = [d for d in sets[0] if allowed(d)]
        else:
            seen: dict[int, None] = {}
            for i in positive:
                for d in found[i]:
                    if d not in seen:
                        seen[d] = None
                        if allowed(d) and all(has(d, j) for j in wanted):
                            candidates.append(d)
            optional = any(words[i].presence == OPTIONAL for i in wanted)
            if not candidates and optional and len(wanted) > 1:
                every_word = False
                candidates = [
                    d for d in seen if allowed(d) and all(words[j].presence != REQUIRED or has(d, j) for j in wanted)
                ]
        sections = self.manifest["sections"]
        final: dict[int, float] = {}
        for d in candidates:
            raw = sum(found[i].get(d, 0.0) for i in positive if words[i].joined == by_solid(d, words[i].clause))
            matched = sum(has(d, i) for i in wanted)
            boost = (0 if str(d) in sections else 1) + matched / (len(wanted) or 1)
            final[d] = raw * (1 + boost * boost)
        # best first; a filter alone lists the newest first
        order = sorted(candidates, key=lambda d: (-final[d], d)) if positive else sorted(candidates, reverse=True)
        groups: dict[int, list[int]] = {}
        for d in order:
            groups.setdefault(sections.get(str(d), d), []).append(d)
        hits = []
        for page, members in list(groups.items())[:limit]:
            record = self.record(page)
            hits.append(Hit(title=record[1], url=record[0], score=final.get(members[0], 0.0)))
        return Result(tuple(hits), len(groups), every_word)

    def record(self, doc: int) -> list[Any]:
        """Return a document's display data: [location, title, teaser, topic numbers, authors]."""
        chunk = self.manifest["chunk"]
        records: list[list[Any]] = self.index.load(f"d/{doc // chunk}")
        return records[doc % chunk]


def _any_case(name: str) -> str:
    """Return a pattern for name with its ASCII letters in either case (and no other letter, as `i` would let
    in: Python and JavaScript fold `İ` or `ſ` differently)."""
    return "".join(f"[{c.upper()}{c}]" if "a" <= c <= "z" else c for c in name)


def _clauses(q: str, fields: list[str]) -> list[tuple[str, list[str], float, int]] | None:
    query = Query(list(fields))
    try:
        QueryParser(q, query).parse()
    except QueryParseError:
        return None
    return [(c.term, list(c.fields), c.boost, (c.presence or QueryPresence.OPTIONAL).value) for c in query.clauses]


_CACHE: dict[tuple[Path, float], Searcher] = {}


def searcher(site: Path | str) -> Searcher:
    """Return a Searcher for a built site (its folder or its search folder), reused while unchanged."""
    folder = find_index(Path(site)).resolve()
    manifest = folder / MANIFEST if (folder / MANIFEST).is_file() else folder / "search_index.js"
    key = (folder, manifest.stat().st_mtime)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = Searcher(Index(folder))
    return _CACHE[key]


def search(site: Path | str, query: str, limit: int | None = None) -> Result:
    """Search the site at `site` (its folder or its search folder)."""
    return searcher(site).search(query, limit)


def format_hits(result: Result) -> str:
    """Format hits as numbered lines: `1. Title — papers/x.html`."""
    return "\n".join(f"{n}. {hit.title} — {hit.url}" for n, hit in enumerate(result.hits, 1))
