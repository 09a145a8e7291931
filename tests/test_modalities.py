"""What kind of data a paper works on, as related.py weighs it."""

from __future__ import annotations

from generator.analysis import modalities, terms

from .test_related import load


def test_a_paper_names_a_modality_in_its_title_or_twice_in_its_abstract():
    papers, _ = load("modalities.yml")  # query, image, speech, theory, passing
    found = terms.index([[p.title for p in papers], [p.abstract for p in papers]])
    named = modalities.modalities(found).toarray().astype(bool)
    kinds = list(modalities.MODALITIES)
    assert [sorted(k for k, on in zip(kinds, row, strict=True) if on) for row in named] == [
        ["images"],
        ["images"],
        ["speech and audio"],
        [],
        [],
    ]


def test_a_corpus_naming_no_modality_term_has_none():
    found = terms.index([["Pruning by magnitude", "Sparse training"], ["We prune weights.", "We train sparse nets."]])
    assert modalities.modalities(found).shape == (2, len(modalities.MODALITIES))
    assert modalities.modalities(found).nnz == 0
