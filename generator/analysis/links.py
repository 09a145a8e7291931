"""Find links in abstracts and cut abstracts into display snippets."""

from __future__ import annotations

import re
from urllib.parse import quote_plus, urlsplit

URL_START = re.compile(r"https?://|www\.|(?:github\.com|gitlab\.com|huggingface\.co|bitbucket\.org|codeberg\.org)/")
URL_START_ANY_CASE = re.compile(URL_START.pattern, re.IGNORECASE)
URL_BODY = re.compile(r"""[^\s<>"'{}|\\^`]+""")
TRAILING = ".,;:!?'\"*"
CODE_HOSTS = {
    "github.com": "GitHub",
    "gitlab.com": "GitLab",
    "bitbucket.org": "Bitbucket",
    "codeberg.org": "Codeberg",
    "huggingface.co": "Hugging Face",
    "paperswithcode.com": "Papers with Code",
    "colab.research.google.com": "Colab",
}
ABBREVIATIONS = re.compile(r"(?i)\b(?:e\.g|i\.e|et al|etc|vs|cf|fig|eq|approx|resp|no)\.$")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[])")


def _trim(url: str) -> str:
    """Strip sentence punctuation and unbalanced closing brackets from a URL's end."""
    while url:
        if url[-1] in TRAILING or (
            url[-1] in ")]}" and url.count(url[-1]) > url.count({")": "(", "]": "[", "}": "{"}[url[-1]])
        ):
            url = url[:-1]
        else:
            break
    return url


def find_links(text: str) -> tuple[str, ...]:
    """Return the URLs an abstract mentions, cleaned, in order of first mention."""
    found: list[str] = []
    position = 0
    # Searching lower-cased ASCII with a case-sensitive pattern is several times faster.
    haystack, starts = (text.lower(), URL_START) if text.isascii() else (text, URL_START_ANY_CASE)
    while match := starts.search(haystack, position):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "./@-"):
            position = match.end()  # inside a longer word or address
            continue
        body = URL_BODY.match(text, start)
        position = body.end() if body else match.end()
        url = _trim(body.group(0) if body else match.group(0))
        if not url.lower().startswith(("http://", "https://")):
            url = "https://" + url
        host = urlsplit(url).hostname
        if host and "." in host and url not in found:
            found.append(url)
    return tuple(found)


def link_label(url: str) -> str:
    """Name the kind of place a URL leads to, for the "Code and links" list."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    if host in CODE_HOSTS:
        return CODE_HOSTS[host]
    if host.endswith(".github.io"):
        return "Project page (GitHub Pages)"
    if host.endswith("arxiv.org"):
        return "arXiv"
    return host or url


def is_code(url: str) -> bool:
    """Tell whether a URL points at a code host."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
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
    """Return the abstract's first sentence, cut at a word boundary past the limit."""
    sentence = text
    for match in SENTENCE.finditer(text):
        if not ABBREVIATIONS.search(text[: match.start()]):
            sentence = text[: match.start()]
            break
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
