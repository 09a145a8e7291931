"""Write a deterministic synthetic corpus for benchmarks, recombined from real digests."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Sequence
from pathlib import Path

from ..dates import month_abbr
from ..models import Paper
from ..papers.identity import identity_key

CHROME = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\n"
PER_DIGEST = 75  # papers a day, about what the feed lists
REPEAT_SHARE = 0.1  # share of listings that repeat a paper from an earlier day
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _title(rng: random.Random, heads: Sequence[str], tails: Sequence[str], titles: Sequence[str]) -> str:
    """Make a title: a real short name with another paper's subtitle, or two halves joined."""
    if rng.random() < 0.5:
        return f"{rng.choice(heads)}: {rng.choice(tails)}"
    a, b = rng.choice(titles).split(), rng.choice(titles).split()
    return " ".join(a[: max(2, len(a) // 2)] + b[len(b) // 2 :])


def _abstract(rng: random.Random, sentences: Sequence[str], target: int) -> str:
    """Draw sentences until the abstract is about as long as a real one."""
    out: list[str] = []
    size = 0
    while size < target:
        sentence = rng.choice(sentences)
        out.append(sentence)
        size += len(sentence) + 1
    return " ".join(out)


def synthesise(papers: Sequence[Paper], n: int, seed: int = 0) -> list[tuple[str, str]]:
    """Return n distinct (title, abstract) pairs drawn from the seed papers."""
    rng = random.Random(f"corpus-{n}-{seed}")
    titles = [p.title for p in papers]
    heads = [t.split(":", 1)[0] for t in titles if ":" in t]
    tails = [t.split(":", 1)[1].strip() for t in titles if ":" in t]
    sentences = [s for p in papers for s in SENTENCE.split(p.abstract) if len(s) > 20]
    lengths = [len(p.abstract) for p in papers]
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    while len(out) < n:
        title = _title(rng, heads, tails, titles)
        if len(out) >= len(titles) * 4:
            title = f"{title} {rng.choice(['I', 'II', 'III', 'IV', 'V', 'VI'])}-{rng.randrange(10**6)}"
        key = identity_key(title)
        if key in seen:
            continue
        seen.add(key)
        out.append((title, _abstract(rng, sentences, rng.choice(lengths))))
    return out


def write_corpus(papers: Sequence[Paper], n: int, out: Path, start: dt.date = dt.date(2023, 1, 2)) -> int:
    """Write n papers as dated digest files into out; return how many files were written."""
    rng = random.Random(f"listing-{n}")
    pairs = synthesise(papers, n)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    files = 0
    index = 0
    day = start
    while index < len(pairs):
        listing = pairs[index : index + PER_DIGEST]
        index += len(listing)
        earlier = index - len(listing)
        repeats = [pairs[rng.randrange(earlier)] for _ in range(int(len(listing) * REPEAT_SHARE))] if earlier else []
        body = "".join(f"{t}\n\n{a}\n\n" for t, a in listing + repeats)
        header = f"{CHROME}{month_abbr(day.month)} {day.day}\n\n"
        (out / f"{day.isoformat()}.txt").write_text(header + body, encoding="utf-8")
        files += 1
        day += dt.timedelta(days=1)
    return files
