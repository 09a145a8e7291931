"""One cleaning path for all source text: controls, escapes, invisible characters, bidi, TeX math."""

from __future__ import annotations

import pytest
import regex

from generator.sources import clean
from generator.sources.clean import TexBudget, balance_bidi, clean_field, clean_text, read_tex_math

RLO, PDF, RLI, PDI, LRE = "\u202e", "\u202c", "\u2067", "\u2069", "\u202a"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Streams\x10 with", "Streams with"),
        ("\x1b[1mbold\x1b[0m text", "bold text"),
        ("\x1b[38;5;196mred\x1b[m", "red"),
        ("\x1b]8;;https://x.org\x1b\\link\x1b]8;;\x1b\\", "link"),  # a terminal hyperlink keeps its text
        ("a\x00b\x7fc\x08d", "abcd"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("page\x0cbreak", "page\u2028break"),  # numbered lines end at "\n" alone
        ("para\u2029graph", "para\u2029graph"),
        ("tab\tkept", "tab\tkept"),
        ("zero\u200bwidth\u2060join\ufeffbom\u00adsoft", "zerowidthjoinbomsoft"),
        ("caf\u00e9 \x9d\x1b[1m\u00e9", "caf\u00e9 \u00e9"),  # the same in non-ASCII text
        ("Don\u00e2\u20ac\u2122t", "Don\u2019t"),  # mojibake mended
        ("\U0001f469\u200d\U0001f467 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", None),  # ZWJ, ZWNJ kept
        ("e\u0301", "\u00e9"),  # NFC
        ("non\ufffechar\uffffacters\ufdd0 of\U0001fffe every\U0010ffff plane", "noncharacters of every plane"),
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == (raw if clean is None else clean, False)


def test_clean_text_is_the_same_for_ascii_and_unicode_text():
    for control in [*map(chr, range(0x20)), "\x7f"]:
        if control in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1b":  # line breaks; ESC starts an escape sequence
            continue
        assert clean_text(f"a{control}b")[0] == "ab"
        assert clean_text(f"\u00e9{control}b")[0] == "\u00e9b"


def test_mojibake_repair_has_a_budget():
    text, skipped = clean_text("\u00c3\x9d\u00c3" * 30_000)
    assert skipped and "\x9d" not in text


@pytest.mark.parametrize(
    ("raw", "balanced"),
    [
        (f"Right-to-left {RLO}gnp.exe{PDF} Override", None),
        (f"Unpaired {RLO}gnp.exe Override", "Unpaired gnp.exe Override"),
        (f"stray {PDF}close and {PDI}isolate", "stray close and isolate"),
        (f"{RLI}a {LRE}b{PDI} c", None),  # PDI closes the embedding opened inside the isolate
        (f"{RLI}a{PDF}b{PDI}", f"{RLI}ab{PDI}"),  # a PDF cannot close what is outside its isolate
        (f"{RLO}{RLO}x{PDF}", f"{RLO}x{PDF}"),
        ("no controls at all", None),
        # the space a dropped control leaves doubled, leading or trailing goes with it (a title
        # "A \u202e B" read "A  B", unlike its og:title, and stopped the build)
        (f"A {RLO} B", "A B"),
        (f"Trailing {RLO}", "Trailing"),
        (f"{PDF} leading", "leading"),
        (f"x {RLI} {PDF} y", "x y"),
        (f"A{RLO}B and A {RLO}B", "AB and A B"),
    ],
)
def test_balance_bidi(raw, balanced):
    assert balance_bidi(raw) == (raw if balanced is None else balanced)


def test_cutting_text_short_cannot_leave_an_override_open():
    text = f"A title {RLO}reversed{PDF} here"
    assert balance_bidi(text[:12]) == "A title rev"


@pytest.mark.parametrize(
    ("raw", "read"),
    [
        (r"$\pi$-GAN: Periodic Implicit Networks", "π-GAN: Periodic Implicit Networks"),
        (r"SF(DA)$^2$: Source-free", "SF(DA)^2: Source-free"),
        (r"$\mathcal{O}(n)$ time and $10\times$ faster", "𝒪(n) time and 10× faster"),
        (r"$\sim$50% fewer", "∼50% fewer"),
        ("costs $5 and $10", "costs $5 and $10"),  # prices are not math (Pandoc's rule)
        ("between $5-$10", "between $5-$10"),
        (r"$\unknownmacro{x}$ stays", r"$\unknownmacro{x}$ stays"),  # not simple: left as written
        (r"$a & b$ stays", r"$a & b$ stays"),
        (r"$$x^2$$ display", r"$$x^2$$ display"),
        (r"$<script>$", "<script>"),  # text, escaped later like any title
    ],
)
def test_simple_tex_math_is_read_as_a_reader_does(raw, read):
    assert read_tex_math(raw, TexBudget()) == read


def test_tex_math_has_a_budget_per_file():
    budget = TexBudget(left=2)
    assert read_tex_math(r"$\pi$ $\pi$ $\pi$", budget) == r"π π $\pi$"
    assert budget.skipped == 1


def test_clean_field_collapses_spaces_reads_tex_and_balances():
    assert clean_field(f"  $\\pi$-GAN \t {RLO}x  ", TexBudget()) == "π-GAN x"


def test_default_ignorable_is_unicodes_default_ignorable_code_point():
    """The hand-written `re` class holds exactly the code points the regex module's property does."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    theirs = regex.findall(r"\p{Default_Ignorable_Code_Point}", every)
    assert clean.DEFAULT_IGNORABLE.findall(every) == theirs


@pytest.mark.parametrize(
    ("text", "visible"),
    [
        ("a", True),
        ("\u2800 a", True),
        ("", False),
        (" \u00a0\u3000", False),
        ("\u200b\u200d\u2060\ufeff\u00ad", False),
        ("\u2800", False),  # braille pattern blank
        ("\u115f\u1160\u3164\uffa0", False),  # Hangul fillers
        ("\U000e0020\U000e0041", False),  # tag characters
        ("\u034f", False),  # combining grapheme joiner
    ],
)
def test_has_visible_text(text: str, visible: bool):
    assert clean.has_visible_text(text) is visible


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Diffusion models", None),
        ("\u202eRed", ("\u202e", "a bidirectional control")),
        ("Red\u001b[31m", ("\u001b", "a control character")),
        ("a\tb", ("\t", "a control character")),
        ("a\u2028b", ("\u2028", "a line break")),
        ("a\u200fb", ("\u200f", "a bidirectional control")),
        ("Hangul\u3164filler", ("\u3164", "an invisible formatting character")),
        ("soft\u00adhyphen", ("\u00ad", "an invisible formatting character")),
        ("non\ufdd0character", ("\ufdd0", "an invisible formatting character")),
        ("\U0001f469\u200d\U0001f52c and \u0645\u06cc\u200c\u0634\u0648\u062f", None),  # joiners are text
    ],
)
def test_hidden_character_names_what_draws_nothing_or_steers_the_text(text, expected):
    assert clean.hidden_character(text) == expected
