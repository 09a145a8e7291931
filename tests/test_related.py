"""Related papers and mentions: invariants on the real data, named edge cases, judged pairs."""

from __future__ import annotations

import dataclasses
import re
import shutil

import numpy as np
import pytest
import yaml

from generator import build, config
from generator.analysis import mentions, reasons, related, tagging, taxonomy, terms
from generator.devtools import quality
from generator.models import Paper, Reason

from .conftest import FIXTURES, ROOT

CASES = FIXTURES / "related"


def paper(id: str, title: str, abstract: str, **listing) -> Paper:
    return Paper(id, id, title, abstract, (), (), **listing)


def load(name: str) -> tuple[list[Paper], dict[str, tuple[str, ...]]]:
    """Read a fixture of papers (id, title, abstract, optional tags, authors, code, keywords)."""
    items = yaml.safe_load((CASES / name).read_text(encoding="utf-8"))
    items = items["papers"] if isinstance(items, dict) else items
    listing = {"authors": tuple, "code": str, "keywords": tuple}
    papers = [
        paper(str(i["id"]), i["title"], i["abstract"], **{k: f(i[k]) for k, f in listing.items() if k in i})
        for i in items
    ]
    return papers, {str(i["id"]): tuple(i.get("tags", ())) for i in items}


@pytest.fixture(scope="module")
def real(seed: config.Settings) -> dict:
    """The seed corpus with its tags, topic names and related papers."""
    settings = seed
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


def test_most_papers_have_related_papers_and_some_have_none(real):
    # The cut lists fewer than five, or none, when no candidate is convincing (issue 14).
    with_some = sum(1 for found in real["related"].values() if found)
    assert 0.6 * len(real["papers"]) <= with_some < len(real["papers"])


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
    assert all(r.score >= related.RELATED_CUT for found in real["related"].values() for r in found)


def test_scores_are_rounded(real):
    for found in real["related"].values():
        for r in found:
            assert r.score == round(r.score, related.DECIMALS)
            assert 0 < r.score <= 1 + related.WEIGHTS.topic_bonus  # the seed has no authors nor code


def test_two_runs_and_any_input_order_give_the_same_result(real):
    again = related.related(list(reversed(real["papers"])), real["tags"], real["names"])
    assert again == real["related"]


@pytest.mark.parametrize("chunk_rows", [1, 7, 100, 10_000])
def test_chunking_does_not_change_the_result(real, chunk_rows):
    chunked = related.related(real["papers"], real["tags"], real["names"], chunk_rows=chunk_rows)
    assert chunked == real["related"]


def _squash(text: str) -> str:
    """Return the text's words in lower case, singular, run together ("Test-time GANs" -> "testtimegan")."""
    return "".join(terms.singular(w) for w in re.findall(r"[^\W_]+", text.lower()))


def test_shared_terms_are_in_both_papers_and_never_repeat_a_word(real):
    texts = {p.id: _squash(f"{p.title} {p.abstract}") for p in real["papers"]}
    for pid, found in real["related"].items():
        for r in found:
            assert r.reasons and len(r.shared_terms) <= reasons.MAX_TERMS
            for term in r.shared_terms:
                assert _squash(term) in texts[pid] and _squash(term) in texts[r.id], (pid, r.id, term)
            words = [w.lower().removesuffix("s") for t in r.shared_terms for w in re.split(r"[ -]", t)]
            assert len(words) == len(set(words)), r.shared_terms
            # A term the shared topics already say is not shown again ("pruning" under "Pruning and sparsity").
            said = {w.lower().removesuffix("s") for t in r.shared_topics for w in re.split(r"[ -]", t)}
            for term in r.shared_terms:
                assert not {w.lower().removesuffix("s") for w in re.split(r"[ -]", term)} <= said, (term, said)


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


@pytest.mark.parametrize(("title", "first"), [(0.4, "in-title"), (0.2, "in-abstract")])
def test_the_title_weight_decides_whether_title_words_weigh_more(title, first):
    # The title is a vector of its own: its share (WEIGHTS.title, 0.2 as the judged pairs prefer)
    # decides whether words in a short title beat the same words among many in an abstract.
    papers, _ = load("title_weight.yml")
    weights = related.with_weights(title=title)
    ranked = [r.id for r in related.related(papers, {}, {}, min_similarity=0.0, weights=weights)["query"]]
    assert ranked[0] == first


def test_shared_topics_raise_the_score_and_are_named_in_the_papers_order():
    papers, tags = load("shared_topics.yml")
    names = {"topic-a": "Topic A", "topic-b": "Topic B"}  # topic-c has no name: its slug is shown
    found = related.related(papers, tags, names, min_similarity=0.0)["query"]
    x, y = found[0], found[1]
    assert (x.id, y.id) == ("x", "y")
    assert x.shared_topics == ("Topic B", "Topic A")
    assert y.shared_topics == ()
    # x and y have the same text: x's score is y's raised by the Jaccard of the tag sets (2/3);
    # y has no topics, so it is not lowered for having none in common with the query.
    assert x.score == pytest.approx(y.score * (1 + related.WEIGHTS.topic_bonus * 2 / 3), abs=2e-4)
    assert "z" not in [r.id for r in found]  # a shared topic alone does not relate papers


def test_papers_whose_topics_differ_score_lower():
    papers, tags = load("shared_topics.yml")
    apart = dict(tags, y=("topic-d",))  # y now has a topic, and none of the query's
    before = {r.id: r.score for r in related.related(papers, tags, {}, min_similarity=0.0)["query"]}
    after = {r.id: r.score for r in related.related(papers, apart, {}, min_similarity=0.0)["query"]}
    assert after["y"] == pytest.approx(before["y"] * (1 - related.WEIGHTS.topic_penalty), abs=2e-4)


def test_papers_on_different_kinds_of_data_score_lower():
    # Issue 14: speech and image super-resolution share their wording, not their readers. The
    # speech paper is lowered by the modality penalty; a paper naming no kind of data, or audio
    # only in passing, is not.
    papers, _ = load("modalities.yml")
    bare = related.with_weights(modality_penalty=0.0)
    before = {r.id: r.score for r in related.related(papers, {}, {}, min_similarity=0.0, weights=bare)["query"]}
    after = {r.id: r.score for r in related.related(papers, {}, {}, min_similarity=0.0)["query"]}
    assert after["speech"] == pytest.approx(before["speech"] * (1 - related.WEIGHTS.modality_penalty), abs=2e-4)
    same = ("image", "theory", "passing")
    assert [after[k] for k in same] == [before[k] for k in same]
    assert before["speech"] > before["theory"] > after["speech"]


def test_a_pair_sharing_no_term_both_stress_shows_the_terms_it_shares():
    # Issue 14's tester: a listed paper with no reason was a bare link. The shared phrases that
    # are not filler stand in when no term is in a title or used twice by both papers.
    papers, _ = load("unexplained.yml")
    (found,) = related.related(papers, {}, {}, min_similarity=0.0)["a"]
    assert found.id == "b"
    assert set(found.shared_terms) == {"bandwidth extension", "envelope recovery", "neural vocoder"}


def test_a_pair_with_no_reason_to_show_is_not_listed(monkeypatch):
    papers, _ = load("unexplained.yml")
    monkeypatch.setattr(reasons, "SHOWN_FILLER", 2.0)  # no term is telling enough to show
    monkeypatch.setattr(reasons, "SHOWN_FILLER_PHRASE", 2.0)
    assert related.related(papers, {}, {}, min_similarity=0.0) == {"a": (), "b": (), "c": ()}


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


def test_a_hyphenated_word_is_one_term_not_its_parts():
    # "test-time" is not "test" and "time": test-time compute and test-time adaptation share a
    # compound, and nothing about "test" or "time" (issue 14's "test-time" in two senses).
    papers, _ = load("compound_parts.yml")
    found = related.related(papers, {}, {}, min_similarity=0.0)["compute"]
    assert [r.id for r in found][:1] == ["scaling"]
    assert "adaptation" not in [r.id for r in related.related(papers, {}, {})["compute"]]


def test_one_shared_generic_word_is_not_enough():
    # Two papers that share "edge" only are not related at the calibrated cut; the one sharing
    # two ideas is. Before, the shared word alone filled a slot.
    papers, _ = load("generic_word.yml")
    found = {r.id for r in related.related(papers, {}, {})["grokking"]}
    assert found == {"grokking-twin"}
    plain = related.with_weights(concept_discount=0.0, second_concept=0.0)
    before = {r.id for r in related.related(papers, {}, {}, min_similarity=0.1, weights=plain)["grokking"]}
    assert "edge-devices" in before  # without the discount, the one shared word would list it


def test_the_strongest_shared_concept_is_discounted():
    papers, _ = load("generic_word.yml")
    plain = related.with_weights(concept_discount=0.0, second_concept=0.0)
    full = {r.id: r.score for r in related.related(papers, {}, {}, min_similarity=0.0, weights=plain)["grokking"]}
    alone = related.with_weights(second_concept=0.0)
    cut = {r.id: r.score for r in related.related(papers, {}, {}, min_similarity=0.0, weights=alone)["grokking"]}
    # "edge" is the only concept the edge paper shares: its score loses the discount's share of it,
    # and with nothing shared beside it (second_concept), the pair is never listed.
    assert cut["edge-devices"] == pytest.approx(full["edge-devices"] * (1 - related.WEIGHTS.concept_discount), abs=2e-4)
    assert "edge-devices" not in {r.id for r in related.related(papers, {}, {}, min_similarity=0.0)["grokking"]}
    assert cut["grokking-twin"] > full["grokking-twin"] * (1 - related.WEIGHTS.concept_discount)


def test_latent_topics_part_subjects_that_share_a_word(monkeypatch):
    # Speech and image super-resolution share their most distinctive word; each shares only
    # commoner words with its own subject. Two latent dimensions find the two subjects, and the
    # pair across them falls below the cut while the pairs within stay (issue 14's HiFi-SR case).
    monkeypatch.setattr(related, "LATENT_DIMS", 2)
    papers, _ = load("latent_topics.yml")
    found = related.related(papers, {}, {})
    assert [r.id for r in found["speech-sr"]] == ["vocoder", "speech-enhancement"]
    assert [r.id for r in found["image-sr"]] == ["image-inpainting", "image-denoising"]
    flat = related.related(papers, {}, {}, weights=related.with_weights(latent=0.0))
    assert "image-sr" in [r.id for r in flat["speech-sr"]]  # without latent topics, the word alone lists it


def test_a_word_repeated_over_and_over_does_not_outweigh_three_shared_ideas():
    # Two papers repeating "kernel" in its two senses (a conv kernel, kernel methods) against two
    # sharing magnitude pruning, sparse masks and lottery tickets: saturated counts (BM25) rank
    # the shared ideas first, 1 + ln(tf) the repeated word.
    papers, _ = load("saturation.yml")
    found = related.related(papers, {}, {}, min_similarity=0.0)["pruning"]
    assert [r.id for r in found] == ["pruning-twin", "kernels"]
    log_tf = related.with_weights(saturation=0.0)
    before = related.related(papers, {}, {}, 5, 0.0, weights=log_tf)["pruning"]
    assert [r.id for r in before] == ["kernels", "pruning-twin"]


def test_latent_topics_of_a_few_papers_are_their_term_vectors():
    # Fewer papers than latent dimensions: no reduction, the cosine is the plain one.
    papers, _ = load("latent_topics.yml")
    v = related.vectorize(papers)
    z = related.latent_topics(v.x, related.LATENT_DIMS)
    plain = terms.l2_rows(v.x).toarray()
    assert z @ z.T == pytest.approx(plain @ plain.T)
    reduced = related.latent_topics(v.x, 2)
    assert reduced.shape == (len(papers), 2)
    assert np.linalg.norm(reduced, axis=1) == pytest.approx(np.ones(len(papers)))


# ---------------------------------------------------------------------------------
# Authors, keywords and code repositories (the Daily Papers API's fields; the seed has none)


def test_a_shared_code_repository_relates_papers_and_comes_first():
    papers, _ = load("listing.yml")
    found = related.related(papers, {}, {})["points"]
    first = found[0]
    assert first.id == "points-1-5"
    assert first.reasons[0] == Reason("code", "WePOINTS/POINTS")  # as the paper writes its URL
    assert [r.kind for r in first.reasons] == sorted(
        (r.kind for r in first.reasons), key=["code", "author", "keyword", "term", "topic"].index
    )


def test_a_repository_many_papers_use_says_little():
    papers, _ = load("listing.yml")
    scores = {r.id: r.score for r in related.related(papers, {}, {}, min_similarity=0.0)["toolkit-a"]}
    assert "toolkit-b" not in scores or scores["toolkit-b"] < related.RELATED_CUT
    assert related.code_repository("https://github.com/Open-MMLab/mmdetection/tree/main") == (
        "github.com/open-mmlab/mmdetection"
    )
    assert related.code_repository("not a url") is None


def test_a_repository_three_papers_name_relates_none_alone():
    """A tester's three unrelated papers naming pytorch/pytorch were listed as related ("same code")."""
    papers, _ = load("listing.yml")
    found = related.related(papers, {}, {})
    assert [found[f"framework-{x}"] for x in "abc"] == [(), (), ()]
    assert found["points"][0].id == "points-1-5"  # a repository only two papers name still does


def test_shared_authors_raise_the_score_and_a_common_name_counts_less():
    papers, _ = load("listing.yml")
    found = {r.id: r for r in related.related(papers, {}, {}, min_similarity=0.0)["student"]}
    assert found["advisor"].score > found["namesake"].score
    assert Reason("author", "Ada Rare") in found["advisor"].reasons
    assert [r for r in found["namesake"].reasons if r.kind == "author"] == [Reason("author", "Wei Wang")]
    assert related.related(papers, {}, {})["wang-1"] == ()  # a name six papers carry relates none alone
    bare = related.with_weights(authors=0.0)
    without = {r.id: r.score for r in related.related(papers, {}, {}, min_similarity=0.0, weights=bare)["student"]}
    assert found["advisor"].score > without["advisor"]


def test_a_shared_author_alone_relates_no_papers():
    papers, _ = load("listing.yml")
    scores = {r.id: r.score for r in related.related(papers, {}, {}, min_similarity=0.0)["carol-tides"]}
    assert "carol-widgets" not in scores  # the name is their only evidence
    found = {r.id: r for r in related.related(papers, {}, {}, min_similarity=0.0)["student"]}
    assert Reason("author", "Ada Rare") in found["advisor"].reasons  # beside shared words, it counts


def test_a_shared_name_is_shown_as_papers_write_it_not_as_one_paper_does():
    papers, _ = load("listing.yml")
    lowered = [
        dataclasses.replace(p, authors=tuple(a.lower() if a == "Ada Rare" else a for a in p.authors))
        if p.id == "student"
        else p
        for p in papers
    ]
    found = {r.id: r for r in related.related(lowered, {}, {}, min_similarity=0.0)["student"]}
    assert Reason("author", "Ada Rare") in found["advisor"].reasons  # not the student page's "ada rare"
    assert reasons.usual_spelling([{"k": "ada rare"}, {"k": "Ada Rare"}, {"k": "ada rare"}]) == {"k": "ada rare"}


def test_a_shared_person_is_one_whatever_the_accents_hyphens_and_spacing_as_on_author_pages():
    """A tester: "Jean-Pierre Dupont" and "Jean Pierre Dupont" share an author page, so they are one here too."""
    papers, _ = load("listing.yml")
    respelled = [
        dataclasses.replace(p, authors=tuple("Ádá  RARE" if a == "Ada Rare" else a for a in p.authors))
        if p.id == "student"
        else p
        for p in papers
    ]
    found = {r.id: r for r in related.related(respelled, {}, {}, min_similarity=0.0)["student"]}
    before = {r.id: r for r in related.related(papers, {}, {}, min_similarity=0.0)["student"]}
    assert Reason("author", "Ada Rare") in found["advisor"].reasons
    assert found["advisor"].score == before["advisor"].score


def test_shared_keywords_are_reasons_and_evidence():
    papers, _ = load("listing.yml")
    found = {r.id: r for r in related.related(papers, {}, {}, min_similarity=0.0)["keyworded"]}
    assert Reason("keyword", "Entropy Minimization") in found["keyworded-twin"].reasons
    bare = related.with_weights(keywords=0.0)
    without = {r.id: r.score for r in related.related(papers, {}, {}, min_similarity=0.0, weights=bare)["keyworded"]}
    assert found["keyworded-twin"].score > without["keyworded-twin"]


# ---------------------------------------------------------------------------------
# Reasons a reader believes


def test_terms_are_shown_as_most_papers_write_them():
    # One paper writes "DAtaset" (for its acronym CUDA), the others "dataset": "dataset" is shown.
    # Every paper writes "TTA" in capitals: "TTA" is shown.
    papers, _ = load("spelling.yml")
    shown = {
        t
        for found in related.related(papers, {}, {}, min_similarity=0.0).values()
        for r in found
        for t in r.shared_terms
    }
    assert "DAtaset" not in shown and "dataset" in shown
    assert "TTA" in shown and "tta" not in shown


def test_a_bigram_both_papers_always_write_before_a_word_is_shown_with_it():
    """A tester's "source-free domain" read as cut off where both papers wrote "source-free domain adaptation"."""
    papers, _ = load("whole_phrase.yml")
    found = related.related(papers, {}, {}, min_similarity=0.0)
    terms = {(p, r.id): r.shared_terms for p, rs in found.items() for r in rs}
    assert "source-free domain adaptation" in terms["sfda", "prototypes"]
    assert "source-free domain" in terms["sfda", "generalize"]  # adaptation on one side, generalization on the other
    assert not any("adaptation" in t for t in terms["generalize", "sfda"])
    # capitalised as the bigram's usual spelling is, whichever way the listing paper writes it
    assert "Lottery Ticket Hypothesis" in terms["ticket-a", "ticket-b"]
    assert "Lottery Ticket Hypothesis" in terms["ticket-b", "ticket-a"]
    assert not any(t == "hypothesis" for t in terms["ticket-b", "ticket-a"])  # said once, in the phrase


def test_real_reasons_never_carry_an_odd_capitalisation(real):
    shown = {t for found in real["related"].values() for r in found for t in r.shared_terms}
    assert "DAtaset" not in shown
    assert "TTA" in shown


# ---------------------------------------------------------------------------------
# Judged pairs (tests/fixtures/related/judged.yml; `make quality` reports the figures)


JUDGED = quality.load_judged()


def test_the_judged_pairs_are_well_formed(real):
    ids = {p.id for p in real["papers"]}
    kinds = [j.judgement for j in JUDGED]
    assert kinds.count("wanted") >= 60 and kinds.count("unrelated") >= 30
    assert all(j.paper in ids and j.partner in ids and j.paper != j.partner and j.why.strip() for j in JUDGED)
    pairs = [frozenset((j.paper, j.partner)) for j in JUDGED]
    assert len(set(pairs)) == len(pairs)  # each pair judged once, in one direction
    assert all(not j.both or j.judgement == "wanted" for j in JUDGED)


def test_every_pair_the_site_lists_is_judged_and_none_is_unrelated(real):
    # Issue 14: no obviously unrelated paper listed. Every pair the seed's pages list was judged
    # from the abstracts; when this fails on a new pair, read both abstracts and judge it there.
    kinds = {frozenset((j.paper, j.partner)): j.judgement for j in JUDGED}
    listed = {frozenset((pid, r.id)) for pid, found in real["related"].items() for r in found}
    assert not [sorted(pair) for pair in listed if pair not in kinds]
    assert not [sorted(pair) for pair in listed if kinds[pair] == "unrelated"]


def test_the_judged_figures_hold(real):
    # In-sample figures (`make quality` also reports held-out ones), guarded against regressions:
    # recall@5 0.822 and precision@5 0.803 on the seed (issue 14's target: recall@5 0.80).
    now = quality.agreement(real["related"], JUDGED)
    assert now.recall >= 0.81
    assert now.precision >= 0.80
    assert now.negatives == ()
    # No cut: the wanted partners mostly rank in the top five, and many unrelated pairs too.
    uncut = quality.agreement(related.related(real["papers"], real["tags"], real["names"], 5, 0.0), JUDGED)
    assert uncut.recall > now.recall and len(uncut.negatives) > 50


TOPICS = yaml.safe_load((CASES / "topics.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("paper", sorted(TOPICS), ids=lambda p: p[:40])
def test_labelled_topics_are_among_the_tags(real, paper):
    assert set(TOPICS[paper]) <= set(real["tags"][paper])


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


# ---------------------------------------------------------------------------------
# Other languages and scripts (tests/fixtures/cases/2026-11-30: Chinese, Russian, curly quotes)


def test_papers_in_other_scripts_get_no_nonsense_neighbours(tmp_path):
    from .conftest import fixture_settings

    data = tmp_path / "digests"
    shutil.copytree(ROOT / "data" / "digests", data)
    for digest in sorted((FIXTURES / "cases" / "2026-11-30").glob("*/*.txt")):
        if digest.name != "queries.txt":
            shutil.copy(digest, data / digest.name)
    corpus = build.make_corpus(fixture_settings(tmp_path, data))
    found = related.related(corpus.papers, {}, {}, 5, related.RELATED_CUT)
    foreign = {p.id for p in corpus.papers if re.search(r"[\u4e00-\u9fff\u0400-\u04ff]", p.title)}
    assert len(foreign) == 3
    # Two Chinese papers share only common words ("评测", evaluation): too few papers in the
    # language to tell a common word from a distinctive one, so they list nothing; nor does
    # the Russian paper, and no English paper lists any of them.
    assert all(found[pid] == () for pid in foreign)
    assert not [pid for pid, rs in found.items() for r in rs if r.id in foreign]
    assert terms.index([["多语言检索增强生成的基准评测"]]).names  # indexed, not dropped at reading
