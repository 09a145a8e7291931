"""Find links in abstracts and cut abstracts into display snippets."""

from __future__ import annotations

import itertools
import re
import unicodedata
from urllib.parse import quote_plus, urlsplit

from linkify_it import LinkifyIt

from ..sources.clean import DEFAULT_IGNORABLE, balance_bidi

# Where a link may start: a scheme, "www.", or a code host named without a scheme.
URL_START = re.compile(
    r"https?://|www\.|(?:github\.com|gitlab\.com|huggingface\.co|bitbucket\.org|codeberg\.org)/", re.IGNORECASE
)
URL_MAX = 1000  # characters; past this a run of text is not taken as one link
CANDIDATES_MAX = 1000  # places checked per text (~0.1 ms each); real abstracts have a handful
# Bidirectional controls (marks, embeddings, overrides, isolates): no address holds them (RFC 3987,
# 4.1), and they would show one address as another (`https://x.org/` RLO `exe.gpj`).
BIDI_CONTROL = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# A link ends at a space, a curly quote or guillemet, where CJK text (ideographs, kana, hangul,
# full-width forms) begins: links in abstracts are ASCII, and CJK prose puts no space around them;
# and at a default-ignorable character (bidirectional controls among them): drawn as nothing, it
# would make the address followed differ from the one read (`.../lab/` ZWSP `repo`).
NOT_URL = re.compile(
    "[\\s\u00ab\u00bb\u2018-\u201f\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|"
    + DEFAULT_IGNORABLE.pattern
)
TRAILING = ".,;:!?'\"*"
BRACKETS = {")": "(", "]": "[", "}": "{"}
CODE_HOSTS = {
    "github.com": "GitHub",
    "gitlab.com": "GitLab",
    "bitbucket.org": "Bitbucket",
    "codeberg.org": "Codeberg",
    "huggingface.co": "Hugging Face",
    "paperswithcode.com": "Papers with Code",
    "colab.research.google.com": "Colab",
}
# A full stop that ends none of these ends no sentence, whatever follows it. English, any case:
# Latin and references (e.g., Fig., Sec.), titles (Dr., Prof.); as written (not SR., super-resolution):
# English months (Jan. 2024), Jr., St., Dr. med.; German, as written: common
# abbreviations (bzw., vgl.) and the spaced ones (z. B.: "z." before "B.", and "B."), then Hindi.
ABBREVIATIONS = re.compile(
    r"(?:(?i:\b(?:e\.g|i\.e|et al|etc|vs|cf|approx|resp|ca|w\.r\.t|u\.s"
    r"|figs?|eqs?|secs?|tabs?|refs?|nos?|ch|vol|pp|thm"
    r"|dr|prof|mr|mrs|ms))"
    r"|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Jr|Sr|St|Mt|med)"
    r"|\b(?:bzw|vgl|ggf|sog|inkl|evtl|usw|Nr|Abb|Kap|Abschn|z|z\. ?[BT]|d\. ?h|u\. ?[aU]|i\. ?d\. ?R|o\. ?Ä)"
    r"|(?<!\w)\u0921\u0949)\.$"  # डॉ.
)
LOOKBACK = 10  # characters before a full stop that ABBREVIATIONS reads: "i. d. R." and one before
# A German date: a day's number and a full stop before a month's name ("Am 3. März").
DAY = re.compile(r"\b\d{1,2}\.$")
MONTH = re.compile(r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b")
# A sentence ends: a full stop, question or exclamation mark (Latin; Arabic script's ؟ and ۔ too,
# and Devanagari's । and ॥), perhaps a closing quote, space, and a letter or digit that is not
# lower-case (a capital, or a letter of a script without capitals: Arabic, Devanagari, CJK) or an
# opening quote or bracket; or an ideographic or full-width full stop, question or exclamation mark
# before more text, not a closing quote (Chinese and Japanese put no space after them), as
# sources/pairing.py reads them, or after a Chinese closing quote (。” ends; 。」と does not).
# (`first_sentence` skips a match before a lower-case letter: `re` has no class for "not lower".)
SENTENCE = re.compile(  # one class of marks first, which `re` scans for fast; the space is group 1 or 2
    r"[.!?\u061f\u06d4\u0964\u0965\u3002\uff01\uff1f\uff0e]"
    r"(?:(?<=[.!?\u061f\u06d4\u0964\u0965])(?:(?<=[.!?])[\"'\u201c\u201d\u2019])?(\s+)(?=[^\W_]|[\"'(\[])"
    r"|(?<=[\u3002\uff01\uff1f\uff0e])(?:[\u201d\u2019]|(?![\u300d\u300f\uff09\u201d\u2019]))(\s*)(?=\S))"
)
# linkify-it-py validates each candidate: hosts, ports, IPv6 literals, balanced brackets in paths.
# Only http(s) links are wanted, so the other schemes it knows are switched off.
_LINKIFY = LinkifyIt(schemas={"ftp:": None, "mailto:": None, "//": None}, options={"fuzzy_email": False})


def _trim(url: str) -> str:
    """Strip sentence punctuation, non-ASCII punctuation (”, ）, 。) and unbalanced closers from the end."""
    while url:
        last = url[-1]
        if (
            last in TRAILING
            or (not last.isascii() and unicodedata.category(last).startswith("P"))
            or (last in BRACKETS and url.count(last) > url.count(BRACKETS[last]))
        ):
            url = url[:-1]
        else:
            break
    return url


def _valid(url: str) -> bool:
    """Tell whether a URL has a host with a dot and, if any, a port in range."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 -- raises ValueError for a port out of range
    except ValueError:
        return False
    return bool(host) and "." in (host or "")


def find_links(text: str) -> tuple[str, ...]:
    """Return the http(s) URLs an abstract mentions, cleaned, in order of first mention.

    A link starts at a scheme, "www." or a code host (github.com/...), not inside a word or another
    URL (after a letter, a digit or one of "./@-=?&#%~_+"), but right after any non-ASCII character,
    so that CJK text needs no space before it. linkify-it-py (the Python port of linkify-it) decides
    where it ends, within a window that stops at a space (or CJK text), at the next place a link
    may start, or after URL_MAX characters: the windows do not overlap, so the work is linear.
    Only the first CANDIDATES_MAX places a link may start are looked at.
    """
    starts = [
        m.start() for m in itertools.islice(URL_START.finditer(text), CANDIDATES_MAX) if _may_start(text, m.start())
    ]
    found: list[str] = []
    position = 0
    for k, start in enumerate(starts):
        if start < position:
            continue  # inside the link found last
        limit = min(len(text), start + URL_MAX + 1, starts[k + 1] if k + 1 < len(starts) else len(text))
        stop = NOT_URL.search(text, start, limit)
        window = text[start : stop.start() if stop else limit]
        prefix = "" if window[:4].lower() == "http" else "https://"
        link = _LINKIFY.match_at_start(prefix + window)
        if link is None:
            continue
        length = link.last_index - len(prefix)
        position = start + length
        if length > URL_MAX:
            continue  # too long to be a link in an abstract
        if window[length : length + 1] == ":" and window[length + 1 : length + 2] not in ("", " "):
            continue  # a port linkify-it-py refused ("https://a.b:-1/"): not the address written
        url = _trim(prefix + window[:length])
        if _valid(url) and url not in found:
            found.append(url)
    return tuple(found)


def _may_start(text: str, start: int) -> bool:
    """Tell whether a link may start here: not inside a word, an address or another URL."""
    before = text[start - 1] if start else " "
    return not (before.isascii() and (before.isalnum() or before in "./@-=?&#%~_+"))


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower().removeprefix("www.")
    except ValueError:
        return ""


def link_label(url: str) -> str:
    """Name the kind of place a URL leads to, for the "Code and links" list."""
    host = _host(url)
    if host in CODE_HOSTS:
        return CODE_HOSTS[host]
    if host.endswith(".github.io"):
        return "Project page (GitHub Pages)"
    if host.endswith("arxiv.org"):
        return "arXiv"
    return host or url


def is_code(url: str) -> bool:
    """Tell whether a URL points at a code host."""
    host = _host(url)
    return host in CODE_HOSTS


def lookups(title: str) -> tuple[tuple[str, str], ...]:
    """Return (service, URL) pairs that look the paper up by its title."""
    q = quote_plus(title)
    return (
        ("arXiv", f"https://arxiv.org/search/?query={q}&searchtype=title"),
        ("Semantic Scholar", f"https://www.semanticscholar.org/search?q={q}"),
        ("Google Scholar", f"https://scholar.google.com/scholar?q=%22{q}%22"),
    )


def first_sentence(text: str, limit: int = 220) -> str:
    """Return the abstract's first sentence, cut at a word boundary past `limit` characters.

    A full stop after an abbreviation (e.g., et al., Dr., z. B.) or a German date's day (3. März)
    does not end the sentence; a closing quote after it does, after the quote. Linear time: each
    candidate end looks back a few characters only. The result never leaves a bidirectional
    override open (see sources.clean.balance_bidi).
    """
    sentence = text
    for match in SENTENCE.finditer(text):
        start, end = match.start(match.lastindex or 0), match.end()  # this sentence's end, the next's start
        if text[end : end + 1].islower():
            continue  # a full stop before a lower-case word ends no sentence ("et al. show")
        if ABBREVIATIONS.search(text, max(0, start - LOOKBACK), start):
            continue
        if DAY.search(text, max(0, start - 4), start) and MONTH.match(text, end):
            continue  # a German date ("Am 3. März")
        sentence = text[:start]
        break
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return balance_bidi(sentence) if sentence is not text else text
