"""Related papers and mentions: invariants on the real data, named edge cases, labelled checks."""

from __future__ import annotations

import re

import pytest
import yaml

from generator import build, config
from generator.analysis import mentions, related, tagging, taxonomy
from generator.models import Paper

from .conftest import FIXTURES, ROOT

CASES = FIXTURES / "related"


def paper(id: str, title: str, abstract: str) -> Paper:
    return Paper(id, id, title, abstract, (), ())


def load(name: str) -> tuple[list[Paper], dict[str, tuple[str, ...]]]:
    """Read a fixture of papers (id, title, abstract, optional tags)."""
    items = yaml.safe_load((CASES / name).read_text(encoding="utf-8"))
    items = items["papers"] if isinstance(items, dict) else items
    papers = [paper(str(i["id"]), i["title"], i["abstract"]) for i in items]
    return papers, {str(i["id"]): tuple(i.get("tags", ())) for i in items}


@pytest.fixture(scope="module")
def real() -> dict:
    """The real corpus with its tags, topic names and related papers."""
    settings = config.load(ROOT / "mkdocs.yml")
    corpus = build.make_corpus(settings)
    loaded = taxonomy.load_taxonomy(settings.taxonomy)
    found = tagging.tag_all([(p.title, p.abstract) for p in corpus.papers], loaded.topics)
    tags = {p.id: t for p, t in zip(corpus.papers, found, strict=True)}
    names = {t.slug: t.name for t in loaded.topics}
    return {
        "papers": corpus.papers,
        "tags": tags,
        "names": names,
        "related": related.related(corpus.papers, tags, names),
    }


# ---------------------------------------------------------------------------------
# Invariants on the real data


def test_every_paper_has_an_entry_and_no_self_or_dangling_links(real):
    ids = {p.id for p in real["papers"]}
    assert set(real["related"]) == ids
    for pid, found in real["related"].items():
        targets = [r.id for r in found]
        assert pid not in targets
        assert set(targets) <= ids
        assert len(targets) == len(set(targets))


def test_most_papers_have_related_papers(real):
    with_some = sum(1 for found in real["related"].values() if found)
    assert with_some >= 0.95 * len(real["papers"])


@pytest.mark.parametrize("k", [1, 3, 5, 8])
def test_at_most_k_best_first_ties_by_id(real, k):
    for found in related.related(real["papers"], real["tags"], real["names"], k=k).values():
        assert len(found) <= k
        keys = [(-r.score, r.id) for r in found]
        assert keys == sorted(keys)


def test_min_similarity_is_respected(real):
    strict = related.related(real["papers"], real["tags"], real["names"], min_similarity=0.3)
    assert all(r.score >= 0.3 for found in strict.values() for r in found)
    assert sum(map(len, strict.values())) < sum(map(len, real["related"].values()))
    assert all(r.score >= 0.1 for found in real["related"].values() for r in found)


def test_scores_are_rounded(real):
    for found in real["related"].values():
        for r in found:
            assert r.score == round(r.score, related.DECIMALS)
            assert 0 < r.score <= 1 + related.TOPIC_WEIGHT


def test_two_runs_and_any_input_order_give_the_same_result(real):
    again = related.related(list(reversed(real["papers"])), real["tags"], real["names"])
    assert again == real["related"]


@pytest.mark.parametrize("chunk_rows", [1, 7, 100, 10_000])
def test_chunking_does_not_change_the_result(real, chunk_rows):
    chunked = related.related(real["papers"], real["tags"], real["names"], chunk_rows=chunk_rows)
    assert chunked == real["related"]


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def test_shared_terms_are_in_both_papers_and_never_repeat_a_word(real):
    texts = {p.id: _squash(f"{p.title} {p.abstract}") for p in real["papers"]}
    for pid, found in real["related"].items():
        for r in found:
            assert 1 <= len(r.shared_terms) <= related.MAX_TERMS
            for term in r.shared_terms:
                assert _squash(term) in texts[pid] and _squash(term) in texts[r.id], (pid, r.id, term)
            words = [w.lower().removesuffix("s") for t in r.shared_terms for w in re.split(r"[ -]", t)]
            assert len(words) == len(set(words)), r.shared_terms


def test_shared_topics_are_the_topics_both_papers_have(real):
    for pid, found in real["related"].items():
        mine = [real["names"][s] for s in real["tags"][pid]]
        for r in found:
            theirs = {real["names"][s] for s in real["tags"][r.id]}
            assert list(r.shared_topics) == [name for name in mine if name in theirs]


# ---------------------------------------------------------------------------------
# Named cases


@pytest.mark.parametrize("reverse", [False, True])
def test_a_tie_is_broken_by_id(reverse):
    papers, _ = load("tie.yml")
    found = related.related(papers[::-1] if reverse else papers, {}, {}, min_similarity=0.0)["query"]
    assert [r.id for r in found[:2]] == ["twin-a", "twin-b"]
    assert found[0].score == found[1].score


def test_title_words_weigh_more_than_the_same_words_in_an_abstract(monkeypatch):
    papers, _ = load("title_weight.yml")
    ranked = [r.id for r in related.related(papers, {}, {}, min_similarity=0.0)["query"]]
    assert ranked.index("in-title") < ranked.index("in-abstract")
    # A title's share of the words when it is simply put before the abstract: the order flips.
    monkeypatch.setattr(related, "TITLE_WEIGHT", 0.05)
    ranked = [r.id for r in related.related(papers, {}, {}, min_similarity=0.0)["query"]]
    assert ranked.index("in-abstract") < ranked.index("in-title")


def test_shared_topics_raise_the_score_and_are_named_in_the_papers_order():
    papers, tags = load("shared_topics.yml")
    names = {"topic-a": "Topic A", "topic-b": "Topic B"}  # topic-c has no name: its slug is shown
    found = related.related(papers, tags, names, min_similarity=0.0)["query"]
    x, y = found[0], found[1]
    assert (x.id, y.id) == ("x", "y")
    assert x.shared_topics == ("Topic B", "Topic A")
    assert y.shared_topics == ()
    # x and y have the same text: x's score is y's raised by the Jaccard of the tag sets (2/3).
    assert x.score == pytest.approx(y.score * (1 + related.TOPIC_WEIGHT * 2 / 3), abs=2e-4)
    assert "z" not in [r.id for r in found]  # a shared topic alone does not relate papers


def test_no_papers_one_paper_or_no_words():
    assert related.related([], {}, {}) == {}
    assert related.related([paper("a", "Title", "Abstract words.")], {}, {}) == {"a": ()}
    blank = [paper("a", "The", "Of the."), paper("b", "A", "And a.")]
    assert related.related(blank, {}, {}) == {"a": (), "b": ()}


def test_duplicate_ids_are_refused():
    with pytest.raises(ValueError, match="unique"):
        related.related([paper("a", "x", "y"), paper("a", "x", "y")], {}, {})


def test_compounds_match_their_joined_spelling_and_are_shown_hyphenated():
    papers = [
        paper("a", "Pre-training transformers", "Continual pre-training of language transformers."),
        paper("b", "Pretraining transformers", "Continual pretraining of vision transformers."),
        paper("c", "Protein folding", "Graph networks fold proteins."),
    ]
    found = related.related(papers, {}, {}, min_similarity=0.0)
    assert found["a"][0].id == "b"
    assert "pre-training" in " ".join(found["a"][0].shared_terms)


# ---------------------------------------------------------------------------------
# Labelled checks: papers judged related by reading them


LABELLED = yaml.safe_load((CASES / "labelled.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("label", LABELLED, ids=[e["paper"][:40] for e in LABELLED])
def test_labelled_related_papers_are_in_the_top_five(real, label):
    top = [r.id for r in real["related"][label["paper"]]]
    for want in label["related"]:
        assert want in top, f"{want} not among {top}"


@pytest.mark.parametrize("label", [e for e in LABELLED if e.get("topics")], ids=lambda e: e["paper"][:40])
def test_labelled_topics_are_among_the_tags(real, label):
    assert set(label["topics"]) <= set(real["tags"][label["paper"]])


# ---------------------------------------------------------------------------------
# Mentions


def test_mentions_of_the_named_cases():
    items = yaml.safe_load((CASES / "mentions.yml").read_text(encoding="utf-8"))
    papers, _ = load("mentions.yml")
    found = mentions.mentions(papers)
    expected = {p.id: tuple(items["expected"].get(p.id, ())) for p in papers}
    assert found == expected


def test_mentioned_by_inverts_mentions():
    assert mentions.mentioned_by({"a": ("c",), "b": ("c", "d"), "c": ()}) == {"c": ("a", "b"), "d": ("b",)}


@pytest.mark.parametrize(
    ("title", "names"),
    [
        ("EpiGRAF: Rethinking training of 3D GANs", ("EpiGRAF",)),
        ("Tiny Time Mixers (TTMs): Fast models", ("TTMs", "Tiny Time Mixers")),
        ("No colon here", ()),
        ("Scaling Laws for Data Filtering -- Data Curation", ()),
    ],
)
def test_short_names(title, names):
    assert mentions.short_names(title) == names


def test_real_mentions_link_datacomp(real):
    found = mentions.mentions(real["papers"])
    datacomp = "datacomp-in-search-of-the-next-generation-of-multimodal-datasets"
    assert mentions.mentioned_by(found)[datacomp] == (
        "data-filtering-networks",
        "effective-pruning-of-web-scale-datasets-based-on-complexity-of-concept-clusters",
        "scaling-laws-for-data-filtering-data-curation-cannot-be-compute-agnostic",
    )
    # "We present Hydra, ..." is another Hydra than the LoRA paper's: no link.
    assert found["rethinking-positive-pairs-in-contrastive-learning"] == ()
    ids = {p.id for p in real["papers"]}
    assert all(pid not in targets and set(targets) <= ids for pid, targets in found.items())


def test_tfidf_matches_scikit_learn_on_the_seed_papers(real: dict):
    """related.py writes TF-IDF out in scipy (no scikit-learn import at build time): same numbers."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfTransformer
    from sklearn.preprocessing import normalize

    from generator.analysis.stop_words import ENGLISH_STOP_WORDS as OURS

    assert OURS == ENGLISH_STOP_WORDS
    papers = real["papers"]
    analyzer = related._Analyzer()
    counts, _ = related._count([p.title for p in papers] + [p.abstract for p in papers], analyzer)
    n = len(papers)
    titles, abstracts = counts[:n], counts[n:]
    reference = TfidfTransformer(sublinear_tf=True).fit(titles + abstracts)
    want = normalize(0.3 * reference.transform(titles) + 0.7 * reference.transform(abstracts))
    idf = related.smooth_idf(titles + abstracts)
    got = related.l2_rows(0.3 * related.tfidf(titles, idf) + 0.7 * related.tfidf(abstracts, idf))
    assert abs(got - want).max() < 1e-12
