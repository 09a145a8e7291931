"""Time tagging, related papers and mentions on a synthetic corpus: `python -m tests.bench_related [N]`.

Not a test (pytest collects no function here): a benchmark for the target of under 60 s and
2 GB for tagging plus related papers at 50,000 papers. Wall-clock seconds are printed per stage;
the CPU time in all is the steadier figure on a shared machine. The corpus recombines the real titles
and abstract sentences of data/digests, so its subjects are those of ~300 papers spread over N:
every paper shares whole sentences with hundreds of others, a harder case for the candidate
search than a real corpus. One word in ten is swapped for a random word of the corpus, so the
vocabulary (millions of word pairs) grows as a real corpus's does. A third of the papers coin
a name ("Syn42Net: ..."), and three abstracts in ten name one of them, for the mentions.
"""

from __future__ import annotations

import random
import re
import resource
import sys
import time
from pathlib import Path

from generator import build, config
from generator.analysis import mentions, related, tagging, taxonomy
from generator.models import Paper

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
SWAP = 0.1  # share of words replaced by a random word of the corpus


def synthesise(n: int, seed: int = 0) -> list[Paper]:
    """Make n papers from recombined real title halves and abstract sentences."""
    corpus = build.make_corpus(config.load(ROOT / "mkdocs.yml"))
    rng = random.Random(seed)
    heads = [p.title.split(":")[0] for p in corpus.papers]
    tails = [p.title.split(":", 1)[1].strip() for p in corpus.papers if ":" in p.title]
    sentences = [s for p in corpus.papers for s in SENTENCE.split(p.abstract) if len(s) > 30]
    vocabulary = sorted({w for s in sentences for w in s.split()})
    papers = []
    for i in range(n):
        title = f"{rng.choice(heads)}: {rng.choice(tails)}" if rng.random() < 0.5 else rng.choice(heads)
        if i % 3 == 0:  # a third of the papers coin a name of their own, which others may cite
            title = f"Syn{i}Net: {rng.choice(tails)}"
        words = " ".join(rng.choice(sentences) for _ in range(rng.randint(5, 10))).split()
        abstract = " ".join(rng.choice(vocabulary) if rng.random() < SWAP else w for w in words)
        if i >= 3 and rng.random() < 0.3:
            abstract += f" We compare with Syn{rng.randrange(0, i, 3)}Net."
        papers.append(Paper(f"p{i:06d}", f"p{i:06d}", title, abstract, (), ()))
    return papers


def megabytes() -> float:
    """Return the peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(n: int) -> None:
    settings = config.load(ROOT / "mkdocs.yml")
    loaded = taxonomy.load_taxonomy(settings.taxonomy)
    papers = synthesise(n)
    print(f"{n} papers synthesised; peak memory so far {megabytes():.0f} MB")
    cpu, start = time.process_time(), time.perf_counter()
    tagged = tagging.tag_all([(p.title, p.abstract) for p in papers], loaded.topics)
    tags = {p.id: t for p, t in zip(papers, tagged, strict=True)}
    tagging_s = time.perf_counter() - start
    start = time.perf_counter()
    names = {t.slug: t.name for t in loaded.topics}
    found = related.related(papers, tags, names, settings.related, settings.min_similarity)
    similar = time.perf_counter() - start
    start = time.perf_counter()
    named = mentions.mentions(papers)
    mentioning = time.perf_counter() - start
    listed = sum(len(r) for r in found.values())
    none = sum(1 for r in found.values() if not r)
    print(f"tagging  {tagging_s:6.1f} s")
    print(f"related  {similar:6.1f} s  ({listed / n:.2f} related per paper, {none} papers with none)")
    print(f"total    {tagging_s + similar:6.1f} s  (target < 60 s; CPU time {time.process_time() - cpu:.1f} s in all)")
    print(f"mentions {mentioning:6.1f} s  ({sum(map(len, named.values()))} found)")
    print(f"peak memory {megabytes():.0f} MB  (target < 2048 MB)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
