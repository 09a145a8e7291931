"""Say why two related papers are related, strongest evidence first, as a reader can check it.

The kinds come in this order: the same code repository, shared authors, shared keywords, the
distinctive terms both papers use (the heaviest shared terms, bigrams before the words they
contain, no word shown twice, never a filler word, each spelled as most papers spell it: "TTA",
"Gaussian processes", "domain adaptation"; a bigram with the word both papers always write after
it: "source-free domain adaptation"), then the topics both carry.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from ..models import Paper, Reason, Related
from ..papers.authors import author_key
from .terms import cased, marked

if TYPE_CHECKING:
    from .related import Vectors

MAX_TERMS = 3  # shared terms shown per related paper
MAX_NAMES = 3  # shared authors or keywords shown per related paper
SHOWN_SHARE = 0.2  # a shared term is shown if it weighs this share of the heaviest one
SHOWN_FILLER = 0.8  # ... and its filler scale (related._filler) is at least this: never "employ", "target"
SHOWN_FILLER_PHRASE = 0.5  # ... or this for a bigram ("token merging"), rarely filler ("deep learning" is)

_REPO = re.compile(r"^(?:https?://)?(?:www\.)?([^/\s]+)/([^/\s]+)/([^/\s#?]+)")


def usual_spelling(found: Sequence[Mapping[str, str]]) -> dict[str, str]:
    """Return {key: the spelling most papers use for it}, from each paper's {key: its spelling}."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for spellings in found:
        for key, written in spellings.items():
            votes[key][written] += 1
    return {key: min(count.items(), key=lambda item: (-item[1], item[0]))[0] for key, count in votes.items()}


def code_repository(url: str | None) -> str | None:
    """Return "host/owner/name" of a code repository's URL, in lower case, or None."""
    match = _REPO.match(url.strip()) if url else None
    return "/".join(g.lower() for g in match.groups()).removesuffix(".git") if match else None


class Reasons:
    """Collect listed pairs with their shared terms' products, then build their Related entries."""

    def __init__(
        self, papers: Sequence[Paper], tags: Mapping[str, tuple[str, ...]], names: Mapping[str, str], v: Vectors
    ) -> None:
        self.papers, self.v = papers, v
        self.topics = [tuple(names.get(s, s) for s in tags.get(p.id, ())) for p in papers]
        self.repos = [code_repository(p.code) for p in papers]
        self.authors = [{key: a for a in p.authors if (key := author_key(a))} for p in papers]  # as author pages
        self.keywords = [{re.sub(r"[^a-z0-9]", "", w.lower()): w for w in p.keywords} for p in papers]
        # A shared name or keyword is shown as most papers write it ("Ada Example", not one paper's
        # "ada example"); ties go to the first spelling in sorted order, so the choice is stable.
        self.spelled = {
            kind: usual_spelling(found) for kind, found in (("author", self.authors), ("keyword", self.keywords))
        }
        self.pairs: list[tuple[int, int, float]] = []
        self.candidates: list[list[int]] = []

    def add(self, rows: np.ndarray, cols: np.ndarray, scores: np.ndarray, products: sp.csr_matrix) -> None:
        """Take listed pairs (rows listing cols) and, per pair, its shared terms' products."""
        self.pairs += zip(rows.tolist(), cols.tolist(), scores.tolist(), strict=True)
        n = products.shape[0]
        heavy: list[list[int]] = [[] for _ in range(n)]
        if products.nnz:
            at = np.repeat(np.arange(n), np.diff(products.indptr))
            cols_ = products.indices.astype(np.int64)
            # A term is shown only if it matters to both papers (in the title, or used twice) and
            # is not filler: "half" in "half a point" or "employ" never is a reason. A pair sharing
            # no such term shows the shared terms that are not filler, each used once by a paper
            # ("bandwidth extension"), rather than no reason at all.
            topical = marked(self.v.topical, rows[at], cols_) & marked(self.v.topical, cols[at], cols_)
            filler = self.v.filler[cols_]
            telling = (filler >= SHOWN_FILLER) | (~self.v.is_word[cols_] & (filler >= SHOWN_FILLER_PHRASE))
            eligible = topical & telling
            unexplained = np.bincount(at[eligible], minlength=n) == 0
            eligible |= telling & unexplained[at]
            peak = np.zeros(n)
            np.maximum.at(peak, at[eligible], products.data[eligible])
            shown = eligible & (products.data >= SHOWN_SHARE * peak[at])
            strong = np.flatnonzero(shown)
            order = np.lexsort((cols_[strong], -products.data[strong], at[strong]))
            for row, column in zip(at[strong[order]].tolist(), cols_[strong[order]].tolist(), strict=True):
                if len(heavy[row]) < 3 * MAX_TERMS:
                    heavy[row].append(column)
        self.candidates += heavy

    def related(self) -> dict[int, tuple[Related, ...]]:
        """Return each listing paper's Related entries, in the order the pairs were added; a pair
        with no reason to show (no shared code, author, keyword, topic or telling term) is left out."""
        columns = sorted({c for cs in self.candidates for c in cs})
        spelled = self.v.index.spell(self.v.column_term[columns].tolist()) if columns else {}
        shown = {c: spelled[int(self.v.column_term[c])] for c in columns}
        words = {c: _words(s) for c, s in shown.items()}
        bigrams = [int(self.v.column_term[c]) for c in columns if not self.v.is_word[c]]
        following = self.v.index.next_words(bigrams) if bigrams else {}
        out: dict[int, tuple[Related, ...]] = {}
        for (mine, theirs, score), candidates in zip(self.pairs, self.candidates, strict=True):
            # A term the shared topics already say ("pruning" under "Pruning and sparsity") is not shown twice.
            said = frozenset(w for t in set(self.topics[mine]) & set(self.topics[theirs]) for w in _words(t))
            chosen = _choose([c for c in candidates if not words[c] <= said], words)
            terms = tuple(self._wholes(chosen, shown, words, mine, theirs, following))
            found = self._related(mine, theirs, score, terms)
            if found.reasons:  # a pair with nothing to show a reader is not listed
                out[mine] = (*out.get(mine, ()), found)
        return out

    def _wholes(
        self,
        chosen: Sequence[int],
        shown: Mapping[int, str],
        words: Mapping[int, frozenset[str]],
        mine: int,
        theirs: int,
        following: Mapping[tuple[int, int], tuple[str, str]],
    ) -> list[str]:
        """Show each chosen bigram with the word both papers always write after it ("source-free
        domain" -> "source-free domain adaptation"), not cut off; a chosen word it then says
        ("adaptation") is not shown again, and a word another chosen bigram says is not added.
        The word is spelled as the listing paper first writes it, in lower case unless its case
        says something ("GANs"), or capitalised as the bigram's last word is ("Lottery Ticket Hypothesis")."""
        extended: dict[int, tuple[str, str]] = {}
        for c in chosen:
            term = int(self.v.column_term[c])
            ours, other = following.get((term, mine)), following.get((term, theirs))
            if self.v.is_word[c] or ours is None or other is None or ours[0] != other[0]:
                continue
            key = _words(ours[0])
            if any(key <= words[d] for d in chosen if d != c and not self.v.is_word[d]):
                continue
            written, last = ours[1], shown[c].split(" ")[-1]
            if last[:1].isupper() and not cased(written):
                written = written[:1].upper() + written[1:]
            elif not cased(written):
                written = written.lower()
            extended[c] = (f"{shown[c]} {written}", ours[0])
        said = {_words(key) for _, key in extended.values()}
        return [
            extended[c][0] if c in extended else shown[c]
            for c in chosen
            if c in extended or not (self.v.is_word[c] and words[c] in said)
        ]

    def _related(self, mine: int, theirs: int, score: float, terms: tuple[str, ...]) -> Related:
        common = set(self.topics[theirs])
        topics = tuple(t for t in self.topics[mine] if t in common)
        reasons = []
        if self.repos[mine] and self.repos[mine] == self.repos[theirs]:
            written = _REPO.match(self.papers[mine].code.strip())  # type: ignore[union-attr]
            reasons.append(Reason("code", written.expand(r"\2/\3").removesuffix(".git")))  # type: ignore[union-attr]
        for kind, own, other in (
            ("author", self.authors[mine], self.authors[theirs]),
            ("keyword", self.keywords[mine], self.keywords[theirs]),
        ):
            if own and other:
                reasons += [Reason(kind, self.spelled[kind][key]) for key in own if key in other][:MAX_NAMES]
        reasons += [Reason("term", t) for t in terms]
        reasons += [Reason("topic", t) for t in topics]
        return Related(self.papers[theirs].id, score, topics, terms, tuple(reasons))


def _words(text: str) -> frozenset[str]:
    """Return the words of a term or topic name, lower case, singular and plural as one."""
    return frozenset(w.lower().removesuffix("s") for w in re.split(r"[ \-\u2010\u2011]", text) if w)


def _choose(columns: Sequence[int], words: Mapping[int, frozenset[str]]) -> list[int]:
    """Take the terms showing most words first, skip any that repeats a shown word, keep them heaviest first."""
    chosen: list[int] = []
    used: frozenset[str] = frozenset()
    for i in sorted(range(len(columns)), key=lambda i: -len(words[columns[i]])):  # stable: heavier first
        if not words[columns[i]] & used:
            chosen.append(i)
            used |= words[columns[i]]
            if len(chosen) == MAX_TERMS:
                break
    return [columns[i] for i in sorted(chosen)]
