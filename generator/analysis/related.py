"""Find each paper's related papers, with the reasons a reader can check, strongest first.

The score of a pair of papers adds up the evidence they share:

    text  = cosine - concept_discount x (what the strongest shared concept adds to the cosine)
    score = text x topic factor + authors x (shared authors, rare ones counting more)
            + code / (papers naming the shared code repository - 1) ** 2

The cosine is that of TF-IDF vectors over title, abstract and keywords (sublinear tf, unigrams and
bigrams; a hyphenated compound is one term: "test-time" is "testtime", never "test" and "time").
The strongest concept is the heaviest shared term with every shared term that has a word in
common with it ("inverse", "problems", "inverse problems"): discounting it makes a pair need
evidence beyond one idea, so "edge" or "synthetic" alone does not relate two papers. The topic
factor is 1 + topic_bonus x the Jaccard index of the two tag sets when they meet, 1 - topic_penalty
when both papers have topics and none in common, 1 otherwise. A code repository two papers name
is near-certain evidence, one that many name (a toolkit) little. A pair is listed when its score
reaches min_similarity: RELATED_CUT, calibrated on the judged pairs of
tests/fixtures/related/judged.yml (generator/devtools/quality.py says how).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp

from ..models import Paper, Reason, Related
from .mentions import word_spots
from .terms import MAX_DF, Analyzer, count_terms, l2_rows, min_df, smooth_idf, tfidf


@dataclass(frozen=True)
class Weights:
    """How much each kind of evidence counts; WEIGHTS is in use, BASELINE is the algorithm before it."""

    compounds: str = "joined"  # "joined": "test-time" is one term; "split": also "test", "time", "test time"
    title: float = 0.2  # share of the title in the text vector (keywords have KEYWORDS, the abstract the rest)
    keywords: float = 0.2
    concept_discount: float = 0.6
    topic_bonus: float = 1.0
    topic_penalty: float = 0.35
    authors: float = 0.25
    code: float = 1.0


WEIGHTS = Weights()
BASELINE = Weights("split", 0.3, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0)  # what related.py did before the judged pairs
RELATED_CUT = 0.151  # calibrated on the judged pairs: mkdocs.yml's min_similarity

DECIMALS = 4  # scores are rounded before ties are broken by id, so every platform agrees
MAX_TERMS = 3  # shared terms shown per related paper
MAX_NAMES = 3  # shared authors or keywords shown per related paper
SHOWN_SHARE = 0.2  # a shared term is shown if it weighs this share of the heaviest one
SPELLING_VOTES = 8  # papers asked how they write a term before it is shown ("TTA", not "tta")

# Settings for the candidate search: each paper is indexed by its strongest terms only, the
# CANDIDATES best matches on those are re-scored on full vectors. Without this, every pair of
# papers shares some word and the similarity matrix is dense: 2.5 billion pairs at 50,000 papers.
INDEX_TERMS = 40
CANDIDATES = 30
CHUNK_CELLS = 4_000_000  # rows per chunk x papers: bounds the memory of one chunk's products


_CAPITAL_INSIDE = re.compile(r"[A-Za-z0-9][A-Z]")
_REPO = re.compile(r"^(?:https?://)?(?:www\.)?([^/\s]+)/([^/\s]+)/([^/\s#?]+)")


def vectorize(papers: Sequence[Paper], weights: Weights = WEIGHTS) -> tuple[sp.csr_matrix, list[str], dict[str, str]]:
    """Return L2-normalised TF-IDF rows (title, abstract, keywords), the term names and compound spellings."""
    n = len(papers)
    analyzer = Analyzer(weights.compounds)
    fields = [[p.title for p in papers], [p.abstract for p in papers], ["; ".join(p.keywords) for p in papers]]
    counts, terms = count_terms([t for field in fields for t in field], analyzer)
    parts = [counts[i * n : (i + 1) * n] for i in range(3)]
    df = np.bincount((parts[0] + parts[1] + parts[2]).indices, minlength=len(terms))
    keep = np.flatnonzero((df >= min_df(n)) & ((df <= MAX_DF * n) | (df <= 10)))
    if not len(keep):
        return sp.csr_matrix((n, 0)), [], {}
    keep = keep[sorted(range(len(keep)), key=[terms[i] for i in keep].__getitem__)]  # columns by name
    parts = [part[:, keep] for part in parts]
    idf = smooth_idf(parts[0] + parts[1] + parts[2])
    # A paper without keywords gives their share to its abstract.
    has_keywords = np.array([bool(p.keywords) for p in papers])
    abstract = sp.diags(np.where(has_keywords, 1 - weights.title - weights.keywords, 1 - weights.title))
    x = weights.title * tfidf(parts[0], idf) + abstract @ tfidf(parts[1], idf)
    if weights.keywords and has_keywords.any():
        x = x + weights.keywords * tfidf(parts[2], idf)
    x = l2_rows(x)
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


def _incidence(rows: Sequence[Sequence[str]]) -> tuple[sp.csr_matrix, list[str]]:
    """Return a paper x value 0/1 matrix and its columns' values."""
    values = sorted({v for row in rows for v in row})
    column = {v: i for i, v in enumerate(values)}
    cells = [(r, column[v]) for r, row in enumerate(rows) for v in set(row)]
    r, c = np.array([a for a, _ in cells], dtype=np.int64), np.array([b for _, b in cells], dtype=np.int64)
    return sp.csr_matrix((np.ones(len(cells)), (r, c)), shape=(len(rows), len(values))), values


def _authors(papers: Sequence[Paper]) -> sp.csr_matrix:
    """Return paper x author rows whose dot product is the sum, over shared names, of 1 / (papers
    with the name - 1), divided by the geometric mean of the two author counts: a name only the
    two papers carry counts fully, a common or prolific one little, a big collaboration less."""
    m, _ = _incidence([[" ".join(a.lower().split()) for a in p.authors] for p in papers])
    holders = np.asarray(m.sum(axis=0)).ravel()
    sizes = np.maximum(np.asarray(m.sum(axis=1)).ravel(), 1)
    return sp.csr_matrix(sp.diags(1 / np.sqrt(sizes)) @ m @ sp.diags(1 / np.sqrt(np.maximum(holders - 1, 1))))


def code_repository(url: str | None) -> str | None:
    """Return "host/owner/name" of a code repository's URL, in lower case, or None."""
    match = _REPO.match(url.strip()) if url else None
    return "/".join(g.lower() for g in match.groups()).removesuffix(".git") if match else None


def _pair_sums(a: sp.csr_matrix, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, sp.csr_matrix]:
    """Return the dot products of rows i and j of a, pair by pair, and their term-wise products."""
    if not a.nnz:  # no authors or no code repositories: nothing to pick rows from
        return np.zeros(len(i)), sp.csr_matrix((len(i), a.shape[1]))
    products = sp.csr_matrix(a[i].multiply(a[j]))
    return np.asarray(products.sum(axis=1)).ravel(), products


def _concepts(names: Sequence[str]) -> np.ndarray:
    """Return each term's one or two word ids (-1 for none); singular and plural are one word."""
    ids: dict[str, int] = {}
    words = np.full((len(names), 2), -1, dtype=np.int64)
    for c, name in enumerate(names):
        for k, word in enumerate(name.split(" ")[:2]):
            words[c, k] = ids.setdefault(word.removesuffix("s"), len(ids))
    return words


def _strongest_concept(products: sp.csr_matrix, words: np.ndarray) -> np.ndarray:
    """Return, per row, the sum of the heaviest term's product and of terms sharing a word with it."""
    n = products.shape[0]
    if not products.nnz:
        return np.zeros(n)
    products.sort_indices()
    rows = np.repeat(np.arange(n), np.diff(products.indptr))
    peak = products.max(axis=1).toarray().ravel()
    at_peak = np.flatnonzero(products.data == peak[rows])
    first = np.flatnonzero(np.diff(rows[at_peak], prepend=-1))  # the lowest column among ties
    heaviest = np.full(n, -1, dtype=np.int64)
    heaviest[rows[at_peak[first]]] = products.indices[at_peak[first]]
    mine, theirs = words[products.indices], words[heaviest[rows]]
    same = (mine[:, :1] == theirs) | ((mine[:, 1:] == theirs) & (mine[:, 1:] >= 0))
    return np.bincount(rows, weights=np.where(same.any(axis=1), products.data, 0.0), minlength=n)


def related(
    papers: Sequence[Paper],
    tags: Mapping[str, tuple[str, ...]],
    topic_names: Mapping[str, str],
    k: int = 5,
    min_similarity: float = RELATED_CUT,
    *,
    weights: Weights = WEIGHTS,
    chunk_rows: int | None = None,
) -> dict[str, tuple[Related, ...]]:
    """Return up to k related papers per paper id, best first, ties broken by id.

    A paper lists fewer than k, or none, when fewer candidates reach min_similarity. chunk_rows
    sets how many papers are compared with all others at once (for tests); the default keeps one
    chunk's products near CHUNK_CELLS. Raises ValueError if two papers share an id.
    """
    papers = sorted(papers, key=lambda p: p.id)  # rows in id order: the input order never matters
    ids = [p.id for p in papers]
    if len(set(ids)) != len(ids):
        raise ValueError("paper ids must be unique")
    n = len(papers)
    found: dict[str, tuple[Related, ...]] = {pid: () for pid in ids}
    x, names, surface = vectorize(papers, weights)
    if n < 2 or k <= 0 or x.nnz == 0:
        return found
    index = _index(x, INDEX_TERMS)
    index_t = sp.csr_matrix(index.T)
    topics, _ = _incidence([tags.get(p.id, ()) for p in papers])
    sizes = np.asarray(topics.sum(axis=1)).ravel()
    authors = _authors(papers)
    repos, _ = _incidence([[r] if (r := code_repository(p.code)) else [] for p in papers])
    holders = np.asarray(repos.sum(axis=0)).ravel()
    code = sp.csr_matrix(repos @ sp.diags(1.0 / np.maximum(holders - 1, 1)))  # a pair: 1 / (holders - 1) ** 2
    # Shared authors and repositories also make candidates; a shared repository always does.
    extra = sp.csr_matrix(weights.authors * (authors @ authors.T) + weights.code * 10.0 * (code @ code.T))
    words = _concepts(names)
    step = chunk_rows or max(1, CHUNK_CELLS // n)
    label = _Labeller(names, surface, papers)
    picked: list[tuple[int, int, float, tuple[int, ...]]] = []
    for lo in range(0, n, step):
        chunk = slice(lo, min(n, lo + step))
        block = index[chunk] @ index_t
        rows, cols = _candidates(block + extra[chunk] if extra.nnz else block, lo)
        cosine, products = _pair_sums(x, rows, cols)
        text = cosine - weights.concept_discount * _strongest_concept(products, words)
        shared, _ = _pair_sums(topics, rows, cols)
        union = sizes[rows] + sizes[cols] - shared
        jaccard = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
        factor = np.where(shared > 0, 1 + weights.topic_bonus * jaccard, 1.0)
        factor[(shared == 0) & (sizes[rows] > 0) & (sizes[cols] > 0)] = 1 - weights.topic_penalty
        score = text * factor + weights.authors * _pair_sums(authors, rows, cols)[0]
        score += weights.code * _pair_sums(code, rows, cols)[0]
        score = np.round(score, DECIMALS)
        good = np.flatnonzero(score >= min_similarity)
        # Rows are in id order, so the lower column is the lower id.
        best = good[_first_per_row(rows[good], (-score[good], cols[good]), k)]
        terms = label.pairs(products[best], rows[best], cols[best])
        picked += zip(rows[best].tolist(), cols[best].tolist(), score[best].tolist(), terms, strict=True)
    spelled = label.spellings()
    why = _Reasons(papers, tags, topic_names)
    for mine, theirs, score_, columns in picked:
        found[ids[mine]] += (why(mine, theirs, score_, tuple(spelled[c] for c in columns)),)
    return found


class _Reasons:
    """Say why two papers are related: same code, authors, keywords, terms, then topics."""

    def __init__(self, papers: Sequence[Paper], tags: Mapping[str, tuple[str, ...]], names: Mapping[str, str]):
        self.papers = papers
        self.topics = [tuple(names.get(s, s) for s in tags.get(p.id, ())) for p in papers]
        self.repos = [code_repository(p.code) for p in papers]
        self.authors = [{" ".join(a.lower().split()): a for a in p.authors} for p in papers]
        self.keywords = [{re.sub(r"[^a-z0-9]", "", w.lower()): w for w in p.keywords} for p in papers]

    def __call__(self, mine: int, theirs: int, score: float, terms: tuple[str, ...]) -> Related:
        common = set(self.topics[theirs])
        topics = tuple(t for t in self.topics[mine] if t in common)
        reasons = []
        if self.repos[mine] and self.repos[mine] == self.repos[theirs]:
            written = _REPO.match(self.papers[mine].code.strip())  # type: ignore[union-attr]
            reasons.append(Reason("code", written.expand(r"\2/\3").removesuffix(".git")))  # type: ignore[union-attr]
        for kind, own, other in (
            ("author", self.authors[mine], self.authors[theirs]),
            ("keyword", self.keywords[mine], self.keywords[theirs]),
        ):
            if own and other:
                reasons += [Reason(kind, shown) for key, shown in own.items() if key in other][:MAX_NAMES]
        reasons += [Reason("term", t) for t in terms]
        reasons += [Reason("topic", t) for t in topics]
        return Related(self.papers[theirs].id, score, topics, terms, tuple(reasons))


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
    """Name the distinctive terms two papers share, as the papers usually write them."""

    def __init__(self, names: Sequence[str], surface: Mapping[str, str], papers: Sequence[Paper]) -> None:
        self.names, self.surface, self.papers = names, surface, papers
        self.words_shown: list[frozenset[str] | None] = [None] * len(names)
        self.voters: dict[int, list[int]] = defaultdict(list)  # column -> papers that list it, in order

    def base(self, column: int) -> str:
        """Return how a term is shown in lower case: compounds with their hyphen ("pre-trained")."""
        name = self.names[column]
        return self.surface.get(name.replace(" ", "")) or " ".join(self.surface.get(w, w) for w in name.split(" "))

    def pairs(self, products: sp.csr_matrix, mine: np.ndarray, theirs: np.ndarray) -> list[tuple[int, ...]]:
        """Pick, per row of term-wise products, up to MAX_TERMS heavy terms, preferring phrases."""
        rows = np.repeat(np.arange(products.shape[0]), np.diff(products.indptr))
        heaviest = products.max(axis=1).toarray().ravel()
        strong = np.flatnonzero(products.data >= SHOWN_SHARE * heaviest[rows])
        top = strong[_first_per_row(rows[strong], (-products.data[strong], products.indices[strong]), 3 * MAX_TERMS)]
        heavy: list[list[int]] = [[] for _ in range(products.shape[0])]
        for row, column in zip(rows[top].tolist(), products.indices[top].tolist(), strict=True):
            heavy[row].append(column)
        chosen = [self.choose(columns) for columns in heavy]
        for columns, a, b in zip(chosen, mine.tolist(), theirs.tolist(), strict=True):
            for c in columns:
                voters = self.voters[c]
                if len(voters) < SPELLING_VOTES:
                    voters += [p for p in (a, b) if p not in voters][: SPELLING_VOTES - len(voters)]
        return chosen

    def choose(self, columns: Sequence[int]) -> tuple[int, ...]:
        """Take the longest terms first, skip any that repeats a shown word, keep them heaviest first."""
        chosen: list[int] = []
        used: frozenset[str] = frozenset()
        shown = [self.shown_words(c) for c in columns]
        for i in sorted(range(len(columns)), key=lambda i: -len(shown[i])):  # stable: heavier first
            if not shown[i] & used:
                chosen.append(i)
                used |= shown[i]
                if len(chosen) == MAX_TERMS:
                    break
        return tuple(columns[i] for i in sorted(chosen))

    def shown_words(self, column: int) -> frozenset[str]:
        """Return the words a term shows, singular and plural as one: "test-time" shows "test"."""
        words = self.words_shown[column]
        if words is None:
            words = self.words_shown[column] = frozenset(
                w.removesuffix("s") for w in re.split(r"[ -]", self.base(column))
            )
        return words

    def spellings(self) -> dict[int, str]:
        """Return how each chosen term is shown: as most of the papers listing it write it."""
        return {column: self.spell(column, voters) for column, voters in self.voters.items()}

    def spell(self, column: int, voters: Sequence[int]) -> str:
        """Show a single word with a capital inside ("TTA", "3D") only if most voters write it so."""
        shown = self.base(column)
        if " " in shown:
            return shown
        forms: Counter[str] = Counter()
        for paper in voters:
            text = f"{self.papers[paper].title}\n{self.papers[paper].abstract}"
            lower = text.lower()
            spots = word_spots(lower, shown) if len(lower) == len(text) else []
            forms[text[spots[0] : spots[0] + len(shown)] if spots else shown] += 1
        form, votes = max(forms.items(), key=lambda kv: (kv[1], kv[0] == shown))
        return form if _CAPITAL_INSIDE.search(form) and 2 * votes > sum(forms.values()) else shown


def with_weights(**changes: float | int | str) -> Weights:
    """Return WEIGHTS with some fields changed: the ablations of generator/devtools/quality.py."""
    return replace(WEIGHTS, **changes)  # type: ignore[arg-type]
