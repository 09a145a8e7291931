"""Merging listings into papers and giving each a permanent URL."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from generator.errors import DigestError
from generator.models import Digest, Entry, Listing, Paper
from generator.papers import identity, registry
from generator.papers.lookups import Lookup
from generator.papers.registry import Record
from generator.sources import daily_api

from .conftest import RETITLED, RETITLED_ID


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


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Привет мир: модели диффузии", "Privet mir: modeli diffuzii"),  # a title and its transliteration
        ("中文评测", "忠文评测"),  # alike in pinyin (zhong wen ping ce)
        ("EpiGRАF: Rethinking 3D GANs", "EpiGRAF: Rethinking 3D GANs"),  # a Cyrillic А
        ("Αλγόριθμος", "Algorithmos"),
        ("がくしゅう", "かくしゅう"),  # kana voicing marks change the word
        ("कमल", "किमल"),  # so do Indic vowel signs
    ],
)
def test_identity_keeps_scripts_apart(a, b):
    assert identity.identity_key(a) != identity.identity_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("π-GAN: Periodic Implicit GANs", "pi-GAN: periodic implicit GANs"),  # a Greek symbol, spelt out
        ("中文 LLM：Évaluation", "中文 llm evaluation"),
        ("ＧＡＮ による 生成", "GANによる生成"),  # full-width Latin, spaces
        ("Привет, Мир!", "привет мир"),
        ("Λόγος και μοντέλα", "ΛΟΓΟΣ ΚΑΙ ΜΟΝΤΕΛΑ"),  # Greek capitals drop the accents
        ("Ёлка: модели", "Елка: модели"),
        ("مُحَمَّد", "محمد"),  # Arabic vowel points
        ("שָׁלוֹם", "שלום"),  # Hebrew niqqud
        ("µ-Transfer of Hyperparameters", "mu-Transfer of Hyperparameters"),  # the micro sign
        ("Ἡ γνώση", "Η ΓΝΩΣΗ"),  # polytonic Greek; a one-letter Greek word is a word, not a symbol
        ("Μοντέλῳ γλώσσας", "Μοντέλω γλώσσας"),  # the iota subscript
        ("نمـوذج لغوي", "نموذج لغوي"),  # Arabic tatweel
    ],
)
def test_identity_of_mixed_scripts_ignores_case_punctuation_spacing_and_latin_accents(a, b):
    assert identity.identity_key(a) == identity.identity_key(b)


def test_a_title_and_its_transliteration_are_two_papers_with_their_own_pages():
    papers = identity.merge([digest(12, "a.txt", "Привет мир: модели диффузии", "Privet mir: modeli diffuzii")])
    assert len(papers) == 2
    by_title = {p.title: p.id for p in papers}
    assert by_title["Привет мир: модели диффузии"] == "privet-mir-modeli-diffuzii"  # listed first
    assert by_title["Privet mir: modeli diffuzii"].startswith("privet-mir-modeli-diffuzii-")


def test_a_page_an_older_build_gave_a_title_and_its_transliteration_stays_with_the_first():
    # Before scripts were kept apart, the two titles were one paper: the registry holds both.
    row = Record("privet-mir", 1, None, ("Привет мир", "Privet mir"))
    result = identity.identify([digest(12, "a.txt", "Привет мир", "Privet mir")], registry=[row])
    by_title = {p.title: p.id for p in result.papers}
    assert by_title["Привет мир"] == "privet-mir" and by_title["Privet mir"] != "privet-mir"
    assert result.aliases == {}


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


def test_two_titles_on_one_page_name_are_told_apart(monkeypatch):
    monkeypatch.setattr(identity, "paper_slug", lambda title, key, full=None: "same")
    papers = identity.merge([digest(12, "a.txt", "X", "Y")])
    assert [p.id for p in papers] == ["same", f"same-{identity._digest_of('y')}"]


def test_two_papers_on_one_url_is_an_error(monkeypatch):
    monkeypatch.setattr(identity, "_new_id", lambda group, taken: "same")
    with pytest.raises(
        DigestError, match=r"data/digests/a.txt:15: the titles 'X' and 'Y' both map to papers/same.html"
    ):
        identity.merge([digest(12, "a.txt", "X", "Y")])


# --- Papers from JSON digests, the registry of published ids, arrival orders ---------------------

ARXIV = "2403.01234"


def listed(day: int, source: str, *items: tuple[str, Listing | None]) -> Digest:
    """A digest whose entries may carry API data (a JSON digest) or not (a text digest)."""
    entries = tuple(
        Entry(title, f"Abstract of {title}. It is long enough.", 2 + 40 * i, listing)
        for i, (title, listing) in enumerate(items)
    )
    kind = "json" if source.endswith(".json") else "text"
    return Digest(dt.date(2024, 3, day), source, f"2024-03-{day:02d}-{source.split('.')[0]}", entries, kind)


def api(arxiv: str = ARXIV, **fields) -> Listing:
    return Listing(arxiv_id=arxiv, **fields)


def resolve(result: identity.Identity, paper_id: str) -> str:
    return result.aliases.get(paper_id, paper_id)


def test_a_text_listing_is_the_json_paper_its_title_names():
    text = listed(12, "t.txt", ("Routing Tokens Without Auxiliary Loss", None))
    data = listed(
        14,
        "2024-03-14.json",
        (
            "Routing tokens without auxiliary loss",
            api(authors=("Ada", "Ben"), upvotes=4, code="https://github.com/x/y", published=dt.date(2024, 3, 1)),
        ),
    )
    (paper,) = identity.merge([text, data])
    assert paper.id == "routing-tokens-without-auxiliary-loss"
    assert paper.title == "Routing Tokens Without Auxiliary Loss"  # as first listed
    assert paper.arxiv_id == ARXIV and paper.authors == ("Ada", "Ben") and paper.upvotes == 4
    assert paper.code == "https://github.com/x/y" and paper.published == dt.date(2024, 3, 1)
    assert paper.as_of == dt.date(2024, 3, 14)
    assert [a.source for a in paper.appearances] == ["t.txt", "2024-03-14.json"]


def test_counts_come_from_the_newest_json_listing_and_identity_survives_a_revised_title():
    old = listed(12, "2024-03-12.json", ("Old Title", api(upvotes=1, code_stars=5, keywords=("a",), summary="s")))
    new = listed(20, "2024-03-20.json", ("A Revised Title", api(upvotes=9, withdrawn=dt.date(2024, 4, 1))))
    (paper,) = identity.merge([new, old])
    assert paper.id == "old-title" and paper.title == "Old Title"
    assert paper.upvotes == 9 and paper.code_stars is None and paper.keywords == () and paper.summary is None
    assert paper.as_of == dt.date(2024, 3, 20) and paper.withdrawn == dt.date(2024, 4, 1)


def test_two_arxiv_papers_with_one_title_stay_two_papers_and_a_text_listing_joins_the_lower_id():
    a = listed(12, "2024-03-12.json", ("Introduction", api("2403.00002")))
    b = listed(13, "2024-03-13.json", ("Introduction", api("2403.00001")))
    text = listed(14, "t.txt", ("Introduction", None))
    papers = identity.merge([a, b, text])
    assert [(p.id, p.arxiv_id, len(p.appearances)) for p in papers] == [
        ("introduction", "2403.00002", 1),
        ("introduction-2403-00001", "2403.00001", 2),
    ]


def test_a_backfilled_namesake_does_not_take_a_published_text_listing():
    text = listed(14, "t.txt", ("Lone Title", None))
    first = identity.identify([text])
    later = listed(16, "2024-03-16.json", ("Lone Title", api("2403.30002")))
    second = identity.identify([text, later], registry=first.records)
    backfill = listed(15, "2024-03-15.json", ("Lone Title", api("2403.30001")))
    third = identity.identify([text, backfill, later], registry=second.records)
    by_id = {p.id: (p.arxiv_id, [a.source for a in p.appearances]) for p in third.papers}
    assert by_id == {
        "lone-title": ("2403.30002", ["t.txt", "2024-03-16.json"]),  # where the text listing was published
        "lone-title-2403-30001": ("2403.30001", ["2024-03-15.json"]),
    }
    again = identity.identify([text, backfill, later], registry=third.records)
    assert {p.id: p.arxiv_id for p in again.papers} == {p.id: p.arxiv_id for p in third.papers}


def test_a_namesake_that_takes_the_title_later_does_not_take_the_text_listing():
    ocean = listed(10, "2024-03-10.json", ("Ocean Waves Study", api("2403.30001")))
    text = listed(14, "t.txt", ("Lone Title", None))
    lone = listed(16, "2024-03-16.json", ("Lone Title", api("2403.30002")))
    revised = listed(18, "2024-03-18.json", ("Lone Title", api("2403.30001")))  # a revised title
    records: tuple[Record, ...] = ()
    for digests in ([ocean], [ocean, text, lone], [ocean, text, lone, revised], [ocean, text, lone, revised]):
        result = identity.identify(digests, registry=records)
        records = result.records
        by_id = {p.id: [a.source for a in p.appearances] for p in result.papers}
        if text in digests:
            assert "t.txt" in by_id["lone-title"], by_id


def test_a_registered_title_joins_a_text_listing_to_its_paper_listed_under_another_title():
    # The registry gives the paper both titles; only the first is listed in JSON now.
    titles = ("Alpha Model: Fast Things", "Alpha Model: Faster Things")
    records = (Record("alpha-model-fast-things", 1, "2404.00001", titles),)
    data = listed(1, "2024-04-01.json", (titles[0], api("2404.00001")))
    text = listed(20, "2024-04-20.txt", (titles[1], None))
    result = identity.identify([data, text], registry=records)
    assert [(p.id, [a.source for a in p.appearances]) for p in result.papers] == [
        ("alpha-model-fast-things", ["2024-04-01.json", "2024-04-20.txt"])
    ]
    assert result.added == () and result.aliases == {} and result.records == records


def test_a_retitled_paper_is_one_paper_shown_under_its_first_title_with_the_other():
    days = [daily_api.parse_file(path) for path in sorted(RETITLED.glob("*.json"))]
    papers = {p.id: p for p in identity.merge(days)}
    paper = papers[RETITLED_ID]
    assert (paper.arxiv_id, paper.title) == ("2403.08888", "Sparse Gating for Small Language Models")
    assert paper.other_titles == ("Mixture of Tiny Experts: Real-Time Answers on a Phone",)
    assert [a.digest_slug for a in paper.appearances] == ["2024-03-15", "2024-03-16"]
    assert [p.other_titles for i, p in papers.items() if i != RETITLED_ID] == [(), ()]


def test_other_titles_are_each_identity_once_as_first_listed_by_date_then_text():
    days = [
        listed(12, "2024-03-12.json", ("Old Title", api())),
        listed(13, "t.txt", ("OLD TITLE!", None)),  # the shown title again, in other case and punctuation
        listed(13, "2024-03-13.json", ("Omega Title", api())),
        listed(14, "a.json", ("Zeta Title", api()), ("Alpha Title", api())),  # a repeat in one digest counts
        listed(14, "b.json", ("Beta Title", api())),
        listed(20, "2024-03-20.json", ("zeta title", api())),  # Zeta again: kept as first listed
    ]
    for order in (days, days[::-1]):
        (paper,) = identity.merge(order)
        assert paper.title == "Old Title"
        assert paper.other_titles == ("Omega Title", "Alpha Title", "Beta Title", "Zeta Title")


def test_other_titles_come_from_the_digests_not_the_registry():
    record = Record("old-title", 1, ARXIV, ("Old Title", "A Title No Digest Lists"))
    (paper,) = identity.identify([listed(12, "2024-03-12.json", ("Old Title", api()))], registry=(record,)).papers
    assert paper.id == "old-title" and paper.other_titles == ()


def test_one_listing_per_arxiv_id_in_one_digest():
    day = listed(12, "2024-03-12.json", ("A", api()), ("A again", api()))
    (paper,) = identity.merge([day])
    assert len(paper.appearances) == 1


def test_an_arxiv_id_twice_in_one_digest_is_one_appearance_with_both_titles_and_the_fuller_abstract():
    """As a title revised across days: each title is the paper's, so a reading list or a text digest naming
    the second finds the paper; the fullest abstract is shown."""
    second = Entry("Second Title", "A different abstract entirely. It is the longer one.", 42, api())
    day = listed(12, "2024-03-12.json", ("First Title", api()), ("Between", api("2403.09999")))
    day = Digest(day.date, day.source, day.slug, (*day.entries, second), "json")
    later = listed(13, "t.txt", ("Second title", None))  # a copy of another day, under the second title
    result = identity.identify([day, later])
    paper = next(p for p in result.papers if p.arxiv_id == ARXIV)
    assert (paper.id, paper.title, paper.abstract) == ("first-title", "First Title", second.abstract)
    assert [(a.source, a.position) for a in paper.appearances] == [("2024-03-12.json", 0), ("t.txt", 0)]
    assert next(r for r in result.records if r.id == "first-title").titles == ("First Title", "Second Title")
    assert [(r.position, r.first) for r in result.repeats] == [(2, 0)]


def test_two_arxiv_papers_with_one_title_in_one_digest_are_two_papers():
    day = listed(
        12, "2024-03-12.json", ("Shared Title Paper", api("2403.20001")), ("Shared Title Paper", api("2403.20002"))
    )
    result = identity.identify([day])
    assert [(p.id, p.arxiv_id) for p in result.papers] == [
        ("shared-title-paper", "2403.20001"),
        ("shared-title-paper-2403-20002", "2403.20002"),
    ]
    assert result.repeats == ()


def test_a_title_again_without_an_arxiv_id_repeats_the_arxiv_listing_in_one_digest():
    day = listed(12, "2024-03-12.json", ("Shared", api("2403.20001")), ("Shared", None), ("Shared", api("2403.20002")))
    result = identity.identify([day])
    assert [p.arxiv_id for p in result.papers] == ["2403.20001", "2403.20002"]
    assert [(r.position, r.first) for r in result.repeats] == [(1, 0)]


def test_lookups_give_a_text_listing_its_arxiv_id_authors_and_date():
    text = listed(12, "t.txt", ("Routing Tokens Without Auxiliary Loss", None))
    revised = listed(20, "2024-03-20.json", ("Token Routing, Revised", api(upvotes=3)))
    answer = Lookup("routing tokens without auxiliary loss", ARXIV, dt.date(2024, 3, 1), dt.date(2026, 1, 2), ("Ada",))
    alone = identity.identify([text], lookups=[answer]).papers[0]
    assert (alone.arxiv_id, alone.authors, alone.published) == (ARXIV, ("Ada",), dt.date(2024, 3, 1))
    (paper,) = identity.identify([text, revised], lookups=[answer]).papers
    assert paper.id == "routing-tokens-without-auxiliary-loss" and paper.upvotes == 3
    not_found = Lookup("Routing Tokens Without Auxiliary Loss", None, None, dt.date(2026, 1, 2))
    assert identity.identify([text], lookups=[not_found]).papers[0].arxiv_id is None


def _builds(arrivals: list[list[Digest]], records: tuple[Record, ...] = ()) -> list[identity.Identity]:
    """Run one build per arrival, carrying the registry between them through its file format."""
    seen: list[Digest] = []
    results = []
    for arrival in arrivals:
        seen += arrival
        result = identity.identify(seen, registry=records)
        records = registry.parse(registry.format_records(result.records), "data/published.tsv")
        results.append(result)
    return results


def _assert_urls_are_forever(results: list[identity.Identity]) -> None:
    published: dict[str, str] = {}  # every id ever published -> the key of the paper it showed
    for result in results:
        ids = {p.id for p in result.papers}
        for old in published:
            assert resolve(result, old) in ids, f"{old} no longer leads to a paper"
        for paper in result.papers:
            if paper.id in published:  # a page keeps showing the paper it showed
                before = published[paper.id]
                assert paper.key == before or any(identity.identity_key(t) == before for t in _titles(result, paper))
            published.setdefault(paper.id, paper.key)
        assert set(result.aliases) <= set(published)


def _titles(result: identity.Identity, paper: Paper) -> tuple[str, ...]:
    return next(r.titles for r in result.records if r.id == paper.id)


TEXT = listed(15, "t.txt", ("Routing Tokens Without Auxiliary Loss", None))
JSON_1 = listed(13, "2024-03-13.json", ("Routing tokens without auxiliary loss", api(upvotes=1)))
JSON_2 = listed(20, "2024-03-20.json", ("Routing Tokens Without an Auxiliary Loss", api(upvotes=2)))
ORDERS = list(itertools.permutations([TEXT, JSON_1, JSON_2]))


@pytest.mark.parametrize("order", ORDERS, ids=lambda o: "-".join(d.source for d in o))
def test_every_arrival_order_of_a_text_and_two_json_listings_keeps_every_url(order):
    results = _builds([[d] for d in order])
    _assert_urls_are_forever(results)
    final = results[-1]
    (paper,) = final.papers  # one paper in the end, whatever the order
    assert paper.arxiv_id == ARXIV and paper.upvotes == 2 and len(paper.appearances) == 3
    first_id = results[0].papers[0].id
    assert paper.id == first_id, "the paper keeps the URL it was first published under"
    assert set(final.aliases.values()) <= {paper.id}
    # A fresh clone (the committed registry, all the data at once) builds the same.
    again = identity.identify(list(order), registry=final.records)
    assert again.papers == final.papers and again.aliases == final.aliases and again.records == final.records
    assert again.added == ()


@pytest.mark.parametrize("order", ORDERS, ids=lambda o: "-".join(d.source for d in o))
def test_arrival_in_two_builds_keeps_every_url(order):
    for split in (1, 2):
        _assert_urls_are_forever(_builds([list(order[:split]), list(order[split:])]))


C_MIXUP = listed(14, "2024-03-14.txt", ("C-Mixup: Improving Generalization in Regression", None))
CMIXUP_BACKFILL = listed(10, "2024-03-10.txt", ("CMixup: Improving Generalization in Regression", None))
CMIXUP_SAME_DAY = listed(14, "0-first.txt", ("CMixup: Improving Generalization in Regression", None))


@pytest.mark.parametrize("other", [CMIXUP_BACKFILL, CMIXUP_SAME_DAY], ids=["backfill", "same-date-sorting-first"])
def test_a_backfilled_variant_title_does_not_move_a_published_url(other):
    # Without the registry the earliest listing names the paper...
    assert identity.merge([C_MIXUP, other])[0].id == "cmixup-improving-generalization-in-regression"
    # ...with it, the published URL stays.
    first, second = _builds([[C_MIXUP], [other]])
    assert first.papers[0].id == second.papers[0].id == "c-mixup-improving-generalization-in-regression"
    assert second.added == () and second.papers[0].appearances[0].source == other.source
    # Either order, one paper, and the registry keeps both spellings.
    for order in ([C_MIXUP, other], [other, C_MIXUP]):
        results = _builds([[d] for d in order])
        _assert_urls_are_forever(results)
        assert len(results[-1].papers) == 1


def test_greek_letters_are_spelt_out_but_a_registered_url_stays():
    title = "π-GAN: Periodic Implicit Generative Adversarial Networks"
    assert identity.slugify(title) == "pi-gan-periodic-implicit-generative-adversarial-networks"
    assert identity.identity_key("Π-GAN: periodic implicit generative adversarial networks") == identity.identity_key(
        "pi-GAN: Periodic Implicit Generative Adversarial Networks"
    )
    assert identity.slugify("αβ-CROWN and μP") == "alpha-beta-crown-and-mu-p"
    assert identity.slugify("Καλημέρα κόσμε") == "kalemera-kosme"  # Greek words stay words
    day = listed(12, "t.txt", (title, None))
    assert identity.merge([day])[0].id == "pi-gan-periodic-implicit-generative-adversarial-networks"
    # Published under the old rule (p-gan-...): the seeded registry keeps that URL.
    seeded = (Record("p-gan-periodic-implicit-generative-adversarial-networks", 1, None, (title,)),)
    result = identity.identify([day], registry=seeded)
    assert result.papers[0].id == "p-gan-periodic-implicit-generative-adversarial-networks"
    assert result.added == () and result.records == seeded


def test_new_ids_never_take_a_registered_one():
    kept = (Record("introduction", 1, "2401.00001", ("Introduction",)),)
    result = identity.identify([listed(12, "2024-03-12.json", ("Introduction", api("2403.00002")))], registry=kept)
    assert [p.id for p in result.papers] == ["introduction-2403-00002"]
    assert [r.id for r in result.records] == ["introduction", "introduction-2403-00002"]
    assert result.records[1].batch == 2


def test_an_id_an_older_build_wrote_with_its_subject_class_keeps_its_page():
    # Builds before the subject class was dropped from old-style ids recorded `math.GT/0309136`.
    written = "old-style-id-with-subject\t1\tmath.GT/0309136\tOld style id with subject\n"
    kept = registry.parse(written, "data/published.tsv")
    assert kept[0].arxiv_id == "math/0309136"
    day = listed(12, "2024-03-12.json", ("Old style id with subject, revised", api("math/0309136")))
    result = identity.identify([day], registry=kept)
    assert [p.id for p in result.papers] == ["old-style-id-with-subject"] and result.added == ()


def test_a_page_an_older_build_gave_an_arxiv_id_in_other_digits_redirects_to_the_papers():
    # Builds before arXiv ids were read in ASCII digits gave `٢٤٠٣.٤٠٠٠٢` a second page.
    written = "real-paper\t5\t2403.40002\tReal Paper\nreal-paper-2403-40002\t5\t٢٤٠٣.٤٠٠٠٢\tReal Paper\n"
    records = registry.parse(written, "data/published.tsv")
    day = listed(12, "2024-03-12.json", ("Real Paper", api("2403.40002")))
    result = identity.identify([day], registry=records)
    assert [p.id for p in result.papers] == ["real-paper"] and result.added == ()
    assert result.aliases == {"real-paper-2403-40002": "real-paper"}  # the published URL still leads to it
    assert registry.format_records(result.records).splitlines()[-2:] == [
        "real-paper\t5\t2403.40002\tReal Paper",
        "real-paper-2403-40002\t5\t-\tReal Paper",
    ]


def test_merged_papers_keep_the_older_id_and_the_other_redirects():
    records = (
        Record("new-title", 2, ARXIV, ("New Title",)),
        Record("old-title", 1, None, ("Old Title",)),
    )
    days = [listed(12, "t.txt", ("Old Title", None)), listed(13, "2024-03-13.json", ("Old Title", api()))]
    days.append(listed(14, "2024-03-14.json", ("New Title", api())))
    result = identity.identify(days, registry=records)
    assert [p.id for p in result.papers] == ["old-title"] and result.aliases == {"new-title": "old-title"}
    assert result.records == records  # the arXiv id stays on its line: one line per arXiv id


def _published_with_lookup(answer: Lookup) -> tuple[Digest, tuple[Record, ...]]:
    text = listed(12, "t.txt", ("Text Only Paper", None))
    first = identity.identify([text], lookups=[answer])
    return text, registry.parse(registry.format_records(first.records), "data/published.tsv")


def test_a_changed_lookup_never_moves_a_registered_paper():
    before = Lookup("Text Only Paper", "2401.00001", None, dt.date(2026, 12, 1), ("Ada",))
    text, records = _published_with_lookup(before)
    assert [(r.id, r.arxiv_id) for r in records] == [("text-only-paper", "2401.00001")]
    after = Lookup("Text Only Paper", "2401.00077", None, dt.date(2026, 12, 2), ("Ben",), line=4)
    result = identity.identify([text], registry=records, lookups=[after])
    (paper,) = result.papers
    assert (paper.id, paper.arxiv_id, paper.authors) == ("text-only-paper", "2401.00077", ("Ben",))
    assert result.added == () and [(r.id, r.arxiv_id) for r in result.records] == [("text-only-paper", "2401.00001")]
    assert [str(n) for n in result.notes] == [
        "data/arxiv-lookups.tsv:4: note: the lookup changed the arXiv id of 'Text Only Paper' from 2401.00001, as "
        "published, to 2401.00077: papers/text-only-paper.html shows 2401.00077, and arxiv/2401.00001.html still "
        "leads to it"
    ]


@pytest.mark.parametrize("now", [[Lookup("Text Only Paper", None, None, dt.date(2026, 12, 2))], []])
def test_a_registered_arxiv_id_outlives_its_lookup(now: list[Lookup]):
    text, records = _published_with_lookup(Lookup("Text Only Paper", "2401.00001", None, dt.date(2026, 12, 1)))
    result = identity.identify([text], registry=records, lookups=now)
    assert [(p.id, p.arxiv_id) for p in result.papers] == [("text-only-paper", "2401.00001")]
    assert result.records == records and result.notes == ()
