"""Find each paper's related papers, with the reasons a reader can check, strongest first.

The score of a pair of papers adds up the evidence they share:

    text  = shared - concept_discount x (what the strongest shared concept adds to shared)
    score = text x topic factor x latent factor
            + authors x (shared authors, rare ones counting more) (only if text > 0 or the topics meet)
            + code / (papers naming the shared code repository - 1) ** 2

shared is the dot product of the two papers' term vectors (terms.py: words, compounds and
bigrams of title, abstract and keywords, TF-IDF weighted, a term's count saturated as BM25's
(k1 + 1) tf / (tf + k1) with k1 = `saturation`, so a word repeated ten times in an abstract
weighs 2.5 uses, not 3.3 as 1 + ln(tf) has it), where:

- a word two papers use in different ways counts `senses` less (1: not at all): a word is used
  the same way if both papers use it as a head word ("pruning" in "magnitude pruning" and in
  "random pruning") or both use a phrase containing it ("adverse" in "adverse weather" and in
  "adverse effects", or "hand" in "hand keypoints" and in "on the other hand", are not); half,
  as the judged pairs prefer beside the modality check below (dropping such a word altogether
  cost more wanted pairs than it kept unrelated ones out);
- a term most of whose papers mention it once and move on ("employ", "obtain", "deep learning")
  is filler: its idf is scaled by the share of its papers that repeat it over `filler` (Church &
  Gale's adaptation, Pr(tf >= 2 | tf >= 1), smoothed towards `filler` by FILLER_PRIOR papers);
- a short abstract is normalised as if it were nearer the median length (pivoted length
  normalisation, Singhal, Buckley & Mitra 1996, slope `pivot`), so a few words cannot make a
  high cosine;
- the words of a language fewer than LANGUAGE_SAMPLE papers use (Chinese and Japanese count as
  one) are not weighed: with so few papers, document frequency cannot tell "评测" (evaluation)
  from a distinctive term, so two such papers are never related by their common words.

The strongest concept is the heaviest shared term with every shared term that has a word in
common with it ("inverse", "problems", "inverse problems"): discounting it makes a pair need
evidence beyond one idea, and a pair with nothing shared outside it (less than `second_concept`)
is never listed, however much its topics agree. The topic factor is 1 + topic_bonus x the Jaccard
index of the two tag sets when they meet, 1 - topic_penalty when both papers have topics and none
in common, 1 otherwise, times 1 - modality_penalty when both papers name kinds of data
(modalities.py: speech, images, 3D, text, ...) and none the same, as speech and image
super-resolution do. The latent factor is 1 - latent +
latent x the cosine (0 if negative) of the two papers' latent topics: their term vectors
projected on the LATENT_DIMS strongest singular directions of all papers' term vectors (latent
semantic analysis, Deerwester et al. 1990). So few dimensions capture broad subjects, not words:
two papers about the same subject agree there whatever words they share, two that share a word
across subjects (speech and image super-resolution share "SR") do not. A code repository two
papers name is near-certain evidence, one that many name (a toolkit) little. A pair is listed
when its score reaches min_similarity: RELATED_CUT, chosen on the judged pairs of
tests/fixtures/related/judged.yml (generator/devtools/quality.py says how).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import svds

from ..models import Paper, Related
from ..papers.authors import author_key
from . import terms as term_index
from .modalities import modalities
from .reasons import Reasons, code_repository
from .terms import MAX_DF, Terms, cells, contains, l2_rows, marked, min_df, smooth_idf, tfidf


@dataclass(frozen=True)
class Weights:
    """How much each kind of evidence counts (WEIGHTS is in use; quality.py tries others)."""

    title: float = 0.2  # share of the title in the text vector (keywords have KEYWORDS, the abstract the rest)
    keywords: float = 0.2
    filler: float = 0.85  # a term repeated by fewer than this share of its papers weighs proportionally less
    senses: float = 0.5  # how much less a word counts where two papers use it in different ways (1: not at all)
    saturation: float = 2.0  # BM25's k1: a term's weight saturates at k1 + 1 uses (0: 1 + ln(tf), unbounded)
    pivot: float = 0.5  # slope of the pivoted normalisation of abstracts (1: plain cosine)
    concept_discount: float = 0.4
    latent: float = 0.5  # share of the text score that depends on the pair's latent-topic agreement (LSA)
    second_concept: float = 0.01  # shared evidence outside the strongest concept a listed pair needs
    topic_bonus: float = 1.5
    topic_penalty: float = 0.2
    modality_penalty: float = 0.2  # both papers name kinds of data (modalities.py), none the same
    authors: float = 0.25
    code: float = 1.0


WEIGHTS = Weights()
RELATED_CUT = 0.1679  # chosen on the judged pairs: mkdocs.yml's min_similarity

DECIMALS = 4  # scores are rounded before ties are broken by id, so every platform agrees
# Papers a language (CJK papers count as one) needs before its own words are weighed: with fewer,
# document frequency cannot tell its common words from distinctive ones.
LANGUAGE_SAMPLE = 20
FILLER_PRIOR = 3.0  # papers' worth of prior belief that a term is not filler

# Settings for the candidate search: each paper is indexed by its strongest terms only, the
# CANDIDATES best matches on those are re-scored on full vectors. Without this, every pair of
# papers shares some word and the similarity matrix is dense: 2.5 billion pairs at 50,000 papers.
INDEX_TERMS = 40
CANDIDATES = 30
CHUNK_CELLS = 4_000_000  # rows per chunk x papers: bounds the memory of one chunk's products
THREADS = 2  # chunks scored at once (each holds its own products)
# Dimensions of the latent topics (truncated SVD of the term vectors): few enough that a pair
# agrees only when it is about the same broad subject, not merely sharing a word.
LATENT_DIMS = 50


@dataclass(frozen=True)
class Vectors:
    """Papers' term vectors and what scoring and reasons need to know about their columns."""

    x: sp.csr_matrix  # papers x terms, pivoted-normalised TF-IDF
    names: list[str]  # column -> term key
    words: np.ndarray  # column -> its one or two word ids (-1 for none), singular and plural one word
    is_word: np.ndarray  # column -> a word (not a bigram)
    heads: sp.csr_matrix  # papers x columns, 1 where the paper uses the word as a head (marked)
    topical: sp.csr_matrix  # papers x columns, 1 where the term is in the paper's title or used twice
    filler: np.ndarray  # column -> filler scale in (0, 1]
    index: Terms  # the term index (spelling)
    column_term: np.ndarray  # column -> term of the index


def vectorize(papers: Sequence[Paper], weights: Weights = WEIGHTS) -> Vectors:
    """Return the papers' term vectors (title, abstract, keywords) and their columns' facts."""
    n = len(papers)
    found = term_index.index(
        [[p.title for p in papers], [p.abstract for p in papers], ["; ".join(p.keywords) for p in papers]]
    )
    title, abstract, keywords = found.counts
    every = title + abstract + keywords
    df = np.bincount(sp.csr_matrix(every[_sampled(found, every)]).indices, minlength=len(found.names))
    keep = np.flatnonzero((df >= min_df(n)) & ((df <= MAX_DF * n) | (df <= 10)))
    keep = keep[sorted(range(len(keep)), key=[found.names[i] for i in keep].__getitem__)]  # columns by name
    names = [found.names[i] for i in keep]
    if not len(keep):
        empty = np.zeros(0, dtype=np.int64)
        return Vectors(
            sp.csr_matrix((n, 0)),
            [],
            np.zeros((0, 2), np.int64),
            np.zeros(0, bool),
            sp.csr_matrix((n, 0), dtype=np.int8),
            sp.csr_matrix((n, 0), dtype=np.int8),
            np.zeros(0),
            found,
            empty,
        )
    title, abstract, keywords = (sp.csr_matrix(m[:, keep]) for m in (title, abstract, keywords))
    idf = smooth_idf(title + abstract + keywords)
    filler = _filler(title + abstract, weights.filler)
    idf = idf * filler
    has_keywords = np.array([bool(p.keywords) for p in papers])
    share = np.where(has_keywords, 1 - weights.title - weights.keywords, 1 - weights.title)
    raw = tfidf(abstract, idf, normalise=False, saturation=weights.saturation)
    norms = np.sqrt(np.asarray(raw.multiply(raw).sum(axis=1)).ravel())
    pivot = np.median(norms[norms > 0]) if (norms > 0).any() else 1.0
    shrink = norms / np.maximum(norms, weights.pivot * norms + (1 - weights.pivot) * pivot)
    whole = weights.title * tfidf(title, idf, saturation=weights.saturation) + sp.diags(share) @ l2_rows(raw)
    if weights.keywords and has_keywords.any():
        whole = whole + weights.keywords * tfidf(keywords, idf, saturation=weights.saturation)
    length = np.sqrt(np.asarray(whole.multiply(whole).sum(axis=1)).ravel())
    length[length == 0] = 1.0
    # The same vector with the abstract's part shrunk, over the length it would have had unshrunk.
    x = weights.title * tfidf(title, idf, saturation=weights.saturation) + sp.diags(share * shrink) @ l2_rows(raw)
    if weights.keywords and has_keywords.any():
        x = x + weights.keywords * tfidf(keywords, idf, saturation=weights.saturation)
    x = sp.csr_matrix(sp.diags(1 / length) @ x)
    x.sort_indices()
    column = np.full(len(found.names), -1, dtype=np.int64)
    column[keep] = np.arange(len(keep))
    is_word = keep < found.words
    heads = sp.coo_matrix(found.heads)
    at = column[heads.col]
    headed = cells(heads.row[at >= 0], at[at >= 0], (n, len(keep)))
    both = sp.coo_matrix(title + abstract)
    marked = (both.data >= 2) | (sp.csr_matrix(title)[both.row, both.col].A1 > 0)
    topical = cells(both.row[marked], both.col[marked], (n, len(keep)))
    return Vectors(x, names, _concepts(names), is_word, headed, topical, filler, found, keep)


def _sampled(found: Terms, every: sp.csr_matrix) -> np.ndarray:
    """Return the papers whose language has LANGUAGE_SAMPLE papers or more (English always; CJK
    papers count as one language): the terms only other papers use are not weighed."""
    group = np.array(found.languages, dtype=object)
    cjk = np.array(
        [term_index.is_cjk(w) for w in found.names[: found.words]] + [False] * (len(found.names) - found.words)
    )
    if cjk.any():
        group[np.asarray(every[:, np.flatnonzero(cjk)].sum(axis=1)).ravel() > 0] = "cjk"
    names, sizes = np.unique(group, return_counts=True)
    big = {str(name) for name, size in zip(names, sizes, strict=True) if name == "en" or size >= LANGUAGE_SAMPLE}
    return np.array([g in big for g in group], dtype=bool)


def _filler(counts: sp.csr_matrix, reference: float) -> np.ndarray:
    """Return each column's filler scale: min(1, smoothed Pr(tf >= 2 | tf >= 1) / reference)."""
    if reference <= 0:
        return np.ones(counts.shape[1])
    m = sp.csr_matrix(counts)
    df = np.bincount(m.indices, minlength=m.shape[1])
    repeated = np.bincount(m.indices[m.data >= 2], minlength=m.shape[1])
    share = (repeated + FILLER_PRIOR * reference) / (df + FILLER_PRIOR)
    return np.minimum(1.0, share / reference)


def _concepts(names: Sequence[str]) -> np.ndarray:
    """Return each term's one or two word ids (-1 for none); singular and plural are one word."""
    ids: dict[str, int] = {}
    words = np.full((len(names), 2), -1, dtype=np.int64)
    for c, name in enumerate(names):
        for k, word in enumerate(name.split(" ")[:2]):
            words[c, k] = ids.setdefault(word.removesuffix("s"), len(ids))
    return words


def latent_topics(x: sp.csr_matrix, dims: int) -> np.ndarray:
    """Return each paper's unit vector in the space of the term vectors' `dims` strongest
    singular directions (latent semantic analysis, Deerwester et al. 1990); the dot product of
    two rows is the cosine of their papers' latent topics. With too few papers or terms for the
    reduction, the rows are the term vectors' own (the cosine is the plain one), dense."""
    if min(x.shape) <= dims + 1:
        z = x.toarray()
    else:
        # ARPACK from a fixed start vector: the same singular vectors on every run.
        u, s, _ = svds(x, k=dims, v0=np.ones(min(x.shape)) / np.sqrt(min(x.shape)))
        z = u * s
    length = np.linalg.norm(z, axis=1)
    length[length == 0] = 1.0
    return z / length[:, None]


def _first_per_row(rows: np.ndarray, keys: Sequence[np.ndarray], limit: int) -> np.ndarray:
    """Return the positions of each row's first `limit` entries, ordered by row then keys."""
    order = np.lexsort((*reversed(keys), rows))
    sorted_rows = rows[order]
    starts = np.searchsorted(sorted_rows, sorted_rows, side="left")
    return order[np.arange(len(order)) - starts < limit]


def _index(x: sp.csr_matrix, terms: int, rank: np.ndarray) -> sp.csr_matrix:
    """Keep each row's `terms` entries heaviest by weight x rank[column], ties to the lower column."""
    counts = np.diff(x.indptr)
    rows = np.repeat(np.arange(x.shape[0]), counts)
    weight = x.data * rank[x.indices]
    # One stable sort on row, then weight scaled into (0, 1], then column (rows keep columns in order).
    keep = np.argsort(rows * 4.0 - weight / weight.max(), kind="stable")
    keep = np.sort(keep[np.arange(len(keep)) - x.indptr[rows] < terms])
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
    """Return paper x author rows whose dot product is the sum, over shared people (author_key: the
    identity author pages use, case, accents and spacing ignored), of 1 / (papers
    with the name - 1), divided by the geometric mean of the two author counts: a name only the
    two papers carry counts fully, a common or prolific one little, a big collaboration less."""
    m, _ = _incidence([[key for a in p.authors if (key := author_key(a))] for p in papers])
    holders = np.asarray(m.sum(axis=0)).ravel()
    sizes = np.maximum(np.asarray(m.sum(axis=1)).ravel(), 1)
    return sp.csr_matrix(sp.diags(1 / np.sqrt(sizes)) @ m @ sp.diags(1 / np.sqrt(np.maximum(holders - 1, 1))))


def _pair_sums(a: sp.csr_matrix, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, sp.csr_matrix]:
    """Return the dot products of rows i and j of a, pair by pair, and their term-wise products."""
    if not a.nnz:  # no authors or no code repositories: nothing to pick rows from
        return np.zeros(len(i)), sp.csr_matrix((len(i), a.shape[1]))
    products = sp.csr_matrix(a[i].multiply(a[j]))
    products.sort_indices()
    return np.asarray(products.sum(axis=1)).ravel(), products


def same_sense(products: sp.csr_matrix, i: np.ndarray, j: np.ndarray, v: Vectors) -> np.ndarray:
    """Tell, per stored product of pairs (i, j), whether its term counts: a bigram, a word both
    papers use as a head, or a word (singular or plural) of a bigram the pair shares."""
    rows = np.repeat(np.arange(products.shape[0]), np.diff(products.indptr)).astype(np.int64)
    cols = products.indices.astype(np.int64)
    word = v.is_word[cols]
    headed = marked(v.heads, i[rows], cols) & marked(v.heads, j[rows], cols)
    stems = int(v.words.max()) + 1
    bigram = ~word
    owners = np.concatenate([rows[bigram], rows[bigram]])
    inside = np.concatenate([v.words[cols[bigram], 0], v.words[cols[bigram], 1]])
    phrased = np.sort(owners * stems + inside)  # sorted is enough for contains(): no need to deduplicate
    in_phrase = contains(phrased, rows * stems + v.words[cols, 0])
    topical = marked(v.topical, i[rows], cols) & marked(v.topical, j[rows], cols)
    return ~word | headed | in_phrase | topical


def _strongest_concept(products: sp.csr_matrix, words: np.ndarray) -> np.ndarray:
    """Return, per row, the sum of the heaviest term's product and of terms sharing a word with it."""
    n = products.shape[0]
    if not products.nnz:
        return np.zeros(n)
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
    if n < 2 or k <= 0:
        return found
    v = vectorize(papers, weights)
    if v.x.nnz == 0:
        return found
    # The candidate search indexes the terms heaviest before filler scaling: scaled, the heaviest
    # are the common repeated words, and the products of such an index cost ten times as much.
    index = _index(v.x, INDEX_TERMS, 1 / v.filler)
    index_t = sp.csr_matrix(index.T)
    topics, _ = _incidence([tags.get(p.id, ()) for p in papers])
    sizes = np.asarray(topics.sum(axis=1)).ravel()
    data = modalities(v.index)
    kinds = np.asarray(data.sum(axis=1)).ravel()
    authors = _authors(papers)
    repos, _ = _incidence([[r] if (r := code_repository(p.code)) else [] for p in papers])
    holders = np.asarray(repos.sum(axis=0)).ravel()
    code = sp.csr_matrix(repos @ sp.diags(1.0 / np.maximum(holders - 1, 1)))  # a pair: 1 / (holders - 1) ** 2
    # Shared authors and repositories also make candidates; a shared repository always does.
    extra = sp.csr_matrix(weights.authors * (authors @ authors.T) + weights.code * 10.0 * (code @ code.T))
    latent = latent_topics(v.x, LATENT_DIMS) if weights.latent else np.zeros((n, 0))
    step = chunk_rows or max(1, CHUNK_CELLS // n)

    def score_chunk(lo: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, sp.csr_matrix]:
        """Score the candidates of rows lo to lo + step: each listing row's best k (rows, cols, scores, products)."""
        chunk = slice(lo, min(n, lo + step))
        block = index[chunk] @ index_t
        rows, cols = _candidates(block + extra[chunk] if extra.nnz else block, lo)
        _, products = _pair_sums(v.x, rows, cols)
        if weights.senses and products.nnz:
            products.data *= np.where(same_sense(products, rows, cols, v), 1.0, 1.0 - weights.senses)
            products.eliminate_zeros()
        shared = np.asarray(products.sum(axis=1)).ravel()
        concept = _strongest_concept(products, v.words)
        text = shared - weights.concept_discount * concept
        text[shared - concept < weights.second_concept] = 0.0  # one idea alone never lists a pair
        common, _ = _pair_sums(topics, rows, cols)
        union = sizes[rows] + sizes[cols] - common
        jaccard = np.divide(common, union, out=np.zeros_like(common), where=union > 0)
        factor = np.where(common > 0, 1 + weights.topic_bonus * jaccard, 1.0)
        factor[(common == 0) & (sizes[rows] > 0) & (sizes[cols] > 0)] = 1 - weights.topic_penalty
        same_data, _ = _pair_sums(data, rows, cols)
        factor[(same_data == 0) & (kinds[rows] > 0) & (kinds[cols] > 0)] *= 1 - weights.modality_penalty
        if weights.latent:
            agree = np.maximum(np.einsum("ij,ij->i", latent[rows], latent[cols]), 0.0)
            factor *= 1 - weights.latent + weights.latent * agree
        # Shared authors add to shared words or topics, never relate a pair alone: people who share
        # a name share it on papers about anything.
        score = text * factor + weights.authors * _pair_sums(authors, rows, cols)[0] * ((text > 0) | (common > 0))
        # A repository only the two papers name is one project's: it relates them alone. One that
        # three or more name is more likely a framework they build on (pytorch/pytorch): it adds to
        # shared words or topics, as a shared name does.
        shared_code = _pair_sums(code, rows, cols)[0]
        score += weights.code * shared_code * ((shared_code >= 1.0) | (text > 0) | (common > 0))
        score = np.round(score, DECIMALS)
        good = np.flatnonzero((score >= min_similarity) & (score > 0))
        # Rows are in id order, so the lower column is the lower id.
        best = good[_first_per_row(rows[good], (-score[good], cols[good]), k)]
        return rows[best], cols[best], score[best], sp.csr_matrix(products[best])

    # Chunks are scored on THREADS threads: most of the work is in scipy's and numpy's C code,
    # which lets other threads run meanwhile. map() returns them in order: the same result as one thread.
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        picked = list(pool.map(score_chunk, range(0, n, step)))
    why = Reasons(papers, tags, topic_names, v)
    for rows, cols, scores, products in picked:
        why.add(rows, cols, scores, products)
    for mine, items in why.related().items():
        found[ids[mine]] = items
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


def with_weights(**changes: float | int | str | bool) -> Weights:
    """Return WEIGHTS with some fields changed: the ablations of generator/devtools/quality.py."""
    return replace(WEIGHTS, **changes)  # type: ignore[arg-type]
