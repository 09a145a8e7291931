"""The synthetic benchmark corpus: deterministic, parseable, the size asked for."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from generator import build, config
from generator.devtools import corpus
from generator.papers import identity
from generator.sources.digests import read_digests

from .conftest import ROOT


def test_corpus_is_deterministic_and_parses_back(tmp_path: Path, seed: config.Settings):
    seed_papers = build.make_corpus(seed).papers
    corpus.write_corpus(seed_papers, 400, tmp_path / "a")
    corpus.write_corpus(seed_papers, 400, tmp_path / "b")
    a = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir() if p.name != corpus.MARK}
    b = {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir() if p.name != corpus.MARK}
    assert (tmp_path / "a" / corpus.MARK).is_file()  # the next corpus may replace these
    assert a == b
    assert sorted(a)[0] == "2023-01-02.txt"
    digests = read_digests(config.load(ROOT / "mkdocs.yml", data_dir=tmp_path / "a"))
    papers = identity.merge(digests)
    assert len(papers) == 400
    assert any(len(p.appearances) > 1 for p in papers), "some papers repeat across days, as in the feed"
    lengths = sorted(len(p.abstract) for p in papers)
    assert 800 < lengths[len(lengths) // 2] < 2500


def test_json_corpus_builds_with_skewed_authors(tmp_path: Path, seed: config.Settings):
    seed_papers = build.make_corpus(seed).papers
    files = corpus.write_corpus(seed_papers, 600, tmp_path / "a", as_json=True)
    corpus.write_corpus(seed_papers, 600, tmp_path / "b", as_json=True)
    a = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir() if p.name != corpus.MARK}
    assert a == {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir() if p.name != corpus.MARK}
    assert len(a) == files and sorted(a)[0] == "2023-01-02.json"
    digests = read_digests(config.load(ROOT / "mkdocs.yml", data_dir=tmp_path / "a"))
    assert {d.kind for d in digests} == {"json"}
    papers = identity.merge(digests)
    assert len(papers) == 600 and all(p.arxiv_id for p in papers)
    assert any(len(p.appearances) > 1 for p in papers), "some papers repeat across days, as in the feed"
    counts = Counter(name for p in papers for name in p.authors)
    singles = sum(1 for c in counts.values() if c == 1)
    assert singles / len(counts) > 0.6, "most authors have one paper"
    assert max(counts.values()) >= 15, "a few authors are prolific"
    assert 3 <= sum(len(p.authors) for p in papers) / len(papers) <= 7
    assert 0.3 < sum(1 for p in papers if p.code) / len(papers) < 0.6
