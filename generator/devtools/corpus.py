"""Write a deterministic synthetic corpus for benchmarks, recombined from real digests.

As text digests (saved pages), or as JSON digests (saved Daily Papers API responses, as
`python -m generator fetch` writes them) with synthetic arXiv ids, counts, code links and authors.
Authors follow the Yule-Simon process (H. A. Simon, "On a class of skew distribution functions",
Biometrika 1955): each author slot is a new author with probability NEW_AUTHOR, else an existing
one drawn in proportion to the papers they already have; so a few authors are prolific and
most have one paper, as in real bibliographies.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from slugify import slugify

from ..dates import month_abbr
from ..models import Paper
from ..papers.identity import identity_key

CHROME = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\n"
PER_DIGEST = 75  # papers a day, about what the feed lists
REPEAT_SHARE = 0.1  # share of listings that repeat a paper from an earlier day
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
NEW_AUTHOR = 0.5  # Yule-Simon: the share of author slots that bring a new author
# fmt: off
FIRST_NAMES = (
    "Ada", "Ben", "Chen", "Dana", "Eve", "Farid", "Gita", "Hugo", "Ines", "Jun", "Kofi", "Lena", "Mateo", "Nadia",
    "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Ximena", "Yuki", "Zara", "Amara",
    "Bruno", "Chloe", "Diego", "Elif", "Femi", "Greta", "Hamid", "Ivo", "Jana", "Kenji", "Lucia", "Milan", "Noor",
)
LAST_NAMES = (
    "Abara", "Berg", "Castillo", "Dimitrov", "Eze", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Kowalski",
    "Li", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi", "Sato", "Tanaka", "Ueda", "Varga", "Wang",
    "Xu", "Yilmaz", "Zhou", "Almeida", "Brandt", "Costa", "Duarte", "Engel", "Ferrari", "Gupta", "Horvat", "Iyer",
    "Jovanovic", "Kim", "Lindqvist", "Mensah", "Novak", "Ortiz", "Park", "Rahman", "Silva", "Torres", "Usman",
    "Vogel", "Weber", "Yamada", "Zielinski",
)
# fmt: on


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


class Authors:
    """Draw author lists by the Yule-Simon process (see the module docstring)."""

    INITIALS = "ABCDEFGHJKLMNPRSTVW"

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.slots: list[str] = []  # one entry per (author, paper): drawing from it favours the prolific
        self.first = rng.sample(FIRST_NAMES, len(FIRST_NAMES))
        self.last = rng.sample(LAST_NAMES, len(LAST_NAMES))
        self.count = 0

    def _new(self) -> str:
        """The next new name: every first and last name pair, then the same with middle initials."""
        rest, first = divmod(self.count, len(self.first))
        rest, last = divmod(rest, len(self.last))
        self.count += 1
        middle = ""
        while rest:
            rest, digit = divmod(rest - 1, len(self.INITIALS))
            middle = f"{self.INITIALS[digit]}. {middle}"
        return f"{self.first[first]} {middle}{self.last[last]}"

    def draw(self) -> list[str]:
        """Return one paper's authors: 1 to 30, about 5 on average, no one twice."""
        count = 1 + min(29, int(self.rng.expovariate(1 / 4.0)))
        chosen: list[str] = []
        for _ in range(count):
            name = self.rng.choice(self.slots) if self.slots and self.rng.random() >= NEW_AUTHOR else self._new()
            if name not in chosen:
                chosen.append(name)
        self.slots.extend(chosen)
        return chosen


def _item(rng: random.Random, names: list[str], arxiv: str, title: str, abstract: str, day: dt.date) -> dict[str, Any]:
    """One Daily Papers API item, shaped as the API sends it (invented values)."""
    daily = f"{day.isoformat()}T04:{rng.randrange(60):02d}:00.000Z"
    published = (day - dt.timedelta(days=rng.randrange(1, 4))).isoformat() + "T17:59:00.000Z"
    paper: dict[str, Any] = {
        "id": arxiv,
        "authors": [{"_id": f"{arxiv}-{i}", "name": n, "hidden": rng.random() < 0.01} for i, n in enumerate(names)],
        "publishedAt": published,
        "submittedOnDailyAt": daily,
        "title": title,
        "summary": abstract,
        "upvotes": min(2000, int(rng.paretovariate(1.1))),
    }
    if rng.random() < 0.45:
        owner = slugify(names[0]) or "lab"
        paper["githubRepo"] = f"https://github.com/{owner}/{slugify(title, max_length=30, word_boundary=True)}"
        paper["githubStars"] = min(50000, int(rng.paretovariate(0.8)))
    if rng.random() < 0.2:
        paper["projectPage"] = f"https://{slugify(names[0]) or 'lab'}.github.io/{arxiv.replace('.', '-')}/"
    words = sorted({w.lower().strip(".,;:()") for w in abstract.split() if len(w) > 7})
    if words:
        paper["ai_keywords"] = rng.sample(words, min(len(words), rng.randrange(3, 7)))
    if rng.random() < 0.002:
        paper["withdrawnAt"] = (day + dt.timedelta(days=30)).isoformat() + "T00:00:00.000Z"
    return {
        "paper": paper,
        "publishedAt": daily,
        "title": title,
        "summary": abstract,
        "numComments": int(rng.expovariate(1 / 2)),
        "thumbnail": f"https://cdn.example.org/thumbnails/{arxiv}.png",
        "submittedBy": {"_id": "synthetic", "fullname": "Synthetic Submitter", "name": "synthetic", "type": "user"},
    }


MARK = ".corpus"  # in a folder a corpus was written to: the next corpus may replace its files


def is_corpus_folder(folder: Path) -> bool:
    """Tell whether a corpus may be written into folder: a new or empty one, or one a corpus wrote."""
    return not folder.is_dir() or not any(folder.iterdir()) or (folder / MARK).is_file()


def write_corpus(
    papers: Sequence[Paper], n: int, out: Path, start: dt.date = dt.date(2023, 1, 2), as_json: bool = False
) -> int:
    """Write n papers as dated digest files into out (text, or JSON with as_json); return the file count."""
    rng = random.Random(f"listing-{n}")
    pairs = synthesise(papers, n)
    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob("*.txt"), *out.glob("*.json"), *out.glob("*.tsv")]:
        old.unlink()  # earlier digests, and the registry of an earlier build of this folder
    (out / MARK).write_text("written by python -m generator corpus: its digests are replaced by the next one\n")
    if as_json:
        return _write_json(rng, pairs, out, start)
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


def _write_json(rng: random.Random, pairs: Sequence[tuple[str, str]], out: Path, start: dt.date) -> int:
    authors = Authors(random.Random(f"authors-{len(pairs)}"))
    ids: list[str] = []
    people: list[list[str]] = []  # each paper's authors, by index in pairs
    files = 0
    index = 0
    day = start
    serial: dict[str, int] = {}
    while index < len(pairs):
        month = f"{day.year % 100:02d}{day.month:02d}"
        listing: list[dict[str, Any]] = []
        for title, abstract in pairs[index : index + PER_DIGEST]:
            serial[month] = serial.get(month, 0) + 1
            arxiv = f"{month}.{serial[month]:05d}"
            ids.append(arxiv)
            people.append(authors.draw())
            listing.append(_item(rng, people[-1], arxiv, title, abstract, day))
        earlier = index
        index += len(listing)
        if earlier:
            # Listed again on a later day: the same arXiv id and authors.
            for again in rng.sample(range(earlier), min(earlier, int(len(listing) * REPEAT_SHARE))):
                listing.append(_item(rng, people[again], ids[again], *pairs[again], day))
        text = json.dumps(listing, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        (out / f"{day.isoformat()}.json").write_text(text, encoding="utf-8")
        files += 1
        day += dt.timedelta(days=1)
    return files
