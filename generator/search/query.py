"""Search the built site from the command line, ranking pages as the site's search box does.

The index is the one Material's search plugin writes (site/search/search_index.js, which the
offline plugin wraps in a script, or search_index.json). Its prebuilt postings
(generator/search/index.py) go into `lunr`, the Python port of the lunr.js that Material's search
worker runs, scored as the tuned worker scores them; an index without them (stock Material) is
prebuilt here from its documents, as lunr.js would build it in the browser:

- fields and boosts, the separator and the pipeline come from the index's own `config`;
- text is tokenized Material's way: markup is skipped, the rest is split at `config.separator`
  and lowercased; a page's `boost` is its document boost;
- the query is rewritten like Material's `transformSearchQuery` (every word becomes a prefix,
  `word*`; `"quoted words"` are required) and then parsed by lunr's own query parser;
- an entry's score is multiplied by 1 + boost², where boost is 1 for a whole page (not a
  section) plus the share of query words it matches; entries are grouped by page, and a page
  ranks by its best entry.

The site tunes the worker (overrides/hooks/search_tuning.py): the settings it appended to the
built worker, if any, are read back here and applied the same way (a colon is a field only after
a field name, exact words outweigh prefixes, stop words are neither prefixes nor required, field
length normalisation).

Titles in the index are HTML (escaped text); hits carry them as plain text.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lunr.exceptions import QueryParseError
from lunr.query import Clause, Query, QueryPresence
from lunr.query_lexer import QueryLexer
from lunr.query_parser import QueryParser
from lunr.stop_word_filter import WORDS as STOP_WORDS

from .index import js_regex, prebuild, to_lunr

JS_PREFIX = "var __index = "
TAG = re.compile(r"<[^>]*>")
FIELDS = ("title", "text", "tags")
DEFAULT_SEPARATOR = r"[\s\-]+"
# Material's transform: the words of a "quoted phrase" become required; lone operators go.
PHRASE = re.compile(r"^\b|^(?![^\x00-\x7F]|$)|\s+")
OPERATORS = re.compile(r'"|(?:^|\s+)[*+\-:^~]+(?=\s+|$)')
# The tuning: a colon names a field only after a field name; a wildcard left alone goes.
FIELD_BEFORE = re.compile(r"(?:^|[\s+\-])(?:title|text|tags)$")
LONE_STARS = re.compile(r"(^|\s)(\*+)(?=\s|$)")
WORKER_SETTINGS = re.compile(r"lunr\.paperDigests\s*=\s*(\{[^}]*\})")


@dataclass(frozen=True)
class Hit:
    """One page found: its plain-text title, site-relative URL and score."""

    title: str
    url: str
    score: float


@dataclass(frozen=True)
class Tuning:
    """The search worker's tuning (see overrides/hooks/search_tuning.py); None is stock Material."""

    exact: float = 1.0
    b: float = 0.0


class SearchIndexError(Exception):
    """The search index is missing or unreadable."""


def find_index(path: Path) -> Path:
    """Return the index file for a site folder, its search folder, or the file itself."""
    if path.is_file():
        return path
    for folder in (path / "search", path):
        for name in ("search_index.json", "search_index.js"):
            if (folder / name).is_file():
                return folder / name
    raise SearchIndexError(f"{path}: no search/search_index.json or .js in it; build the site first")


def load_index(path: Path) -> dict[str, Any]:
    """Read the index Material wrote: JSON, or the offline plugin's `var __index = {...}`."""
    file = find_index(path)
    try:
        raw = file.read_text(encoding="utf-8").strip()
        if raw.startswith(JS_PREFIX):
            raw = raw[len(JS_PREFIX) :].rstrip(";")
        data = json.loads(raw)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SearchIndexError(f"{file}: not a search index: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("docs"), list) or "config" not in data:
        raise SearchIndexError(f"{file}: not a search index: no config or docs")
    return data


def load_tuning(index_file: Path) -> Tuning | None:
    """Read the tuning appended to the site's search worker, next to the index; None if stock."""
    site = index_file.resolve().parent.parent
    for worker in sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js")):
        found = WORKER_SETTINGS.search(worker.read_text(encoding="utf-8", errors="replace"))
        if found:
            settings = json.loads(found.group(1))
            return Tuning(exact=float(settings["exact"]), b=float(settings["b"]))
    return None


class Searcher:
    """A lunr index over one Material search index, ranking pages like the browser."""

    def __init__(self, data: dict[str, Any], tuning: Tuning | None = None) -> None:
        config = data["config"]
        self.tuning = tuning
        self.split = js_regex(config.get("separator") or DEFAULT_SEPARATOR)
        self.docs: dict[str, dict[str, Any]] = {}
        self.sections: set[str] = set()
        for doc in data["docs"]:
            page = doc["location"].split("#")[0]
            if page in self.docs:
                self.sections.add(doc["location"])
            else:
                self.docs[page] = doc
        # The tuned worker loads the site's prebuilt index as it is; stock Material builds one
        # from the documents, which is what prebuild() computes.
        prebuilt = data["config"].get("prebuilt") if tuning else None
        if prebuilt is None:
            prebuilt = prebuild(data)
        if prebuilt is None:
            raise SearchIndexError("the search index is not English, or repeats a location: not supported here")
        self.index = to_lunr(prebuilt, data, tuning.b if tuning else 0.0)

    # The query ------------------------------------------------------------------------

    def _lexer_text(self, text: str) -> str:
        """What the tuned lexer reads: stray colons and lone wildcards become spaces."""
        if not self.tuning:
            return text
        text = re.sub(":", lambda m: ":" if FIELD_BEFORE.search(m.string[: m.start()]) else " ", text)
        return LONE_STARS.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)

    def transform(self, query: str) -> str:
        """Rewrite a query as Material's transformSearchQuery does before lunr parses it."""
        parts = re.split(r'"([^"]+)"', query.strip())
        query = "".join(PHRASE.sub(" +", p) if i % 2 else p for i, p in enumerate(parts))
        query = OPERATORS.sub("", query)
        terms: list[str] = []
        for part in re.split(r"\s+", query):
            terms.extend(self._split_part(part))
        terms = [t + "1" if t.endswith(("~", "^")) else t for t in terms]
        return " ".join(t if re.search(r"^[+-]|[~^]\d+$", t) else t + "*" for t in terms)

    def _split_part(self, part: str) -> list[str]:
        """Split one whitespace-separated part at the separator, keeping its lunr operators."""
        lexer = QueryLexer(self._lexer_text(part))
        lexer.run()
        terms = []
        for lexeme in lexer.lexemes:
            kind, term, start, end = lexeme["type"], lexeme["string"], lexeme["start"], lexeme["end"]
            if kind == QueryLexer.FIELD and term not in FIELDS:
                part = part[:end] + " " + part[end + 1 :]
            elif kind == QueryLexer.TERM:
                index = 0
                for match in [*self.split.finditer(term), None]:
                    until = match.start() if match else len(term)
                    if index < until:
                        terms.append(part[:start] + term[index:until] + part[end:])
                    if match:
                        index = match.end()
        return terms

    def parse(self, query: str) -> Query | None:
        """Parse a query to lunr clauses as the (tuned) worker does; None if lunr rejects it."""
        text = self.transform(query)
        if not text:
            return None
        try:
            parsed = QueryParser(self._lexer_text(text), self.index.create_query()).parse()
        except QueryParseError:
            return None  # Material shows no results for a query lunr cannot parse
        if not self.tuning:
            return parsed
        tuned = self.index.create_query()
        for clause in parsed.clauses:
            if clause.presence is QueryPresence.REQUIRED and clause.term in STOP_WORDS:
                clause.presence = QueryPresence.OPTIONAL
            wildcard = re.fullmatch(r"([^*]+)\*", clause.term)
            if clause.presence is QueryPresence.OPTIONAL and wildcard:
                word = wildcard.group(1)
                if word in STOP_WORDS:
                    clause.term, clause.use_pipeline = word, True
                else:
                    tuned.clause(Clause(word, list(clause.fields), boost=clause.boost * self.tuning.exact))
            tuned.clause(clause)
        return tuned

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        """Return up to limit pages for query, best first, as Material's search box ranks them."""
        parsed = self.parse(query)
        if parsed is None:
            return []
        wanted = [c.term.strip("*") for c in parsed.clauses if c.presence is not QueryPresence.PROHIBITED]
        scored = []
        for result in self.index.query(parsed):
            terms: dict[str, bool] = {}
            left = list(wanted)
            for term in result["match_data"].metadata:
                for clause in [c for c in left if term.startswith(c)]:
                    terms[clause] = True
                    left.remove(clause)
            for clause in left:
                if clause not in STOP_WORDS:
                    terms.setdefault(clause, False)
            share = sum(terms.values()) / len(terms) if terms else 0.0
            boost = (0 if result["ref"] in self.sections else 1) + share
            scored.append((result["score"] * (1 + boost**2), result["ref"]))
        scored.sort(key=lambda item: -item[0])
        pages: dict[str, float] = {}
        for score, ref in scored:
            pages.setdefault(ref.split("#")[0], score)
        return [
            Hit(title=plain(self.docs.get(page, {"title": page})["title"]), url=page, score=score)
            for page, score in list(pages.items())[:limit]
        ]


def plain(value: str) -> str:
    """Turn an index title (HTML) into plain text."""
    return html.unescape(TAG.sub("", value)).strip()


_CACHE: dict[tuple[Path, float], Searcher] = {}


def searcher(index_path: Path | str) -> Searcher:
    """Return a Searcher for a site folder or index file, reused while the file is unchanged."""
    file = find_index(Path(index_path)).resolve()
    key = (file, file.stat().st_mtime)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = Searcher(load_index(file), load_tuning(file))
    return _CACHE[key]


def search(index_path: Path | str, query: str, limit: int = 10) -> list[Hit]:
    """Search the site at index_path (its folder, or the index file); return ranked hits."""
    return searcher(index_path).search(query, limit)


def format_hits(hits: list[Hit]) -> str:
    """Format hits as numbered lines: `1. Title — papers/x.html`."""
    return "\n".join(f"{n}. {hit.title} — {hit.url}" for n, hit in enumerate(hits, 1))
