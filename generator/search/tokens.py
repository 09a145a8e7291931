"""Text to search terms: lunr's tokenizer and pipeline, with Unicode words and CJK bigrams.

The browser does exactly the same (overrides/assets/javascripts/search/worker.js, `tokens` and
`pipeline`); tests/test_search_worker.py runs both on the same text.

1. The text is put in Unicode NFC, so a composed and a decomposed "é" are one letter, and loses
   its soft hyphens (U+00AD, a hint where a line may break: `pre\\u00adtraining` is pretraining).
   The Unicode hyphens (U+2010, U+2011) are separators, as the ASCII hyphen is.
2. It is split at the `separator` of Material's search plugin (mkdocs.yml), a JavaScript regular
   expression with the `u` flag, which Python reads with the `regex` package (same syntax for
   `\\p{...}` classes and look-behind). The site's separator keeps letters, marks, digits and a
   decimal point, so `#HashBench:`, `<epigraf>`, `EpiGRAF™` and `epigraf†` all give one word.
3. Zero-width (non-)joiners stay in the text but not in terms: `می‌خواهم` with or without its
   ZWNJ is one word, and `中\u200d文` is `中文` (its bigram), in Python and JavaScript alike; a
   joiner between emoji (`👩\u200d💻`) is between separators and makes no word.
   An apostrophe between two letters or digits joins them, the straight `'`, the typographic `’`
   (U+2019) and the modifier letter `ʼ` (U+02BC) alike (the separator keeps `'` and `’` inside a
   word, and the word loses them): `don't` is `dont`, `Let's` is `lets`, `LLaMA’s` is `llamas`,
   `O'Brien` is `obrien`; an apostrophe at a word's edge (`'quoted'`, `students'`) is a separator.
   Possessives: the index keeps the word as written, apostrophe joined (`llamas`): dropping a
   final `'s` would make `let's` `let`, a stop word, and `it's` `it`. The site's pipeline has no
   stemmer, and prefix matching completes `llama` to `llamas` but never the other way round, so a
   query word written with `'s` (query.py, POSSESSIVE) also stands for the word without it,
   counting as much as the word itself: `LLaMA's` finds the papers on LLaMA, those writing
   LLaMA's among them (`let's` stands for `let` too, which the stop word filter drops).
4. Words are lowercased, as lunr does, and Latin letters are folded as an author's identity
   folds them (generator/papers/authors.py, `author_key`): they lose their accents (`García` and
   `garcia`, `Núñez` and `nunez` are one word), and the letters of names.fold_table() that
   text_unidecode spells with other letters or digits are replaced by them (`Łukasz` and
   `lukasz`, `Weiß` and `weiss`, `Søren` and `soren`, `Ærø` and `aero`, `Þór` and `thor`).
   Letters that identity turns into a word break (`ʼ`, `ə`, `ǀ`) stay as they are: a break would
   split one word into two and lose the letter (text_unidecode has no spelling for them), so
   `əliyev` stays one word and finds Əliyev. Combining Latin letters (U+0363 to U+036F) are
   marks, dropped after a Latin letter like any accent. Greek letters lose their marks too, and
   final sigma is sigma, as case folding has it (`λόγος`, `ΛΟΓΟΣ`, `λογος` and `λογοσ` are one
   word). Marks on other scripts' letters are part of the
   letter and stay (`й` is not `и`). Full-width Latin letters and digits, which Chinese and Japanese
   input methods type (`ｄｉｆｆｕｓｉｏｎ`), are the ASCII ones (their NFKC form).
5. Chinese, Japanese and Korean are written without spaces between words, so a run of their
   characters becomes its overlapping character bigrams (as Lucene's CJKBigramFilter does):
   `中文指令微调` gives 中文, 文指, 指令, 令微, 微调, and the query `指令` is one of them. A lone
   CJK character stays one term. Cost: one term per character instead of one per word (about
   1.5 times the postings of an English text of the same length), and no dictionary to ship.
6. An arXiv number with a version (`2403.01234v2`, or the `9901001v1` of `hep-th/9901001v1`) is
   the number: a paper's page is for the paper, not a version, and the index has its id without
   one (`v` alone, a version being typed, goes too).
7. lunr's pipeline, as configured (`stopWordFilter`, `stemmer`, `trimmer`), turns each word into
   its term or drops it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache

import regex
from lunr.stemmer import porter_stemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS

ZERO_WIDTH = ("\u200c", "\u200d")
# Apostrophes inside a word (`don't`, `LLaMA’s`, `letʼs`): the word is joined (as APOSTROPHES in worker.js).
APOSTROPHES = ("'", "\u2019", "\u02bc")
INSIDE_WORDS = ZERO_WIDTH + APOSTROPHES
SOFT_HYPHEN = "\u00ad"  # where a line may break: not in words (`pre\u00adtraining` is pretraining)
# The same ranges as CJK in worker.js: CJK radicals and Kangxi, ideographic iteration and
# number marks, kana, bopomofo, Hangul, CJK ideographs (extensions A to H, compatibility),
# half-width katakana.
CJK = regex.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303c\u3040-\u309f"
    "\u30a0-\u30ff\u3100-\u312f\u3130-\u318f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
    "\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f]+"
)
# JavaScript's \s (white space and line terminators), \d and \w (ASCII even with the u flag).
JS_SPACE = "\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
JS_CLASSES = {"\\s": JS_SPACE, "\\d": "0-9", "\\w": "A-Za-z0-9_"}
TRIM_START = regex.compile(r"^\W+", regex.ASCII)
TRIM_END = regex.compile(r"\W+$", regex.ASCII)
PIPELINE = ("trimmer", "stopWordFilter", "stemmer")  # the order lunr() adds them


@lru_cache(maxsize=64)  # the query parser alone uses about ten patterns a query
def js_regex(pattern: str, ignore_case: bool = False) -> regex.Pattern[str]:
    """Compile a JavaScript regular expression with the `u` flag (and `i`, given ignore_case) so
    that it matches the same.

    `\\s`, `\\d` and `\\w` (and, outside brackets, `\\S`, `\\D`, `\\W`) are spelled out: JavaScript's
    \\s has NBSP and the BOM, its \\d and \\w are ASCII. `\\p{...}` and look-behind mean the same in
    both engines.
    """
    out, in_class, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            pair = pattern[i : i + 2]
            if pair in JS_CLASSES:
                body = JS_CLASSES[pair]
                out.append(body if in_class else f"[{body}]")
            elif pair.lower() in JS_CLASSES and not in_class:  # \S, \D, \W
                out.append(f"[^{JS_CLASSES[pair.lower()]}]")
            else:
                out.append(pair)
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        i += 1
    return regex.compile("".join(out), regex.V0 | (regex.IGNORECASE if ignore_case else 0))


def spans(text: str, separator: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each piece of text between separator matches, empty ones skipped."""
    start = 0
    for match in js_regex(separator).finditer(text):
        if match.start() > start:
            yield start, match.start()
        start = max(match.end(), start)
    if len(text) > start:
        yield start, len(text)


# Combining marks on a Latin or Greek letter, once decomposed (NFD): accents, cedillas, ogoneks,
# the tonos and dialytika (as Lucene's GreekLowerCaseFilter drops them: `λογος` finds Λόγος).
LATIN_MARKS = regex.compile(r"(?<=[\p{Script=Latin}\p{Script=Greek}])\p{M}+")
# Full-width digits and Latin letters (U+FF10 to U+FF5A), as ASCII: what NFKC makes of them; and
# Greek final sigma as sigma (str.casefold's ς -> σ), which lowercasing writes at a word's end
# and a reader may not type.
FULL_WIDTH = {
    code: code - 0xFEE0
    for low, high in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for code in range(low, high + 1)
} | {ord("ς"): ord("σ")}


# An arXiv number (new style, YYMM.NNNN or YYMM.NNNNN; old style, the YYMMNNN after an archive's
# name) and a version after it, as ARXIV_VERSION in worker.js.
ARXIV_VERSION = regex.compile(r"([0-9]{4}\.[0-9]{4,5}|[0-9]{7})v[0-9]*")


def unversioned(word: str) -> str:
    """Return an arXiv number without its version ("2403.01234v2" -> "2403.01234"), any other word as it is."""
    match = ARXIV_VERSION.fullmatch(word) if word[:1].isdigit() else None  # most words are not numbers
    return match.group(1) if match else word


# A letter, and a fold made of letters and digits only (as LETTER and LETTERS in worker.js).
LETTER = regex.compile(r"\p{L}")
LETTERS = regex.compile(r"[\p{L}\p{N}]+")


@cache
def letter_folds() -> dict[int, str]:
    """Return the lower-case text's Latin letters that words spell otherwise, by code point: {ord("ł"): "l", ...}.

    The letters of names.fold_table() (the manifest's `identity.fold`, which the worker reads)
    whose fold is letters and digits only: `ł` -> `l`, `ß` -> `ss`, `ø` -> `o`, `æ` -> `ae`,
    `đ` -> `d`, `þ` -> `th`. Marks and folds with a space (a word break: `ʼ`, `ə`) are left out.
    """
    from .names import fold_table  # names.py imports this module

    return {
        ord(char): folded
        for char, folded in fold_table().items()
        if LETTER.fullmatch(char) and LETTERS.fullmatch(folded)
    }


def fold(text: str) -> str:
    """Return lower-case text with its Latin letters folded ("garcía" -> "garcia", "weiß" -> "weiss"), in NFC.

    Accents go first (NFD, then the marks after a Latin letter), then letter_folds() applies, so
    `ǿ` -> `ø` -> `o`; full-width letters and digits become ASCII (`ｇａｎ` -> `gan`), and `ς` is `σ`.
    """
    if text.isascii():
        return text
    plain = unicodedata.normalize("NFC", LATIN_MARKS.sub("", unicodedata.normalize("NFD", text)))
    return plain.translate(letter_folds()).translate(FULL_WIDTH)


def words(piece: str) -> list[str]:
    """Return the words of one piece between separators (steps 3 to 6 above)."""
    for mark in INSIDE_WORDS:
        piece = piece.replace(mark, "")
    piece = fold(piece.lower())
    if not piece:
        return []
    if piece.isascii():
        return [unversioned(piece)]
    out: list[str] = []
    start = 0
    for run in CJK.finditer(piece):
        if run.start() > start:
            out.append(unversioned(piece[start : run.start()]))
        chars = run.group()
        out.extend([chars] if len(chars) == 1 else [chars[i : i + 2] for i in range(len(chars) - 1)])
        start = run.end()
    if start < len(piece):
        out.append(unversioned(piece[start:]))
    return out


def tokenize(text: str, separator: str) -> list[str]:
    """Return the words of a text, in order (steps 1 to 6 above)."""
    text = unicodedata.normalize("NFC", text).replace(SOFT_HYPHEN, "")
    if text.isascii():  # most texts: words() of each piece comes down to this, a piece at a time
        pieces = (piece.replace("'", "").lower() for piece in js_regex(separator).split(text))
        return [unversioned(piece) for piece in pieces if piece]
    out: list[str] = []
    for start, end in spans(text, separator):
        out += words(text[start:end])
    return out


def make_pipeline(steps: Iterable[str]) -> Callable[[str], str | None]:
    """Return lunr's pipeline for the configured steps: a word to its term, or None if dropped."""
    keep = [step for step in PIPELINE if step in set(steps)]

    @lru_cache(maxsize=1 << 18)
    def run(word: str) -> str | None:
        for step in keep:
            if step == "trimmer":
                word = TRIM_END.sub("", TRIM_START.sub("", word, count=1), count=1)
            elif step == "stopWordFilter":
                if word in STOP_WORDS:
                    return None
            else:
                word = porter_stemmer.stem(word)
        return word or None

    return run


def make_terms(separator: str, steps: Iterable[str]) -> Callable[[str | Iterable[str] | None], list[str]]:
    """Return the function turning a field's value (text or list of texts) into its terms."""
    pipeline = make_pipeline(steps)

    def terms(value: str | Iterable[str] | None) -> list[str]:
        if value is None:
            return []
        out: list[str] = []
        for text in [value] if isinstance(value, str) else value:
            out += [term for term in map(pipeline, tokenize(text, separator)) if term is not None]
        return out

    return terms


def js_order(term: str) -> bytes:
    """Sort key: JavaScript compares strings by UTF-16 code units."""
    return term.encode("utf-16-be", "surrogatepass")
