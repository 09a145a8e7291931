"""Search queries (generator/search/query.py): the query language, ranking, and the command line.

Small indexes are built from named documents; the real site (the `built_site` copy) must find
every paper first for its exact title and the rarest three-word phrase of its abstract in the
top 10. tests/test_search_worker.py checks that the browser answers the same.
"""

from __future__ import annotations

import collections
import math
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator import cli
from generator.render.export import read_export
from generator.search import query as search
from generator.search.documents import Document
from generator.search.index import build_index
from generator.search.query import Index, Searcher
from generator.search.settings import SEPARATOR, SearchSettings
from generator.search.tokens import STOP_WORDS, tokenize

from .conftest import ROOT

TOP = 10
PHRASE_WORDS = 3
TOPICS = ["Diffusion models", "Continual learning", "Code: C/C++ & Rust <img src=x onerror=alert(7)>"]


def write_index(folder: Path, documents: list[Document], settings: SearchSettings | None = None) -> Path:
    for path, text in build_index(documents, TOPICS, settings or SearchSettings(shard_bytes=300)):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder


def make(tmp_path: Path, documents: list[Document], **settings: Any) -> Searcher:
    return Searcher(Index(write_index(tmp_path, documents, SearchSettings(shard_bytes=300, **settings))))


def paper(slug: str, title: str, text: str = "", **extra: Any) -> Document:
    return Document(location=f"papers/{slug}.html", title=title, text=text, teaser=text[:40], **extra)


def urls(searcher: Searcher, query: str) -> list[str]:
    return [hit.url for hit in searcher.search(query).hits]


FILLER = [paper(f"f{i}", f"An Unrelated Study Number {i}", "of other things entirely") for i in range(12)]


def test_every_word_must_appear_when_some_paper_has_them_all(tmp_path: Path) -> None:
    s = make(tmp_path, [paper("both", "Diffusion Distillation"), paper("one", "Diffusion Sampling"), *FILLER])
    result = s.search("diffusion distillation")
    assert urls(s, "diffusion distillation") == ["papers/both.html"]
    assert (result.total, result.all) == (1, True)
    # No paper has every word: those with some, more words first
    some = s.search("diffusion qqqq")
    assert some.all is False and {h.url for h in some.hits} == {"papers/both.html", "papers/one.html"}


def test_a_word_stands_for_its_most_frequent_completions_the_word_itself_first(tmp_path: Path) -> None:
    docs = [paper("freecos", "FreeCOS Curvilinear Segmentation"), paper("free", "Free Segmentation"), *FILLER]
    s = make(tmp_path, docs)
    assert urls(s, "free segmentation")[0] == "papers/free.html"
    assert set(urls(s, "fre")) == {"papers/free.html", "papers/freecos.html"}
    assert urls(s, "fr") == []  # shorter than min_prefix: only the word itself
    assert set(urls(s, "fr*")) == {"papers/free.html", "papers/freecos.html"}
    assert urls(make(tmp_path / "capped", docs, prefix_terms=1), "fre") == ["papers/free.html"]


HYPHENATED = [
    paper("pre", "Scaling Pre-training", "pre-training of pre-trained models"),
    paper("prefix", "Prediction of Training Dynamics", "we present trained predictors"),
    paper("self", "Self-supervised Features", "self-supervised learning"),
    paper("selfish", "Selfish Agents", "supervised agents"),
    paper("fine", "Fine-tuning Recipes", "fine-tuning"),
    paper("finest", "The Finest Tuning", "tuning"),
    *FILLER,
]


def test_a_hyphenated_word_s_first_part_is_not_completed(tmp_path: Path) -> None:
    # pre-training is the words pre and training, not prediction or present and training
    s = make(tmp_path, HYPHENATED)
    assert urls(s, "pre-training") == urls(s, "Pre-Training") == ["papers/pre.html"]
    assert urls(s, "pre-trained") == ["papers/pre.html"]
    assert urls(s, "self-supervised") == ["papers/self.html"]
    assert urls(s, "fine-tuning") == ["papers/fine.html"]
    assert urls(s, "pre-train") == ["papers/pre.html"]  # the last part, maybe still being typed, completes
    assert urls(s, '"pre-training"') == ["papers/pre.html"]  # as a phrase


def test_a_hyphenated_word_is_one_clause_of_the_query(tmp_path: Path) -> None:
    # A field, a boost, + and - apply to the whole word, not to its first part alone
    s = make(tmp_path, HYPHENATED)
    assert urls(s, "title:pre-training") == ["papers/pre.html"]
    assert urls(s, "title:self-supervised") == ["papers/self.html"]
    assert urls(s, "+pre-training") == ["papers/pre.html"]
    # -self-supervised leaves out the papers with both words, not those with one of them
    assert set(urls(s, "supervised -self-supervised")) == {"papers/selfish.html"}
    assert set(urls(s, "tuning -fine-tuning")) == {"papers/finest.html"}
    assert urls(s, "-pre-training") == []  # -word alone finds nothing
    weighed = s.search("training pre-training^3").hits
    assert weighed[0].url == "papers/pre.html" and weighed[0].score > s.search("training pre-training").hits[0].score


JOINED = [
    *HYPHENATED,
    paper("solid", "Pretraining at Scale", "pretrained encoders"),
    paper("mix", "Data Mixtures", "pretraining corpora and finetuning recipes"),
    paper("selfsup", "Selfsupervised Clustering", "clusters"),
    paper("corpora", "Corpora Statistics", "corpora counted"),
]


def test_a_hyphenated_word_also_finds_its_spelling_without_hyphens(tmp_path: Path) -> None:
    # pre-training finds pretraining written solid too, after the papers that write it as typed
    s = make(tmp_path, JOINED)
    assert urls(s, "pre-training") == ["papers/pre.html", "papers/solid.html", "papers/mix.html"]
    assert urls(s, "Pre-Training") == urls(s, "pre-training")
    assert urls(s, "pre-trained") == ["papers/pre.html", "papers/solid.html"]
    assert urls(s, "fine-tuning") == ["papers/fine.html", "papers/mix.html"]
    assert urls(s, "self-supervised") == ["papers/self.html", "papers/selfsup.html"]
    assert urls(s, "+pre-training") == urls(s, "pre-training")
    # The clause's field applies to the solid spelling too: mix has pretraining in its text only
    assert urls(s, "title:pre-training") == ["papers/pre.html", "papers/solid.html"]
    # -pre-training leaves out the papers with both words and those with the solid spelling
    assert urls(s, "corpora -pre-training") == ["papers/corpora.html"]
    # Quoted, the words are exact: only the papers that write them
    assert urls(s, '"pre-training"') == ["papers/pre.html"]
    # The index keeps no solid spelling of pre-training: pretraining finds the solid spelling only
    assert set(urls(s, "pretraining")) == {"papers/solid.html", "papers/mix.html"}
    # joined: 0, the words as typed alone
    assert urls(make(tmp_path / "off", JOINED, joined=0), "pre-training") == ["papers/pre.html"]


def test_quotes_plus_and_minus(tmp_path: Path) -> None:
    docs = [
        paper("replay", "Synthetic Experience Replay", "experience replay with diffusion"),
        paper("uer", "Online Continual Learning", "experience replay buffers"),
        paper("bag", "A Bag of Tricks"),
        *FILLER,
    ]
    s = make(tmp_path, docs)
    assert urls(s, '"experience replay" -diffusion') == ["papers/uer.html"]
    assert urls(s, '"bag of tricks"') == ["papers/bag.html"]  # a stop word in quotes is not required
    assert urls(s, "+experience -continual") == ["papers/replay.html"]
    assert urls(s, '"experien"') == []  # quoted words are exact


PHRASES = [
    paper("vit", "Vision Transformers", "transformers for vision"),
    paper("nlp", "Transformers for Text", "language transformers"),
    paper("seen", "Transformers Seen From Afar", "a vision of transformers"),
    paper("pre", "Scaling Pre-training", "pre-training of models"),
    paper("solid", "Pretraining at Scale", "pretrained models"),
    paper("half", "Training Alone", "post only"),
    *FILLER,
]


def test_a_phrase_keeps_the_sign_field_and_boost_written_around_its_quotes(tmp_path: Path) -> None:
    # `-"vision"` was read `- +vision`, which lunr cannot parse, and lost its sign (and `title:"vision"` its field)
    s = make(tmp_path, PHRASES)
    assert urls(s, '-"vision" transformers') == ["papers/nlp.html"]
    assert urls(s, '-"vision transformers" transformers') == ["papers/nlp.html"]  # both words, not either
    assert set(urls(s, 'title:"vision"')) == {"papers/vit.html"}
    assert urls(s, '+"pre-training"') == urls(s, '"pre-training"') == ["papers/pre.html"]
    assert urls(s, 'pre-training -"pre-training"') == ["papers/solid.html"]  # pre and training together go
    assert urls(s, 'models -"pre-training"') == ["papers/solid.html"]
    weighed = s.search('"vision"^3 transformers').hits[0]
    assert weighed.score > s.search('"vision" transformers').hits[0].score
    assert urls(s, '-""') == urls(s, 'title:""') == urls(s, '"') == []  # an empty phrase is no word
    assert urls(s, 'x"vision"') == urls(s, 'x "vision"')  # a phrase glued to a word is its own clause


def test_unicode_hyphens_are_hyphens_and_soft_hyphens_go(tmp_path: Path) -> None:
    s = make(tmp_path, JOINED)
    for hyphen in ("\u2010", "\u2011"):
        assert s.search(f"pre{hyphen}training") == s.search("pre-training"), hyphen
        assert s.search(f"title:self{hyphen}supervised") == s.search("title:self-supervised"), hyphen
        assert s.search(f"corpora -pre{hyphen}training") == s.search("corpora -pre-training"), hyphen
    assert s.search("pre\u00adtraining") == s.search("pretraining")
    soft = make(tmp_path / "soft", [paper("soft", "Pre\u00adtraining at Scale"), *FILLER])
    assert urls(soft, "pretraining") == ["papers/soft.html"]


def test_an_old_style_arxiv_id_with_its_subject_class_finds_its_paper(tmp_path: Path) -> None:
    docs = [
        paper("knots", "Knots and Links", "Its abstract. arXiv:math/0309136"),
        paper("gt", "GT Math", "math gt math gt"),
        paper("q-bio", "Neurons", "Its abstract. arXiv:q-bio/0401001"),
        *FILLER,
    ]
    s = make(tmp_path, docs)
    for query in ("math/0309136v2", "math.GT/0309136", "math.GT/0309136v2", "arXiv:math.gt/0309136v1"):
        assert urls(s, query) == ["papers/knots.html"], query
    assert urls(s, "q-bio.NC/0401001v3") == ["papers/q-bio.html"]
    assert urls(s, "math.GT") == ["papers/gt.html"]  # no id after it: words


def test_fields_boosts_and_stray_colons(tmp_path: Path) -> None:
    docs = [paper("title", "Vision Things"), paper("text", "Other Things", "vision"), *FILLER]
    s = make(tmp_path, docs)
    assert urls(s, "title:vision") == ["papers/title.html"]
    assert urls(s, "vision")[0] == "papers/title.html"
    assert urls(s, "vision text:vision^10")[0] == "papers/text.html"
    c_mixup = [paper("c-mixup", "C-Mixup: Improving Generalization in Regression"), *FILLER]
    assert urls(make(tmp_path / "c", c_mixup), "C-Mixup: Improving Generalization")[0] == "papers/c-mixup.html"
    assert urls(s, "vision~ ^ things:") != []  # stray operators are ignored, never an error


FIELD_CASES = [
    paper("title", "Vision Things", authors=("Ann Smith",)),
    paper("text", "Title Things", "vision"),
    *FILLER,
]


def test_field_names_are_read_in_any_case(tmp_path: Path) -> None:
    s = make(tmp_path, FIELD_CASES)
    for query in ("Title:vision", "TITLE:vision", "vision -TEXT:vision", "+Title:vision"):
        assert urls(s, query) == ["papers/title.html"], query
    assert urls(s, "Text:vision") == urls(s, "TEXT:Vision") == ["papers/text.html"]
    assert urls(s, "Authors:smith") == urls(s, "AUTHOR:smith") == ["papers/title.html"]
    assert urls(s, "Title:") == []  # a field name alone, in any case
    assert urls(s, "vision TITLE:^2") == urls(s, "vision")


SPACED = [
    paper("title", "Vision Things", authors=("Ann Smith",)),
    paper("text", "Gamma Things", "vision smith"),
    *FILLER,
]


def test_a_space_after_a_field_s_colon_still_applies_it_to_the_next_word(tmp_path: Path) -> None:
    s = make(tmp_path, SPACED)
    for query in ("title: vision", "Title:  vision", 'title: "vision"', "+title: vision", "authors: smith"):
        assert urls(s, query) == ["papers/title.html"], query
    assert urls(s, "author: smith") == urls(s, 'author: "Ann Smith"') == ["papers/title.html"]
    assert urls(s, "vision -text: vision") == ["papers/title.html"]
    # no word after it: the field name alone, which looks for nothing
    assert set(urls(s, "vision title:")) == {"papers/title.html", "papers/text.html"}
    assert urls(s, "vision title: -gamma") == ["papers/title.html"]


def test_a_sign_after_a_field_s_colon_applies_to_the_clause(tmp_path: Path) -> None:
    """`title:-word` is `-title:word` (a tester's `title:-vision` looked for the word "title")."""
    s = make(tmp_path, SPACED)
    assert urls(s, "vision title:-vision") == urls(s, "vision -title:vision") == ["papers/text.html"]
    assert urls(s, "vision title:-gamma") == ["papers/title.html"]
    assert urls(s, 'vision title:-"gamma"') == ["papers/title.html"]
    assert urls(s, "title:+vision smith") == ["papers/title.html"]
    assert urls(s, "Title:-vision") == []  # excluding alone finds nothing, as -word alone
    assert urls(s, "vision title:-#gamma") == urls(s, "vision title:-(gamma)") == ["papers/title.html"]


FIELD_WORDS = [
    paper("words", "Title Text Tags Authors", "the words title text tags authors 2"),
    paper("diff", "Diffusion Models Beat GANs", "diffusion"),
    *FILLER,
]
NOTHING = ["title:", "text:", "tags:", "authors:", "author:", "topic:", "title:*", "title:^2", "-title:", "+title:"]
NOTHING += ["title:-", "title:: ", "*", "**", "*:", "-*", "+*", "*^2"]


def test_a_field_name_alone_finds_nothing_and_a_star_is_only_a_prefix(tmp_path: Path) -> None:
    s = make(tmp_path, FIELD_WORDS)
    for query in NOTHING:  # not the papers with the word title or 2, and no error
        assert urls(s, query) == [], query
    assert urls(s, "diffusion title:") == urls(s, "title:^2 diffusion") == ["papers/diff.html"]
    assert urls(s, "diffus*") == urls(s, "title:diffus*") == urls(s, "title: diffus") == ["papers/diff.html"]
    # a star before a word is no suffix search (lunr's): the word as typed, completed as any word
    assert urls(s, "*diffusion") == urls(s, "*diffus") == ["papers/diff.html"]
    assert urls(s, "*ffusion") == []
    # nor is a star inside a word a wildcard: ignored, the word is the word written solid
    for query in STAR_INSIDE:
        assert urls(s, query) == ["papers/diff.html"], query


STAR_INSIDE = ["diff*usion", "d*iffusion", "diff**usion", "dif*fu*sion", "title:diff*usion"]


def test_a_star_inside_a_short_word_is_ignored_too(tmp_path: Path) -> None:
    """`f*usion` was `f*` and `usion`; the parts are still asked for, as a title's `Q*Search` is indexed."""
    s = make(tmp_path, [paper("fusion", "Fusion of Modalities"), paper("qs", "Q*Search Planning"), *FILLER])
    assert urls(s, "f*usion") == urls(s, "fu*sion") == ["papers/fusion.html"]
    assert urls(s, "Q*Search") == ["papers/qs.html"]


def test_punctuation_around_a_query_word_is_ignored(tmp_path: Path) -> None:
    # shared/cases/2026-11-30/18-query-punctuation and 09-search-punct-glued
    docs = [
        paper("epigraf", "EpiGRAF: Rethinking training of 3D GANs"),
        paper("hashbench", "#HashBench: Tagging Instructions to Evaluate Chat Assistants"),
        paper("qsearch", "Planning with Q*Search over Language Model Proposals"),
        *FILLER,
    ]
    s = make(tmp_path, docs)
    for query in ("#epigraf", "<epigraf>", "epigraf†", "epigraf™", "EpiGRAF:", "“epigraf”"):
        assert urls(s, query)[:1] == ["papers/epigraf.html"], query
    assert urls(s, "HashBench")[:1] == ["papers/hashbench.html"]
    assert urls(s, "Q*Search")[:1] == ["papers/qsearch.html"]


APOSTROPHES = [
    paper("llama", "LLaMA: Open and Efficient Foundation Language Models"),
    paper("heads", "What LLaMA\u2019s Attention Heads Do"),
    paper("verify", "Let's Verify Step by Step", "Don\u2019t stop"),
    *FILLER,
]


def test_an_apostrophe_joins_a_word_and_a_possessive_also_finds_the_word(tmp_path: Path) -> None:
    s = make(tmp_path, APOSTROPHES)
    for query in ("LLaMA's", "llama\u2019s", "LLaMA\u02bcs", "title:LLaMA's", "+llama's"):
        assert sorted(urls(s, query)) == ["papers/heads.html", "papers/llama.html"], query
    assert urls(s, '"LLaMA\u2019s"') == ["papers/heads.html"]  # quoted: as written
    assert sorted(urls(s, "llama")) == ["papers/heads.html", "papers/llama.html"]
    for query in ("let's", "Let\u2019s", "lets", "don't", "dont", "donʼt", "let's verify"):
        assert urls(s, query) == ["papers/verify.html"], query
    assert urls(s, "let") == []  # a stop word


def test_chinese_and_japanese_words_inside_a_title_are_found(tmp_path: Path) -> None:
    # shared/cases/2026-11-30/02-non-latin-search
    docs = [
        paper("zh", "中文指令微调数据集的构建与评测", "我们构建了一个用于中文大语言模型指令微调的数据集"),
        paper("ja", "日本語の大規模言語モデル", "データセットを構築した"),
        paper("ru", "Привет мир: многоязычная модель для перевода научных текстов"),
        *FILLER,
    ]
    s = make(tmp_path, docs)
    for query in ("指令", "微调", "指令微调", "数据集"):
        assert urls(s, query)[:1] == ["papers/zh.html"], query
    assert urls(s, "言語モデル")[:1] == ["papers/ja.html"]
    assert urls(s, "データ")[:1] == ["papers/ja.html"]
    assert urls(s, "модель")[:1] == ["papers/ru.html"]
    assert set(urls(s, "语")) == {"papers/zh.html"}  # a lone character finds the bigrams it begins


def test_narrow_to_a_topic_or_an_author(tmp_path: Path) -> None:
    docs = [
        paper("a", "Replay for Diffusion", "replay", tags=("Diffusion models",), authors=("Jane Doe", "Li Wei")),
        paper("b", "Replay for Continual Learning", "replay", tags=("Continual learning",), authors=("Jane Roe",)),
        paper("c", "Rust Translation", "replay", tags=(TOPICS[2],), authors=("Li Wei",)),
        *FILLER,
    ]
    s = make(tmp_path, docs)
    assert urls(s, 'replay topic:"Diffusion models"') == ["papers/a.html"]
    assert urls(s, "replay topic:continual") == ["papers/b.html"]
    assert urls(s, f'topic:"{TOPICS[2]}"') == ["papers/c.html"]
    assert urls(s, "topic:nothing-like-this") == []
    assert set(urls(s, 'replay -topic:"Diffusion models"')) == {"papers/b.html", "papers/c.html"}  # left out
    assert urls(s, 'replay -topic:"Diffusion models" -topic:continual') == ["papers/c.html"]
    assert urls(s, "replay -TOPIC:\u201cDiffusion models\u201d -Topic:continual") == ["papers/c.html"]
    assert urls(s, "replay topic:'Diffusion models'") == ["papers/a.html"]  # single quotes are quotes too
    assert urls(s, "replay topic:'continual models'") == []  # no topic has both words
    assert urls(s, "replay -topic:\u2018Diffusion models\u2019") == ["papers/b.html", "papers/c.html"]
    # a sign after the colon is the filter's, as a field's (a tester's topic:-x narrowed to x)
    assert set(urls(s, 'replay topic:-"Diffusion models"')) == {"papers/b.html", "papers/c.html"}
    assert urls(s, "replay Topic:-diffusion topic:-continual") == ["papers/c.html"]
    assert urls(s, "replay topic:+continual") == ["papers/b.html"]
    assert urls(s, 'replay author:"Jane Doe"') == ["papers/a.html"]
    assert set(urls(s, "author:jane")) == {"papers/a.html", "papers/b.html"}  # a word: in the authors field
    assert urls(s, "Li Wei")[:2] in (["papers/a.html", "papers/c.html"], ["papers/c.html", "papers/a.html"])
    # Filters alone: their papers, newest (last numbered) first
    assert urls(s, 'author:"Li Wei"') == ["papers/c.html", "papers/a.html"]


def test_an_author_is_found_with_or_without_accents(tmp_path: Path) -> None:
    docs = [
        paper("a", "Replay for Diffusion", "replay", authors=("José García",)),
        paper("b", "Replay for Speech", "replay", authors=("jose  GARCIA",)),
        *FILLER,
    ]
    s = make(tmp_path, docs)
    for query in ('author:"Jose Garcia"', 'author:"José García"', "garcía", "garcia"):
        assert set(urls(s, query)) == {"papers/a.html", "papers/b.html"}, query


def test_greek_final_sigma_and_sigma_find_each_other(tmp_path: Path) -> None:
    docs = [paper("logos", "Λόγος and Reason"), paper("kosmos", "Κόσμοσ, with a sigma at its end"), *FILLER]
    s = make(tmp_path, docs)
    for query in ("λόγος", "λογος", "λογοσ", "ΛΟΓΟΣ", "title:λογοσ", "λογοσ*"):
        assert urls(s, query) == ["papers/logos.html"], query
    for query in ("κόσμος", "κοσμος", "κοσμοσ", '"κόσμος"'):
        assert urls(s, query) == ["papers/kosmos.html"], query


def test_a_whole_name_is_one_person_not_words_of_two(tmp_path: Path) -> None:
    docs = [paper("a", "Replay for Diffusion", "replay", authors=("José García", "Ann Lee")), *FILLER]
    s = make(tmp_path, docs)
    assert urls(s, 'author:"Ann Lee"') == urls(s, "author:ann") == ["papers/a.html"]
    for query in ('author:"Ann Garcia"', 'author:"Garcia Jose"', 'replay author:"Lee Garcia"'):
        assert urls(s, query) == [], query


# An author filter finds the papers of an author page (generator/papers/authors.py, author_key):
# the spellings one page groups, one written word that is nobody's whole name in the authors field.
PEOPLE = [
    paper("2404.00001", "Replay for Diffusion", "replay", authors=("José García", "Ann Lee")),
    paper("2404.00002", "Replay for Speech", "replay", authors=("jose garcia",)),
    paper("2404.00004", "Replay for Vision", "replay", authors=("Jose-Garcia",)),
    paper("oconnor-1", "Songs", "music", authors=("Sinéad O’Connor",)),
    paper("oconnor-2", "More Songs", "music", authors=("Sinead O'Connor",)),
    paper("muller-1", "Stars", "space", authors=("Hans-Peter Müller",)),
    paper("muller-2", "Planets", "space", authors=("Hans Peter Muller",)),
    paper("kaiser-1", "Attention", "transformers", authors=("Łukasz Kaiser",)),
    paper("kaiser-2", "Depthwise Convolutions", "transformers", authors=("Lukasz Kaiser",)),
    paper("weiss-1", "Optics", "light", authors=("Anna Weiß",)),
    paper("weiss-2", "Lenses", "light", authors=("ANNA WEISS",)),
    paper("soren", "Existence", "philosophy", authors=("Søren Ærlig", "Đặng Þór")),
    paper("wide", "Full-width Names", "wide", authors=("Ａｂｃ Ｗｉｄｅ",)),
    paper("obrien", "Irish Names", "names", authors=("Conor O'Brien",)),
    paper("greek", "Greek Names", "names", authors=("Νίκος Παππάς",)),
    paper("none", "A Name Without Letters", "names", authors=("—",)),
    *FILLER,
]
GARCIA = {"papers/2404.00001.html", "papers/2404.00002.html", "papers/2404.00004.html"}
WEISS = {"papers/weiss-1.html", "papers/weiss-2.html"}
AUTHOR_CASES = {  # name: (query, the pages it finds)
    "accents and case": ('author:"José García"', GARCIA),
    "a hyphen between words": ('author:"Jose-Garcia"', GARCIA),
    "a hyphenated name unquoted": ("author:Jose-Garcia", GARCIA),
    "a straight apostrophe": ('author:"Sinead O\'Connor"', {"papers/oconnor-1.html", "papers/oconnor-2.html"}),
    "a typographic apostrophe": ('author:"Sinéad O’Connor"', {"papers/oconnor-1.html", "papers/oconnor-2.html"}),
    "a hyphenated first name": ('author:"Hans Peter Muller"', {"papers/muller-1.html", "papers/muller-2.html"}),
    "an umlaut and a hyphen": ('author:"Hans-Peter Müller"', {"papers/muller-1.html", "papers/muller-2.html"}),
    "a special Latin letter": ('author:"lukasz kaiser"', {"papers/kaiser-1.html", "papers/kaiser-2.html"}),
    "a special Latin letter typed": ('author:"Łukasz KAISER"', {"papers/kaiser-1.html", "papers/kaiser-2.html"}),
    "one word, a special Latin letter": ("author:Łukasz", {"papers/kaiser-1.html", "papers/kaiser-2.html"}),
    "one word, a special Latin letter unfolded": ("author:lukasz", {"papers/kaiser-1.html", "papers/kaiser-2.html"}),
    "one word, sharp s": ("author:Weiß", WEISS),
    "one word, ss for sharp s": ("author:WEISS", WEISS),
    "a plain word, a special Latin letter": ("lukasz", {"papers/kaiser-1.html", "papers/kaiser-2.html"}),
    "a plain word, sharp s": ("weiss", WEISS),
    "a plain word, capital sharp s": ("WEIẞ", WEISS),
    "plain words, o with stroke and ae": ("soren aerlig", {"papers/soren.html"}),
    "plain words, d with stroke and thorn": ("dang thor", {"papers/soren.html"}),
    "plain words typed": ("Søren Ærlig Đặng Þór", {"papers/soren.html"}),
    "full-width letters": ('author:"Abc Wide"', {"papers/wide.html"}),
    "full-width letters typed": ('author:"ａｂｃ ｗｉｄｅ"', {"papers/wide.html"}),
    "greek final sigma": ('author:"ΝΊΚΟΣ ΠΑΠΠΆΣ"', {"papers/greek.html"}),
    "one word with an apostrophe": ("author:O'Brien", {"papers/obrien.html"}),
    "one word quoted": ('author:"o\'brien"', {"papers/obrien.html"}),
    "one word, a last name": ("author:garcia", GARCIA),
    "one word, nobody's name": ("author:Ann-Garcia", {"papers/2404.00001.html"}),
    "two words, nobody's name": ('author:"Ann Garcia"', set()),
    "a stop word": ("author:the", set()),
    "no letters": ("author:—", set()),
    "with words": ('replay author:"jose garcia" -diffusion', GARCIA - {"papers/2404.00001.html"}),
    # `-author:` and `-topic:` leave papers out, as `-word` does (they used to narrow like `author:`)
    "excluding an author": ('replay -author:"Jose Garcia"', set()),
    "excluding one of two authors": ('author:"Jose Garcia" -author:"Ann Lee"', GARCIA - {"papers/2404.00001.html"}),
    "excluding by one word": ("replay -author:lee", GARCIA - {"papers/2404.00001.html"}),
    "excluding words alone": ('-author:"Jose Garcia"', set()),
    "a plus is no minus": ('+author:"Ann Lee"', {"papers/2404.00001.html"}),
    "excluding nobody": ('replay -author:"Ann Garcia"', GARCIA),
    "excluding by a hyphenated word": ("replay -author:Ann-Lee", GARCIA - {"papers/2404.00001.html"}),
    "excluding two words one paper has apart": ("replay -author:Ann-Garcia", GARCIA - {"papers/2404.00001.html"}),
    "excluding a word nobody has": ("replay -author:Ann-Zzyzx", GARCIA),
    "typographic quotes": ("replay author:\u201cJose Garcia\u201d", GARCIA),
    "excluding in typographic quotes": ("replay -author:\u201cAnn Lee\u201d", GARCIA - {"papers/2404.00001.html"}),
    "a capitalised filter": ('replay -Author:"Ann Lee"', GARCIA - {"papers/2404.00001.html"}),
    "a filter in capitals": ('AUTHOR:"Ann Lee"', {"papers/2404.00001.html"}),
    "a space after the minus": ('replay - author:"Ann Lee"', GARCIA - {"papers/2404.00001.html"}),
    "single quotes": ("replay author:'Jose Garcia'", GARCIA),
    "typographic single quotes": ("replay author:\u2018José García\u2019", GARCIA),
    "single quotes, nobody's name": ("replay author:'Ann Garcia'", set()),
    "typographic single quotes, nobody's name": ("author:\u2018Ann Garcia\u2019", set()),
    "excluding in single quotes, nobody's name": ("replay -author:'Ann Garcia'", GARCIA),
    "single quotes, a word right after": ("author:'Jose Garcia'-diffusion", GARCIA - {"papers/2404.00001.html"}),
    "single quotes, a boost right after": ("replay author:'Jose Garcia'^2", GARCIA),
    "a boost on a filter alone": ("author:'Jose Garcia'^2", GARCIA),
    "a boost on a one-word filter": ("author:garcia^2", GARCIA),
    "excluding in single quotes": ("replay -author:'Ann Lee'", GARCIA - {"papers/2404.00001.html"}),
    "single quotes unclosed": ("author:'Ann Lee", {"papers/2404.00001.html"}),
    "single quotes around an apostrophe": ("author:'O'Brien'", {"papers/obrien.html"}),
    "a typographic apostrophe unquoted": ("author:O\u2019Brien", {"papers/obrien.html"}),
    "a plain word, full-width letters": ("ａｂｃ", {"papers/wide.html"}),
    "a plain word, full-width letters indexed": ("ABC", {"papers/wide.html"}),
}


def test_an_author_filter_finds_the_papers_of_an_author_page(tmp_path: Path) -> None:
    s = make(tmp_path, PEOPLE)
    wrong = [
        f"{name}: {query} -> {urls(s, query)}"
        for name, (query, want) in AUTHOR_CASES.items()
        if set(urls(s, query)) != want
    ]
    assert not wrong, "\n".join(wrong)


def test_the_count_is_of_pages_and_sections_rank_under_their_page(tmp_path: Path) -> None:
    docs = [
        *(paper(f"z{i}", f"Zebra Study {i}", "zebra") for i in range(30)),
        Document("about.html", "About", "nothing"),
        Document("about.html#zebras", "Zebras", "zebra zebra"),
    ]
    s = make(tmp_path, docs, results=5)
    result = s.search("zebra")
    assert result.total == 31 and len(result.hits) == 5
    assert "about.html" in [h.url for h in s.search("zebra", 40).hits]


def test_nothing_to_search_for(tmp_path: Path) -> None:
    s = make(tmp_path, FILLER)
    for query in ("", "   ", "the of a", "-study", '""', "+", "author:", "::"):
        assert s.search(query).hits == (), query


def test_a_missing_index_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(search.SearchIndexError):
        search.search(tmp_path / "nowhere", "x")


# The real site ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site / "site"


@pytest.fixture(scope="module")
def papers(site: Path) -> list[dict[str, Any]]:
    return read_export(site)


@pytest.fixture(scope="module")
def searcher(site: Path) -> Searcher:
    return search.searcher(site)


def test_every_paper_is_the_first_hit_for_its_title(searcher: Searcher, papers: list[dict[str, Any]]) -> None:
    misses = []
    for record in papers:
        hits = searcher.search(record["title"], 3).hits
        if not hits or hits[0].url != record["url"] or hits[0].title != record["title"]:
            misses.append(f"{record['title']!r}: {[(h.title, h.url) for h in hits]}")
    assert not misses, f"{len(misses)} of {len(papers)} papers are not first for their title:\n" + "\n".join(misses)


def distinctive_phrases(papers: list[dict[str, Any]]) -> dict[str, str]:
    """Pick, per paper, the rarest run of three plain words that no other abstract contains."""
    tokens = {p["url"]: tokenize(p["abstract"], SEPARATOR) for p in papers}
    df: collections.Counter[str] = collections.Counter()
    runs: collections.Counter[tuple[str, ...]] = collections.Counter()
    for words in tokens.values():
        df.update(set(words))
        runs.update({tuple(words[i : i + PHRASE_WORDS]) for i in range(len(words) - PHRASE_WORDS + 1)})
    phrases = {}
    for url, words in tokens.items():
        best: tuple[float, str] | None = None
        for i in range(len(words) - PHRASE_WORDS + 1):
            run = tuple(words[i : i + PHRASE_WORDS])
            if runs[run] > 1 or any(w in STOP_WORDS or not re.fullmatch(r"[a-z]{3,}", w) for w in run):
                continue
            rarity = sum(math.log(len(papers) / df[w]) for w in run)
            if best is None or rarity > best[0]:
                best = (rarity, " ".join(run))
        if best:
            phrases[url] = best[1]
    return phrases


def test_papers_are_found_by_the_rarest_phrase_of_their_abstract(
    searcher: Searcher, papers: list[dict[str, Any]]
) -> None:
    phrases = distinctive_phrases(papers)
    assert len(phrases) >= 0.95 * len(papers), "too few abstracts have a distinctive phrase"
    lost = {}
    for url, phrase in phrases.items():
        if url not in [h.url for h in searcher.search(phrase, TOP).hits]:
            lost[url] = phrase
    assert not lost, f"{len(lost)} papers not in the top {TOP} for a phrase: {lost}"


def test_a_hyphenated_word_ranks_the_papers_that_write_it_first(
    searcher: Searcher, papers: list[dict[str, Any]]
) -> None:
    # `pre` of pre-training is a whole word: papers with only its completions (prediction, present) are not listed
    text = {p["url"]: f"{p['title']} {p['abstract']}".lower() for p in papers}
    for query in ("pre-training", "pre-trained", "self-supervised", "fine-tuning"):
        top = [hit.url for hit in searcher.search(query, TOP).hits]
        assert len(top) == TOP and all(query in text[url] for url in top), (query, top)


def test_a_hyphenated_word_also_finds_the_papers_that_write_it_solid(
    site: Path, searcher: Searcher, papers: list[dict[str, Any]]
) -> None:
    # A reader typing pre-training means the idea, however a paper spells it (13 papers write pretraining)
    words = {p["url"]: set(tokenize(f"{p['title']} {p['abstract']}", SEPARATOR)) for p in papers}
    as_typed = Searcher(Index(site / "search"))
    as_typed.manifest["joined"] = 0.0  # as a site built with `joined: 0`: the words as typed alone
    every, shown = len(papers) + 100, searcher.manifest["results"]
    for query in ("pre-training", "pre-trained", "fine-tuning", "fine-tuned"):
        solid = {url for url, have in words.items() if query.replace("-", "") in have}
        hits, before = searcher.search(query, every).hits, as_typed.search(query, every).hits
        assert len(solid) >= 5 and solid <= {hit.url for hit in hits}, (query, solid - {hit.url for hit in hits})
        # The pages with the words as typed keep their scores, and the first results (the box's) their places
        score = {hit.url: hit.score for hit in hits}
        assert [score[hit.url] for hit in before] == [hit.score for hit in before], query
        first = before[:shown]
        assert hits[: len(first)] == first, query


def test_common_words_are_counted_not_all_listed(searcher: Searcher, papers: list[dict[str, Any]]) -> None:
    result = searcher.search("model")
    assert result.all and len(result.hits) == searcher.manifest["results"] < result.total <= len(papers) + 100


def test_the_command_line_prints_ranked_titles_and_urls(
    site: Path, papers: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    record = papers[0]
    assert cli.main(["search", "--site-dir", str(site), "-n", "3", *record["title"].split()]) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[0] == f"1. {record['title']} — {record['url']}"
    assert 1 <= len(lines) <= 3 and all(re.match(r"\d+\. .+ — \S+\.html$", line) for line in lines)
    assert re.search(r"\d+ results? with every word", out.err)
    assert cli.main(["search", "--site-dir", str(site), "qqqzzzxxx"]) == 1
    assert cli.main(["search", "--site-dir", str(site / "nowhere"), "x"]) == 1


def test_minus_words_are_query_words_on_the_command_line(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["search", '"experience replay"', "-diffusion", "--site-dir", str(site), "-q"]) == 0
    with_minus = capsys.readouterr().out
    assert cli.main(["search", '"experience replay"', "--site-dir", str(site), "-q"]) == 0
    without = capsys.readouterr().out
    assert with_minus and with_minus != without and "synthetic-experience-replay" in without
    assert "synthetic-experience-replay" not in with_minus
    assert cli.search_argv(["-diffusion", "-n", "3", "--site-dir=x", "-n5", "model"]) == [
        "-n",
        "3",
        "--site-dir=x",
        "-n5",
        "--",
        "-diffusion",
        "model",
    ]


def test_a_closed_pipe_ends_the_command_quietly(site: Path) -> None:
    command = [sys.executable, "-m", "generator", "search", "--site-dir", str(site), "-n", "50", "model"]
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)}
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.readline()
        proc.stdout.close()  # as `| head -1` does
        err = proc.stderr.read().decode()
        assert proc.wait(30) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_every_paper_with_an_arxiv_id_is_the_first_hit_for_it(people_site: Path) -> None:
    site = people_site / "site"
    searcher = search.searcher(site)
    papers = [p for p in read_export(site) if p.get("arxiv_id")]
    assert len(papers) >= 3
    for record in papers:
        for query in (record["arxiv_id"], f"arXiv:{record['arxiv_id']}"):
            hits = searcher.search(query, 3).hits
            assert hits and hits[0].url == record["url"], (query, [h.url for h in hits])


def test_a_versioned_arxiv_id_finds_its_paper(people_site: Path) -> None:
    site = people_site / "site"
    searcher = search.searcher(site)
    papers = [p for p in read_export(site) if p.get("arxiv_id")]
    assert any("/" in p["arxiv_id"] for p in papers) and any("." in p["arxiv_id"] for p in papers)
    for record in papers:
        arxiv_id = record["arxiv_id"]
        for query in (f"{arxiv_id}v2", f"arXiv:{arxiv_id}v1", f"arxiv.org/abs/{arxiv_id}v13", f"{arxiv_id}v"):
            hits = searcher.search(query, 3).hits
            assert hits and hits[0].url == record["url"], (query, [h.url for h in hits])
