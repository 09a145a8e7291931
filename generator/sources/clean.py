"""Make source text safe to show: one cleaning path for every digest, whatever its encoding.

`clean_text` repairs a whole file's text (line endings, mojibake, terminal escapes, control and
invisible characters); `clean_field` finishes one title or abstract (simple TeX math read as a
reader would, bidirectional controls balanced); `balance_bidi` is for anyone who cuts text short
(a first sentence, a meta description), so that a cut cannot leave an override open.
Every function here runs in time linear in its input.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import ftfy
from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latex2text import get_default_latex_context_db as text_context_db
from pylatexenc.latexwalker import LatexWalker, LatexWalkerError, get_default_latex_context_db

# Terminal escape sequences, ECMA-48 (ISO/IEC 6429) section 5.4, in their 7-bit form: CSI, then
# control strings (OSC, DCS, SOS, PM, APC up to their terminator: a terminal hyperlink keeps its
# text), then any other escape. String bodies are bounded, so an unterminated one costs little;
# the 8-bit forms are left to the control-character pass, which drops the C1 character alone.
TERMINAL_ESCAPE = re.compile(
    r"\x1b\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"
    r"|\x1b[\]PX^_][^\x07\x1b]{0,4096}(?:\x07|\x1b\\)"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]"
)
MAX_TITLE = 4_000  # characters of a cleaned title (title_fault): ten times arXiv's longest
# Characters that end a line in Unicode (UAX #14, and the Unicode Standard 5.8 "Newline Guidelines")
# besides CR and LF: each becomes U+2028 LINE SEPARATOR, and U+2029 PARAGRAPH SEPARATOR stays, so
# that "\n" alone counts lines, as git, grep and editors number them in `path:line` messages.
LINE_SEPARATOR = "\u2028"
PARAGRAPH_SEPARATOR = "\u2029"
LINE_BREAKS = str.maketrans(dict.fromkeys("\x0b\x0c\x1c\x1d\x1e\x85", LINE_SEPARATOR))
# Dropped: C0 and C1 controls but tab and newline, DEL; zero-width space, word joiner, byte-order
# mark, soft hyphen; deprecated format characters and interlinear annotation marks; the 66
# noncharacters (U+FDD0 to U+FDEF and the last two of each plane: Unicode 3.4, "for internal use",
# never text; HTML calls them a parse error, XML forbids U+FFFE and U+FFFF, so the page and its
# feed would disagree). Kept: the zero-width joiner and non-joiner, which are part of the text
# (emoji sequences, Persian spelling).
DROPPED = dict.fromkeys(
    [
        *range(0x00, 0x09),
        *range(0x0E, 0x20),
        0x0B,
        0x0C,
        *range(0x7F, 0xA0),
        0x200B,
        0x2060,
        0xFEFF,
        0x00AD,
        *range(0x206A, 0x2070),
        *range(0xFFF9, 0xFFFC),
        *range(0xFDD0, 0xFDF0),
        *(plane + end for plane in range(0, 0x110000, 0x10000) for end in (0xFFFE, 0xFFFF)),
    ],
    None,
)
# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt; the regex module's
# \p{Default_Ignorable_Code_Point}, which a test compares): characters a font draws as nothing
# (zero-width spaces and joiners, bidirectional and other format controls, the soft hyphen, the
# combining grapheme joiner, Hangul fillers, variation selectors, tag characters). A `re` class,
# for the speed of the patterns it joins (links.NOT_URL).
DEFAULT_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
# Drawn as nothing, though not default-ignorable: the braille pattern blank (a symbol).
BLANK_SIGNS = frozenset("\u2800")
# Mojibake-looking characters: C1 controls, and a UTF-8 lead byte read as Latin-1 or Windows-1252
# followed by a continuation byte read the same way. ftfy spends ~40 µs on each it looks at; past
# this many in one file (never in a real copy of a page) the file is not run through it.
MOJIBAKE_LIKE = re.compile(
    "[\x80-\x9f]|[\xc2-\xf4][\x80-\xbf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6"
    "\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc"
    "\u2122\u0161\u203a\u0153\u017e\u0178]"
)
MOJIBAKE_BUDGET = 20_000

# Bidirectional formatting characters (UAX #9, section 2): embeddings and overrides end at PDF,
# isolates at PDI.
EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")  # LRE, RLE, LRO, RLO
PDF = "\u202c"
ISOLATES = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI
PDI = "\u2069"
BIDI = (*EMBEDDINGS, *ISOLATES, PDF, PDI)

# TeX math between dollars, by Pandoc's rule (pandoc.org/MANUAL.html, "Math"): the opening $ has
# a non-space to its right, the closing $ a non-space to its left and no digit after it, so
# "$20,000 and $30,000" is not math ("$\\sim$50%", with a macro inside, is). Spans are bounded:
# longer ones are not "simple".
TEX_MATH = re.compile(r"(?<![\\$])\$([^\s$](?:[^$]{0,198}[^\s$\\])?)\$")
TEX_MACRO = re.compile(r"\\([A-Za-z]+|.)")
TEX_UNSIMPLE = re.compile(r"[&%#]|\\\\|(?<!\\)~")  # alignment, comments, parameters, line breaks
TEX_SPANS_PER_FILE = 2_000  # pylatexenc takes ~0.3 ms a span; a hostile file cannot make this slow
_LATEX_CONTEXT = get_default_latex_context_db()  # how macros take arguments
_TEXT_CONTEXT = text_context_db()  # what text each macro stands for
_LATEX_TO_TEXT = LatexNodes2Text(math_mode="text", strict_latex_spaces="based-on-source")


@dataclass
class TexBudget:
    """How many TeX math spans one file may still have read (a per-file bound on the work)."""

    left: int = TEX_SPANS_PER_FILE
    skipped: int = 0


def clean_text(text: str) -> tuple[str, bool]:
    """Repair a decoded file's text; return it and whether mojibake repair was skipped.

    CR LF and CR become "\\n", other line breaks U+2028 (see LINE_BREAKS); mojibake is mended by
    ftfy (only non-ASCII text can hold it); terminal escape sequences, control characters (but tab
    and newline) and invisible characters are dropped from all text alike; the result is NFC.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    skipped = False
    if not text.isascii():
        if sum(1 for _ in MOJIBAKE_LIKE.finditer(text)) <= MOJIBAKE_BUDGET:
            text = ftfy.fix_text(
                text,
                unescape_html=False,
                remove_terminal_escapes=False,
                fix_latin_ligatures=True,
                fix_character_width=False,
                uncurl_quotes=False,
                fix_line_breaks=False,
                remove_control_chars=False,
                normalization=None,
            )
        else:
            skipped = True
    text = TERMINAL_ESCAPE.sub("", text)
    text = text.translate(LINE_BREAKS).translate(DROPPED)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text, skipped


def ascii_digits(text: str) -> str:
    """Write the decimal digits of any script in ASCII (`٢٤٠٣` and `２４０３` are `2403`), and nothing else.

    For numbers read from the data (an arXiv id, a date in a file name), whose patterns are ASCII.
    Decimal digits only (Unicode's Nd): NFKC would also read a superscript `²` as `2`.
    """
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def balance_bidi(text: str) -> str:
    """Drop bidirectional controls that are not closed within the text, and closers never opened.

    An embedding or override (LRE, RLE, LRO, RLO) pairs with the next PDF inside the same isolate;
    an isolate (LRI, RLI, FSI) with its PDI, which also ends embeddings left open inside it (UAX #9,
    rules X6a and X7). What stays then cannot reorder any text around the returned string. Call it
    again after cutting text short.
    """
    if not any(char in text for char in BIDI):  # nine substring scans beat one regex scan
        return text
    stack: list[tuple[bool, int]] = []  # (is_isolate, index) of open initiators
    isolates = 0
    drop: set[int] = set()
    for index, char in enumerate(text):
        if char in EMBEDDINGS:
            stack.append((False, index))
        elif char in ISOLATES:
            stack.append((True, index))
            isolates += 1
        elif char == PDF:
            if stack and not stack[-1][0]:
                stack.pop()
            else:
                drop.add(index)
        elif char == PDI:
            if isolates:
                while not stack.pop()[0]:
                    pass
                isolates -= 1
            else:
                drop.add(index)
    drop.update(index for _, index in stack)
    return _without(text, drop) if drop else text


def _without(text: str, drop: set[int]) -> str:
    """Return text without the characters at drop, and without the space one of them leaves
    doubled, leading or trailing ("A \u202e B" is "A B", not "A  B")."""
    kept: list[str] = []
    dropped = False  # whether the characters just before were dropped
    for index, char in enumerate(text):
        if index in drop:
            dropped = True
            continue
        if dropped and char == " " and (not kept or kept[-1] == " "):
            continue
        dropped = False
        kept.append(char)
    while dropped and kept and kept[-1] == " ":
        kept.pop()
    return "".join(kept)


@functools.lru_cache(maxsize=4096)
def _math_to_text(tex: str) -> str | None:
    """Read one simple TeX math span as text with pylatexenc, or None when it is not simple."""
    if TEX_UNSIMPLE.search(tex) or tex.count("{") != tex.count("}"):
        return None
    for name in TEX_MACRO.findall(tex):
        if name.isalpha() and _TEXT_CONTEXT.get_macro_spec(name) is None:
            return None  # an unknown macro: pylatexenc would drop it silently
    try:
        nodes, _, _ = LatexWalker(tex, latex_context=_LATEX_CONTEXT, tolerant_parsing=False).get_latex_nodes()
        text = _LATEX_TO_TEXT.nodelist_to_text(nodes)
    except (LatexWalkerError, IndexError, ValueError):
        return None
    text = " ".join(text.split())
    return text or None


def read_tex_math(text: str, budget: TexBudget) -> str:
    """Replace each simple `$...$` span by the text a reader sees (`$\\pi$-GAN` -> `π-GAN`)."""
    if "$" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        if text[match.end() : match.end() + 1].isdigit() and "\\" not in match.group(1):
            return match.group(0)  # a price such as "$5-$10"
        if budget.left <= 0:
            budget.skipped += 1
            return match.group(0)
        budget.left -= 1
        return _math_to_text(match.group(1)) or match.group(0)

    return TEX_MATH.sub(replace, text)


def has_visible_text(text: str) -> bool:
    """Tell whether text shows anything: a letter, digit, punctuation or symbol that is drawn (not a
    space, a control, a default-ignorable character such as a Hangul filler, or a braille blank).

    The one test of a title, a name or a list title standing for itself."""
    return any(
        unicodedata.category(char)[0] in "LNPS" and char not in BLANK_SIGNS and not DEFAULT_IGNORABLE.match(char)
        for char in text
    )


# Kinds of hidden character, as hidden_character names them.
JOINERS = frozenset("\u200c\u200d")  # the zero-width non-joiner and joiner: part of the text (emoji, Persian)


def hidden_character(text: str) -> tuple[str, str] | None:
    """Return the first character of text that draws nothing or steers the text, and what it is
    ("a control character", "a line break", "a bidirectional control", "an invisible formatting
    character"), or None.

    For a name that must stand as written (a topic's): controls (tab and newline too, and line and
    paragraph separators), bidirectional controls, other default-ignorable and format characters
    and noncharacters; the zero-width joiner and non-joiner are part of the text and pass."""
    for char in text:
        if char in JOINERS:
            continue
        category = unicodedata.category(char)
        if category in ("Zl", "Zp"):
            return char, "a line break"
        if category == "Cc":
            return char, "a control character"
        if char in BIDI or char in "\u200e\u200f\u061c":
            return char, "a bidirectional control"
        if category in ("Cf", "Cs") or DEFAULT_IGNORABLE.match(char) or ord(char) in DROPPED:
            return char, "an invisible formatting character"
    return None


def is_spaced(text: str) -> bool:
    """Tell whether text already has single spaces only (" ".join(text.split()) would keep it)."""
    # isprintable() is false for every space but " " (and for line breaks and format characters).
    return "  " not in text and text[:1] != " " and text[-1:] != " " and text.isprintable()


def title_fault(title: str) -> str | None:
    """Say why a cleaned title cannot be one (longer than MAX_TITLE characters), or None.

    A bad paste (a minified page, a whole abstract on one line) would otherwise become a paper
    whose title stays in data/published.tsv for good; arXiv's longest titles are about 400 characters.
    """
    if len(title) <= MAX_TITLE:
        return None
    return (
        f"the title is {len(title):,} characters long, more than a title's {MAX_TITLE:,}: "
        "a pasted page or an abstract where a title belongs?"
    )


def clean_field(text: str, budget: TexBudget) -> str:
    """Finish one title or abstract: single spaces, TeX math read, bidi controls balanced."""
    if not is_spaced(text):
        text = " ".join(text.split())
    return balance_bidi(read_tex_math(text, budget))


def _invisible(char: str) -> bool:
    return not char.isprintable() or char in BLANK_SIGNS or DEFAULT_IGNORABLE.match(char) is not None


def _escape(char: str) -> str:
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


def escaped(text: str) -> str:
    """Text as a message quotes it: what draws nothing or moves the cursor (controls, terminal
    escapes' ESC, default-ignorable characters, the braille blank) written as `\\u....` escapes."""
    return "".join(_escape(c) if _invisible(c) else c for c in text)
