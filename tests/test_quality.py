"""The quality report: its sections, and numbers that agree with the data."""

from __future__ import annotations

import re

import pytest

from generator import build, config
from generator.analysis import mentions, related
from generator.devtools import quality
from generator.models import Corpus, Paper, Reason, Related, Topic


@pytest.fixture(scope="module")
def settings(seed: config.Settings) -> config.Settings:
    return seed


@pytest.fixture(scope="module")
def text(settings) -> str:
    return quality.report(settings)


def test_the_report_has_every_section(text):
    for heading in (
        "Tag coverage:",
        "Papers per topic (",
        "Papers with no topic (",
        "Related papers:",
        "top related paper shares a topic:",
        "related papers per paper:",
        "Judged pairs (judged.yml): ",
        "in-sample: the site, cut",
        "held out: nested 5-fold CV:",
        "one signal off at a time",
        "unrelated pairs scoring highest with WEIGHTS at no cut",
        "missed wanted pairs (score and rank",
        "Mentions:",
        "Sample of 8 papers",
    ):
        assert heading in text


def _find(pattern: str, text: str) -> tuple[str, ...]:
    match = re.search(pattern, text, re.S)
    assert match, pattern
    return match.groups()


def test_the_numbers_agree_with_the_data(settings, text):
    papers = len(build.make_corpus(settings).papers)
    tagged, whole = map(int, _find(r"Tag coverage: (\d+) of (\d+)", text))
    assert whole == papers
    (untagged,) = map(int, _find(r"Papers with no topic \((\d+)\)", text))
    assert tagged + untagged == papers
    (per_topic,) = _find(r"Papers per topic.*?:\n(.*?)\n\n", text)
    counts = [int(line.split()[0]) for line in per_topic.splitlines()]
    (mean,) = map(float, _find(r"([\d.]+) topics per paper", text))
    assert sum(counts) / papers == pytest.approx(mean, abs=0.005)
    assert counts == sorted(counts, reverse=True)
    (linked,) = map(int, _find(r"papers with a related paper: (\d+) of", text))
    shares, of = map(int, _find(r"shares a topic: (\d+) of (\d+)", text))
    assert shares <= of == linked <= papers
    assert "Mentions: 3 found, in 3 abstracts" in text


def test_the_report_is_deterministic(settings, text):
    assert quality.report(settings) == text


def _corpus() -> Corpus:
    """A corpus whose tags, related papers and mentions are already worked out."""
    papers = tuple(Paper(i, i, f"Title {i}", f"Abstract {i}.", (), ()) for i in ("a", "b", "c", "d"))
    topics = (Topic("t1", "Topic one", "Area", "", ("one",)), Topic("t2", "Topic two", "Area", "", ("two",)))
    tags = {"a": ("t1",), "b": ("t1", "t2"), "c": ("t2",), "d": ()}
    similar = {
        "a": (Related("b", 0.5, ("Topic one",), ("alpha",)),),
        "b": (Related("a", 0.5, ("Topic one",), ("alpha",)), Related("d", 0.2, (), ("beta",))),
        "c": (Related("d", 0.3, (), ("gamma",)),),
        "d": (),
    }
    return Corpus((), papers, topics, ("Area",), tags, similar, {"c": ("a",)})


def test_a_finished_corpus_is_reported_as_it_is(settings, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the corpus already has this")

    monkeypatch.setattr(related, "related", refuse)
    monkeypatch.setattr(mentions, "mentions", refuse)
    text = quality.report(settings, _corpus())
    assert "Tag coverage: 3 of 4 (75.0%) papers have at least one topic; 1.00 topics per paper." in text
    assert "     2  Topic one\n     2  Topic two" in text
    assert "Papers with no topic (1):\n  - Title d (d)" in text
    assert "papers with a related paper: 3 of 4 (75.0%)" in text
    assert "related papers per paper: 1.00" in text
    assert "top related paper shares a topic: 2 of 3 (66.7%)" in text
    assert "Mentions: 1 found, in 1 abstract:\n  - Title c -> Title a" in text
    assert "0.200  Title d  [beta]" in text
    assert "0.500  Title a  [Topic one; alpha]" in text


def test_the_judged_figures_are_those_of_the_corpus(settings, text):
    recall, found, wanted = _find(r"in-sample: the site, cut [\d.]+: +recall@5 ([\d.]+) \((\d+)/(\d+)\)", text)
    assert int(found) / int(wanted) == pytest.approx(float(recall), abs=0.0005)
    judged = quality.load_judged()
    assert int(wanted) == sum(len(j.wanted) for j in judged)
    (negatives,) = _find(r"in-sample: the site, cut [\d.]+: .*?unrelated listed (\d+)", text)
    assert int(negatives) == 0
    held, held_wanted = _find(r"held out: nested 5-fold CV: +recall@5 [\d.]+ \((\d+)/(\d+)\)", text)
    assert held_wanted == wanted and int(held) <= int(wanted)
    chosen, cut = _find(r"chosen on all pairs: (.*?) at ([\d.]+) ", text)
    assert (chosen, float(cut)) == ("WEIGHTS", related.RELATED_CUT)  # re-calibrate when this fails
    assert settings.min_similarity == related.RELATED_CUT
    # The unrelated pair scoring highest is the one that sets the cut, a step of the last decimal below it.
    (nearest,) = _find(r"at no cut \(the first sets the cut; \d+ at most\):\n +([\d.]+)  ", text)
    assert round(float(nearest) + 10**-related.DECIMALS, related.DECIMALS) == related.RELATED_CUT
    missed = re.findall(r"  missed: .* -> .* \((\d\.\d{4}, rank [1-5]|not listed)\)\n", text)
    assert len(missed) == int(wanted) - int(found)


def _found(**lists: list[tuple[str, float]]) -> dict[str, tuple[Related, ...]]:
    return {pid: tuple(Related(i, s, (), ()) for i, s in rs) for pid, rs in lists.items()}


def test_agreement_counts_wanted_directions_and_unrelated_pairs_both_ways():
    judged = [
        quality.Judged("a", "b", "wanted", "same problem", both=True),
        quality.Judged("a", "c", "wanted", "same method"),
        quality.Judged("a", "d", "weak", "same area"),
        quality.Judged("c", "d", "unrelated", "one word in two senses"),
    ]
    found = _found(a=[("b", 0.5), ("d", 0.3)], b=[("e", 0.4)], c=[], d=[("c", 0.2)])
    got = quality.agreement(found, judged)
    assert (got.wanted, got.found) == (3, 1)  # a lists b; b does not list a; a does not list c
    assert (got.judged_listed, got.right, got.weak) == (3, 1, 1)  # a->b, a->d (weak), d->c; b->e unjudged
    assert got.negatives == (("c", "d"),)
    assert (got.per_paper, got.empty) == (1.0, 1)
    assert quality.agreement(found, judged, cut=0.25).negatives == ()
    assert quality.lowest_clean_cut(found, judged) == 0.2001


def test_the_unrelated_pairs_nearest_the_cut_come_highest_first_with_their_reasons():
    judged = [
        quality.Judged("a", "b", "unrelated", "x"),
        quality.Judged("c", "d", "unrelated", "x"),
        quality.Judged("e", "f", "unrelated", "x"),  # never listed: not shown
        quality.Judged("a", "c", "wanted", "x"),
    ]
    found = {
        "a": (Related("c", 0.6, (), ()), Related("b", 0.2, (), (), (Reason("term", "mixup"),))),
        "b": (Related("a", 0.2, (), ()),),
        "d": (Related("c", 0.3, ("Topic",), ()),),
    }
    nearest = quality.nearest_unrelated(found, judged)
    shown = [(score, j.paper, why) for score, j, why in nearest]
    assert shown == [(0.3, "c", ("Topic",)), (0.2, "a", ("terms: mixup",))]
    assert quality.nearest_unrelated(found, judged, limit=1) == nearest[:1]
    assert quality.lowest_clean_cut(found, judged) == round(nearest[0][0] + 0.0001, 4)
    assert quality.placing(found, "a", "b") == "0.2000, rank 2"
    assert quality.placing(found, "c", "a") == "not listed"


def test_nested_cross_validation_chooses_on_other_folds_only():
    judged = [quality.Judged(p, "z", "wanted", "x") for p in "abcd"] + [quality.Judged("e", "z", "unrelated", "x")]
    good = _found(a=[("z", 0.5)], b=[("z", 0.5)], c=[("z", 0.5)], d=[("z", 0.5)], e=[("z", 0.1)])
    bad = _found(a=[("z", 0.2)], b=[("z", 0.2)], c=[("z", 0.2)], d=[("z", 0.2)], e=[("z", 0.3)])
    runs = {"good": good, "bad": bad}
    assert quality.choose(runs, judged) == ("good", 0.1001)
    held, choices = quality.nested_cv(runs, judged, folds=5)
    assert [name for name, _ in choices] == ["good"] * 5
    # The fold holding the only unrelated pair is measured at a cut chosen without it: it is listed.
    assert (held.found, held.wanted, held.negatives) == (4, 4, (("e", "z"),))
    folds = quality.folds_of(judged, 2)
    assert [[j.paper for j in f] for f in folds] == [["a", "c", "e"], ["b", "d"]]


def test_reasons_are_shown_by_kind_strongest_first():
    reasons = (Reason("code", "org/repo"), Reason("author", "Ada Rare"), Reason("term", "mixup"))
    lines = quality._related_lines([Related("b", 0.5, (), ("mixup",), reasons)], {"b": "Title b"})
    assert lines[1] == "  0.500  Title b  [same code: org/repo; authors: Ada Rare; terms: mixup]"
