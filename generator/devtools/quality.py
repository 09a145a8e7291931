"""Report how well papers are tagged and linked, for a person to read: `make quality`.

The related papers are measured against pairs a person judged by reading the abstracts
(tests/fixtures/related/judged.yml), each one of:

- wanted: a reader of the paper wants the partner among its related papers (both ways if `both`);
- related: worth listing; weak: the same broad area, not wrong to list but not right either;
- unrelated: nothing a reader of either wants; listing one, in either direction, is a fault.

The figures (at 5: at most five related papers a paper, fewer when too few reach the cut):

- recall@5: the share of wanted (paper, partner) directions whose partner the paper lists;
- precision@5: of the listed (paper, neighbour) pairs that are judged, in either direction, the
  share judged wanted or related (weak ones count against it);
- unrelated listed: the unrelated pairs one of whose papers lists the other.

How the cut and the weights are chosen (`choose`): for each candidate weighting (related.WEIGHTS
and the variants in CANDIDATES), the cut is the lowest one listing no unrelated pair; the
weighting with the best recall@5 at its cut wins. Chosen on all pairs, this gives the figures
the site has (related.WEIGHTS and related.RELATED_CUT should be its choice): in-sample, so
optimistic. The held-out figures repeat the whole choice in nested cross-validation: the papers
are split into FOLDS folds, each judged pair going with the fold of its `paper`; weights and cut
are chosen on the pairs of the other folds and measured on the held-out fold's, and the held-out
counts are summed over the folds.

To show where better evidence is needed, the report lists the unrelated pairs scoring highest
with related.WEIGHTS (the first sets the cut), with the reasons shown for them, and each missed
wanted pair's score and rank at no cut.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import build
from ..analysis import mentions, related, tagging, taxonomy
from ..config import Settings
from ..models import Corpus, Paper, Related, Topic

SAMPLE = 8  # papers shown with their tags and related papers
LABELS = {"code": "same code", "author": "authors", "keyword": "keywords", "term": "terms", "topic": "topics"}
JUDGED = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "related" / "judged.yml"
JUDGEMENTS = ("wanted", "related", "weak", "unrelated")
RIGHT = frozenset({"wanted", "related"})
FOLDS = 5
NEAREST = 10  # unrelated pairs shown with their scores: the highest sets the cut
TARGET_RECALL = 0.80  # at 5, with no unrelated pair listed (issue 14)
# Weightings the cut is chosen for, beside related.WEIGHTS (the choice is in `choose`). Never
# second_concept=0: that one idea alone lists no pair is issue 14's rule, not a weight to tune (it
# lists one more wanted pair on the seed, and pairs sharing only a topic or "language").
CANDIDATES: tuple[dict[str, float | int | str | bool], ...] = (
    {"concept_discount": 0.2},
    {"concept_discount": 0.6},
    {"filler": 0.7},
    {"filler": 1.0},
    {"topic_bonus": 1.0},
    {"pivot": 1.0},
    {"title": 0.3},
    {"senses": 1.0},
    {"modality_penalty": 0.3},
)
ABLATIONS: dict[str, dict[str, float | int | str | bool]] = {  # one signal off at a time
    "no modality check": {"modality_penalty": 0.0},
    "no filler scaling": {"filler": 0.0},
    "no pivoted normalisation": {"pivot": 1.0},
    "no concept discount": {"concept_discount": 0.0},
    "no second concept needed": {"second_concept": 0.0},
    "no latent topics": {"latent": 0.0},
    "no saturation of term counts": {"saturation": 0.0},
    "no topic bonus": {"topic_bonus": 0.0},
    "no penalty for disjoint topics": {"topic_penalty": 0.0},
    "no topics at all": {"topic_bonus": 0.0, "topic_penalty": 0.0},
}


@dataclass(frozen=True)
class Judged:
    """A pair of papers judged by reading their abstracts (see the module docstring)."""

    paper: str
    partner: str
    judgement: str  # one of JUDGEMENTS
    why: str
    both: bool = False  # wanted both ways

    @property
    def wanted(self) -> tuple[tuple[str, str], ...]:
        """Return the (paper, partner) directions recall@5 counts."""
        if self.judgement != "wanted":
            return ()
        return ((self.paper, self.partner), (self.partner, self.paper)) if self.both else ((self.paper, self.partner),)


def load_judged(path: Path = JUDGED) -> tuple[Judged, ...]:
    """Read the judged pairs; raises OSError, yaml.YAMLError, KeyError on a pair missing a field,
    ValueError on an unknown judgement."""
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    judged = tuple(
        Judged(str(i["paper"]), str(i["partner"]), str(i["judgement"]), str(i["why"]), bool(i.get("both", False)))
        for i in items
    )
    for j in judged:
        if j.judgement not in JUDGEMENTS:
            raise ValueError(f"{path.name}: {j.paper} -> {j.partner}: unknown judgement {j.judgement!r}")
    return judged


@dataclass(frozen=True)
class Agreement:
    """How listed related papers agree with judged pairs (see the module docstring)."""

    wanted: int  # wanted directions
    found: int  # of those, listed
    judged_listed: int  # listed (paper, neighbour) pairs that are judged
    right: int  # of those, judged wanted or related
    weak: int  # of those, judged weak
    negatives: tuple[tuple[str, str], ...]  # unrelated pairs listed, in either direction
    per_paper: float = 0.0
    empty: int = 0  # papers listing none

    @property
    def recall(self) -> float:
        return self.found / self.wanted if self.wanted else 0.0

    @property
    def precision(self) -> float:
        return self.right / self.judged_listed if self.judged_listed else 0.0

    def __add__(self, other: Agreement) -> Agreement:
        """Sum the counts of two disjoint sets of judged pairs (the folds of a cross-validation)."""
        return Agreement(
            self.wanted + other.wanted,
            self.found + other.found,
            self.judged_listed + other.judged_listed,
            self.right + other.right,
            self.weak + other.weak,
            self.negatives + other.negatives,
        )

    def line(self) -> str:
        return (
            f"recall@5 {self.recall:.3f} ({self.found}/{self.wanted})  "
            f"precision@5 {self.precision:.3f} ({self.right}/{self.judged_listed}, {self.weak} weak)  "
            f"unrelated listed {len(self.negatives)}"
        )


def agreement(found: Mapping[str, Sequence[Related]], judged: Sequence[Judged], cut: float = 0.0) -> Agreement:
    """Measure related papers (those scoring at least cut) against judged pairs."""
    lists = {pid: [r.id for r in rs if r.score >= cut] for pid, rs in found.items()}
    kinds = {frozenset((j.paper, j.partner)): j.judgement for j in judged}
    wanted = [d for j in judged for d in j.wanted]
    hits = sum(1 for paper, partner in wanted if partner in lists.get(paper, ()))
    listed = [kinds[pair] for pid, ns in lists.items() for n in ns if (pair := frozenset((pid, n))) in kinds]
    wrong = {
        tuple(sorted(pair))
        for pid, ns in lists.items()
        for n in ns
        if kinds.get(pair := frozenset((pid, n))) == "unrelated"
    }
    per = sum(map(len, lists.values())) / len(lists) if lists else 0.0
    empty = sum(1 for ns in lists.values() if not ns)
    right = sum(1 for k in listed if k in RIGHT)
    weak = sum(1 for k in listed if k == "weak")
    return Agreement(len(wanted), hits, len(listed), right, weak, tuple(sorted(wrong)), per, empty)  # type: ignore[arg-type]


def lowest_clean_cut(found: Mapping[str, Sequence[Related]], judged: Sequence[Judged]) -> float:
    """Return the lowest cut at which no unrelated pair is listed (scores are rounded to 4 places)."""
    scores = {(pid, r.id): r.score for pid, rs in found.items() for r in rs}
    unrelated = [j for j in judged if j.judgement == "unrelated"]
    worst = [max(scores.get((j.paper, j.partner), 0.0), scores.get((j.partner, j.paper), 0.0)) for j in unrelated]
    listed = [s for s in worst if s > 0]
    return round(max(listed) + 10**-related.DECIMALS, related.DECIMALS) if listed else 0.0


def nearest_unrelated(
    found: Mapping[str, Sequence[Related]], judged: Sequence[Judged], limit: int = NEAREST
) -> list[tuple[float, Judged, tuple[str, ...]]]:
    """Return the `limit` unrelated pairs scoring highest (either direction), highest first, each
    with its score and the reasons of that listing: the first sets lowest_clean_cut."""
    listed = {(pid, r.id): r for pid, rs in found.items() for r in rs}
    scored = []
    for j in judged:
        if j.judgement != "unrelated":
            continue
        either = [r for r in (listed.get((j.paper, j.partner)), listed.get((j.partner, j.paper))) if r]
        if either:
            best = max(either, key=lambda r: r.score)
            scored.append((best.score, j, _why(best)))
    scored.sort(key=lambda t: (-t[0], t[1].paper, t[1].partner))
    return scored[:limit]


def placing(found: Mapping[str, Sequence[Related]], paper: str, partner: str) -> str:
    """Say where partner is in paper's related papers (found at no cut): "0.1749, rank 1", or "not listed"."""
    for rank, r in enumerate(found.get(paper, ()), 1):
        if r.id == partner:
            return f"{r.score:.4f}, rank {rank}"
    return "not listed"


Runs = Mapping[str, Mapping[str, Sequence[Related]]]  # weighting's name -> related papers at no cut


def choose(runs: Runs, judged: Sequence[Judged]) -> tuple[str, float]:
    """Return the weighting and cut with the best recall@5 listing no unrelated pair (the first among equals)."""
    best: tuple[float, str, float] | None = None
    for name, found in runs.items():
        cut = lowest_clean_cut(found, judged)
        recall = agreement(found, judged, cut).recall
        if best is None or recall > best[0]:
            best = (recall, name, cut)
    assert best is not None, "no weighting to choose from"
    return best[1], best[2]


def folds_of(judged: Sequence[Judged], folds: int = FOLDS) -> list[list[Judged]]:
    """Split the judged pairs into folds by their `paper` (papers in id order, dealt round)."""
    papers = sorted({j.paper for j in judged})
    fold = {p: i % folds for i, p in enumerate(papers)}
    return [[j for j in judged if fold[j.paper] == f] for f in range(folds)]


def nested_cv(runs: Runs, judged: Sequence[Judged], folds: int = FOLDS) -> tuple[Agreement, list[tuple[str, float]]]:
    """Return the held-out agreement of weights and cut chosen on the other folds, and the choices."""
    parts = folds_of(judged, folds)
    total = Agreement(0, 0, 0, 0, 0, ())
    choices = []
    for f, held in enumerate(parts):
        train = [j for g, part in enumerate(parts) if g != f for j in part]
        name, cut = choose(runs, train)
        total += agreement(runs[name], held, cut)
        choices.append((name, cut))
    return total, choices


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
        loaded = taxonomy.load_taxonomy(settings.taxonomy, settings.display(settings.taxonomy))
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
    sections = [coverage(links), distribution(links), untagged(links), relatedness(links)]
    sections += [judgement(links, settings), mentioned(links)]
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


def judgement(links: Links, settings: Settings, path: Path = JUDGED) -> str:
    """Measure the related papers against the judged pairs: in-sample, held out, ablated."""
    every = load_judged(path)
    ids = {p.id for p in links.papers}
    judged = [j for j in every if j.paper in ids and j.partner in ids]
    head = f"Judged pairs ({path.name}): {len(judged)} of {len(every)} in this corpus"
    if not judged:
        return head + "."
    names = {t.slug: t.name for t in links.topics}

    def run(weights: related.Weights) -> dict[str, tuple[Related, ...]]:
        return related.related(links.papers, links.tags, names, settings.related, 0.0, weights=weights)

    runs = {"WEIGHTS": run(related.WEIGHTS)}
    runs |= {_name(changes): run(related.with_weights(**changes)) for changes in CANDIDATES}
    now = agreement(links.related, judged)
    chosen, cut = choose(runs, judged)
    held, choices = nested_cv(runs, judged)
    counts = Counter(j.judgement for j in judged)
    rows = [
        (f"in-sample: the site, cut {settings.min_similarity:g}", now.line()),
        (f"held out: nested {FOLDS}-fold CV", held.line()),
    ]
    lines = [
        f"{head}: " + ", ".join(f"{counts[k]} {k}" for k in JUDGEMENTS) + f"; recall@5 target {TARGET_RECALL}"
        " with no unrelated pair listed.",
        "  in-sample figures are measured on the pairs the weights and cut were chosen on (optimistic);",
        "  held-out ones on pairs the choice never saw (weights and cut chosen on the other folds' papers).",
        *(f"  {label + ':':38s} {figures}" for label, figures in rows),
        f"  papers: {now.per_paper:.2f} related papers each, {now.empty} with none",
        "  held-out choices per fold: " + "; ".join(f"{name} at {c:.4f}" for name, c in choices),
        f"  chosen on all pairs: {chosen} at {cut:.4f} (the site: WEIGHTS at {related.RELATED_CUT})",
        "  one signal off at a time (recall@5 at its lowest cut listing no unrelated pair; at no cut):",
    ]
    lines += _ablations(run, judged)
    titles = {p.id: p.title for p in links.papers}
    lines += [f"  unrelated listed: {titles[a]} <-> {titles[b]}" for a, b in now.negatives]
    lines.append(
        f"  unrelated pairs scoring highest with WEIGHTS at no cut (the first sets the cut; {NEAREST} at most):"
    )
    for score, j, why in nearest_unrelated(runs["WEIGHTS"], judged):
        lines.append(f"    {score:.4f}  {titles[j.paper]} <-> {titles[j.partner]}  [{'; '.join(why)}]")
    listed = {pid: {r.id for r in rs} for pid, rs in links.related.items()}
    missed = [(a, b) for j in judged for a, b in j.wanted if b not in listed.get(a, set())]
    lines.append(
        f"  missed wanted pairs (score and rank among the paper's {settings.related} best, WEIGHTS at no cut):"
    )
    lines += [f"  missed: {titles[a]} -> {titles[b]} ({placing(runs['WEIGHTS'], a, b)})" for a, b in missed]
    return "\n".join(lines)


def _name(changes: Mapping[str, float | int | str | bool]) -> str:
    return ", ".join(f"{k}={v}" for k, v in changes.items())


def _ablations(
    run: Callable[[related.Weights], Mapping[str, Sequence[Related]]], judged: Sequence[Judged]
) -> list[str]:
    lines = []
    for name, changes in ABLATIONS.items():
        found = run(related.with_weights(**changes))
        cut = lowest_clean_cut(found, judged)
        at_cut, uncut = agreement(found, judged, cut), agreement(found, judged)
        lines.append(
            f"    {name:32s} {at_cut.recall:.3f} at {cut:.4f}; {uncut.recall:.3f} with {len(uncut.negatives)} unrelated"
        )
    return lines


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


def _why(r: Related) -> tuple[str, ...]:
    """Return a related paper's reasons by kind, strongest first: ("same code: ...", "terms: ...")."""
    if not r.reasons:
        return tuple(filter(None, [", ".join(r.shared_topics), ", ".join(r.shared_terms)]))
    kinds: dict[str, list[str]] = {}
    for reason in r.reasons:
        kinds.setdefault(reason.kind, []).append(reason.text)
    return tuple(f"{LABELS.get(kind, kind)}: {', '.join(texts)}" for kind, texts in kinds.items())


def _related_lines(found: Sequence[Related], titles: Mapping[str, str]) -> list[str]:
    if not found:
        return ["related: (none)"]
    lines = ["related:"]
    for r in found:  # strongest first: "code: ...; authors: ...; terms: ...; topics: ..."
        lines.append(f"  {r.score:.3f}  {titles.get(r.id, r.id)}  [{'; '.join(_why(r))}]")
    return lines
