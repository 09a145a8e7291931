"""The topic taxonomy: loading it (one named fixture per defect class), tagging papers, coverage."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest
import yaml
from slugify import slugify

from generator.analysis.tagging import MAX_TAGS, MIN_SCORE, coverage, score, tag, tag_all
from generator.analysis.taxonomy import Taxonomy, load_taxonomy
from generator.errors import Errors, TaxonomyError
from generator.models import Topic

from .conftest import SEED

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "topics"
TAXONOMY = ROOT / "data" / "topics.yml"
DIGESTS = ROOT / "data" / "digests"


def _seed_papers() -> list[tuple[str, str]]:
    """Return (title, abstract) for each distinct paper of the seed digests, first listing first."""
    # A stand-in for parse.parse_file + identity.merge: after the date line ("Mar 14"),
    # blank-line-separated paragraphs alternate title and abstract.
    papers: dict[str, tuple[str, str]] = {}
    for path in sorted(DIGESTS / name for name in SEED):
        lines = path.read_text(encoding="utf-8").splitlines()
        start = next(i for i, line in enumerate(lines) if re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}", line.strip()))
        paras = [p.strip() for p in re.split(r"\n\s*\n", "\n".join(lines[start + 1 :])) if p.strip()]
        for title, abstract in zip(paras[0::2], paras[1::2], strict=True):
            papers.setdefault(re.sub(r"\W+", "", title.lower()), (title, abstract))
    return list(papers.values())


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(TAXONOMY)


@pytest.fixture(scope="module")
def matching() -> Taxonomy:
    return load_taxonomy(FIXTURES / "matching.yml")


@pytest.fixture(scope="module")
def seed(taxonomy: Taxonomy) -> dict[str, tuple[str, ...]]:
    """Map each seed paper's title to its tags."""
    papers = _seed_papers()
    return dict(zip((t for t, _ in papers), tag_all(papers, taxonomy.topics), strict=True))


def load_error(name: str) -> TaxonomyError | Errors:
    with pytest.raises((TaxonomyError, Errors)) as info:
        load_taxonomy(FIXTURES / name, name)
    assert isinstance(info.value, (TaxonomyError, Errors))
    return info.value


# ---------------------------------------------------------------------------------
# Loading: every defect reported as path:line: message


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("unknown_area.yml", ["9: unknown area 'Langauge' in topic 'Large language models'; declare it under 'areas'"]),
        ("duplicate_topic.yml", ["9: duplicate topic name 'Diffusion Models' (first at line 3)"]),
        (
            "duplicate_slug.yml",
            ["6: topic 'Pre training!' has slug 'pre-training', already used by 'Pre-training' (line 3)"],
        ),
        (  # topics/index.html is the overview of all topics
            "reserved_slug.yml",
            [
                "6: topic name 'Index' has the slug 'index', which topics/index.html, the overview of all topics,"
                " uses; rename the topic"
            ],
        ),
        (  # topics/<slug>.html, a file name of at most 255 bytes
            "long_name.yml",
            [
                "6: topic name 'Diffusion Diffusion Diffusion Diffusion…' is too long: its page"
                " topics/<slug>.html needs a slug of at most 250 characters, and this one has 259; shorten the name"
            ],
        ),
        (  # shown escaped: an override or an escape sequence would act on the terminal
            "hidden_characters.yml",
            [
                "1: the area name 'Effi\\u200bciency' holds \\u200b, an invisible formatting character: remove it",
                "3: topic name '\\u202eRed\\u001b[31m topic ' holds \\u202e, a bidirectional control: remove it",
                "8: phrases in topic 'Segmentation': phrase 'mask\\u00ading' holds \\u00ad, an invisible"
                " formatting character: remove it",
            ],
        ),
        ("duplicate_area.yml", ["4: duplicate area 'Vision' (first at line 2)"]),
        ("duplicate_key.yml", ["6: duplicate key 'phrases' in topic 'Segmentation'"]),
        (
            "exclude_cancels_phrase.yml",
            ["6: exclude in topic 'Diffusion models': 'diffusion model' is also a phrase of the topic"],
        ),
        ("not_a_mapping.yml", ["1: the taxonomy must be a mapping with 'areas' and 'topics'"]),
        ("empty.yml", ["1: the taxonomy must be a mapping with 'areas' and 'topics'"]),
        (
            "missing_phrases.yml",
            ["3: topic 'Segmentation' has no 'phrases'", "8: topic 'Object detection' has no phrases"],
        ),
        ("missing_name_and_area.yml", ["3: topic has no 'name'", "5: topic 'Object detection' has no 'area'"]),
        (
            "non_string_phrase.yml",
            [
                "7: phrases in topic '3D vision': 3 is not a string (quote it)",
                "8: phrases in topic '3D vision': yes is not a string (quote it)",
                "9: phrases in topic '3D vision': expected a string, found a list",
            ],
        ),
        (
            "empty_phrase.yml",
            [
                "7: phrases in topic 'Segmentation': empty phrase",
                "8: phrases in topic 'Segmentation': phrase '--' has no letters or digits",
                "10: phrases in topic 'Segmentation': phrase 'semantic segmentation' repeats 'Semantic segmentation'",
            ],
        ),
        (
            "unknown_key.yml",
            [
                "2: unknown key 'colour' (expected one of: areas, topics)",
                "4: topic 'Segmentation' has no 'phrases'",
                "6: unknown key 'phrase' in topic 'Segmentation' (expected one of: name, area, description, phrases, "
                "exclude)",
            ],
        ),
        (
            "python_tag.yml",
            [
                "6: YAML tags (!!binary, !foo, ...) are not supported in the taxonomy: remove the tag "
                "(!!python/object/apply:os.system here)"
            ],
        ),
        # A tag is refused even where it asks for text: the file is plain data, read as written.
        (
            "str_tag.yml",
            [
                "3: YAML tags (!!binary, !foo, ...) are not supported in the taxonomy: remove the tag "
                "(!!str here; 1 more: line 5)"
            ],
        ),
        # Keys that are lists are named as written: two of them are no duplicate.
        (
            "list_keys.yml",
            [
                "2: unknown key '[a, b]' (expected one of: areas, topics)",
                "4: unknown key '[c, d]' (expected one of: areas, topics)",
            ],
        ),
        ("not_utf8.yml", ["3: not UTF-8 (byte 0xe9); save the taxonomy as UTF-8"]),
        ("nested_too_deeply.yml", ["2: nested too deeply (more than 100 levels of lists and mappings)"]),  # 1,000
        (
            "aliased.yml",  # once, at the anchor, not once per place the aliased value is wrong
            [
                "5: anchors and aliases (&, *) are not supported in the taxonomy: write the value out"
                " (&p here; 2 more: lines 8, 9)"
            ],
        ),
        (  # an anchor no alias names: nothing says what it is for
            "anchor_only.yml",
            ["6: anchors and aliases (&, *) are not supported in the taxonomy: write the value out (&m here)"],
        ),
        (  # a merge key would copy one topic's phrases into another silently
            "merge_key.yml",
            [
                "3: anchors and aliases (&, *) are not supported in the taxonomy: write the value out"
                " (&t here; 1 more: line 7)"
            ],
        ),
        ("control_character.yml", ["2: a control character U+0001 is not allowed in YAML"]),
        (  # a line separator (U+2028) ends no line in the file, only in PyYAML's count
            "line_separator.yml",
            [
                "4: the description in topic 'Segmentation' holds \\u2028, a line break: remove it",
                "7: unknown key 'colour' in topic 'Segmentation' (expected one of: name, area, description,"
                " phrases, exclude)",
            ],
        ),
    ],
)
def test_defects_are_reported_with_file_and_line(name, expected):
    error = load_error(name)
    assert str(error) == "\n".join(f"{name}:{line}" for line in expected)
    # One problem raises it alone; several are collected and raised together.
    if len(expected) == 1:
        assert isinstance(error, TaxonomyError)
    else:
        assert isinstance(error, Errors)
        assert [type(e) for e in error.errors] == [TaxonomyError] * len(expected)


def test_yaml_tags_are_never_constructed():
    load_error("python_tag.yml")
    assert not Path("/tmp/owned-by-taxonomy").exists()


def test_invalid_yaml_names_the_line_of_the_problem():
    error = load_error("invalid_yaml.yml")
    assert isinstance(error, TaxonomyError)
    assert error.line == 6
    assert str(error).startswith("invalid_yaml.yml:6: invalid YAML: ")


def test_an_unterminated_quote_is_named_where_it_opens(tmp_path: Path):
    path = tmp_path / "topics.yml"
    path.write_text("topics:\n  - name: 'Diffusion\n")
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(path, "topics.yml")
    assert str(info.value).startswith("topics.yml:2: invalid YAML: ")  # PyYAML's mark: line 3 of 2


def test_errors_name_the_path_when_no_display_name_is_given():
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(FIXTURES / "unknown_area.yml")
    assert str(info.value).startswith(f"{FIXTURES / 'unknown_area.yml'}:9: unknown area")


def test_missing_file_is_a_taxonomy_error_without_a_line(tmp_path):
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(tmp_path / "topics.yml", "data/topics.yml")
    assert info.value.line is None
    assert str(info.value).startswith("data/topics.yml: cannot read the taxonomy:")


def test_the_real_taxonomy_loads(taxonomy):
    assert len(taxonomy.topics) >= 40
    assert [t.slug for t in taxonomy.topics] == [slugify(t.name) for t in taxonomy.topics]
    assert len(taxonomy.by_slug) == len(taxonomy.topics)
    assert {t.area for t in taxonomy.topics} == set(taxonomy.areas), "every area has a topic"
    assert all(t.description and t.phrases for t in taxonomy.topics)
    assert taxonomy.by_slug["diffusion-models"].exclude == ("diffusion MRI",)


def test_the_real_taxonomy_reads_like_safe_load(taxonomy):
    raw = yaml.safe_load(TAXONOMY.read_text(encoding="utf-8"))
    assert list(taxonomy.areas) == raw["areas"]
    assert [t.name for t in taxonomy.topics] == [t["name"] for t in raw["topics"]]
    assert [t.phrases for t in taxonomy.topics] == [tuple(t["phrases"]) for t in raw["topics"]]


# ---------------------------------------------------------------------------------
# Matching


@pytest.mark.parametrize(
    "text", ["pre-training", "pre training", "pretraining", "Pre-Training", "PRE TRAINING", "pre\u2010training"]
)
def test_hyphen_space_and_joined_forms_are_one_phrase(matching, text):
    assert tag(f"Rethinking {text} at scale", "", matching.matcher) == ("pre-training",)


def test_hyphens_and_spaces_inside_words_do_not_matter_either(matching):
    # The phrase "pretraining data" matches "pre-training data", and "pre-training" matches "pretraining".
    assert tag("Pre-training data matters", "", matching.matcher) == ("pre-training", "pretraining-data")
    assert tag("Pretraining data matters", "", matching.matcher) == ("pre-training", "pretraining-data")
    assert tag("Pre training data", "", matching.matcher) == ("pre-training", "pretraining-data")


@pytest.mark.parametrize("text", ["pre, training", "pre. Training", "pre (training)", "pre/training"])
def test_punctuation_between_words_breaks_a_phrase(matching, text):
    assert tag(f"On {text}", "", matching.matcher) == ()


@pytest.mark.parametrize("text", ["query", "queries", "Queries", "noisy labels", "noisy label", "Noisy-Label"])
def test_singular_and_plural_match(matching, text):
    assert tag(f"Learning with {text}", "", matching.matcher) == ("queries",)


@pytest.mark.parametrize("text", ["GAN", "GANs", "GAN-based", "(GAN)"])
def test_acronym_matches_its_exact_capitals_and_plural(matching, text):
    assert tag(f"A {text} for images", "", matching.matcher) == ("gans",)


@pytest.mark.parametrize("text", ["gan", "Gan", "GANS", "organ", "slogan", "StyleGAN", "GANTT chart", "DiffGAN"])
def test_acronym_does_not_match_other_case_or_inside_words(matching, text):
    assert tag(f"A {text} for images", "", matching.matcher) == ()


def test_a_capital_only_at_the_start_of_a_word_matches_any_case(matching):
    assert tag("Fine-tuning stable diffusion", "", matching.matcher) == ("stable-diffusion",)
    assert tag("Fine-tuning STABLE DIFFUSION", "", matching.matcher) == ("stable-diffusion",)


def test_punctuation_inside_a_phrase_is_matched(matching):
    assert tag("Training N:M sparsity", "", matching.matcher) == ("sparsity",)
    assert tag("Training n:m sparsity", "", matching.matcher) == ("sparsity",)
    assert tag("Training N M sparsity", "", matching.matcher) == ()


def test_exclude_hides_only_the_occurrences_inside_it(matching):
    vector = "We use vector quantization. " * 4
    assert tag("Vector quantization for speech", vector, matching.matcher) == ()
    plain = "Quantization of weights. " * 3
    assert tag("Vector quantization for speech", vector + plain, matching.matcher) == ("quantization",)


def test_overlapping_phrases_of_one_topic_count_once(matching):
    # "denoising diffusion" and "diffusion model" overlap in each occurrence: two mentions, not four.
    assert tag("On sampling", "A denoising diffusion model. " * 2, matching.matcher) == ()
    assert tag("On sampling", "A denoising diffusion model. " * 3, matching.matcher) == ("diffusion",)


def test_a_title_mention_outweighs_abstract_mentions(matching):
    assert tag("GAN training", "", matching.matcher) == ("gans",)
    assert tag("On training", "A GAN.", matching.matcher) == ()  # one passing mention
    assert tag("On training", "A GAN. " * 2, matching.matcher) == ()
    assert tag("On training", "A GAN. " * 3, matching.matcher) == ("gans",)
    # Title alone (3) beats four abstract mentions (log2 5); title and abstract beat both.
    abstract = "Queries. " * 4 + "Quantization here."
    assert tag("GAN and quantization", abstract, matching.matcher) == ("quantization", "gans", "queries")


def test_hub_keywords_confirm_an_abstract_mention_but_never_tag_alone(matching):
    assert tag("On sampling", "A GAN.", matching.matcher) == ()
    assert tag("On sampling", "A GAN.", matching.matcher, ("GAN training",)) == ("gans",)
    assert tag("On sampling", "Nothing.", matching.matcher, ("GAN", "GANs", "GAN training")) == ("gans",)
    assert tag("On sampling", "Nothing.", matching.matcher, ("GAN",)) == ()  # log2(1 + 2) < MIN_SCORE
    # A phrase never spans two keywords; excludes hold inside keywords too.
    abstract = "A denoising diffusion step."
    assert tag("On sampling", abstract, matching.matcher, ("denoising diffusion",)) == ("diffusion",)
    assert tag("On sampling", abstract, matching.matcher, ("denoising", "diffusion")) == ()
    assert tag("On x", "Quantization.", matching.matcher, ("vector quantization",)) == ()
    items = [("On sampling", "A GAN."), ("Nothing", "")]
    assert tag_all(items, matching.topics, [("GAN",), ()]) == [("gans",), ()]


def test_score_weights():
    assert score(1, 0) == 3.0
    assert score(0, 1) == 1.0
    assert score(0, 3) == MIN_SCORE
    assert score(1, 7) == 6.0
    assert score(2, 0) == score(1, 0)


def _synthetic(count: int, order: list[int] | None = None) -> Taxonomy:
    names = [f"Topic {chr(ord('a') + i)}" for i in range(count)]
    topics = [Topic(slugify(n), n, "Test", "", (f"word{i}",)) for i, n in enumerate(names)]
    return Taxonomy(("Test",), tuple(topics[i] for i in (order or range(count))))


def test_at_most_five_tags_ties_broken_by_slug():
    title = " ".join(f"word{i}" for i in range(7))
    assert MAX_TAGS == 5
    assert tag(title, "", _synthetic(7).matcher) == ("topic-a", "topic-b", "topic-c", "topic-d", "topic-e")
    # Strength wins over the slug: word6 is also in the abstract three times.
    assert tag(title, "word6 " * 3, _synthetic(7).matcher)[0] == "topic-g"


def test_tags_do_not_depend_on_topic_order():
    order = list(range(7))
    random.Random(4).shuffle(order)
    title = " ".join(f"word{i}" for i in range(7))
    abstract = "word3 word3 word3 word5 word5 word5"
    assert tag(title, abstract, _synthetic(7, order).matcher) == tag(title, abstract, _synthetic(7).matcher)


def test_tag_all_equals_tag_in_order(matching):
    items = [("GAN training", ""), ("On pre-training", ""), ("Nothing here", "")]
    assert tag_all(items, matching.topics) == [("gans",), ("pre-training",), ()]
    assert tag_all(items, matching.topics) == [tag(t, a, matching.matcher) for t, a in items]


def test_by_slug(matching):
    assert matching.by_slug["gans"].name == "GANs"
    assert list(matching.by_slug)[:2] == ["pre-training", "pretraining-data"]


def test_coverage_summary():
    report = coverage({"p1": ("a", "b"), "p2": ("a",), "p3": (), "p4": ("c",)})
    assert report == {
        "papers": 4,
        "tagged": 3,
        "share": 0.75,
        "max_topic_share": 0.5,
        "per_topic": {"a": 2, "b": 1, "c": 1},
        "untagged": ["p3"],
    }
    assert coverage({})["share"] == 0.0


def test_tagging_is_fast_enough(taxonomy):
    # The real budget is 50,000 papers well under 20 s; 2,000 should take well under a second.
    papers = _seed_papers()
    items = [papers[i % len(papers)] for i in range(2000)]
    start = time.perf_counter()
    tag_all(items, taxonomy.topics)
    assert time.perf_counter() - start < 4.0


# ---------------------------------------------------------------------------------
# The seed corpus: coverage targets and hand-labelled papers


def test_seed_corpus_targets(seed, taxonomy):
    report = coverage(seed)
    assert report["papers"] == 285
    assert report["share"] >= 0.97, report["untagged"]
    assert report["max_topic_share"] <= 0.25, report["per_topic"]
    thin = [t.slug for t in taxonomy.topics if report["per_topic"].get(t.slug, 0) < 2]
    assert len(thin) <= len(taxonomy.topics) // 10, thin
    assert all(0 < len(tags) <= MAX_TAGS for tags in seed.values())


LABELLED = yaml.safe_load((FIXTURES / "labelled.yml").read_text(encoding="utf-8"))["papers"]


@pytest.mark.parametrize("paper", LABELLED, ids=[p["title"][:40] for p in LABELLED])
def test_labelled_paper(seed, taxonomy, paper):
    assert set(paper["expected"]) | set(paper.get("wrong", ())) <= set(taxonomy.by_slug), "unknown slug in fixture"
    tags = seed[paper["title"]]
    assert set(paper["expected"]) <= set(tags), tags
    assert tags[0] in paper["expected"], tags
    assert not set(paper.get("wrong", ())) & set(tags), tags


def test_a_topic_name_is_spaced_as_a_list_title_is(tmp_path):
    source = (FIXTURES / "hidden_characters.yml").read_text().splitlines()
    path = tmp_path / "topics.yml"
    path.write_text("\n".join(["areas: [Vision]", "topics:", *source[8:]]) + "\n")
    assert [(t.slug, t.name) for t in load_taxonomy(path).topics] == [("object-detection", "Object detection")]
