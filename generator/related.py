"""Find each paper's related papers, with reasons, and the papers its abstract names."""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from collections.abc import Mapping, Sequence
from itertools import pairwise

import numpy as np
import scipy.sparse as sp

from .models import Paper, Related
from .stop_words import ENGLISH_STOP_WORDS

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

# Words that say nothing about a paper's subject, on top of scikit-learn's English stop words:
# the boilerplate of abstracts and of titles ("Rethinking ...", "An Empirical Investigation").
BOILERPLATE = frozenset(
    {
        "ability",
        "able",
        "abstract",
        "achieve",
        "achieved",
        "achieves",
        "achieving",
        "additionally",
        "address",
        "addresses",
        "allow",
        "allowing",
        "allows",
        "approach",
        "approaches",
        "art",
        "available",
        "based",
        "benchmark",
        "benchmarks",
        "best",
        "better",
        "challenge",
        "challenges",
        "challenging",
        "code",
        "com",
        "commonly",
        "compared",
        "competitive",
        "comprehensive",
        "conduct",
        "conducted",
        "consider",
        "considered",
        "considering",
        "crucial",
        "demonstrate",
        "demonstrates",
        "despite",
        "different",
        "effective",
        "effectively",
        "effectiveness",
        "efficient",
        "efficiently",
        "empirical",
        "empirically",
        "enable",
        "enables",
        "et",
        "existing",
        "experiment",
        "experimental",
        "experiments",
        "explore",
        "explores",
        "exploring",
        "extensive",
        "finally",
        "furthermore",
        "github",
        "given",
        "good",
        "help",
        "high",
        "however",
        "http",
        "https",
        "important",
        "improve",
        "improved",
        "improvement",
        "improvements",
        "improves",
        "improving",
        "including",
        "insights",
        "instead",
        "introduce",
        "introduces",
        "investigation",
        "issue",
        "key",
        "large",
        "lead",
        "leading",
        "leads",
        "leverage",
        "leverages",
        "like",
        "limited",
        "main",
        "matters",
        "method",
        "methods",
        "model",
        "models",
        "moreover",
        "need",
        "new",
        "non",
        "novel",
        "number",
        "offer",
        "order",
        "org",
        "outperform",
        "outperforms",
        "paper",
        "particular",
        "particularly",
        "performance",
        "performs",
        "possible",
        "potential",
        "preliminary",
        "present",
        "previous",
        "prior",
        "problem",
        "promising",
        "propose",
        "proposed",
        "provide",
        "provides",
        "publicly",
        "range",
        "recent",
        "recently",
        "release",
        "released",
        "remains",
        "remarkable",
        "respectively",
        "result",
        "results",
        "rethinking",
        "revisiting",
        "robust",
        "set",
        "shows",
        "significant",
        "significantly",
        "simple",
        "sota",
        "specifically",
        "state",
        "stateoftheart",
        "strong",
        "stronger",
        "study",
        "superior",
        "surprising",
        "task",
        "tasks",
        "technique",
        "techniques",
        "terms",
        "typically",
        "understanding",
        "unreasonable",
        "use",
        "used",
        "using",
        "usually",
        "utilize",
        "utilizes",
        "variety",
        "various",
        "way",
        "wide",
        "widely",
        "work",
        "works",
        "www",
    }
)
STOP_WORDS = ENGLISH_STOP_WORDS | BOILERPLATE

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
        spots = _spots(text.lower(), shown) if " " not in shown and len(text.lower()) == len(text) else []
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


# Settings for mentions: a short name is the part of a title before its first colon
# ("EpiGRAF: Rethinking ..."), or an acronym it defines ("Tiny Time Mixers (TTMs)").
MIN_NAME = 4  # shorter names (MIC, PDP, UER) stand for too many other things
MAX_NAME_WORDS = 3  # longer "names" are phrases ("Continual Pre-Training of Large Language Models")

_DEFINED = re.compile(r"^(.+?)\s*\(([^()]+)\)$")
_TOKEN = re.compile(r"\w+")
_ADDRESS = re.compile(r"://|www\.|\.\w+/")  # in a word: an address ("github.com/Sara-Ahmed" names no SaRA)
_INTRODUCES = re.compile(  # ends just before a name the text coins for itself: "we present", "our"
    r"(?i:\b(?:propose|present|introduce|name|term|call|dub|coin)\w*\s+(?:\S+\s+){0,3}\(?|\bour\s+)$"
)


def short_names(title: str) -> tuple[str, ...]:
    """Return the names a title gives its paper: the part before the colon and its acronym."""
    head, colon, _ = title.partition(":")
    if not colon:
        return ()
    head = head.strip()
    defined = _DEFINED.match(head)
    return (defined.group(2).strip(), defined.group(1).strip()) if defined else (head,)


def _coined(word: str) -> bool:
    """Tell whether a word is a coined name: a capital or digit inside, or a letter prefix (C-Mixup)."""
    pieces = word.split("-")
    prefix = len(pieces) > 1 and len(pieces[0]) == 1 and pieces[0].isupper()
    return prefix or any(c.isupper() or c.isdigit() for piece in pieces for c in piece[1:])


def _shaped_like_name(name: str) -> bool:
    """Tell whether a short name could be a name: short enough, few words, letters at both ends."""
    return len(name) >= MIN_NAME and len(name.split()) <= MAX_NAME_WORDS and name[0].isalnum() and name[-1].isalnum()


def mentions(papers: Sequence[Paper]) -> dict[str, tuple[str, ...]]:
    """Return paper id -> ids of the other papers its abstract names by short name."""
    owners: dict[str, set[str]] = defaultdict(set)
    for paper in papers:
        for name in short_names(paper.title):
            owners[name].add(paper.id)
    # A name two papers share (two different "Hydra"s) is ambiguous: it links to neither.
    names = {n: next(iter(ids)) for n, ids in owners.items() if len(ids) == 1 and _shaped_like_name(n)}
    by_first: dict[str, list[str]] = defaultdict(list)
    for name in sorted(names):
        by_first[_TOKEN.match(name).group().lower()].append(name)  # type: ignore[union-attr]
    lowered = {n.lower() for n in names}
    firsts: list[set[str]] = []
    holders: dict[str, list[int]] = defaultdict(list)  # a name in lower case -> papers with it in any case
    for i, paper in enumerate(papers):
        tokens = set(_TOKEN.findall(paper.abstract.lower()))
        firsts.append(tokens & by_first.keys())
        for word in tokens & lowered:
            holders[word].append(i)
    ordinary = _Ordinary(papers, holders)
    found: dict[str, tuple[str, ...]] = {}
    for paper, first in zip(papers, firsts, strict=True):
        named = {
            names[name]
            for word in first
            for name in by_first[word]
            if names[name] != paper.id and _is_name(name, ordinary) and _names(paper.abstract, name, ordinary)
        }
        found[paper.id] = tuple(sorted(named))
    return found


def _spots(text: str, word: str) -> list[int]:
    """Return where word starts in text as a whole word (no letter, digit or _ on either side)."""
    spots, start, end = [], text.find(word), len(word)
    while start >= 0:
        before, after = text[start - 1 : start] or " ", text[start + end : start + end + 1] or " "
        if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
            spots.append(start)
        start = text.find(word, start + 1)
    return spots


class _Ordinary:
    """Tell whether the corpus writes a word in lower case, as an ordinary word ("points")."""

    def __init__(self, papers: Sequence[Paper], holders: Mapping[str, list[int]]) -> None:
        self.papers, self.holders, self.known = papers, holders, dict.fromkeys(STOP_WORDS, True)

    def __call__(self, word: str) -> bool:
        word = word.lower()
        if word not in self.known:
            self.known[word] = any(_spots(self.papers[i].abstract, word) for i in self.holders.get(word, ()))
        return self.known[word]


def _is_name(name: str, ordinary: _Ordinary) -> bool:
    """Tell whether a short name is distinctive enough to look for in other abstracts."""
    parts = name.split()
    if any(_coined(part) for part in parts):
        return True
    # A plain capitalised word (Hydra, Quantune) counts if the corpus never uses it in lower case.
    return len(parts) == 1 and name.isalpha() and not ordinary(name)


def _names(text: str, name: str, ordinary: _Ordinary) -> bool:
    """Tell whether a text names `name` as a whole word, and not for a method of its own."""
    lowered = text.lower()
    if len(lowered) != len(text):  # lower case changed the length ("İ"): match the case exactly
        lowered, name_key = text, name
    else:
        name_key = name.lower()
    named = False
    for start in _spots(lowered, name_key):
        found = text[start : start + len(name)]
        # "Datacomp" names DataComp, but "Points" does not name POINTS: case may differ only
        # after the first letter, in a word the corpus never writes in lower case.
        if found != name and (found[0] != name[0] or " " in name or ordinary(found)):
            continue
        left, right = text.rfind(" ", 0, start) + 1, text.find(" ", start)
        if _ADDRESS.search(text[left : right if right >= 0 else len(text)]):
            continue
        # "We present Hydra, ..." introduces another method that happens to share the name.
        if _INTRODUCES.search(text, max(0, start - 80), start):
            return False
        named = True
    return named


def mentioned_by(found: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Invert mentions: paper id -> ids of the papers whose abstracts name it, sorted."""
    inverse: dict[str, list[str]] = defaultdict(list)
    for source, targets in found.items():
        for target in targets:
            inverse[target].append(source)
    return {target: tuple(sorted(sources)) for target, sources in sorted(inverse.items())}
