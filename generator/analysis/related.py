"""Find each paper's related papers, with the reasons a reader can check."""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from collections.abc import Mapping, Sequence
from itertools import pairwise

import numpy as np
import scipy.sparse as sp

from ..models import Paper, Related
from .mentions import word_spots
from .stop_words import STOP_WORDS

# Settings for similarity: score = text cosine x (1 + TOPIC_WEIGHT x Jaccard of the tag sets).
# The topic factor only reorders papers that already share words: shared topics alone never
# make two papers related.
TITLE_WEIGHT = 0.3  # share of the title in a paper's vector; the abstract has the rest
TOPIC_WEIGHT = 0.5
DECIMALS = 4  # scores are rounded before ties are broken by id, so every platform agrees
MAX_DF = 0.25  # a term in more papers than this share is boilerplate ("propose", "model")
MAX_TERMS = 3  # shared terms shown per related paper
SHOWN_SHARE = 0.2  # a shared term is shown if it weighs this share of the heaviest one

# Settings for the candidate search: each paper is indexed by its strongest terms only, the
# CANDIDATES best matches on those are re-scored on full vectors. Without this, every pair of
# papers shares some word and the similarity matrix is dense: 2.5 billion pairs at 50,000 papers.
INDEX_TERMS = 40
CANDIDATES = 30
CHUNK_CELLS = 4_000_000  # rows per chunk x papers: bounds the memory of one chunk's products


_CAPITAL_INSIDE = re.compile(r"[A-Za-z0-9][A-Z]")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*|[.,;:!?()\[\]{}\"“”]")  # punctuation ends bigrams


def _keep(word: str) -> bool:
    """Tell whether a word can be a term: two characters or more, not a number, not a stop word."""
    return len(word) > 1 and word not in STOP_WORDS and not word.isdigit()


class _Analyzer:
    """Turn a text into unigrams and bigrams; remember how joined compounds are written."""

    def __init__(self) -> None:
        self.surface: dict[str, str] = {}  # "finetuning" -> "fine-tuning"
        self.known: dict[str, tuple[str, ...]] = {}  # word -> its terms, the last one joins bigrams

    def __call__(self, text: str) -> list[str]:
        terms: list[str] = []
        add, extend, known = terms.append, terms.extend, self.known
        text = _URL.sub(" ", text.lower().replace("\u2010", "-").replace("\u2019s ", " ").replace("'s ", " "))
        previous = ""
        for word in _WORD.findall(text):
            own = known.get(word)
            if own is None:
                own = known[word] = self.learn(word)
            if not own:  # a stop word, a number or punctuation ends a bigram
                previous = ""
                continue
            extend(own)
            if previous:
                add(f"{previous} {own[-1]}")
            previous = own[-1]
        return terms

    def learn(self, word: str) -> tuple[str, ...]:
        """Return a word's own terms; none for a stop word, a number or punctuation."""
        if "-" not in word:
            return (word,) if _keep(word) else ()
        # "pre-training" counts as "pretraining" too, so both spellings match; its parts count
        # as words, and as a bigram ("pre training") when both are kept.
        parts = word.split("-")
        joined = "".join(parts)
        if not _keep(joined) or not any(_keep(p) for p in parts):
            return ()
        self.surface.setdefault(joined, word)
        own = [p for p in parts if _keep(p)]
        own += [f"{a} {b}" for a, b in pairwise(parts) if _keep(a) and _keep(b)]
        return (*own, joined)


def min_df(papers: int) -> int:
    """Return how many papers must use a term for it to count, growing with the corpus."""
    return max(2, min(5, papers // 10_000))


def _count(texts: Sequence[str], analyzer: _Analyzer) -> tuple[sp.csr_matrix, list[str]]:
    """Count each text's terms, columns in order of first use (a C loop: 3x CountVectorizer)."""
    vocabulary: defaultdict[str, int] = defaultdict()
    vocabulary.default_factory = vocabulary.__len__
    columns = array("q")  # 8 bytes a term, where a list of ints takes 36
    indptr = [0]
    for text in texts:
        columns.extend(map(vocabulary.__getitem__, analyzer(text)))
        indptr.append(len(columns))
    shape = (len(texts), len(vocabulary))
    counts = sp.csr_matrix((np.ones(len(columns)), np.frombuffer(columns, dtype=np.int64), indptr), shape=shape)
    counts.sum_duplicates()
    return counts, list(vocabulary)


# TF-IDF as scikit-learn's TfidfTransformer(sublinear_tf=True) computes it (smooth idf, l2 rows);
# tests/test_related.py checks the two agree. Written out in scipy because importing
# scikit-learn alone takes about a second of every build.


def smooth_idf(counts: sp.csr_matrix) -> np.ndarray:
    """Return ln((1 + n) / (1 + df)) + 1 per column."""
    n = counts.shape[0]
    df = np.bincount(sp.csr_matrix(counts).indices, minlength=counts.shape[1])
    return np.log((1 + n) / (1 + df)) + 1.0


def l2_rows(matrix: sp.spmatrix) -> sp.csr_matrix:
    """Scale every row to unit length; empty rows stay empty."""
    m = sp.csr_matrix(matrix, dtype=np.float64)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ m)


def tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Weigh counts by 1 + ln(tf) and idf, then normalise the rows."""
    m = sp.csr_matrix(counts, dtype=np.float64, copy=True)
    m.eliminate_zeros()
    m.data = 1.0 + np.log(m.data)
    return l2_rows(m @ sp.diags(idf))


def vectorize(papers: Sequence[Paper]) -> tuple[sp.csr_matrix, list[str], dict[str, str]]:
    """Return L2-normalised TF-IDF rows (title weighted), the term names and compound spellings."""
    n = len(papers)
    analyzer = _Analyzer()
    counts, terms = _count([p.title for p in papers] + [p.abstract for p in papers], analyzer)
    titles, abstracts = counts[:n], counts[n:]
    df = np.bincount((titles + abstracts).indices, minlength=len(terms))
    keep = np.flatnonzero((df >= min_df(n)) & ((df <= MAX_DF * n) | (df <= 10)))
    if not len(keep):
        return sp.csr_matrix((n, 0)), [], {}
    keep = keep[sorted(range(len(keep)), key=[terms[i] for i in keep].__getitem__)]  # columns by name
    titles, abstracts = titles[:, keep], abstracts[:, keep]
    idf = smooth_idf(titles + abstracts)
    combined = TITLE_WEIGHT * tfidf(titles, idf) + (1 - TITLE_WEIGHT) * tfidf(abstracts, idf)
    x = l2_rows(combined)
    x.sort_indices()
    return x, [terms[i] for i in keep], analyzer.surface


def _first_per_row(rows: np.ndarray, keys: Sequence[np.ndarray], limit: int) -> np.ndarray:
    """Return the positions of each row's first `limit` entries, ordered by row then keys."""
    order = np.lexsort((*reversed(keys), rows))
    sorted_rows = rows[order]
    starts = np.searchsorted(sorted_rows, sorted_rows, side="left")
    return order[np.arange(len(order)) - starts < limit]


def _index(x: sp.csr_matrix, terms: int) -> sp.csr_matrix:
    """Keep each row's `terms` heaviest entries, ties to the lower column."""
    counts = np.diff(x.indptr)
    rows = np.repeat(np.arange(x.shape[0]), counts)
    # One stable sort on row, then weight (all weights are in (0, 1]), then column.
    order = np.argsort(rows * 4.0 - x.data, kind="stable")
    keep = np.sort(order[np.arange(len(order)) - x.indptr[rows] < terms])
    indptr = np.concatenate([[0], np.cumsum(np.minimum(counts, terms))])
    return sp.csr_matrix((x.data[keep], x.indices[keep], indptr), shape=x.shape)


def _incidence(papers: Sequence[Paper], tags: Mapping[str, tuple[str, ...]]) -> sp.csr_matrix:
    """Return the paper x topic 0/1 matrix."""
    column = {s: i for i, s in enumerate(sorted({s for p in papers for s in tags.get(p.id, ())}))}
    cells = [(r, column[s]) for r, p in enumerate(papers) for s in set(tags.get(p.id, ()))]
    rows, cols = [r for r, _ in cells], [c for _, c in cells]
    return sp.csr_matrix((np.ones(len(cells)), (rows, cols)), shape=(len(papers), len(column)))


def _pair_sums(a: sp.csr_matrix, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, sp.csr_matrix]:
    """Return the dot products of rows i and j of a, pair by pair, and their term-wise products."""
    products = sp.csr_matrix(a[i].multiply(a[j]))
    return np.asarray(products.sum(axis=1)).ravel(), products


def related(
    papers: Sequence[Paper],
    tags: Mapping[str, tuple[str, ...]],
    topic_names: Mapping[str, str],
    k: int = 5,
    min_similarity: float = 0.1,
    *,
    chunk_rows: int | None = None,
) -> dict[str, tuple[Related, ...]]:
    """Return up to k related papers per paper id, best first, ties broken by id.

    chunk_rows sets how many papers are compared with all others at once (for tests); the
    default keeps one chunk's products near CHUNK_CELLS.
    """
    papers = sorted(papers, key=lambda p: p.id)  # rows in id order: the input order never matters
    ids = [p.id for p in papers]
    if len(set(ids)) != len(ids):
        raise ValueError("paper ids must be unique")
    n = len(papers)
    found: dict[str, tuple[Related, ...]] = {pid: () for pid in ids}
    x, names, surface = vectorize(papers)
    if n < 2 or k <= 0 or x.nnz == 0:
        return found
    index = _index(x, INDEX_TERMS)
    index_t = sp.csr_matrix(index.T)
    topics = _incidence(papers, tags)
    sizes = np.asarray(topics.sum(axis=1)).ravel()
    step = chunk_rows or max(1, CHUNK_CELLS // n)
    label = _Labeller(names, surface, papers)
    for lo in range(0, n, step):
        rows, cols = _candidates(index[lo : min(n, lo + step)] @ index_t, lo)
        cosine, products = _pair_sums(x, rows, cols)
        shared, _ = _pair_sums(topics, rows, cols)
        union = sizes[rows] + sizes[cols] - shared
        jaccard = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
        score = np.round(cosine * (1 + TOPIC_WEIGHT * jaccard), DECIMALS)
        good = np.flatnonzero(score >= min_similarity)
        # Rows are in id order, so the lower column is the lower id.
        best = good[_first_per_row(rows[good], (-score[good], cols[good]), k)]
        terms = label.pairs(products[best], rows[best])
        for e, shown in zip(best.tolist(), terms, strict=True):
            mine, theirs = ids[rows[e]], ids[cols[e]]
            common = set(tags.get(theirs, ()))
            named = tuple(topic_names.get(s, s) for s in tags.get(mine, ()) if s in common)
            found[mine] += (Related(theirs, float(score[e]), named, shown),)
    return found


def _candidates(block: sp.spmatrix, lo: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (row, column) pairs of each row's CANDIDATES best index matches, self excluded."""
    block = sp.csr_matrix(block)
    values = np.round(block.data, DECIMALS)
    keep = np.ones(len(values), dtype=bool)
    for r in np.flatnonzero(np.diff(block.indptr) > CANDIDATES + 1):  # +1: the paper itself
        start, end = block.indptr[r], block.indptr[r + 1]
        floor = np.partition(values[start:end], end - start - CANDIDATES - 1)[end - start - CANDIDATES - 1]
        keep[start:end] = values[start:end] >= floor  # ties with the last one all stay: order never matters
    rows = np.repeat(np.arange(block.shape[0], dtype=np.int64), np.diff(block.indptr))[keep] + lo
    cols = block.indices[keep].astype(np.int64)
    return rows[rows != cols], cols[rows != cols]


class _Labeller:
    """Name the distinctive terms two papers share, readably."""

    def __init__(self, names: Sequence[str], surface: Mapping[str, str], papers: Sequence[Paper]) -> None:
        self.names = names
        self.surface = surface
        self.papers = papers
        self.table: list[tuple[int, str, frozenset[str]] | None] = [None] * len(names)

    def term(self, column: int, paper: int) -> tuple[int, str, frozenset[str]]:
        """Return minus the number of words of a term, how it is shown, and its words."""
        name = self.names[column]
        joined = name.replace(" ", "")  # the bigram "pre trained" is shown as "pre-trained"
        shown = self.surface.get(joined) or " ".join(self.surface.get(w, w) for w in name.split(" "))
        # Singular and plural count as one word, so "pair" never follows "positive pairs".
        words = frozenset(w.removesuffix("s") for w in re.split(r"[ -]", shown))
        text = f"{self.papers[paper].title}\n{self.papers[paper].abstract}"
        spots = word_spots(text.lower(), shown) if " " not in shown and len(text.lower()) == len(text) else []
        if spots and _CAPITAL_INSIDE.search(text[spots[0] : spots[0] + len(shown)]):
            shown = text[spots[0] : spots[0] + len(shown)]  # "tta" as the paper writes it: "TTA", "3D"
        self.table[column] = (-len(words), shown, words)
        return (-len(words), shown, words)

    def pairs(self, products: sp.csr_matrix, papers: np.ndarray) -> list[tuple[str, ...]]:
        """Pick, per row of term-wise products, up to MAX_TERMS heavy terms, preferring phrases."""
        rows = np.repeat(np.arange(products.shape[0]), np.diff(products.indptr))
        heaviest = products.max(axis=1).toarray().ravel()
        strong = np.flatnonzero(products.data >= SHOWN_SHARE * heaviest[rows])
        top = strong[_first_per_row(rows[strong], (-products.data[strong], products.indices[strong]), 3 * MAX_TERMS)]
        heavy: list[list[int]] = [[] for _ in range(products.shape[0])]
        for row, column in zip(rows[top].tolist(), products.indices[top].tolist(), strict=True):
            heavy[row].append(column)
        return [self.choose(columns, paper) for columns, paper in zip(heavy, papers.tolist(), strict=True)]

    def choose(self, columns: Sequence[int], paper: int) -> tuple[str, ...]:
        """Take the longest terms first, skip any that repeats a word, show them heaviest first."""
        terms = [self.table[c] or self.term(c, paper) for c in columns]
        chosen: list[int] = []
        used: frozenset[str] = frozenset()
        for i in sorted(range(len(terms)), key=[t[0] for t in terms].__getitem__):  # stable: heavier first
            if not terms[i][2] & used:
                chosen.append(i)
                used |= terms[i][2]
                if len(chosen) == MAX_TERMS:
                    break
        return tuple(terms[i][1] for i in sorted(chosen))
