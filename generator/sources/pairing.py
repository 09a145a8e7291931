"""Pair the paragraphs of a digest into (title, abstract): the alternation rules, shapes only repair.

After the date line a saved page alternates title, abstract, title, abstract. That reading is the
authority: a paragraph is a title because of where it stands, whatever it looks like (a title may
end in a period or run past 300 characters). What a paragraph looks like ("prose" or not) is only
used to repair a defect that can be seen:

- a paragraph of several lines where a title belongs: a title with no blank line before its
  abstract (copied titles are one line), split after its first line, if what follows reads as one
  abstract (one line, or lines wrapped to one width);
- a paragraph whose lines alternate title, abstract, title, abstract (a copy with no blank lines
  at all): each line read as a paragraph;
- a paragraph of prose right after an abstract that is prose too, where the alternation would
  otherwise break: an abstract split in two, joined; but not a whole abstract (three sentences or
  more) after a whole abstract whose last sentence ended: another paper, its title lost (unless it
  begins with a small letter or , ; : ) ]: the sentence before it goes on).

Two shapes are never read against their look, so that no paper can vanish into another: an
abstract that looks like a title (short, at most one sentence end, no full stop at the end: a title
whose abstract is missing, or a line of the page's furniture) and a title that reads as an abstract (three sentences
or more: an abstract whose title is missing). Where either would be needed the file is refused.

Of all readings, the one with the fewest repairs wins, then the one whose titles and abstracts
look least out of place; a reading that pairs a prose "title" with a title-like "abstract" is never
taken. No reading, or two equally good ones, is refused with the line at fault. Each repair is
returned for the build to report. The search is a dynamic programme over paragraphs: linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import DigestError

TITLE_MAX = 300  # characters; a longer paragraph reads as prose (a title only where one belongs)
CLOSERS = "\"')]\u201d\u2019"
# A sentence ends: a full stop, question or exclamation mark, a closing quote or bracket, space,
# and a capital, digit or opening quote or bracket; or an ideographic or full-width full stop,
# question or exclamation mark before more text (Chinese and Japanese put no space after them).
SENTENCE_END = re.compile(
    r"[.!?][\"')\]\u201d\u2019]?\s+(?=[A-Z0-9\"'(\[\u201c\u2018])|[\u3002\uff01\uff1f\uff0e]\s*(?=\S)"
)
ABSTRACT_SENTENCES = 3  # sentence ends; real titles have at most one ("Upsample or Upweight? Balanced ...")
CUT_SENTENCE_WORDS = 12  # words; a text this long ending in an ellipsis is a sentence cut short
CONTINUES = ",;:)]"  # a paragraph that begins so goes on the sentence before it
WRAP_MIN = 0.6  # a wrapped line is at least this share of the longest (the last line excepted)
WRAP_MAX = 200  # characters; longer lines are not wrapped text

Cost = tuple[int, int]  # (repairs, paragraphs out of place), compared in that order


@dataclass(frozen=True)
class Paragraph:
    """A run of non-blank lines, joined with single spaces."""

    line: int
    text: str
    lines: tuple[tuple[int, str], ...]  # (1-based line number, text)


@dataclass(frozen=True)
class Pair:
    """One title and its abstract as found, with the repairs it took: (line, message)."""

    title: str
    line: int
    abstract: str
    repairs: tuple[tuple[int, str], ...] = ()


def is_prose(text: str) -> bool:
    """Tell whether text reads like abstract prose rather than a title (a shape, not a rule)."""
    if len(text) > TITLE_MAX:
        return True
    body = text[:-1] if text[-1:] in CLOSERS else text
    if body.endswith(".") and not body.endswith(".."):
        return len(text.split()) >= 6  # a full stop (not an ellipsis) after a few words: a sentence
    return body.endswith((".", "!", "?")) and len(text.split()) > 25


def is_titlelike(text: str) -> bool:
    """Tell whether text can only be a title: not prose, not ending in a full stop (a question mark
    may end a title), at most one sentence end inside ("Upsample or Upweight? Balanced ...",
    "GPT-4 vs. Claude"), no link, and not a sentence of a dozen words or more cut short ("...")."""
    body = text[:-1] if text[-1:] in CLOSERS else text
    if (body.endswith(".") and not body.endswith("..")) or body.endswith(("\u3002", "\uff0e")):
        return False
    if is_prose(text) or "://" in text:
        return False
    if body.endswith(("\u2026", "...")) and len(text.split()) >= CUT_SENTENCE_WORDS:
        return False
    ends = SENTENCE_END.finditer(text)
    return next(ends, None) is None or next(ends, None) is None


def is_abstract(text: str) -> bool:
    """Tell whether text can only be an abstract: prose of three sentences or more."""
    if not is_prose(text):
        return False
    ends = SENTENCE_END.finditer(text)
    return all(next(ends, None) for _ in range(ABSTRACT_SENTENCES - 1))


def is_wrapped(lines: list[str]) -> bool:
    """Tell whether lines read as one paragraph wrapped to a width: none long, all but the last
    of about the same length."""
    widths = [len(line) for line in lines[:-1]]
    if not widths:
        return True
    widest = max(widths)
    return widest <= WRAP_MAX and len(lines[-1]) <= widest * 1.2 and min(widths) >= widest * WRAP_MIN


def same_abstract(a: str, b: str) -> bool:
    """Tell whether two abstracts are one text, the one perhaps cut short ("…", "...", "[...]", "[…]")."""
    a, b = (_uncut(" ".join(x.split())) for x in (a, b))
    return a.startswith(b) or b.startswith(a)


def _uncut(text: str) -> str:
    """The text without the mark that says it was cut short, if it ends in one."""
    for mark in ("[...]", "[…]", "..."):
        if text.endswith(mark):
            text = text.removesuffix(mark)
            break
    return text.rstrip("… ")


def quote(text: str, limit: int = 100) -> str:
    """Quote text for a message, cut short past `limit` characters."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


@dataclass(frozen=True)
class _Shape:
    """What one paragraph looks like, computed once."""

    single: bool
    prose: bool  # the whole paragraph
    first_prose: bool  # its first line
    rest: str  # the lines after the first, joined
    rest_prose: bool
    second_prose: bool  # the second line alone
    titlelike: bool  # the whole paragraph can only be a title
    abstract: bool  # the whole paragraph can only be an abstract
    splits: bool  # its first line can be a title glued to an abstract: the rest reads as one
    ends: bool  # its last sentence ends (a full stop, question or exclamation mark)
    goes_on: bool  # it begins with a small letter or , ; : ) ]: the sentence before it goes on


def _shape(para: Paragraph) -> _Shape:
    titlelike, abstract = is_titlelike(para.text), is_abstract(para.text)
    body = para.text.rstrip(CLOSERS)
    ends = body.endswith(("!", "?", "\u3002", "\uff01", "\uff1f", "\uff0e")) or (
        body.endswith(".") and not body.endswith("..")
    )
    goes_on = para.text[:1].islower() or para.text[:1] in CONTINUES
    if len(para.lines) == 1:
        prose = is_prose(para.text)
        return _Shape(True, prose, prose, "", False, False, titlelike, abstract, False, ends, goes_on)
    rest = " ".join(text for _, text in para.lines[1:])
    splits = not is_abstract(para.lines[0][1]) and not is_titlelike(rest) and is_wrapped([t for _, t in para.lines[1:]])
    return _Shape(
        False,
        is_prose(para.text),
        is_prose(para.lines[0][1]),
        rest,
        is_prose(rest),
        is_prose(para.lines[1][1]),
        titlelike,
        abstract,
        splits,
        ends,
        goes_on,
    )


def _may_pair(title: _Shape, head: _Shape) -> bool:
    """Tell whether a one-line paragraph may be a title with the next as its abstract: never a prose
    "title" before an abstract that begins like a title, one that reads as an abstract, or an
    abstract that can only be a title."""
    return not (title.prose and not head.first_prose) and not title.abstract and not head.titlelike


def unglue(paras: list[Paragraph]) -> tuple[list[Paragraph], list[tuple[int, str]]]:
    """Read each line of a paragraph as a paragraph where its lines alternate title and abstract
    (two pairs or more) and are not one paragraph wrapped to a width; return the paragraphs and a
    repair for each paragraph read so."""
    result: list[Paragraph] = []
    repairs: list[tuple[int, str]] = []
    for para in paras:
        texts = [text for _, text in para.lines]
        if (
            len(texts) >= 4
            and len(texts) % 2 == 0
            and not is_wrapped(texts)  # one paragraph wrapped to a width, whose lines happen to alternate
            and all(is_titlelike(t) for t in texts[0::2])
            and not any(is_titlelike(t) for t in texts[1::2])
            and min(map(len, texts[1::2])) > max(map(len, texts[0::2]))  # each abstract longer than any title
        ):
            result.extend(Paragraph(number, text, ((number, text),)) for number, text in para.lines)
            last = para.lines[-1][0]
            message = (
                f"no blank lines between {len(texts) // 2} titles and abstracts (to line {last}): read line by line"
            )
            repairs.append((para.line, message))
        else:
            result.append(para)
    return result, repairs


def _add(a: Cost | None, b: Cost) -> Cost | None:
    return None if a is None else (a[0] + b[0], a[1] + b[1])


def _best(options: list[tuple[Cost | None, int, str, int]]) -> tuple[Cost | None, int, list[tuple[str, int]]]:
    """Return the least cost, how many readings reach it (at most 2), and the options that do."""
    found = [(cost, ways, kind, target) for cost, ways, kind, target in options if cost is not None and ways]
    if not found:
        return None, 0, []
    least = min(cost for cost, _, _, _ in found)
    chosen = [(kind, target) for cost, _, kind, target in found if cost == least]
    ways = min(2, sum(w for cost, w, _, _ in found if cost == least))
    return least, ways, chosen


def pair(paras: list[Paragraph], name: str) -> list[Pair]:
    """Read paragraphs (after the date line, chrome removed) as title/abstract pairs."""
    paras, unglued = unglue(paras)
    pairs = _pair(paras, name)
    if not unglued:
        return pairs
    by_line = dict(unglued)
    return [
        Pair(p.title, p.line, p.abstract, ((p.line, by_line[p.line]), *p.repairs)) if p.line in by_line else p
        for p in pairs
    ]


def _pair(paras: list[Paragraph], name: str) -> list[Pair]:
    n = len(paras)
    shapes = [_shape(p) for p in paras]
    strict = _strict(paras, shapes)
    if strict is not None:
        return strict  # the alternation holds: the only reading without repairs, so the best
    # start[i]: the best reading of paras[i:] that begins with a title.
    # more[lp][j]: the same once an abstract has ended just before j; lp says it ended in prose.
    start: list[tuple[Cost | None, int, list[tuple[str, int]]]] = [(None, 0, [])] * (n + 1)
    more: list[list[tuple[Cost | None, int, list[tuple[str, int]]]]] = [[(None, 0, [])] * (n + 2) for _ in (0, 1)]
    start[n] = ((0, 0), 1, [])
    for lp in (0, 1):
        more[lp][n] = ((0, 0), 1, [("end", n)])
    for i in range(n - 1, -1, -1):
        s = shapes[i]
        options: list[tuple[Cost | None, int, str, int]] = []
        if s.single and i + 1 < n:
            head = shapes[i + 1]
            if _may_pair(s, head):
                after = more[int(head.prose)][i + 2]
                out_of_place = int(s.prose) + int(not head.prose)
                options.append((_add(after[0], (0, out_of_place)), after[1], "pair", i))
        if not s.single and s.splits and not (s.first_prose and not s.second_prose):
            after = more[int(s.rest_prose)][i + 1]
            out_of_place = int(s.first_prose) + int(not s.rest_prose)
            options.append((_add(after[0], (1, out_of_place)), after[1], "glued", i))
        start[i] = _best(options)
        for lp in (0, 1):
            options = [(start[i][0], start[i][1], "end", i)]
            if lp and s.single and s.prose and not _another_abstract(shapes, i):
                after = more[1][i + 1]
                options.append((_add(after[0], (1, 0)), after[1], "join", i))
            more[lp][i] = _best(options)
    if start[0][1] == 0:
        raise _diagnose(paras, shapes, name)
    return _read(paras, shapes, start, more, name)


def _another_abstract(shapes: list[_Shape], i: int) -> bool:
    """Tell whether paragraph i, after an abstract, reads as another paper's abstract rather than the
    rest of that one: it is an abstract of three sentences or more, and the paragraph before it is a
    whole abstract too, its last sentence ended. An abstract split in two (a sentence, then the
    rest) is joined; two whole abstracts are two papers, one of them with its title lost. A
    paragraph that begins with a small letter or , ; : ) ] goes on the sentence before it: never
    another paper's."""
    s = shapes[i]
    return i > 0 and s.abstract and not s.goes_on and shapes[i - 1].abstract and shapes[i - 1].ends


def _strict(paras: list[Paragraph], shapes: list[_Shape]) -> list[Pair] | None:
    """Return the plain alternation if it holds: one-line titles, and no prose title paired with
    an abstract that begins like a title."""
    if len(paras) % 2:
        return None
    pairs = []
    for i in range(0, len(paras), 2):
        title, head = shapes[i], shapes[i + 1]
        if not title.single or not _may_pair(title, head):
            return None
        pairs.append(Pair(paras[i].text, paras[i].line, paras[i + 1].text))
    return pairs


def _read(
    paras: list[Paragraph],
    shapes: list[_Shape],
    start: list[tuple[Cost | None, int, list[tuple[str, int]]]],
    more: list[list[tuple[Cost | None, int, list[tuple[str, int]]]]],
    name: str,
) -> list[Pair]:
    """Follow the best reading from the first paragraph, refusing where two are equally good."""
    pairs: list[Pair] = []
    i = 0
    n = len(paras)

    def only(choices: list[tuple[str, int]], at: int) -> str:
        if len(choices) > 1:
            raise DigestError(
                name,
                paras[min(at, n - 1)].line,
                "cannot tell which paragraphs are titles and which are abstracts from here on: "
                "put one blank line between a title and its abstract, and none inside an abstract",
            )
        return choices[0][0]

    while i < n:
        kind = only(start[i][2], i)
        para, s = paras[i], shapes[i]
        repairs: list[tuple[int, str]] = []
        if kind == "pair":
            title, parts, j, lp = para.text, [paras[i + 1].text], i + 2, int(shapes[i + 1].prose)
        else:
            title, parts, j, lp = para.lines[0][1], [s.rest], i + 1, int(s.rest_prose)
            repairs.append((para.line, f"no blank line between the title {quote(title, 60)} and its abstract: split"))
        while j < n and only(more[lp][j][2], j) == "join":
            parts.append(paras[j].text)
            repairs.append((paras[j].line, f"the abstract of {quote(title, 60)} goes on in another paragraph: joined"))
            j, lp = j + 1, 1
        pairs.append(Pair(title, para.line, " ".join(parts), tuple(repairs)))
        i = j
    return pairs


def _diagnose(paras: list[Paragraph], shapes: list[_Shape], name: str) -> DigestError:
    """Find the first place where the paragraphs stop pairing up, and say what seems wrong there."""
    n = len(paras)
    i = 0

    def skip_joined(j: int, lp: bool) -> int:
        while lp and j < n and shapes[j].single and shapes[j].prose and not _another_abstract(shapes, j):
            j += 1
        return j

    if n > 1 and all(s.titlelike for s in shapes):
        return DigestError(
            name,
            paras[0].line,
            "no paragraph after the date line reads as an abstract: copy the page with the papers' abstracts",
        )
    while i < n:
        para, s = paras[i], shapes[i]
        if _another_abstract(shapes, i) and s.single:
            return DigestError(
                name,
                para.line,
                "this paragraph reads like another paper's abstract with no title before it: is a title missing?",
            )
        if not s.single:
            if not s.splits:
                last = para.lines[-1][0]
                # A line break inside a line (clean.LINE_BREAKS): one line in an editor, two here.
                inside = [(a, text) for (a, text), (b, _) in zip(para.lines, para.lines[1:], strict=False) if a == b]
                if inside:
                    at, before = inside[0]
                    return DigestError(
                        name,
                        at,
                        "a form feed, vertical tab or other line separator breaks this line after "
                        f"{quote(before, 60)}, and its parts do not read as one title and its abstract: "
                        "delete that character",
                    )
                return DigestError(
                    name,
                    para.line,
                    f"lines {para.line}-{last} have no blank line between them and do not read as one title "
                    "and its abstract: put a blank line between each title and its abstract",
                )
            i = skip_joined(i + 1, s.rest_prose)
            continue
        if i == n - 1:
            if s.prose:
                return DigestError(name, para.line, "a paragraph of text with no title before it")
            return DigestError(name, para.line, f"the title {quote(para.text)} has no abstract after it")
        following = paras[i + 1]
        if s.abstract and shapes[i + 1].first_prose:
            where = "after the date line" if i == 0 else "where a title belongs"
            return DigestError(
                name,
                para.line,
                f"a paragraph that reads as an abstract stands {where}, and so does the next one "
                f"(line {following.line}): is a title missing before this line?",
            )
        if (s.prose and not shapes[i + 1].first_prose) or s.abstract:
            if i == 0:
                return DigestError(
                    name,
                    para.line,
                    "expected a paper title after the date line, found a paragraph of text "
                    f"(and the next one, line {following.line}, looks like a title)",
                )
            return DigestError(
                name,
                para.line,
                f"a paragraph of text where a title belongs, and the next paragraph (line {following.line}) "
                "looks like a title: is a title missing before this line, or an abstract split around it?",
            )
        if shapes[i + 1].titlelike:
            # A long one may be an abstract whose full stop was lost: say what an abstract needs.
            words = following.text.split()
            capitals = sum(1 for word in words if word[:1].isupper())
            sentence = len(words) >= CUT_SENTENCE_WORDS and capitals * 2 < len(words)  # no Title Case
            hint = " (an abstract ends with a full stop)" if sentence else ""
            return DigestError(
                name,
                para.line,
                f"the title {quote(para.text)} has no abstract: the next paragraph "
                f"(line {following.line}, {quote(following.text, 60)}) looks like another title or page furniture"
                + hint,
            )
        if not s.prose and not shapes[i + 1].first_prose and i + 2 < n and shapes[i + 2].prose:
            return DigestError(
                name,
                para.line,
                f"the title {quote(para.text)} has no abstract: the next paragraph "
                f"(line {following.line}) looks like another title",
            )
        i = skip_joined(i + 2, shapes[i + 1].prose)
    return DigestError(
        name,
        paras[0].line,
        f"the {n} paragraphs after the date line do not pair up as titles and abstracts: "
        "is a title or an abstract missing?",
    )
