"""Merging listings into papers and giving each a permanent URL."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.errors import DigestError
from generator.models import Digest, Entry
from generator.papers import identity


def digest(day: int, source: str, *titles: str) -> Digest:
    entries = tuple(Entry(t, f"Abstract of {t}. It is long enough.", 11 + 4 * i) for i, t in enumerate(titles))
    return Digest(dt.date(2024, 3, day), source, f"2024-03-{day:02d}-{source[:-4]}", entries)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Pre-training Transformers", "Pretraining transformers"),
        ("Pre training: Transformers!", "pre-training transformers"),
        ("Café Models", "Cafe models"),
        ("  Spaced   Out ", "spaced out"),
    ],
)
def test_identity_ignores_case_punctuation_and_spacing(a, b):
    assert identity.identity_key(a) == identity.identity_key(b)


def test_identity_keeps_different_titles_apart():
    assert identity.identity_key("Scaling Laws") != identity.identity_key("Scaling Law")
    assert identity.identity_key("🚀🚀") != identity.identity_key("🛸🛸")


def test_one_paper_per_identity_listing_every_digest():
    papers = identity.merge([digest(12, "a.txt", "Pre-training X", "Y"), digest(14, "b.txt", "Pretraining X")])
    assert [p.title for p in papers] == ["Pre-training X", "Y"]
    x = papers[0]
    assert x.id == "pre-training-x"
    assert [(a.date.day, a.source) for a in x.appearances] == [(12, "a.txt"), (14, "b.txt")]


def test_url_does_not_move_when_newer_data_brings_a_variant():
    before = identity.merge([digest(12, "a.txt", "Pre-training X")])
    after = identity.merge([digest(14, "b.txt", "Pretraining X"), digest(12, "a.txt", "Pre-training X")])
    assert before[0].id == after[0].id == "pre-training-x"


def test_slugs_are_bounded_and_long_titles_get_order_independent_suffixes():
    stem = "A Very Long Title About Efficient Attention Mechanisms For Extremely Long Sequence Modeling"
    a, b = stem + " In Vision", stem + " In Language"
    one = identity.merge([digest(12, "a.txt", a, b)])
    two = identity.merge([digest(12, "a.txt", b), digest(13, "b.txt", a)])
    assert {p.title: p.id for p in one} == {p.title: p.id for p in two}
    assert len({p.id for p in one}) == 2
    for paper in one:
        assert len(paper.id) <= identity.SLUG_MAX + 9
        assert paper.id.startswith("a-very-long-title")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Привет мир", "privet-mir"),
        ("中文标题", "zhong-wen-biao-ti"),
        ("Don't Stop", "don-t-stop"),
    ],
)
def test_non_latin_titles_get_readable_slugs(title, slug):
    assert identity.paper_slug(title, identity.identity_key(title)) == slug


def test_slug_is_never_empty():
    slug = identity.paper_slug("🚀🚀🚀", identity.identity_key("🚀🚀🚀"))
    assert slug.startswith("paper-") and len(slug) == 14


def test_reserved_names_are_avoided():
    assert identity.paper_slug("Index", "index") != "index"


def test_longest_abstract_wins():
    short = Digest(dt.date(2024, 3, 12), "a.txt", "a", (Entry("T", "Short.", 11),))
    long = Digest(dt.date(2024, 3, 13), "b.txt", "b", (Entry("T", "A longer abstract.", 11),))
    assert identity.merge([short, long])[0].abstract == "A longer abstract."


def test_duplicate_listing_in_one_digest_counts_once():
    papers = identity.merge([digest(12, "a.txt", "X", "Y", "x")])
    assert len(papers) == 2
    assert len(papers[0].appearances) == 1


def test_two_papers_on_one_url_is_an_error(monkeypatch):
    monkeypatch.setattr(identity, "paper_slug", lambda title, key, full=None: "same")
    with pytest.raises(
        DigestError, match=r"data/digests/a.txt:15: the titles 'X' and 'Y' both map to papers/same.html"
    ):
        identity.merge([digest(12, "a.txt", "X", "Y")])
