"""Term index for related papers: words, compounds, bigrams, other scripts, and TF-IDF equal to scikit-learn's."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from generator import build, config
from generator.analysis import terms

from .conftest import ROOT


def _terms(*texts: str) -> set[str]:
    index = terms.index([list(texts)])
    used = index.counts[0].sum(axis=0).A1
    return {name for name, n in zip(index.names, used, strict=True) if n}


def test_a_hyphenated_compound_is_one_term_and_plurals_are_singular():
    assert _terms("Test-time adaptation. Entropy") == {"testtime", "adaptation", "entropy", "testtime adaptation"}
    # Another paper's "test time" is the same compound.
    index = terms.index([["Test-time adaptation", "Test time adaptation"]])
    assert index.counts[0][1, index.names.index("testtime")] == 1


def test_stop_words_numbers_urls_and_punctuation_end_bigrams():
    assert _terms("We propose 3 sparse experts (see https://x.org/a) for routing; routing tokens") == {
        "sparse",
        "expert",
        "sparse expert",
        "routing",
        "token",
        "routing token",
    }


def test_chinese_and_japanese_become_character_bigrams_and_join_no_word():
    found = _terms("指令微调 transformer")
    assert {"指令", "微调", "transformer"} <= found
    assert all(terms.is_cjk(t) for t in found - {"transformer"})
    assert not any(" " in t for t in found)  # no bigram of a CJK term and a word


def test_spelling_is_what_most_papers_write():
    index = terms.index([["", "", ""], ["We use a DAtaset.", "The dataset is big.", "A dataset of images."]])
    assert index.spell([index.names.index("dataset")]) == {index.names.index("dataset"): "dataset"}


def test_saturated_term_counts_are_bm25s():
    # BM25's tf (k1 = 2): one use counts 1 as with 1 + ln(tf), two 1.5, and no count reaches 3.
    counts = sp.csr_matrix(np.array([[1.0, 2.0, 100.0]]))
    got = terms.tfidf(counts, np.ones(3), normalise=False, saturation=2.0).toarray().ravel()
    assert got == pytest.approx([1.0, 1.5, 300 / 102])
    assert terms.tfidf(counts, np.ones(3), normalise=False).toarray().ravel() == pytest.approx(1 + np.log([1, 2, 100]))


def test_tfidf_matches_scikit_learn_on_the_seed_papers():
    """terms.py writes TF-IDF out in scipy (no scikit-learn import at build time): same numbers."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfTransformer
    from sklearn.preprocessing import normalize

    from generator.analysis.stop_words import ENGLISH_STOP_WORDS as OURS

    assert OURS == ENGLISH_STOP_WORDS
    papers = build.make_corpus(config.load(ROOT / "mkdocs.yml")).papers
    titles, abstracts = terms.index([[p.title for p in papers], [p.abstract for p in papers]]).counts
    reference = TfidfTransformer(sublinear_tf=True).fit(titles + abstracts)
    want = normalize(0.3 * reference.transform(titles) + 0.7 * reference.transform(abstracts))
    idf = terms.smooth_idf(titles + abstracts)
    got = terms.l2_rows(0.3 * terms.tfidf(titles, idf) + 0.7 * terms.tfidf(abstracts, idf))
    assert abs(got - want).max() < 1e-12
