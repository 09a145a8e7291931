"""Reading digest files, one named fixture per defect class."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.errors import DigestError
from generator.sources import text_digest

from .conftest import DIGESTS

TITLES = ["Routing Tokens Without Auxiliary Loss", "Short Schedules for Diffusion", "Accent-Robust ASR"]


def read(name: str, year: int | None = 2024):
    return text_digest.parse_file(DIGESTS / name, year, f"data/digests/{name}")


def titles(name: str) -> list[str]:
    return [e.title for e in read(name).entries]


def test_clean_digest():
    digest = read("clean.txt")
    assert digest.date == dt.date(2024, 3, 14)
    assert digest.source == "clean.txt"
    assert digest.slug == "2024-03-14-clean"
    assert [e.title for e in digest.entries] == TITLES
    assert digest.entries[0].line == 11
    assert digest.entries[0].abstract.startswith("We study how small models")


@pytest.mark.parametrize("name", ["crlf.txt", "bom.txt", "utf16.txt"])
def test_encodings_and_line_endings_read_like_the_clean_file(name):
    assert read(name).entries == read("clean.txt").entries


@pytest.mark.parametrize("name", ["cp1252.txt", "mojibake.txt"])
def test_windows_text_and_mojibake_are_repaired(name):
    assert titles(name) == ["Don\u2019t Stop \u2013 Routing Tokens"]


def test_stray_whitespace_and_invisible_characters():
    digest = read("stray_whitespace.txt")
    assert [e.title for e in digest.entries] == TITLES[:2]
    assert "  " not in digest.entries[0].abstract


def test_other_chrome_lines_are_dropped():
    digest = read("extra_chrome.txt")
    assert [e.title for e in digest.entries] == TITLES[:2]
    assert "Upvote" not in digest.entries[0].abstract


def test_abstract_split_in_two_paragraphs_is_joined():
    digest = read("split_abstract.txt")
    assert [e.title for e in digest.entries] == TITLES[:2]
    assert "auxiliary loss and improves" in digest.entries[0].abstract
    assert digest.entries[0].abstract.endswith("expert counts.")


@pytest.mark.parametrize("name", ["split_abstract_small_letter.txt", "split_abstract_semicolon.txt"])
def test_a_paragraph_going_on_the_sentence_before_it_is_joined_never_a_missing_title(name):
    # Three sentences after a whole abstract, but beginning with a small letter or "; ": the rest of it.
    digest = read(name)
    assert [e.title for e in digest.entries] == TITLES[:2]
    assert digest.entries[0].abstract.endswith(
        "lower perplexity. "
        + ("and further analysis shows why." if "small" in name else "; the ablations on speech show why.")
        + " The gains come from stable routing. We release the code."
    )
    [note] = digest.notes
    assert (note.line, note.message) == (
        7,
        "the abstract of 'Routing Tokens Without Auxiliary Loss' goes on in another paragraph: joined",
    )


def test_title_glued_to_its_abstract():
    assert titles("glued_title.txt") == TITLES[:2]


def test_duplicate_listing_in_one_digest_is_kept_as_entries():
    assert len(read("duplicate_in_digest.txt").entries) == 3


def test_markup_is_kept_verbatim():
    entries = read("markup.txt").entries
    assert entries[0].title.startswith("<script>alert('title')</script> & **Bold**")
    assert "{{ page.title }}" in entries[0].abstract
    assert entries[1].title == "title: yaml: --- !!python/object:os.system"


def test_unicode_titles():
    assert titles("unicode.txt") == ["Привет мир: русский заголовок", "中文标题：扩散模型", "🚀🚀🚀"]


def test_full_month_name():
    assert read("full_month.txt").date == dt.date(2024, 3, 14)


def test_year_from_file_name_beats_default():
    digest = read("2024-03-15-dated.txt", year=2019)
    assert digest.date == dt.date(2024, 3, 15)
    assert digest.slug == "2024-03-15-dated"


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("no_date.txt", 1, 'no date line such as "Mar 14"'),
        (
            "abstract_without_title.txt",
            9,
            "this paragraph reads like another paper's abstract with no title before it: is a title missing?",
        ),
        ("saved_web_page.txt", 1, "looks like an HTML page (save the page's text: select all, copy, paste)"),
        ("api_response.txt", 2, "looks like JSON: name it .json"),
        ("no_abstract_at_end.txt", 15, "has no abstract after it"),
        (
            "no_abstract_between.txt",
            11,
            "has no abstract: the next paragraph (line 13, 'Short Schedules for Diffusion') looks like another title",
        ),
        ("second_date.txt", 15, "a second date line 'Mar 15'"),
        ("bad_date.txt", 9, "not a date in 2024: 'Feb 30'"),
        ("prose_first.txt", 11, "expected a paper title after the date line"),
        ("only_chrome.txt", 9, "no papers after the date line"),
        ("not_text.bin.txt", 3, "not UTF-8 or Windows-1252 text (byte 0x81)"),
        ("2024-03-16-mismatch.txt", 9, "the file name says 2024-03-16 but the date line says Mar 15"),
        ("date_with_year.txt", 3, "no date line such as \"Mar 14\" before the papers; 'Mar 14, 2024' is not one"),
        ("listing_before_date.txt", 3, "a paragraph that reads as an abstract stands before the date line (line 5)"),
        ("short_listing_before_date.txt", 3, "a paragraph that reads as an abstract stands before the date line"),
        ("title_too_long.txt", 7, "the title is 4,001 characters long, more than a title's 4,000: a pasted page"),
    ],
)
def test_unrecoverable_input_names_file_and_line(name, line, message):
    with pytest.raises(DigestError) as info:
        read(name)
    assert str(info.value).startswith(f"data/digests/{name}:{line}: ")
    assert message in str(info.value)


def test_an_empty_file_is_named_empty_with_no_line():
    with pytest.raises(DigestError) as info:
        read("empty.txt")
    assert str(info.value) == "data/digests/empty.txt: is empty: paste the text of a Daily Papers page into it"


def test_a_title_with_a_title_like_abstract_hints_at_the_full_stop():
    with pytest.raises(DigestError, match=r"looks like another title or page furniture \(an abstract ends with a full"):
        read("abstract_without_full_stop.txt")


def test_no_year_anywhere():
    with pytest.raises(DigestError, match=r"clean.txt:9: no year"):
        read("clean.txt", year=None)


def test_missing_file():
    with pytest.raises(DigestError, match="cannot read"):
        text_digest.parse_file(Path("/nonexistent/x.txt"), 2024)


@pytest.mark.parametrize(
    "line", ["42", "Upvote", "Submitted by akhaliq", "·", "Subscribe", "byAK and the research community"]
)
def test_chrome_lines(line):
    assert text_digest.is_chrome(line)


@pytest.mark.parametrize(
    "line", ["Mamba: Linear-Time Sequence Modeling", "GPT-4 Technical Report", "Mar 14", "٢٠٤٨", "２０４８"]
)
def test_not_chrome(line):
    """The page's counts are ASCII digits: a title in digits of another script is a title."""
    assert not text_digest.is_chrome(line)


def test_a_date_line_is_written_in_ascii_digits():
    assert text_digest.parse_date("Mar 14") == (3, 14)
    assert text_digest.parse_date("Mar ١٤") is None and text_digest.parse_date("Mar １４") is None


# The alternation is the authority: a paragraph is a title where a title belongs ---------------

RANK = "Learning to Rank Retrieved Passages with Small Language Models."


def test_a_title_ending_in_a_period_is_a_title():
    digest = read("title_ends_in_period.txt")
    assert [(e.line, e.title) for e in digest.entries] == [
        (5, "Adaptive Token Merging for Efficient Vision Transformers"),
        (9, RANK),
        (13, "Sparse Mixture Routing for Speech Recognition"),
    ]
    assert digest.entries[1].abstract.startswith("Retrieval pipelines often rerank")
    assert digest.entries[0].abstract.endswith("three standard benchmarks.")
    assert digest.notes == ()


def test_a_title_ending_in_a_period_first_after_the_date_line():
    assert [e.title for e in read("title_ends_in_period_first.txt").entries] == [RANK]


def test_a_title_over_300_characters_is_a_title():
    entries = read("long_title.txt").entries
    assert [e.line for e in entries] == [3, 7, 11]
    assert len(entries[1].title) > 300 and entries[1].title.startswith("Scalable Scalable")
    assert entries[1].abstract.startswith("Abstract of the long titled paper.")
    assert entries[2].title == "Normal Paper After Long Title"
    first = read("long_title_first.txt").entries
    assert len(first) == 1 and len(first[0].title) > 300


@pytest.mark.parametrize(
    ("name", "notes"),
    [
        ("split_abstract.txt", [(15, "the abstract of 'Routing Tokens Without Auxiliary Loss' goes on in another")]),
        ("glued_title.txt", [(11, "no blank line between the title 'Routing Tokens Without Auxiliary Loss' and")]),
        (
            "glued_and_split.txt",
            [
                (9, "the abstract of 'Routing Tokens Without Auxiliary Loss' goes on in another paragraph: joined"),
                (11, "no blank line between the title 'Short Schedules for Diffusion' and its abstract: split"),
            ],
        ),
        ("hard_wrapped.txt", [(11, "no blank line between the title 'Short Schedules for Diffusion'")]),
        ("extra_chrome.txt", [(13, "skipped 5 line(s) of page chrome after the date line: 'Submitted by akhaliq'")]),
        ("text_before_date.txt", [(3, "skipped 1 line(s) of text before the date line, which is not page chrome")]),
        ("clean.txt", []),
        ("duplicate_in_digest.txt", []),  # a repeat is noted by the build, which knows identities
        ("no_blank_lines.txt", [(5, "no blank lines between 3 titles and abstracts (to line 10): read line by line")]),
        (
            "number_titles.txt",
            [
                (5, "'2048' looks like page chrome but stands where a title belongs: a title"),
                (13, "'3' looks like page chrome but stands where a title belongs: a title"),
            ],
        ),
        ("date_glued.txt", [(3, "no blank line after the date line: split")]),
    ],
)
def test_every_repair_is_a_note(name, notes):
    digest = read(name)
    assert [(n.line, n.path) for n in digest.notes] == [(line, f"data/digests/{name}") for line, _ in notes]
    for note, (_, message) in zip(digest.notes, notes, strict=True):
        assert note.message.startswith(message)
        assert str(note).startswith(f"data/digests/{name}:{note.line}: note: ")


def test_repairs_keep_every_word():
    digest = read("glued_and_split.txt")
    assert [e.title for e in digest.entries] == [
        "Routing Tokens Without Auxiliary Loss",
        "Short Schedules for Diffusion",
    ]
    assert digest.entries[0].abstract == (
        "We study how small models learn to route tokens between experts. Our method keeps the load balanced "
        "without an auxiliary loss and improves perplexity on three benchmarks."
    )
    assert digest.entries[1].abstract.startswith("Diffusion models generate images")
    wrapped = read("hard_wrapped.txt").entries
    assert wrapped[0].abstract.startswith("We study how small models learn to route tokens between experts. Our")


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("split_then_missing_abstract.txt", 11, "the title 'Short Schedules for Diffusion' has no abstract after it"),
        (
            "period_title_short_abstract.txt",
            5,
            "found a paragraph of text (and the next one, line 7, looks like a title)",
        ),
        ("ambiguous_prose.txt", 9, "cannot tell which paragraphs are titles and which are abstracts from here on"),
        # Shapes that would otherwise lose a paper inside another: refused, never read.
        (
            "wrapped_title_glued.txt",
            5,
            "lines 5-7 have no blank line between them and do not read as one title and its abstract",
        ),
        ("no_abstracts.txt", 5, "no paragraph after the date line reads as an abstract"),
        # A title may hold one sentence end ("Need? A Study", "vs.", "Dr."): still a title, not an abstract.
        ("no_abstracts_questions.txt", 5, "no paragraph after the date line reads as an abstract"),
        ("cut_after_last_title.txt", 9, "the title 'Upsample or Upweight? Balanced Training on Heavily"),
        (
            "missing_abstracts_mid.txt",
            9,
            "the title 'Short Schedules for Diffusion' has no abstract: the next paragraph (line 11, 'Accent-Robust",
        ),
    ],
)
def test_ambiguous_structure_is_refused(name, line, message):
    with pytest.raises(DigestError) as info:
        read(name)
    assert str(info.value).startswith(f"data/digests/{name}:{line}: ")
    assert message in str(info.value)


# Text arrives exactly as written, and safely -------------------------------------------------------


def test_control_characters_and_terminal_escapes_are_dropped_from_ascii_text():
    (entry,) = read("control_chars.txt").entries
    assert entry.title == "Robust Decoding of Noisy Sensor Streams with State Space Models"
    assert "a learned gating term recovers" in entry.abstract
    assert "noise. A state space layer" in entry.abstract
    assert " On three industrial data sets our model" in entry.abstract
    assert "the same depth. We release" in entry.abstract
    assert entry.abstract.endswith("with this paper.")
    for text in (entry.title, entry.abstract):
        assert all(ch >= " " and not 0x7F <= ord(ch) <= 0x9F for ch in text), repr(text)
        assert "[1m" not in text and "[0m" not in text


def test_zero_width_joiners_are_part_of_the_text():
    entries = read("zero_width_joiners.txt").entries
    assert entries[0].title == "Family 👩\u200d👩\u200d👧\u200d👦 Emoji in Captions"
    assert entries[1].title == "می\u200cخواهم: Persian Word Segmentation"
    assert "می\u200cخواهم keeps" in entries[1].abstract


def test_unpaired_bidi_controls_are_dropped_paired_ones_kept():
    entries = read("bidi_controls.txt").entries
    assert entries[0].title == "Right-to-left \u202egnp.exe\u202c Override"
    assert entries[1].title == "Unpaired gnp.exe Override"
    assert entries[1].abstract.endswith("An isolate left open and a stray close stay inside.")


def test_tex_math_reads_as_the_unicode_a_reader_sees():
    tex = read("tex_math.txt").entries
    unicode = read("tex_math_unicode.txt").entries
    assert tex[1].title == unicode[1].title == "π-GAN: Periodic Implicit Networks for View-Consistent Scene Generation"
    assert tex[1].abstract == unicode[1].abstract


def test_links_with_odd_brackets_and_ports_are_read_as_text():
    entries = read("url_attacks.txt").entries
    assert [e.title for e in entries] == ["Bracket Host URL Paper", "Unclosed Bracket URL Paper", "Bad Port URL Paper"]
    assert "https://[evil.com]/repo" in entries[0].abstract
    assert "http://[::1 for everyone" in entries[1].abstract


def test_a_copy_without_blank_lines_keeps_every_paper():
    digest = read("no_blank_lines.txt")
    assert [e.title for e in digest.entries] == TITLES
    assert [e.line for e in digest.entries] == [5, 7, 9]
    assert digest.entries[2].abstract.startswith("Speech recognition systems fail")


def test_a_wrapped_abstract_whose_lines_end_sentences_is_one_abstract():
    digest = read("hard_wrapped_sentences.txt")
    assert [e.title for e in digest.entries] == TITLES[:2]
    assert digest.entries[0].abstract.endswith("scales to large models on four corpora.")
    assert digest.notes == ()


def test_titles_that_look_like_vote_counts_are_titles_where_they_stand():
    digest = read("number_titles.txt")
    assert [e.title for e in digest.entries] == ["2048", "1984: A Widget Odyssey", "3"]
    assert [e.abstract[:9] for e in digest.entries] == ["We study ", "Diffusion", "Speech re"]


@pytest.mark.parametrize(
    ("name", "titles"),
    [
        # Vote counts on every card, and a paper called "2048": chrome never stands between two abstracts.
        ("number_title_among_votes.txt", ["Routing Tokens Without Auxiliary Loss", "2048", "Accent-Robust ASR"]),
        # "Submitted by" without its user name, then a one-word title.
        ("submitted_by_then_title.txt", ["Routing Tokens Without Auxiliary Loss", "Mamba"]),
        ("date_glued_chrome.txt", ["Routing Tokens Without Auxiliary Loss"]),
        # Short abstracts that are no titles: cut short inside their first sentence, a link.
        ("short_abstracts.txt", TITLES[:2]),
        ("cjk_no_blank_lines.txt", ["大语言模型的高效训练方法", "大規模言語モデルの効率的学習"]),
    ],
)
def test_chrome_and_short_abstracts_around_the_titles(name: str, titles: list[str]):
    digest = read(name)
    assert [e.title for e in digest.entries] == titles
    assert all(e.abstract for e in digest.entries)


@pytest.mark.parametrize(
    ("name", "titles", "lines"),
    [
        # Chrome-like titles after abstracts of two sentences and of one.
        ("chrome_title_after_short_abstract.txt", [TITLES[0], "2048", "Jobs", TITLES[2]], [7, 11]),
        ("upvote_title_after_short_abstract.txt", [TITLES[0], "Upvote"], [7]),
        ("chrome_title_after_one_sentence_abstract.txt", [TITLES[0], "2048"], [7]),
    ],
)
def test_chrome_like_title_after_a_short_abstract_is_a_title(name: str, titles: list[str], lines: list[int]):
    digest = read(name)
    assert [e.title for e in digest.entries] == titles
    assert digest.entries[0].abstract.endswith(("load balanced.", "auxiliary loss."))
    assert digest.entries[1].abstract.startswith("We present a")
    assert all("title belongs: a title" in n.message for n in digest.notes)
    assert [n.line for n in digest.notes] == lines


def test_chrome_beside_a_title_ending_in_a_full_stop_stays_chrome():
    digest = read("chrome_beside_title_ending_in_full_stop.txt")
    assert [e.title for e in digest.entries] == [TITLES[0], "Short Schedules Are All You Need for Diffusion."]
    [note] = digest.notes
    assert note.message.startswith("skipped 2 line(s) of page chrome after the date line: 'Upvote' (line 9)")


def test_chrome_like_lines_inside_an_abstract_are_its_text():
    digest = read("chrome_words_in_abstracts.txt")
    assert [e.title for e in digest.entries] == TITLES
    assert [e.abstract.split(".")[0] for e in digest.entries] == [
        "We evaluate our method on 42 benchmarks and show consistent gains",
        "We compare against the View PDF baseline and the • strongest prior schedule",
        "--- title: yaml --- Speech recognition systems fail on accented speech",
    ]
    assert "2024 models." in digest.entries[0].abstract
    assert not digest.notes


def test_chrome_beside_titles_in_a_copy_without_blank_lines_is_still_chrome():
    digest = read("chrome_beside_titles_no_blank_lines.txt")  # the third paper's votes follow prose lines
    assert [e.title for e in digest.entries] == TITLES
    assert [e.abstract[:9] for e in digest.entries] == ["We study ", "Diffusion", "Speech re"]
    assert "skipped 6 line(s) of page chrome" in digest.notes[-1].message


def test_a_sponsors_banner_and_the_copyright_footer_with_their_text_are_no_papers():
    digest = read("sponsor_and_footer.txt")
    assert [e.title for e in digest.entries] == TITLES
    assert all("Inference" not in e.abstract and "community" not in e.abstract for e in digest.entries)
    [note] = digest.notes
    assert note.line == 9
    assert note.message.startswith(
        "skipped 5 line(s) of page chrome after the date line: 'Sponsored' (line 9), 'Try Inference"
    )


def test_a_title_beginning_with_the_word_copyright_is_a_paper():
    assert titles("copyright_title.txt") == ["Copyright Traps for Large Language Models", TITLES[1]]


def test_the_hubs_menus_footer_and_card_links_are_chrome():
    digest = read("hub_furniture.txt")
    assert [e.title for e in digest.entries] == TITLES[:2]
    assert [n.message.split(":")[0] for n in digest.notes] == ["skipped 25 line(s) of page chrome after the date line"]


@pytest.mark.parametrize("name", ["utf16le_no_bom.txt", "utf16be_no_bom.txt"])
def test_utf16_without_a_byte_order_mark(name):
    digest = read(name)
    assert [e.title for e in digest.entries] == ["大规模语言模型的对齐研究", "Short Schedules for Diffusion"]
    assert digest.entries[0].abstract == "我们研究了对齐问题。我们提出了一种新方法。"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_cjk_utf16_without_a_byte_order_mark(tmp_path: Path, codec: str):
    """Few NUL bytes (a line break each), and characters whose low byte is NUL (一 U+4E00, 最 U+6700)."""
    titles = [f"最新的一种方法第{n}号" for n in range(12)]
    body = "".join(f"{t}\n\n我们提出一种方法。实验表明一种方法最有效。代码已开源。\n\n" for t in titles)
    path = tmp_path / "2024-03-14.txt"
    path.write_bytes(("Mar 14\n\n" + body).encode(codec))
    assert [e.title for e in text_digest.parse_file(path, 2024).entries] == titles


UTF16_CASES = {
    # Paragraphs indented with ideographic spaces (U+3000), ASCII full stops: read as UTF-16.
    "indented": (
        "Mar 14\n\n\u3000\u3000稀少专家模型的高效推理方法\n\n"
        "\u3000\u3000本文提出一种方法. 实验表明它有效. 代码已开源.\n",
        "utf-16-le",
    ),
    # Every space a no-break space: the byte order whose line breaks are line breaks.
    "no-break spaces": (
        "Mar\xa014\n\nRouting\xa0Tokens\n\nWe\xa0route\xa0tokens.\xa0It\xa0works.\xa0Code\xa0is\xa0out.\n",
        "utf-16-le",
    ),
    # UTF-8 Cyrillic with stray NUL bytes after it: UTF-8, the NULs dropped.
    "stray NULs": ("Mar 14\n\nМасштабирование экспертов\n\nМы изучаем экспертов. Это работает. Код открыт.\n", "utf-8"),
}


@pytest.mark.parametrize("case", sorted(UTF16_CASES))
def test_utf16_is_told_from_utf8_without_a_byte_order_mark(tmp_path: Path, case: str):
    text, codec = UTF16_CASES[case]
    path = tmp_path / "2024-03-14.txt"
    path.write_bytes(text.encode(codec) + (b"\x00" * 16 if codec == "utf-8" else b""))
    title = text.split("\n\n")[1].replace("\xa0", " ").strip("\u3000")
    assert [e.title for e in text_digest.parse_file(path, 2024).entries] == [title]


def test_broken_utf16_names_its_line(tmp_path: Path):
    path = tmp_path / "2024-03-14.txt"
    path.write_bytes((DIGESTS / "utf16le_no_bom.txt").read_bytes()[:-1])
    with pytest.raises(DigestError, match=r":9: broken UTF-16 text: truncated data$"):
        text_digest.parse_file(path, 2024)


def test_a_title_listed_first_cut_short_gets_its_whole_abstract():
    entries = read("duplicate_cut_short_first.txt").entries
    assert entries[0].abstract == entries[2].abstract
    assert entries[0].abstract.endswith("It improves perplexity on three benchmarks.")


@pytest.mark.parametrize("separator", ["\x0c", "\x0b", "\u2028", "\u2029"])
def test_line_numbers_count_newlines_alone(tmp_path: Path, separator: str):
    # A form feed or a Unicode line separator inside a line is no line of its own in git, grep or
    # an editor, so the line a message names is the one they show.
    lines = (DIGESTS / "clean.txt").read_text(encoding="utf-8").split("\n")
    lines[0] = f"new{separator}page"
    lines[12] = lines[12].replace(". ", f".{separator}", 1)  # inside the first abstract
    lines.append("A Title Left Without Its Abstract")
    path = tmp_path / "2024-03-14.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DigestError, match=rf"^data/digests/2024-03-14.txt:{len(lines)}: "):
        text_digest.parse_file(path, 2024, "data/digests/2024-03-14.txt")


@pytest.mark.parametrize("separator", ["\x0c", "\x0b", "\x1c", "\u2028"])  # U+0085 is mended by ftfy: "…"
def test_a_line_separator_inside_a_title_is_named_with_its_line(tmp_path: Path, separator: str):
    # One line in an editor, which shows a form feed as ^L or nothing: say what breaks it and where.
    text = (DIGESTS / "clean.txt").read_text(encoding="utf-8")
    path = tmp_path / "2024-03-14.txt"
    path.write_text(text.replace("Short Schedules", f"Short{separator}Schedules", 1), encoding="utf-8")
    with pytest.raises(DigestError) as info:
        text_digest.parse_file(path, 2024, "data/digests/2024-03-14.txt")
    assert str(info.value) == (
        "data/digests/2024-03-14.txt:15: a form feed, vertical tab or other line separator breaks this line after"
        " 'Short', and its parts do not read as one title and its abstract: delete that character"
    )


def test_a_paragraph_separator_ends_a_paragraph_on_its_line(tmp_path: Path):
    path = tmp_path / "2024-03-14.txt"
    path.write_text(f"Mar 14\n\n{TITLES[0]}\u2029We study routing. It works well.\n", encoding="utf-8")
    (entry,) = text_digest.parse_file(path, 2024).entries
    assert (entry.title, entry.abstract, entry.line) == (TITLES[0], "We study routing. It works well.", 3)
