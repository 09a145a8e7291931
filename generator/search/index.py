"""The search index: lunr's scores, precomputed, in small files the browser loads as a query needs them.

lunr.js scores a document d for a query as the sum over fields f of `q_f · v(d, f) / |q_f|`
(lunr.Index#query, lunr.Vector#similarity; lunr 2.3.9): v(d, f) holds the BM25 weight w(t, d, f)
of each term (lunr's `k1` and `b`, idf `log(1 + |(N − df + 0.5) / (df + 0.5)|)`, times the
field's and the document's boost, rounded to 3 decimals) and q_f the query's boost of each of
its terms searched in f. Only w depends on the documents, and it is known when the site is
built: each posting carries its w (its "impact"), quantized to 0..255 against the largest of its
term and field. A browser then needs, for a query, only the postings of the query's terms: no
documents, no vectors, no index build.

Files under search/ (`__pd("NAME", JSON)`, a script, so a page opened from disk can load them
with a script tag; over HTTP the worker fetches them and reads the JSON between the brackets):

- `search_index.json` (written into the site by overrides/hooks/search.py, where Material's
  bundle fetches it): the manifest, `{"config": {..., "index": {...}}, "docs": []}`, with the
  settings, the topic names and the first term of every shard.
- `t/N.js` — shard N: the terms from its first term up to the next shard's, sorted as JavaScript
  sorts strings, `{"terms": [...], "df": [...], "post": [...], "more": {...}}`. `df` is lunr's
  document count of each term (summed over fields). `post` is, per term, its postings, or the
  number of the `p/` file holding them. Postings are one entry per field in field order: 0 for
  none, else `[scale, -n, doc steps..., impacts...]`: n documents, each as its number minus the
  previous one's (the first as itself), then their impacts, where an impact q stands for
  `q · scale`; or `[scale, doc steps...]` when every impact is 255 (one document, say).
  `heads` (when there are any) lists the shard's terms whose one-word query has its first results
  precomputed in `h/N.js`, N being the term's `p/` file (see heads.py).
  `more` maps each prefix that begins in this shard and goes on past its end to its most
  frequent completions, `[term, df, shard]`, so that a word being typed needs only the shards
  that hold its completions, not all those its prefix spans.
- `p/N.js` — the postings of one frequent term, as above.
- `h/N.js` — the first results of a query of that term alone, when its postings are longer than
  `head_bytes` (heads.py).
- Filter keys, beside the terms (they cannot be words: `!` is a separator): `!t:N`, the
  papers of topic N of the manifest's list, and `!a:IDENTITY`, the papers of an author, by the
  identity their author page has (names.py); their postings are just document steps. The
  manifest's `identity` is what the worker needs to compute an identity (names.manifest).
- `d/N.js` — display data of documents N·chunk to (N+1)·chunk − 1:
  `[location, title, teaser, [topic numbers], [authors]]` each, plain text.

Documents are numbered papers first, oldest first, then topic pages, then hand-written pages, so
the display files of existing papers stay the same as digests arrive. The same data gives the
same bytes.
"""

from __future__ import annotations

import bisect
import json
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..models import Corpus
from .documents import Document, page_documents, paper_documents, topic_documents
from .heads import decode, head
from .names import AUTHOR_KEY, author_key
from .names import manifest as identity
from .settings import SearchSettings
from .tokens import js_order, make_pipeline, make_terms

VERSION = 1
FOLDER = "search"
MANIFEST = "search_index.json"
TOPIC_KEY = "!t:"
LEVELS = 255


def wrap(name: str, data: Any) -> str:
    """Return a search file: a script that hands its JSON to the worker's `__pd`."""
    return f'__pd("{name}",{dumps(data)})\n'


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def unwrap(text: str) -> Any:
    """Return the JSON of a search file (see wrap)."""
    return json.loads(text[text.index(",") + 1 : text.rindex(")")])


class Postings:
    """Every (term, field, document, term frequency) of the documents, as flat arrays."""

    def __init__(self, documents: list[Document], settings: SearchSettings) -> None:
        self.fields = list(settings.fields)
        terms_of = make_terms(settings.separator, settings.pipeline)
        self.ids: dict[str, int] = {}
        term, field, doc, tf = array("i"), array("i"), array("i"), array("i")
        self.lengths = np.zeros((len(self.fields), len(documents)))
        for d, document in enumerate(documents):
            for f, name in enumerate(self.fields):
                found = terms_of(document.field(name))
                self.lengths[f, d] = len(found)
                counts = Counter(found)
                term.extend([self.ids.setdefault(t, len(self.ids)) for t in counts])
                tf.extend(counts.values())
                field.extend([f] * len(counts))
                doc.extend([d] * len(counts))
        self.term = np.frombuffer(term, dtype=np.int32)
        self.field = np.frombuffer(field, dtype=np.int32)
        self.doc = np.frombuffer(doc, dtype=np.int32)
        self.tf = np.frombuffer(tf, dtype=np.int32).astype(np.float64)

    def impacts(self, settings: SearchSettings) -> np.ndarray:
        """Return each posting's BM25 weight w, as lunr's field vectors hold it (see above)."""
        n = self.lengths.shape[1]
        df = np.bincount(self.term, minlength=len(self.ids)).astype(np.float64)
        idf = np.log1p(np.abs((n - df + 0.5) / (df + 0.5)))
        average = self.lengths.sum(axis=1) / max(n, 1)
        average[average == 0] = 1.0
        k1, b = settings.k1, settings.b
        length = self.lengths[self.field, self.doc]
        boost = np.array([settings.fields[name] for name in self.fields])[self.field]
        score = idf[self.term] * ((k1 + 1) * self.tf) / (k1 * (1 - b + b * length / average[self.field]) + self.tf)
        return np.floor(score * boost * 1000 + 0.5) / 1000  # lunr: Math.round(score * 1000) / 1000


def term_postings(postings: Postings, settings: SearchSettings) -> tuple[list[str], list[int], list[str]]:
    """Return the vocabulary in JavaScript order, each term's df and its postings as JSON."""
    impact = postings.impacts(settings)
    vocabulary = sorted(postings.ids, key=js_order)
    rank = np.empty(len(vocabulary), dtype=np.int32)
    rank[[postings.ids[t] for t in vocabulary]] = np.arange(len(vocabulary), dtype=np.int32)
    order = np.lexsort((postings.doc, postings.field, rank[postings.term]))
    term, field, doc = rank[postings.term][order], postings.field[order], postings.doc[order]
    impact = impact[order]
    del order
    group = np.flatnonzero(np.r_[True, (term[1:] != term[:-1]) | (field[1:] != field[:-1])])
    ends = np.r_[group[1:], len(term)]
    peak = np.maximum.reduceat(impact, group) if len(group) else np.zeros(0)
    steps = np.diff(doc, prepend=0).astype(np.int32)
    steps[group] = doc[group]
    del doc
    n_fields = len(postings.fields)
    df = np.zeros(len(vocabulary), dtype=np.int64)
    out: list[str] = ["[" + ",".join("0" * n_fields) + "]"] * len(vocabulary)
    current = -1  # one term's postings, written out when the next term starts
    fields: list[Any] = [0] * n_fields
    for g, (start, end) in enumerate(zip(group.tolist(), ends.tolist(), strict=True)):
        t, f = int(term[start]), int(field[start])
        if t != current:
            if current >= 0:
                out[current] = dumps(fields)
            current, fields = t, [0] * n_fields
        top = float(peak[g])
        scale = float(f"{top / LEVELS:.4g}")
        found = steps[start:end].tolist()
        impacts = np.rint(impact[start:end] * (LEVELS / top)).astype(np.int64).tolist() if top > 0 else [0] * len(found)
        if all(q == LEVELS for q in impacts):  # one document, or all alike: the impacts go without saying
            fields[f] = [scale, *found]
        else:
            fields[f] = [scale, start - end, *found, *impacts]
        df[t] += end - start
    if current >= 0:
        out[current] = dumps(fields)
    return vocabulary, df.tolist(), out


def filter_postings(
    documents: list[Document], topics: list[str], identities: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Return the filter keys (topics, authors) and their document steps as JSON.

    identities maps names to their identity where the papers stage has it (Authors.keys), so
    that each spelling's identity is computed once per build.
    """
    number = {name: i for i, name in enumerate(topics)}
    found: dict[str, list[int]] = defaultdict(list)
    keys = {name: AUTHOR_KEY + key for name, key in (identities or {}).items()}  # names repeat
    for d, document in enumerate(documents):
        for key in sorted({TOPIC_KEY + str(number[t]) for t in document.tags if t in number}):
            found[key].append(d)
        for name in document.authors:
            if name not in keys:
                keys[name] = author_key(name)
        for key in sorted({keys[name] for name in document.authors} - {AUTHOR_KEY}):  # a name with no words has none
            found[key].append(d)
    return {key: dumps(np.diff(docs, prepend=0).tolist()) for key, docs in found.items()}


def completions(vocabulary: list[str], df: list[int], prefix: str, limit: int) -> list[int]:
    """Return the numbers of the `limit` most frequent terms that begin with prefix (not prefix itself)."""
    keys = _keys(vocabulary)
    lo = bisect.bisect_right(keys, js_order(prefix))
    hi = bisect.bisect_left(keys, js_order(prefix) + b"\xff\xff\xff\xff", lo)
    found = [i for i in range(lo, hi) if not vocabulary[i].startswith("!")]
    return sorted(found, key=lambda i: (-df[i], i))[:limit]


_KEYS: dict[int, list[bytes]] = {}


def _keys(vocabulary: list[str]) -> list[bytes]:
    if id(vocabulary) not in _KEYS:
        _KEYS.clear()
        _KEYS[id(vocabulary)] = [js_order(t) for t in vocabulary]
    return _KEYS[id(vocabulary)]


def head_files(
    vocabulary: list[str],
    df: list[int],
    posts: list[str],
    own: list[bool],
    file_of: dict[int, int],
    documents: int,
    section_pages: dict[str, int],
    record: Any,
    settings: SearchSettings,
) -> dict[int, str]:
    """Return the head files (heads.py) of the terms whose postings are longer than head_bytes, by term number."""
    pipeline = make_pipeline(settings.pipeline)
    number = {term: i for i, term in enumerate(vocabulary)}
    page = np.full(documents, -1, dtype=np.int64)
    for section, owner in section_pages.items():
        page[int(section)] = owner
    decoded: dict[str, Any] = {}

    def post_of(term: str) -> Any:
        if term not in decoded:
            decoded[term] = decode(posts[number[term]], len(settings.fields))
        return decoded[term]

    out: dict[int, str] = {}
    for i, term in enumerate(vocabulary):
        if not own[i] or len(posts[i]) <= settings.head_bytes or term.startswith("!") or pipeline(term) != term:
            continue
        more = [vocabulary[c] for c in completions(vocabulary, df, term, settings.prefix_terms)]
        found = head(term, more, post_of, documents, page, settings.manifest())
        shown = sorted({d for key, members in found["groups"] for d in (key, *(m[0] for m in members))})
        found["records"] = {str(d): record(d) for d in shown}
        out[i] = wrap(f"h/{file_of[i]}", found)
    return out


def sections(documents: list[Document]) -> dict[str, int]:
    """Map each section's document number (a string, as JSON keys are) to its page's number."""
    number = {d.location: i for i, d in enumerate(documents)}
    return {
        str(i): number[d.location.split("#")[0]]
        for i, d in enumerate(documents)
        if "#" in d.location and d.location.split("#")[0] in number
    }


def build_index(
    documents: list[Document], topics: list[str], settings: SearchSettings, identities: Mapping[str, str] | None = None
) -> list[tuple[str, str]]:
    """Return the index files, (path under docs/, text), for documents; topics names the topic keys.

    identities: authors' names to their identity, where known (see filter_postings).
    """
    postings = Postings(documents, settings)
    vocabulary, df, posts = term_postings(postings, settings)
    filters = filter_postings(documents, topics, identities)
    if filters:  # filter keys sort before every term: "!" comes before digits and letters
        keys = sorted(filters, key=js_order)
        vocabulary = keys + vocabulary
        df = [len(json.loads(filters[k])) for k in keys] + df
        posts = [filters[k] for k in keys] + posts

    # Shards: runs of terms of about shard_bytes, a long postings list counted as a file number.
    own = [len(p) > settings.postings_bytes for p in posts]
    firsts: list[int] = []
    size = settings.shard_bytes
    for i, term in enumerate(vocabulary):
        if size >= settings.shard_bytes:
            firsts.append(i)
            size = 0
        size += len(term) + 12 + (8 if own[i] else len(posts[i]))
    bounds = [*firsts[1:], len(vocabulary)]

    # Prefixes that run past their shard's end get their completions listed in it, with the
    # shard of each: a word being typed needs its own shard and those of its completions.
    shard_of = np.repeat(np.arange(len(firsts)), np.diff([*firsts, len(vocabulary)])).tolist()
    more: list[dict[str, list[list[Any]]]] = [{} for _ in firsts]
    for s, end in enumerate(bounds[:-1]):
        first, following = vocabulary[firsts[s]], vocabulary[end]
        for cut in range(1, len(following)):
            prefix = following[:cut]
            # (Shard 0 also holds what sorts before its first term.)
            if (s == 0 or js_order(prefix) >= js_order(first)) and not prefix.startswith("!"):
                found = completions(vocabulary, df, prefix, settings.prefix_terms)
                more[s][prefix] = [[vocabulary[i], df[i], shard_of[i]] for i in found]
    files: list[tuple[str, str]] = []
    file_of: dict[int, int] = {}
    for i in range(len(vocabulary)):
        if own[i]:
            file_of[i] = len(file_of)
            files.append((f"{FOLDER}/p/{file_of[i]}.js", f'__pd("p/{file_of[i]}",{posts[i]})\n'))

    number = {name: i for i, name in enumerate(topics)}

    def record(d: int) -> list[Any]:
        document = documents[d]
        tags = [number[t] for t in document.tags if t in number]
        return [document.location, document.title, document.teaser, tags, list(document.authors)]

    headed = head_files(vocabulary, df, posts, own, file_of, len(documents), sections(documents), record, settings)
    files += [(f"{FOLDER}/h/{file_of[i]}.js", text) for i, text in headed.items()]
    for s, (start, end) in enumerate(zip(firsts, bounds, strict=True)):
        body = ",".join(str(file_of[i]) if i in file_of else posts[i] for i in range(start, end))
        extra = dict(sorted(more[s].items()))
        heads = [vocabulary[i] for i in range(start, end) if i in headed]
        listed = f',"heads":{dumps(heads)}' if heads else ""
        text = (
            f'{{"terms":{dumps(vocabulary[start:end])},"df":{dumps(df[start:end])},'
            f'"post":[{body}],"more":{dumps(extra)}{listed}}}'
        )
        files.append((f"{FOLDER}/t/{s}.js", f'__pd("t/{s}",{text})\n'))

    for c in range(0, len(documents), settings.chunk):
        records = [record(d) for d in range(c, min(c + settings.chunk, len(documents)))]
        files.append((f"{FOLDER}/d/{c // settings.chunk}.js", wrap(f"d/{c // settings.chunk}", records)))

    manifest = {
        "config": {
            "lang": ["en"],
            "separator": settings.separator,
            "pipeline": list(settings.pipeline),
            "fields": {name: {"boost": boost} for name, boost in settings.fields.items()},
            "index": {
                "version": VERSION,
                "documents": len(documents),
                "fields": list(settings.fields),
                "topics": topics,
                "shards": [vocabulary[i] for i in firsts],
                "sections": sections(documents),
                "identity": identity(),
                **settings.manifest(),
            },
        },
        "docs": [],
    }
    files.append((f"{FOLDER}/{MANIFEST}", dumps(manifest)))
    return files


def index_files(
    documents: Iterable[Document],
    topics: list[str],
    settings: SearchSettings,
    identities: Mapping[str, str] | None = None,
) -> list[tuple[str, str]]:
    """Return the index files for documents (see build_index), sorted by path."""
    return sorted(build_index(list(documents), topics, settings, identities))


def site_index(
    corpus: Corpus, settings: SearchSettings, docs_dir: Path, generated: tuple[str, ...]
) -> list[tuple[str, str]]:
    """The search stage: the index files of a corpus and the hand-written pages of docs_dir.

    generated names the entries of docs_dir the generator writes, which are not hand-written.
    """
    documents = [*paper_documents(corpus), *topic_documents(corpus), *page_documents(docs_dir, generated)]
    identities = corpus.authors.keys if corpus.authors is not None else None
    return index_files(documents, [topic.name for topic in corpus.topics], settings, identities)
