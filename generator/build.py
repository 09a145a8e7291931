"""The pipeline: read every digest, work out papers, topics and links, then write."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import feeds, identity, parse, related, render, render_topics, topics, write
from .config import Settings
from .errors import ConfigError, Errors, GeneratorError
from .models import Corpus, Digest, Topic

Log = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


@dataclass(frozen=True)
class BuildReport:
    """What a build produced and how long each stage took."""

    papers: int
    digests: int
    topics: int
    newest: dt.date  # the newest digest's date: the site's build date, never the clock
    write: write.WriteReport
    seconds: dict[str, float]


def digest_files(settings: Settings) -> list[Path]:
    """List the digest files, in name order; hidden files are skipped."""
    folder = settings.data_dir
    if not folder.is_dir():
        raise GeneratorError(settings.display(folder), None, "no such folder of digests")
    files = sorted(p for p in folder.glob("*.txt") if not p.name.startswith("."))
    if not files:
        raise GeneratorError(settings.display(folder), None, "no digest files (*.txt) here")
    return files


def read_digests(settings: Settings) -> list[Digest]:
    """Parse every digest, collecting every file's problem before failing once."""
    digests: list[Digest] = []
    errors: list[GeneratorError] = []
    for path in digest_files(settings):
        try:
            digests.append(parse.parse_file(path, settings.default_year, settings.display(path)))
        except GeneratorError as exc:
            errors.append(exc)
    if errors:
        raise errors[0] if len(errors) == 1 else Errors(errors)
    digests.sort(key=lambda d: (d.date, d.source))
    slugs: dict[str, Digest] = {}
    for digest in digests:
        if digest.slug in slugs:
            raise GeneratorError(
                settings.display(settings.data_dir / digest.source),
                None,
                f"its page name {digest.slug!r} clashes with {slugs[digest.slug].source}; rename one file",
            )
        slugs[digest.slug] = digest
    return digests


def check_tags_allowed(settings: Settings, taxonomy: tuple[Topic, ...]) -> None:
    """Refuse a tags_allowed list in mkdocs.yml that disagrees with the taxonomy."""
    if settings.tags_allowed is None:
        return
    names = [t.name for t in taxonomy]
    missing = [n for n in names if n not in settings.tags_allowed]
    extra = [n for n in settings.tags_allowed if n not in names]
    if missing or extra:
        detail = "; ".join(
            part
            for part in (
                f"add {', '.join(map(repr, missing))}" if missing else "",
                f"remove {', '.join(map(repr, extra))}" if extra else "",
            )
            if part
        )
        raise ConfigError(
            "mkdocs.yml",
            settings.tags_allowed_line,
            f"tags_allowed must list exactly the topics of {settings.display(settings.taxonomy)}: {detail}",
        )


def make_corpus(settings: Settings, log: Log = _quiet, seconds: dict[str, float] | None = None) -> Corpus:
    """Run every stage in memory and return the finished corpus."""
    timings = seconds if seconds is not None else {}
    start = time.perf_counter()
    digests = read_digests(settings)
    papers = identity.merge(digests, settings.display(settings.data_dir))
    timings["parse"] = time.perf_counter() - start
    log(f"read {len(digests)} digests: {len(papers)} papers")

    start = time.perf_counter()
    taxonomy = topics.load_taxonomy(settings.taxonomy, settings.display(settings.taxonomy))
    check_tags_allowed(settings, taxonomy.topics)
    found = topics.tag_all([(p.title, p.abstract) for p in papers], taxonomy)
    tags = dict(zip((p.id for p in papers), found, strict=True))
    timings["tag"] = time.perf_counter() - start
    log(f"tagged {sum(1 for t in tags.values() if t)} of {len(papers)} papers with {len(taxonomy.topics)} topics")

    start = time.perf_counter()
    names = {t.slug: t.name for t in taxonomy.topics}
    neighbours = related.related(papers, tags, names, settings.related, settings.min_similarity)
    named = related.mentions(papers)
    timings["related"] = time.perf_counter() - start
    with_related = sum(1 for r in neighbours.values() if r)
    log(f"related papers for {with_related} papers; {sum(map(len, named.values()))} mentions")
    return Corpus(
        digests=tuple(digests),
        papers=tuple(papers),
        topics=taxonomy.topics,
        areas=taxonomy.areas,
        tags=tags,
        related=neighbours,
        mentions=named,
    )


def generate(settings: Settings, log: Log = _quiet) -> BuildReport:
    """Regenerate the Markdown under docs/ from the digests."""
    seconds: dict[str, float] = {}
    corpus = make_corpus(settings, log, seconds)
    start = time.perf_counter()
    files = itertools.chain(
        render.Renderer(corpus).files(),
        render_topics.TopicRenderer(corpus, feeds=True).files(),
        feeds.feed_files(corpus, settings.site_name, settings.site_url, settings.feed_size),
    )
    report = write.write_tree(settings.docs_dir, files)
    seconds["render and write"] = time.perf_counter() - start
    log(f"wrote docs: {report}")
    shown = len(corpus.shown_topics)
    newest = max(d.date for d in corpus.digests)
    return BuildReport(len(corpus.papers), len(corpus.digests), shown, newest, report, seconds)
