"""The pipeline: read every digest, work out papers, topics and links, then write."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass

from .analysis import mentions, related, tagging, taxonomy
from .config import Settings
from .errors import ConfigError
from .models import Corpus, Topic
from .papers import identity
from .render import export, feeds, pages, topics
from .search.index import site_index
from .sources.digests import read_digests
from .write import tree

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
    write: tree.WriteReport
    seconds: dict[str, float]


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
    topic_taxonomy = taxonomy.load_taxonomy(settings.taxonomy, settings.display(settings.taxonomy))
    check_tags_allowed(settings, topic_taxonomy.topics)
    found = tagging.tag_all([(p.title, p.abstract) for p in papers], topic_taxonomy.topics)
    tags = dict(zip((p.id for p in papers), found, strict=True))
    timings["tag"] = time.perf_counter() - start
    log(f"tagged {sum(1 for t in tags.values() if t)} of {len(papers)} papers with {len(topic_taxonomy.topics)} topics")

    start = time.perf_counter()
    names = {t.slug: t.name for t in topic_taxonomy.topics}
    neighbours = related.related(papers, tags, names, settings.related, settings.min_similarity)
    named = mentions.mentions(papers)
    timings["related"] = time.perf_counter() - start
    with_related = sum(1 for r in neighbours.values() if r)
    log(f"related papers for {with_related} papers; {sum(map(len, named.values()))} mentions")
    return Corpus(
        digests=tuple(digests),
        papers=tuple(papers),
        topics=topic_taxonomy.topics,
        areas=topic_taxonomy.areas,
        tags=tags,
        related=neighbours,
        mentions=named,
    )


def generate(settings: Settings, log: Log = _quiet) -> BuildReport:
    """Regenerate the Markdown under docs/ from the digests."""
    seconds: dict[str, float] = {}
    corpus = make_corpus(settings, log, seconds)
    start = time.perf_counter()
    index = site_index(corpus, settings.search, settings.docs_dir, tree.OWNED)
    seconds["search index"] = time.perf_counter() - start
    log(f"search index: {len(index)} files")
    start = time.perf_counter()
    files = itertools.chain(
        pages.Renderer(corpus).files(),
        export.export_files(corpus),
        topics.TopicRenderer(corpus, feeds=True).files(),
        feeds.feed_files(corpus, settings.site_name, settings.site_url, settings.feed_size),
    )
    report = tree.write_tree(settings.docs_dir, itertools.chain(files, index))
    seconds["render and write"] = time.perf_counter() - start
    log(f"wrote docs: {report}")
    shown = len(corpus.shown_topics)
    newest = max(d.date for d in corpus.digests)
    return BuildReport(len(corpus.papers), len(corpus.digests), shown, newest, report, seconds)
