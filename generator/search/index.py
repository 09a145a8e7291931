"""The search index, prebuilt: the postings lunr.js would otherwise build in every reader's browser.

Material's search worker gets the site's documents and builds a lunr.js index from them on every
page load: at 10,000 papers that takes the browser seconds before the first result shows. Here
the same index is computed once, at build time, and shipped with the documents as
`config.prebuilt` in search_index.json (Material's bundle hands its worker the index's config and
documents, nothing else); the tuned worker (overrides/hooks/search_tuning.py) turns it into a lunr.js
index without tokenizing anything, and works out highlight positions only for the results it shows.

The terms must be exactly the ones lunr.js would index, so the text is read as Material's worker
reads it, with JavaScript's rules: markup skipped (its `se` scanner), text split at the
configured separator (`\\s` means what it means in JavaScript), lowercased, then lunr's pipeline
(trimmer with ASCII `\\W`, stop words, Porter stemmer), each only if the configuration keeps it.
tests/test_search_index.py checks the terms against lunr.js itself in Node.

A document may carry `words`: more text for its `text` field that is indexed but not shown
(a paper's abstract beyond the first sentence, which is the preview in the results).

Format (version 1), all lists of integers so the browser decodes them fast:

    {"version": 1, "fields": ["title", "text", "tags"], "count": N,
     "terms": [...],                     # sorted as JavaScript sorts (UTF-16 code units)
     "lengths": {field: [tokens per document]},
     "postings": {field: [term step, document count, document steps...]}}

For each field, each term that occurs in it contributes its index minus the previous such term's,
then how many documents hold it, then for each document its index minus the previous one's; a
document whose term frequency is not 1 is written as the negated step followed by the frequency.
Scores (BM25 with the worker's b and k1) are computed where the index is loaded, so lengths and
frequencies are all that travel.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from lunr.stemmer import porter_stemmer
from lunr.stemmer import stemmer as porter_stemmer_token
from lunr.stop_word_filter import WORDS as STOP_WORDS

VERSION = 1
# JavaScript's \s: WhiteSpace and LineTerminator, as a character-class body.
JS_SPACE = "\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
JS_TRIM_START = re.compile(r"^\W+", re.ASCII)
JS_TRIM_END = re.compile(r"\W+$", re.ASCII)
STEP = ("trimmer", "stopWordFilter", "stemmer")  # the order lunr() adds them


def js_regex(pattern: str) -> re.Pattern[str]:
    """Compile a JavaScript regular expression (no flags) with Python's re, same matches.

    \\d, \\w and \\b are ASCII in JavaScript (re.ASCII); \\s is Unicode white space, spelled out.
    """
    out, in_class, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            pair = pattern[i : i + 2]
            out.append(JS_SPACE if pair == "\\s" and in_class else f"[{JS_SPACE}]" if pair == "\\s" else pair)
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        i += 1
    return re.compile("".join(out), re.ASCII)


ANGLE = re.compile(r"[<>]")


def text_chunks(value: str) -> list[str]:
    """Return the text between the tags of an HTML string, as Material's worker scans it.

    Its scanner (`se`) ends a text chunk at a `<` that follows some text, and starts the next one
    after any `>`; what lies between is markup.
    """
    if "<" not in value and ">" not in value:
        return [value] if value else []
    chunks, start = [], 0
    for match in ANGLE.finditer(value):
        at = match.start()
        if value[at] == ">":
            start = at + 1
        elif at > start:
            chunks.append(value[start:at])
            start = at
    if len(value) > start:
        chunks.append(value[start:])
    return chunks


def make_terms(separator: str, pipeline: Iterable[str]) -> Callable[[Any], list[str]]:
    """Return the function turning a field's value into its indexed terms, in order."""
    split = js_regex(separator)
    keep = [step for step in STEP if step in set(pipeline)]

    def process(token: str) -> str | None:
        for step in keep:
            if step == "trimmer":
                token = JS_TRIM_END.sub("", JS_TRIM_START.sub("", token, count=1), count=1)
            elif step == "stopWordFilter":
                if token in STOP_WORDS:
                    return None
            else:
                token = porter_stemmer.stem(token)
        return token

    cache: dict[str, str | None] = {}

    def pieces(chunk: str) -> list[str]:
        if not split.groups:
            return split.split(chunk)
        found, start = [], 0  # a separator with groups: re.split would return them too
        for match in split.finditer(chunk):
            found.append(chunk[start : match.start()])
            start = match.end()
        return [*found, chunk[start:]]

    def terms(value: Any) -> list[str]:
        if value is None:
            return []
        out: list[str] = []
        for item in value if isinstance(value, list) else [value]:
            for chunk in text_chunks(str(item)):
                lowered = [piece.lower() for piece in pieces(chunk) if piece]
                for raw in lowered:
                    if raw not in cache:
                        cache[raw] = process(raw)
                out += [term for term in map(cache.__getitem__, lowered) if term is not None]
        return out

    return terms


def js_order(term: str) -> bytes:
    """Sort key: JavaScript compares strings by UTF-16 code units."""
    return term.encode("utf-16-be", "surrogatepass")


class FieldPostings:
    """One field's postings as documents are read: per term, its documents already as steps."""

    def __init__(self) -> None:
        self.steps: dict[str, array[int]] = {}
        self.last: dict[str, int] = {}
        self.count: Counter[str] = Counter()

    def add(self, number: int, found: list[str]) -> None:
        """Add document `number`, whose field holds the terms `found`."""
        steps, last, counts = self.steps, self.last, Counter(found)
        for term, frequency in counts.items():
            row = steps.get(term)
            if row is None:
                row = steps[term] = array("l")
                previous = -1
            else:
                previous = last[term]
            if frequency == 1:
                row.append(number - previous)
            else:
                row.extend((previous - number, frequency))
            last[term] = number
        self.count.update(counts.keys())

    def encode(self, vocabulary: list[str]) -> list[int]:
        """Return the flat list described above, for terms numbered as in vocabulary."""
        out: array[int] = array("l")
        previous = -1
        for number, term in enumerate(vocabulary):
            row = self.steps.get(term)
            if row is not None:
                out.extend((number - previous, self.count[term]))
                out.extend(row)
                previous = number
        return out.tolist()


def prebuild(data: dict[str, Any]) -> dict[str, Any] | None:
    """Return the prebuilt index for a Material search index; None when lunr.js must build it.

    Languages other than English (lunr's language plugins) and repeated locations (lunr keeps
    one document per reference) are left to the browser.
    """
    config, docs = data["config"], data["docs"]
    if list(config.get("lang") or ["en"]) != ["en"]:
        return None
    if len({doc["location"] for doc in docs}) != len(docs):
        return None
    fields = list(config.get("fields") or {})
    terms = make_terms(config.get("separator") or r"[\s\-]+", config.get("pipeline") or [])
    lengths: dict[str, list[int]] = {field: [] for field in fields}
    postings = {field: FieldPostings() for field in fields}
    for number, doc in enumerate(docs):
        for field in fields:
            found = terms(doc.get(field))
            if field == "text" and doc.get("words"):
                found += terms(doc["words"])
            lengths[field].append(len(found))
            postings[field].add(number, found)
    vocabulary = sorted({term for field in postings.values() for term in field.steps}, key=js_order)
    return {
        "version": VERSION,
        "fields": fields,
        "count": len(docs),
        "terms": vocabulary,
        "lengths": lengths,
        "postings": {field: postings[field].encode(vocabulary) for field in fields},
    }


def decode(prebuilt: dict[str, Any]) -> dict[str, list[tuple[int, list[tuple[int, int]]]]]:
    """Return each field's postings as (term number, [(document number, frequency)])."""
    out: dict[str, list[tuple[int, list[tuple[int, int]]]]] = {}
    for field in prebuilt["fields"]:
        flat, at, term, rows = prebuilt["postings"][field], 0, -1, []
        while at < len(flat):
            term += flat[at]
            count, at = flat[at + 1], at + 2
            doc, found = -1, []
            for _ in range(count):
                step = flat[at]
                if step < 0:
                    doc -= step
                    found.append((doc, flat[at + 1]))
                    at += 2
                else:
                    doc += step
                    found.append((doc, 1))
                    at += 1
            rows.append((term, found))
        out[field] = rows
    return out


def to_lunr(prebuilt: dict[str, Any], data: dict[str, Any], b: float) -> Any:
    """Return the `lunr` (Python) index the tuned worker makes of a prebuilt index, scores and all.

    data is the search index it belongs to; b is lunr's length normalisation (k1 is 1.2).
    """
    from lunr.index import Index
    from lunr.pipeline import Pipeline
    from lunr.token_set import TokenSet
    from lunr.vector import Vector

    docs, config = data["docs"], data["config"]
    boosts = {name: (spec or {}).get("boost", 1) for name, spec in (config.get("fields") or {}).items()}
    k1, n = 1.2, len(docs)
    refs = [str(doc["location"]) for doc in docs]
    terms = prebuilt["terms"]
    fields = prebuilt["fields"]
    rows = decode(prebuilt)
    df = [0] * len(terms)
    for field in fields:
        for term, found in rows[field]:
            df[term] += len(found)
    idf = [math.log(1 + abs((n - d + 0.5) / (d + 0.5))) for d in df]
    inverted: dict[str, dict[str, Any]] = {}
    for number, term in enumerate(terms):
        inverted[term] = {"_index": number, **{field: {} for field in fields}}
    vectors: dict[str, Any] = {}
    for field in fields:
        lengths = prebuilt["lengths"][field]
        average = sum(lengths) / n if n else 0.0
        pairs: list[list[float]] = [[] for _ in range(n)]
        for term, found in rows[field]:
            posting = inverted[terms[term]][field]
            for doc, frequency in found:
                posting[refs[doc]] = {}
                norm = k1 * (1 - b + b * (lengths[doc] / average)) + frequency
                score = idf[term] * ((k1 + 1) * frequency) / norm
                score *= boosts.get(field, 1) or 1
                score *= docs[doc].get("boost") or 1
                pairs[doc] += (term, math.floor(score * 1000 + 0.5) / 1000)  # JavaScript's Math.round
        for doc in range(n):
            vectors[f"{field}/{refs[doc]}"] = Vector(pairs[doc])
    pipeline = Pipeline()
    if "stemmer" in (config.get("pipeline") or []):
        pipeline.add(porter_stemmer_token)
    return Index(
        inverted_index=inverted,
        field_vectors=vectors,
        token_set=TokenSet.from_list(sorted(terms)),
        fields=list(fields),
        pipeline=pipeline,
    )
