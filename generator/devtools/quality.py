"""Report how well papers are tagged and linked, for a person to read: `make quality`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .. import build
from ..analysis import mentions, related, tagging, taxonomy
from ..config import Settings
from ..models import Corpus, Paper, Related, Topic

SAMPLE = 8  # papers shown with their tags and related papers


@dataclass(frozen=True)
class Links:
    """What the report measures: every paper's tags, related papers and mentions."""

    papers: tuple[Paper, ...]
    topics: tuple[Topic, ...]
    tags: Mapping[str, tuple[str, ...]]
    related: Mapping[str, tuple[Related, ...]]
    mentions: Mapping[str, tuple[str, ...]]


def gather(settings: Settings, corpus: Corpus | None = None) -> Links:
    """Take tags, related papers and mentions from the corpus, computing those it lacks."""
    corpus = corpus or build.make_corpus(settings)
    all_topics, tags = corpus.topics, corpus.tags
    if tags is None or not all_topics:
        loaded = taxonomy.load_taxonomy(settings.taxonomy)
        all_topics = all_topics or loaded.topics
        if tags is None:
            pairs = [(p.title, p.abstract) for p in corpus.papers]
            found = tagging.tag_all(pairs, all_topics, [p.keywords for p in corpus.papers])
            tags = {p.id: t for p, t in zip(corpus.papers, found, strict=True)}
    names = {t.slug: t.name for t in all_topics}
    similar = corpus.related
    if similar is None:
        similar = related.related(corpus.papers, tags, names, settings.related, settings.min_similarity)
    named = corpus.mentions if corpus.mentions is not None else mentions.mentions(corpus.papers)
    return Links(corpus.papers, tuple(all_topics), tags, similar, named)


def report(settings: Settings, corpus: Corpus | None = None) -> str:
    """Return the quality report of the corpus the settings point at."""
    links = gather(settings, corpus)
    sections = [coverage(links), distribution(links), untagged(links), relatedness(links), mentioned(links)]
    return "\n\n".join([*sections, sample(links)]) + "\n"


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole} ({100 * part / whole:.1f}%)" if whole else f"{part} of 0"


def coverage(links: Links) -> str:
    """Say how many papers have a topic, and how many topics a paper has."""
    n = len(links.papers)
    tagged = sum(1 for p in links.papers if links.tags.get(p.id))
    total = sum(len(links.tags.get(p.id, ())) for p in links.papers)
    mean = total / n if n else 0.0
    return f"Tag coverage: {_share(tagged, n)} papers have at least one topic; {mean:.2f} topics per paper."


def distribution(links: Links) -> str:
    """List the topics by how many papers carry them, unused topics included."""
    counts = Counter(slug for p in links.papers for slug in links.tags.get(p.id, ()))
    names = {t.slug: t.name for t in links.topics}
    rows = sorted({*names, *counts}, key=lambda slug: (-counts[slug], names.get(slug, slug)))
    lines = [f"{counts[slug]:6d}  {names.get(slug, slug)}" for slug in rows]
    unused = sum(1 for slug in rows if not counts[slug])
    return "\n".join([f"Papers per topic ({len(rows)} topics, {unused} unused):", *lines])


def untagged(links: Links) -> str:
    """List the papers without a topic."""
    bare = [p for p in links.papers if not links.tags.get(p.id)]
    return "\n".join([f"Papers with no topic ({len(bare)}):", *(f"  - {p.title} ({p.id})" for p in bare)])


def relatedness(links: Links) -> str:
    """Measure the related papers: how many, how similar, and whether the best shares a topic."""
    n = len(links.papers)
    lists = [links.related.get(p.id, ()) for p in links.papers]
    linked = [(p, found[0]) for p, found in zip(links.papers, lists, strict=True) if found]
    shares = sum(1 for p, top in linked if set(links.tags.get(p.id, ())) & set(links.tags.get(top.id, ())))
    mean = sum(map(len, lists)) / n if n else 0.0
    best = sum(top.score for _, top in linked) / len(linked) if linked else 0.0
    return "\n".join(
        [
            "Related papers:",
            f"  papers with a related paper: {_share(len(linked), n)}",
            f"  related papers per paper: {mean:.2f}",
            f"  top related paper shares a topic: {_share(shares, len(linked))}",
            f"  mean score of the top related paper: {best:.3f}",
        ]
    )


def mentioned(links: Links) -> str:
    """List the abstracts that name another paper of the corpus."""
    titles = {p.id: p.title for p in links.papers}
    pairs = [(source, target) for source in sorted(links.mentions) for target in links.mentions[source]]
    lines = [f"  - {titles.get(s, s)} -> {titles.get(t, t)}" for s, t in pairs]
    sources = len({s for s, _ in pairs})
    return "\n".join([f"Mentions: {len(pairs)} found, in {sources} abstract{'' if sources == 1 else 's'}:", *lines])


def sample(links: Links) -> str:
    """Show a fixed, evenly spread sample of papers with their tags and related titles."""
    papers = sorted(links.papers, key=lambda p: p.id)
    picked = sorted({i * len(papers) // SAMPLE for i in range(SAMPLE)}) if papers else []
    names = {t.slug: t.name for t in links.topics}
    titles = {p.id: p.title for p in links.papers}
    lines = [f"Sample of {len(picked)} papers, evenly spread by id:"]
    for i in picked:
        paper = papers[i]
        tags = ", ".join(names.get(s, s) for s in links.tags.get(paper.id, ())) or "(none)"
        lines += ["", f"  {paper.title}", f"    topics: {tags}"]
        lines += [f"    {line}" for line in _related_lines(links.related.get(paper.id, ()), titles)]
    return "\n".join(lines)


def _related_lines(found: Sequence[Related], titles: Mapping[str, str]) -> list[str]:
    if not found:
        return ["related: (none)"]
    lines = ["related:"]
    for r in found:
        why = "; ".join(filter(None, [", ".join(r.shared_topics), ", ".join(r.shared_terms)]))
        lines.append(f"  {r.score:.3f}  {titles.get(r.id, r.id)}  [{why}]")
    return lines
