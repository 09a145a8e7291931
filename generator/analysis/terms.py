"""Turn titles and abstracts into TF-IDF term vectors: the words the related papers stage weighs.

Terms are unigrams and bigrams of lower-cased words, stop words (stop_words.STOP_WORDS) and
numbers dropped; punctuation ends a bigram. The weighting is scikit-learn's
TfidfTransformer(sublinear_tf=True): smooth idf, 1 + ln(tf), L2-normalised rows; it is written
out in scipy because importing scikit-learn alone takes about a second of every build, and
tests/test_terms.py checks the two agree.
"""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import scipy.sparse as sp

from .stop_words import STOP_WORDS

MAX_DF = 0.25  # a term in more papers than this share is boilerplate ("propose", "model")

_URL = re.compile(r"(?:https?://|www\.)\S+")
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*|[.,;:!?()\[\]{}\"“”]")  # punctuation ends bigrams


def _keep(word: str) -> bool:
    """Tell whether a word can be a term: two characters or more, not a number, not a stop word."""
    return len(word) > 1 and word not in STOP_WORDS and not word.isdigit()


class Analyzer:
    """Turn a text into unigrams and bigrams; remember how joined compounds are written."""

    def __init__(self, compounds: str = "joined") -> None:
        self.split = compounds == "split"
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
        # "pre-training" counts as "pretraining", so both spellings match. Its parts are not terms
        # of their own: "test-time" says nothing about "test" or "time".
        parts = word.split("-")
        joined = "".join(parts)
        if not _keep(joined) or not any(_keep(p) for p in parts):
            return ()
        self.surface.setdefault(joined, word)
        if not self.split:
            return (joined,)
        own = [p for p in parts if _keep(p)]
        own += [f"{a} {b}" for a, b in pairwise(parts) if _keep(a) and _keep(b)]
        return (*own, joined)


def min_df(papers: int) -> int:
    """Return how many papers must use a term for it to count, growing with the corpus."""
    return max(2, min(5, papers // 10_000))


def count_terms(texts: Sequence[str], analyzer: Analyzer) -> tuple[sp.csr_matrix, list[str]]:
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
