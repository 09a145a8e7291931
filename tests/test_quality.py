"""The quality report: its sections, and numbers that agree with the data."""

from __future__ import annotations

import re

import pytest

from generator import build, config
from generator.analysis import mentions, related
from generator.devtools import quality
from generator.models import Corpus, Paper, Related, Topic

from .conftest import ROOT


@pytest.fixture(scope="module")
def settings() -> config.Settings:
    return config.load(ROOT / "mkdocs.yml")


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
