"""Text to search terms (generator/search/tokens.py): words, punctuation, CJK bigrams, lunr's pipeline.

The browser's worker does the same; tests/test_search_worker.py runs both on the same texts.
"""

from __future__ import annotations

from generator.papers.authors import author_key
from generator.search.names import fold_table
from generator.search.settings import SEPARATOR
from generator.search.tokens import js_order, js_regex, letter_folds, make_pipeline, make_terms, tokenize


def words(text: str) -> list[str]:
    return tokenize(text, SEPARATOR)


def test_punctuation_around_a_word_is_not_part_of_it() -> None:
    # shared/cases/2026-11-30/18-query-punctuation and 09-search-punct-glued
    for text in ("#epigraf", "<epigraf>", "epigraf™", "epigraf†", "“EpiGRAF”", "(EpiGRAF)."):
        assert words(text) == ["epigraf"], text
    assert words("#HashBench: Tagging Instructions") == ["hashbench", "tagging", "instructions"]
    assert words("Planning with Q*Search") == ["planning", "with", "q", "search"]


def test_unicode_hyphens_split_words_as_the_hyphen_does_and_soft_hyphens_go() -> None:
    assert words("pre\u2010training pre\u2011trained") == words("pre-training pre-trained")
    assert words("pre\u00adtraining Pre\u00ad\u00adTrained") == ["pretraining", "pretrained"]


def test_numbers_keep_their_decimal_point() -> None:
    assert words("1.58-bit Weights, v1.5. e.g. 3.") == ["1.58", "bit", "weights", "v1.5", "e", "g", "3"]


def test_cjk_runs_become_bigrams() -> None:
    # shared/cases/2026-11-30/02-non-latin-search: 指令 and 微调 are terms of the title
    title = words("中文指令微调数据集的构建与评测")
    assert {"指令", "微调"} <= set(title)
    assert title[:3] == ["中文", "文指", "指令"]
    assert words("大") == ["大"]  # a lone character stays one term
    assert words("GPT4中文模型") == ["gpt4", "中文", "文模", "模型"]
    assert words("データ") == ["デー", "ータ"]  # the prolonged sound mark belongs to the word
    assert words("模型を使う") == ["模型", "型を", "を使", "使う"]


def test_other_scripts_stay_words() -> None:
    assert words("Привет мир: модель") == ["привет", "мир", "модель"]
    assert words("हिन्दी भाषा") == ["हिन्दी", "भाषा"]  # combining marks are part of the word


def test_zero_width_joiners_stay_in_the_text_not_in_terms() -> None:
    assert words("می\u200cخواهم") == words("میخواهم") == ["میخواهم"]
    assert words("👩\u200d👩\u200d👧") == []
    assert words("中\u200d文 日本\u200d語") == words("中文 日本語") == ["中文", "日本", "本語"]
    assert words("ab\u200d👩\u200d💻cd 中\u200d👩") == ["ab", "cd", "中"]


def test_an_apostrophe_inside_a_word_joins_it() -> None:
    for text in ("don't", "don\u2019t", "don\u02bct"):
        assert words(text) == ["dont"], text
    assert words("Let's Let\u2019s Let\u02bcs") == ["lets", "lets", "lets"]
    assert words("LLaMA's LLaMA\u2019s") == ["llamas", "llamas"]
    assert words("Oʼzbek O'Brien rock'n'roll") == ["ozbek", "obrien", "rocknroll"]
    assert words("中'文") == ["中文"]  # between CJK characters too, as the joiners
    # at a word's edge, a separator
    edges = words("'quoted' \u2019quoted\u2019 students' \u201990s a''b")
    assert edges == ["quoted", "quoted", "students", "90s", "a", "b"]


def test_an_arxiv_id_s_version_is_not_part_of_the_word() -> None:
    # a paper's page is for the paper, not a version: 2403.01234v2 is the word 2403.01234
    assert words("2403.01234v2") == words("2403.01234") == ["2403.01234"]
    assert words("arXiv:2403.01234v12") == ["arxiv", "2403.01234"]
    assert words("1501.0001v3 0704.0001V1") == ["1501.0001", "0704.0001"]  # four digits after the point (to 2014)
    assert words("hep-th/9901001v2") == ["hep", "th", "9901001"]  # an old-style id's number
    assert words("2403.01234v") == ["2403.01234"]  # the version being typed
    # only an arXiv number loses a `v` and digits after it
    assert words("v1.5 gpt4v 2403v2 1.5v2 12345678v2 2403.123v2 2403.012345v2 2403.01234va") == [
        "v1.5", "gpt4v", "2403v2", "1.5v2", "12345678v2", "2403.123v2", "2403.012345v2", "2403.01234va",
    ]  # fmt: skip


def test_composed_and_decomposed_letters_are_one() -> None:
    assert words("cafe\u0301") == words("café") == words("cafe") == ["cafe"]


def test_latin_letters_lose_their_accents_other_scripts_keep_their_marks() -> None:
    assert [w for piece in ("José", "García", "Núñez") for w in words(piece)] == ["jose", "garcia", "nunez"]
    assert words("हिन्दी") == ["हिन्दी"] and words("Ёлка") == ["ёлка"]
    assert words("Λόγος") == words("ΛΟΓΟΣ") == words("λογος") == ["λογοσ"]  # Greek, as Lucene's Greek filter


def test_greek_final_sigma_is_sigma() -> None:
    # ς is σ at the end of a word: typed either way (or lower-cased from Σ), one word
    assert words("λόγος") == words("λογοσ") == words("ΛΟΓΟΣ") == words("Λόγοσ") == ["λογοσ"]
    assert words("ςσ Σς") == ["σσ", "σσ"]


def test_latin_letters_fold_as_an_author_s_identity_folds_them() -> None:
    # letters without a decomposition are spelled as author_key spells them
    assert words("Łukasz Weiß STRAẞE Søren Ærlig Đặng Þór Ørsted Œuvre") == [
        "lukasz", "weiss", "strasse", "soren", "aerlig", "dang", "thor", "orsted", "oeuvre",
    ]  # fmt: skip
    for name in ("Łukasz Kaiser", "Weiß", "Søren Kierkegaard", "Ærlig", "Đặng Văn", "Þór", "Ǿrsted"):
        assert " ".join(words(name)) == author_key(name), name
    assert words("ǿ") == ["o"]  # the accent goes, then the letter folds
    assert words("Straße中文") == ["strasse", "中文"]


def test_letters_identity_turns_into_word_breaks_stay() -> None:
    # author_key writes ʼ and ə as word breaks; in words ə stays a letter of the word (ʼ is an apostrophe)
    assert author_key("Oʼzbek Əliyev") == "o zbek liyev"
    assert words("Əliyev") == ["əliyev"]


def test_letter_folds_are_the_identity_table_s_letters_with_letters_and_digits() -> None:
    folds = {chr(code): folded for code, folded in letter_folds().items()}
    table = fold_table()
    assert folds["ł"] == "l" and folds["ß"] == "ss" and folds["ø"] == "o" and folds["æ"] == "ae"
    assert folds["đ"] == "d" and folds["þ"] == "th"
    assert all(table[char] == folded and folded.isalnum() for char, folded in folds.items())
    assert "ʼ" not in folds and "ə" not in folds  # word breaks
    assert "\u0363" not in folds  # a combining letter is a mark: dropped as an accent


def test_lunrs_pipeline_as_configured() -> None:
    assert make_terms(SEPARATOR, ["stopWordFilter"])("The model of a world") == ["model", "world"]
    assert make_terms(SEPARATOR, [])(["The model", "of"]) == ["the", "model", "of"]
    stem = make_pipeline(["stemmer"])
    assert stem("models") == "model" and stem("learning") == "learn"
    assert make_terms(SEPARATOR, ["stopWordFilter"])(None) == []


def test_javascript_classes_mean_what_they_mean_in_javascript() -> None:
    # JavaScript's \s has NBSP and the BOM, not the information separators Python's has.
    assert js_regex(r"[\s]+").split("a\u00a0b\ufeffc\x1cd") == ["a", "b", "c\x1cd"]
    assert js_regex(r"\S+").findall("a\u00a0b") == ["a", "b"]
    assert js_regex(r"\w+").findall("café") == ["caf"]  # ASCII, even with the u flag


def test_terms_sort_as_javascript_sorts() -> None:
    assert js_order("\U0001f600") < js_order("\uffff")  # UTF-16 code units
    assert sorted(["b", "a", "!t:1", "é", "z"], key=js_order) == ["!t:1", "a", "b", "z", "é"]
