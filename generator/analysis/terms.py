"""Turn titles, abstracts and keywords into term counts: the words the related papers stage weighs.

Words are Unicode letters and digits, case folded; a hyphenated compound is one word
("test-time" is "testtime", never "test" and "time"), and a compound written with a space in
other papers ("test time") is the same term. A run of Chinese or Japanese characters becomes its
character bigrams ("数据集" -> "数据", "据集"), the usual way to index text without spaces. Terms
are the words and the bigrams of adjacent words; a stop word, a number or punctuation ends a
bigram. Stop words are scikit-learn's English list with the boilerplate of abstracts
(stop_words.STOP_WORDS), plus, for a paper written in another language, that language's list
from stopwords-iso (the language is the one whose stop words the paper uses most, English unless
another one clearly wins); CJK bigrams made of a stop character or of kana alone are dropped.

For every word the index also remembers whether a paper uses it as a head: not directly
followed by another word, as "pruning" in "magnitude pruning" or "hand" in "on the other
hand", but not "adverse" in "adverse weather" (related.py uses this to tell senses apart), and
how the papers spell each term, for showing it (`Terms.spell`).

The weighting is scikit-learn's TfidfTransformer(sublinear_tf=True): smooth idf, 1 + ln(tf),
L2-normalised rows; it is written out in scipy because importing scikit-learn alone takes about
a second of every build, and tests/test_terms.py checks the two agree. Asked to, tfidf saturates
the counts instead, as BM25 does (related.py does).
"""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import regex
import scipy.sparse as sp
import stopwordsiso

from .stop_words import ENGLISH_STOP_WORDS, STOP_WORDS

MAX_DF = 0.25  # a term in more papers than this share is boilerplate ("propose", "model")
DETECT_BELOW = 0.2  # a text whose words are fewer than this share English stop words may be in another language
MIN_LANGUAGE_HITS = 3  # stop words of another language a paper needs before that language is its own

_URL = re.compile(r"(?:https?://|www\.)\S+")
_ASCII_TOKEN = re.compile(r"[a-zA-Z0-9]+(?:-[a-zA-Z0-9]+)*|[.!?]|[,;:()\[\]{}\"]")
_CJK = r"\p{Han}\p{Hiragana}\p{Katakana}\u30fc"
_LETTERS = rf"[[\p{{L}}\p{{N}}\p{{M}}]--[{_CJK}]]"
_TOKEN = regex.compile(
    rf"[{_CJK}]+|{_LETTERS}+(?:[-\u2010\u2011]{_LETTERS}+)*|[.!?。！？]|[,;:()\[\]{{}}\"“”«»，、；：（）《》「」—–]",
    regex.V1,
)
_HAS_CJK = regex.compile(rf"[{_CJK}]")
_KANA = regex.compile(r"^[\p{Hiragana}\u30fc]+$")
_SENTENCE_END = frozenset(".!?。！？")

# What a token is: punctuation that ends a sentence, other punctuation, a stop word or number,
# a word (joins bigrams), a CJK bigram (a term of its own, joins nothing).
END, PUNCT, STOP, WORD, CJK = range(5)


def singular(word: str) -> str:
    """Return a word's singular by the common English plural endings ("domains", "libraries", "GANs");
    a word whose singular would be a stop word stays as it is ("news")."""
    if len(word) < 4 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        one = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "ches", "shes")):
        one = word[:-2]
    else:
        one = word[:-1]
    return word if one in STOP_WORDS else one


def _keep(word: str) -> bool:
    """Tell whether a word can be a term: two characters or more, not a number, not a stop word."""
    return len(word) > 1 and word not in STOP_WORDS and not word.isdigit()


@cache
def _other_languages() -> tuple[tuple[str, ...], dict[str, int]]:
    """Return the stopwords-iso languages but English, and word -> bit mask of those listing it."""
    codes = tuple(sorted(stopwordsiso.langs() - {"en"}))
    masks: dict[str, int] = defaultdict(int)
    for bit, code in enumerate(codes):
        for word in stopwordsiso.stopwords(code):
            masks[word.lower()] |= 1 << bit
    return codes, dict(masks)


@cache
def _cjk_stop() -> tuple[frozenset[str], frozenset[str]]:
    """Return the Chinese and Japanese stop words, and the single characters among them."""
    words = frozenset(w for w in stopwordsiso.stopwords(["zh", "ja"]) if _HAS_CJK.search(w))
    return words, frozenset(w for w in words if len(w) == 1)


def cased(surface: str) -> bool:
    """Tell whether a spelling carries its case: a capital after the first letter of a part (TTA, DataComp, 3D)."""
    return any(any(c.isupper() for c in part[1:]) for part in re.split(r"[-\u2010\u2011]", surface))


def is_cjk(term: str) -> bool:
    """Tell whether a term is Chinese or Japanese (a character bigram)."""
    return bool(_HAS_CJK.match(term))


def _split_cjk(tokens: list[str]) -> list[str]:
    """Replace each run of CJK characters by its character bigrams (a single character stays)."""
    out: list[str] = []
    for token in tokens:
        if _HAS_CJK.match(token) and len(token) > 1:
            out += [token[i : i + 2] for i in range(len(token) - 1)]
        else:
            out.append(token)
    return out


@dataclass(frozen=True)
class Terms:
    """The term index of a corpus of papers (see the module docstring).

    counts: one papers x terms matrix of term counts per field, in the order given;
    names: each term's key ("diffusion", "testtime", "testtime adaptation");
    heads: papers x terms, 1 where the paper uses the word as a head (words only);
    languages: each paper's stop-word language ("en", "es", ...).
    """

    counts: tuple[sp.csr_matrix, ...]
    names: tuple[str, ...]
    heads: sp.csr_matrix
    languages: tuple[str, ...]
    _surfaces: tuple[str, ...]
    _tokens: np.ndarray  # surface id per token, all texts one after another
    _starts: np.ndarray  # first token of each text, and the end
    _at: np.ndarray  # first token of each term occurrence
    _term: np.ndarray  # term of each occurrence
    _span: np.ndarray  # tokens of each occurrence (1, or 2 for a bigram)

    @property
    def words(self) -> int:
        """Return how many terms are words (the others, after them, are bigrams)."""
        return int(self.heads.shape[1])

    def spell(self, terms: Iterable[int]) -> dict[int, str]:
        """Return how the given terms are shown: the spelling most papers use.

        Each paper votes once, for the spelling it uses most; a title word or the first word of
        a sentence votes only if its case says something (all lower case, or "TTA", "DataComp").
        A tie goes to the capitalised spelling when most votes are capitalised, then to the
        first in code-point order. A term no paper spells in a voting place is shown in lower case.
        """
        wanted = np.zeros(len(self.names), dtype=bool)
        wanted[list(terms)] = True
        chosen = np.flatnonzero(wanted[self._term])
        shown: dict[int, str] = {}
        if not len(chosen):
            return shown
        at, term, span = self._at[chosen], self._term[chosen], self._span[chosen]
        n_surfaces = len(self._surfaces)
        first = self._tokens[at].astype(np.int64)
        second = np.where(span == 2, self._tokens[np.minimum(at + 1, len(self._tokens) - 1)], -1).astype(np.int64)
        form = np.where(span == 2, n_surfaces + first * n_surfaces + second, first)
        text = np.searchsorted(self._starts, at, side="right") - 1
        voting = self._votes(at, text, first)
        papers = (len(self._starts) - 1) // len(self.counts)
        paper = text % papers
        every = form
        term, paper, form = term[voting], paper[voting], form[voting]
        # The spelling each paper uses most (ties to the lower form id, then by string below).
        keys, uses = np.unique(np.stack([term, paper, form]), axis=1, return_counts=True)
        order = np.lexsort((keys[2], -uses, keys[1], keys[0]))
        keys = keys[:, order]
        firsts = np.flatnonzero(np.diff(keys[0] * (papers + 1) + keys[1], prepend=-1) != 0)
        votes: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        for t, f in zip(keys[0, firsts].tolist(), keys[2, firsts].tolist(), strict=True):
            votes[t][f] += 1
        for t, forms in votes.items():
            spelled = {self._form(f): v for f, v in forms.items()}
            capital = sum(v for s, v in spelled.items() if s != s.lower())
            prefer_capital = 2 * capital > sum(spelled.values())
            shown[t] = min(spelled, key=lambda s: (-spelled[s], (s == s.lower()) == prefer_capital, s))
        # A term only ever written where case says nothing (a title): its first spelling, in lower case.
        for t, f in zip(self._term[chosen].tolist(), every.tolist(), strict=True):
            if t not in shown:
                shown[t] = self._form(f).lower()
        return shown

    def next_words(self, terms: Iterable[int]) -> dict[tuple[int, int], tuple[str, str]]:
        """Return, per (bigram term, paper), the word that follows each of the paper's uses of the
        term in its abstract (in its title if the abstract has none), as (its key, its first
        spelling there): "source-free domain" -> ("adaptation", "adaptation"). A pair is left out
        where another word, a stop word, punctuation or the text's end follows one use."""
        wanted = np.zeros(len(self.names), dtype=bool)
        wanted[list(terms)] = True
        chosen = np.flatnonzero(wanted[self._term] & (self._span == 2))
        found: dict[tuple[int, int], tuple[str, str]] = {}
        if not len(chosen):
            return found
        # The word at each position that holds one (the first occurrence listed there: the word's
        # own, before a compound starting at it).
        single = np.flatnonzero(self._span == 1)
        positions, first = np.unique(self._at[single], return_index=True)
        words = self._term[single[first]]
        at, term = self._at[chosen], self._term[chosen]
        text = np.searchsorted(self._starts, at, side="right") - 1
        after = at + 2
        slot = np.minimum(np.searchsorted(positions, after), len(positions) - 1)
        follows = (positions[slot] == after) & (after < self._starts[text + 1])
        papers = (len(self._starts) - 1) // len(self.counts)
        # Abstract (field 1) uses first, then the title's, each in order: the spelling kept is the first.
        order = np.lexsort((at, text // papers != 1))
        seen: dict[tuple[int, int], tuple[str, str] | None] = {}
        abstract: set[tuple[int, int]] = set()  # the pairs with a use in the abstract: their titles are not read
        for i in order.tolist():
            key = (int(term[i]), int(text[i] % papers))
            if text[i] // papers == 1:
                abstract.add(key)
            elif key in abstract:
                continue
            if key in seen and seen[key] is None:
                continue
            if not follows[i]:
                seen[key] = None
                continue
            word = self.names[int(words[slot[i]])]
            if key in seen and seen[key][0] != word:  # type: ignore[index]
                seen[key] = None
            elif key not in seen:
                seen[key] = (word, self._surfaces[int(self._tokens[after[i]])])
        return {key: value for key, value in seen.items() if value is not None}

    def _votes(self, at: np.ndarray, text: np.ndarray, first: np.ndarray) -> np.ndarray:
        """Tell which occurrences vote on spelling: not a title or keyword, not a sentence's first word, or cased."""
        papers = (len(self._starts) - 1) // len(self.counts)
        body = text // papers == 1  # field 1 is the abstract
        ends = np.array([i for i, s in enumerate(self._surfaces) if s in _SENTENCE_END], dtype=np.int64)
        opening = (at == self._starts[text]) | np.isin(self._tokens[np.maximum(at - 1, 0)], ends)
        surfaces = np.array([s == s.lower() or cased(s) for s in self._surfaces], dtype=bool)
        return (body & ~opening) | surfaces[first]

    def _form(self, form: int) -> str:
        n = len(self._surfaces)
        if form < n:
            return self._surfaces[form]
        a, b = divmod(form - n, n)
        return f"{self._surfaces[a]} {self._surfaces[b]}"


def index(fields: Sequence[Sequence[str]]) -> Terms:
    """Index the texts of papers, one sequence per field (titles, abstracts, ...), each in paper order."""
    papers = len(fields[0]) if fields else 0
    surface_id: defaultdict[str, int] = defaultdict()
    surface_id.default_factory = surface_id.__len__
    tokens = array("i")
    starts = [0]
    for field in fields:
        for text in field:
            text = _URL.sub(" ", text.replace("\u2019s ", " ").replace("'s ", " "))
            found = _ASCII_TOKEN.findall(text) if text.isascii() else _TOKEN.findall(text)
            if not text.isascii() and _HAS_CJK.search(text):
                found = _split_cjk(found)
            tokens.extend(map(surface_id.__getitem__, found))
            starts.append(len(tokens))
    surfaces = tuple(surface_id)
    tok = np.frombuffer(tokens, dtype=np.int32) if len(tokens) else np.zeros(0, dtype=np.int32)
    start = np.array(starts, dtype=np.int64)
    kind, word, mask, keys, compounds = _describe(surfaces)
    text_of = np.repeat(np.arange(len(start) - 1), np.diff(start))
    paper_of = text_of % papers if papers else text_of
    languages, bits = _languages(tok, paper_of, papers, surfaces, mask)
    k = kind[tok]
    content = ((k == WORD) | (k == CJK)) & ((mask[tok] & bits[paper_of]) == 0)
    joins = content & (k == WORD)
    last = np.zeros(len(tok), dtype=bool)
    last[start[1:][start[1:] > start[:-1]] - 1] = True  # the last token of every non-empty text
    pair = joins & ~last & np.append(joins[1:], False)  # token i and i + 1 make a bigram
    head = content & ~pair
    w = word[tok]
    n_words = len(keys)
    # Bigrams: word pairs, except a pair other papers write as one compound ("test time").
    at2 = np.flatnonzero(pair)
    code = w[at2].astype(np.int64) * n_words + w[at2 + 1]
    joined = np.array(sorted(compounds), dtype=np.int64) if compounds else np.zeros(0, dtype=np.int64)
    as_word = np.isin(code, joined)
    bigram_codes, bigram = np.unique(code[~as_word], return_inverse=True)
    target = {c: compounds[c] for c in code[as_word].tolist()} if as_word.any() else {}
    at1 = np.flatnonzero(content)
    occ_at = np.concatenate([at1, at2[as_word], at2[~as_word]])
    occ_term = np.concatenate(
        [w[at1], np.array([target[c] for c in code[as_word].tolist()], dtype=np.int64), n_words + bigram]
    ).astype(np.int64)
    occ_span = np.concatenate(
        [np.ones(len(at1) + int(as_word.sum()), np.int8), np.full(int((~as_word).sum()), 2, np.int8)]
    )
    occ_head = np.concatenate([head[at1], head[at2[as_word] + 1], np.zeros(int((~as_word).sum()), bool)])
    names = tuple(keys) + tuple(f"{keys[a]} {keys[b]}" for a, b in (divmod(int(c), n_words) for c in bigram_codes))
    occ_text = text_of[occ_at]
    counts = []
    n_terms = len(names)
    for f in range(len(fields)):
        mine = (occ_text >= f * papers) & (occ_text < (f + 1) * papers)
        rows = occ_text[mine] - f * papers
        m = sp.csr_matrix((np.ones(int(mine.sum())), (rows, occ_term[mine])), shape=(papers, n_terms))
        m.sum_duplicates()
        counts.append(m)
    headed = occ_head & (occ_term < n_words)
    heads = sp.csr_matrix(
        (np.ones(int(headed.sum())), (paper_of[occ_at[headed]], occ_term[headed])), shape=(papers, n_words)
    )
    heads.sum_duplicates()
    heads.data[:] = 1.0
    return Terms(
        tuple(counts),
        names,
        heads,
        languages,
        surfaces,
        tok,
        start,
        occ_at.astype(np.int64),
        occ_term,
        occ_span,
    )


def _describe(surfaces: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str], dict[int, int]]:
    """Return, per surface, its kind, word id (-1 for none) and other-language stop-word mask;
    the words' keys; and the compounds: word pair code -> word id ("test", "time" -> "testtime")."""
    _, masks = _other_languages()
    cjk_words, cjk_chars = _cjk_stop()
    kind = np.empty(len(surfaces), dtype=np.int8)
    word = np.full(len(surfaces), -1, dtype=np.int64)
    mask = np.zeros(len(surfaces), dtype=np.int64)
    ids: defaultdict[str, int] = defaultdict()
    ids.default_factory = ids.__len__
    parts_of: list[tuple[str, str]] = []
    for i, surface in enumerate(surfaces):
        if surface in _SENTENCE_END:
            kind[i] = END
            continue
        lower = surface.lower()
        if _HAS_CJK.match(surface):
            cjk_stop = lower in cjk_words or any(c in cjk_chars for c in lower) or _KANA.match(lower)
            kind[i] = STOP if cjk_stop or len(lower) < 2 else CJK
            if kind[i] == CJK:
                word[i] = ids[lower]
            continue
        if not (lower[0].isalnum() or lower[0] == "_"):
            kind[i] = PUNCT
            continue
        parts = re.split(r"[-\u2010\u2011]", lower)
        parts[-1] = singular(parts[-1])
        key = "".join(parts)
        if len(parts) > 1:
            keep = _keep(key) and any(_keep(p) for p in parts)
            if keep and len(parts) == 2 and all(parts):
                parts_of.append((key, f"{parts[0]}\x00{parts[1]}"))
        else:
            keep = _keep(key) and _keep(lower)
            mask[i] = masks.get(lower, 0)
        kind[i] = WORD if keep else STOP
        if keep:
            word[i] = ids[key]
    keys = list(ids)
    n = len(keys)
    compounds = {}
    for key, both in parts_of:
        a, b = both.split("\x00")
        if a in ids and b in ids:  # both halves are words somewhere: "test time" can be the compound
            compounds[ids[a] * n + ids[b]] = ids[key]
    return kind, word, mask, keys, compounds


def _languages(
    tok: np.ndarray, paper_of: np.ndarray, papers: int, surfaces: Sequence[str], mask: np.ndarray
) -> tuple[tuple[str, ...], np.ndarray]:
    """Return each paper's stop-word language and the bit of its stop list in the masks (0 for English)."""
    codes, _ = _other_languages()
    english = np.array([s.lower() in ENGLISH_STOP_WORDS for s in surfaces], dtype=bool)
    wordlike = np.array([s[:1].isalnum() for s in surfaces], dtype=bool)
    total = np.bincount(paper_of, weights=wordlike[tok], minlength=papers)
    hits = np.bincount(paper_of, weights=english[tok], minlength=papers)
    languages = ["en"] * papers
    bits = np.zeros(papers, dtype=np.int64)
    for p in np.flatnonzero(hits < DETECT_BELOW * np.maximum(total, 1)):
        mine = mask[tok[paper_of == p]]
        mine = mine[mine != 0]
        if not len(mine):
            continue
        counts = [int(np.count_nonzero(mine & (1 << b))) for b in range(len(codes))]
        best = max(range(len(codes)), key=lambda b: (counts[b], -b))
        if counts[best] >= MIN_LANGUAGE_HITS and counts[best] > hits[p]:
            languages[p], bits[p] = codes[best], 1 << best
    return tuple(languages), bits


def contains(sorted_codes: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Tell, per value, whether it is in sorted_codes (sorted): np.isin without re-hashing the
    large side on every call."""
    if not len(sorted_codes):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_codes, values), len(sorted_codes) - 1)
    return sorted_codes[at] == values


def cells(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    """Return a matrix of this shape with 1 at each (row, column) given, 0 elsewhere (indices sorted)."""
    matrix = sp.csr_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=shape)
    matrix.sum_duplicates()  # sorts each row's columns too
    matrix.data[:] = 1
    return matrix


def marked(matrix: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Tell, per (row, column) pair, whether matrix (made by cells) holds a 1 there: a binary search
    in the row's few columns, several times quicker than contains() over every row's codes at once
    (10 s of the related stage at 50,000 papers)."""
    if not len(rows):
        return np.zeros(0, dtype=bool)
    return np.asarray(matrix[rows, cols]).ravel() != 0


def min_df(papers: int) -> int:
    """Return how many papers must use a term for it to count, growing with the corpus."""
    return max(2, min(5, papers // 10_000))


def smooth_idf(counts: sp.csr_matrix) -> np.ndarray:
    """Return ln((1 + n) / (1 + df)) + 1 per column."""
    n = counts.shape[0]
    df = np.bincount(sp.csr_matrix(counts).indices, minlength=counts.shape[1])
    return np.log((1 + n) / (1 + df)) + 1.0


def l2_rows(matrix: sp.spmatrix) -> sp.csr_matrix:
    """Scale every row to unit length; empty rows stay empty."""
    m = sp.csr_matrix(matrix, dtype=np.float64)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ m)


def tfidf(counts: sp.csr_matrix, idf: np.ndarray, normalise: bool = True, saturation: float = 0.0) -> sp.csr_matrix:
    """Weigh counts by 1 + ln(tf) and idf, then (unless told not to) normalise the rows.

    With saturation k > 0, tf counts (k + 1) tf / (tf + k) instead, BM25's term frequency
    (Robertson & Zaragoza 2009): 1 for one use as before, but never more than k + 1."""
    m = sp.csr_matrix(counts, dtype=np.float64, copy=True)
    m.eliminate_zeros()
    m.data = (saturation + 1) * m.data / (m.data + saturation) if saturation > 0 else 1.0 + np.log(m.data)
    m = sp.csr_matrix(m @ sp.diags(idf))
    return l2_rows(m) if normalise else m
