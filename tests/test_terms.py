"""Term vectors for related papers: the analyzer's terms, and TF-IDF equal to scikit-learn's."""

from __future__ import annotations

import pytest

from generator import build, config
from generator.analysis import terms

from .conftest import ROOT


@pytest.mark.parametrize(
    ("compounds", "want"),
    [
        ("joined", ["testtime", "adaptation", "testtime adaptation", "entropy"]),
        ("split", ["test", "time", "test time", "testtime", "adaptation", "testtime adaptation", "entropy"]),
    ],
)
def test_a_compound_is_one_term_unless_split(compounds, want):
    analyzer = terms.Analyzer(compounds)
    assert analyzer("Test-time adaptation. Entropy") == want
    assert analyzer.surface == {"testtime": "test-time"}


def test_stop_words_numbers_and_punctuation_end_bigrams():
    analyzer = terms.Analyzer()
    assert analyzer("We propose 3 sparse experts (see https://x.org/a) for routing; routing tokens") == [
        "sparse",
        "experts",
        "sparse experts",
        "routing",
        "routing",
        "tokens",
        "routing tokens",
    ]


def test_tfidf_matches_scikit_learn_on_the_seed_papers():
    """terms.py writes TF-IDF out in scipy (no scikit-learn import at build time): same numbers."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfTransformer
    from sklearn.preprocessing import normalize

    from generator.analysis.stop_words import ENGLISH_STOP_WORDS as OURS

    assert OURS == ENGLISH_STOP_WORDS
    papers = build.make_corpus(config.load(ROOT / "mkdocs.yml")).papers
    counts, _ = terms.count_terms([p.title for p in papers] + [p.abstract for p in papers], terms.Analyzer())
    n = len(papers)
    titles, abstracts = counts[:n], counts[n:]
    reference = TfidfTransformer(sublinear_tf=True).fit(titles + abstracts)
    want = normalize(0.3 * reference.transform(titles) + 0.7 * reference.transform(abstracts))
    idf = terms.smooth_idf(titles + abstracts)
    got = terms.l2_rows(0.3 * terms.tfidf(titles, idf) + 0.7 * terms.tfidf(abstracts, idf))
    assert abs(got - want).max() < 1e-12
