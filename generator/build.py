"""The pipeline: read every digest, work out papers, topics and links, then write."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import itertools
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .analysis import mentions, related, tagging, taxonomy
from .config import Settings
from .errors import ConfigError, Errors, GeneratorError
from .models import Corpus, Note, Topic
from .papers import authors, identity, lookups, registry
from .papers.accounting import account
from .render import authors as author_pages
from .render import digests as digest_pages
from .render import export, feeds, pages, redirects, templating, topics
from .render import lists as list_pages
from .render.templating import count
from .search.index import site_index
from .sources.digests import read_sources
from .sources.lists import read_lists
from .write import commit, site, tree

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
    notes: tuple[Note, ...] = ()  # repairs and skips made while reading, for the CLI to print


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


def with_list_problems(error: GeneratorError, settings: Settings) -> GeneratorError:
    """Add the reading lists' own problems (YAML, keys, values) to the digests' error: every
    problem in one run, though no paper can be looked up without the digests."""
    try:
        folder = settings.lists
        read_lists(folder, settings.display(folder) if folder else "", None, max_bytes=settings.max_digest_mb << 20)
    except GeneratorError as more:
        return Errors([*getattr(error, "errors", [error]), *getattr(more, "errors", [more])])
    return error


def make_corpus(settings: Settings, log: Log = _quiet, seconds: dict[str, float] | None = None) -> Corpus:
    """Run every stage in memory and return the finished corpus."""
    timings = seconds if seconds is not None else {}
    start = time.perf_counter()
    try:
        digests, skipped = read_sources(settings)
    except GeneratorError as exc:
        raise with_list_problems(exc, settings) from None
    loaded = registry.load(settings.registry, settings.display(settings.registry)) if settings.registry else None
    registered = loaded.records if loaded else ()
    found = identity.identify(
        digests,
        settings.display(settings.data_dir),
        registered,
        lookups.read(settings.lookups, settings.display(settings.lookups)) if settings.lookups else (),
        settings.display(settings.lookups) if settings.lookups else "",
    )
    papers = list(found.papers)
    repeats = account(digests, papers, found.repeats, settings.display(settings.data_dir))
    shown = {p.id for p in papers} | set(found.aliases)
    gone = registry.unlisted(registered, shown, settings.display(settings.registry)) if settings.registry else []
    if loaded and settings.registry:
        built = {p.arxiv_id: p.id for p in papers if p.arxiv_id}
        gone += registry.displaced_notes(loaded, built, settings.display(settings.registry))
    lists_dir = settings.lists
    reading_lists, unread = read_lists(
        lists_dir,
        settings.display(lists_dir) if lists_dir else "",
        papers,
        found.aliases,
        settings.max_digest_mb << 20,
        found.records,
        settings.site_url,
        settings.display(settings.registry) if settings.registry else "",
    )
    notes = sorted(
        [
            *skipped,
            *(loaded.notes if loaded else ()),
            *(n for d in digests for n in d.notes),
            *repeats,
            *found.notes,
            *gone,
            *unread,
        ],
        key=lambda n: (n.path, n.line or 0),
    )
    people = authors.collect(papers, settings.author_pages_min, settings.display(settings.data_dir))
    timings["parse"] = time.perf_counter() - start
    log(f"read {count(len(digests), 'digest')}: {count(len(papers), 'paper')}, {len(found.added):,} of them new")
    lists = count(len(reading_lists), "reading list")
    log(f"{count(len(people.by_key), 'author')}, {len(people.with_pages):,} with a page; {lists}")

    start = time.perf_counter()
    topic_taxonomy = taxonomy.load_taxonomy(settings.taxonomy, settings.display(settings.taxonomy))
    check_tags_allowed(settings, topic_taxonomy.topics)
    tagged = tagging.tag_all(
        [(p.title, p.abstract) for p in papers], topic_taxonomy.topics, [p.keywords for p in papers]
    )
    tags = dict(zip((p.id for p in papers), tagged, strict=True))
    timings["tag"] = time.perf_counter() - start
    tagged_count = sum(1 for t in tags.values() if t)
    topics_in = count(len(topic_taxonomy.topics), "topic")
    log(f"tagged {tagged_count:,} of {count(len(papers), 'paper')} ({topics_in} in the taxonomy)")

    start = time.perf_counter()
    names = {t.slug: t.name for t in topic_taxonomy.topics}
    neighbours = related.related(papers, tags, names, settings.related, settings.min_similarity)
    named = mentions.mentions(papers)
    timings["related"] = time.perf_counter() - start
    with_related = sum(1 for r in neighbours.values() if r)
    log(f"related papers for {count(with_related, 'paper')}; {count(sum(map(len, named.values())), 'mention')}")
    return Corpus(
        digests=tuple(digests),
        papers=tuple(papers),
        topics=topic_taxonomy.topics,
        areas=topic_taxonomy.areas,
        tags=tags,
        related=neighbours,
        mentions=named,
        notes=tuple(notes),
        aliases=found.aliases,
        published=found.records,
        feed_ids=(loaded.feed_ids if loaded else None) or feeds.id_base(settings.site_url),
        authors=people,
        lists=reading_lists,
    )


def generate(
    settings: Settings,
    log: Log = _quiet,
    *,
    site_dir: Path | None = None,
    config_file: Path | None = None,
    notice: Log | None = None,
    record: bool = True,
) -> BuildReport:
    """Regenerate docs/ from the digests and, given site_dir, build the site; commit both or neither.

    record=False (a preview: `mkdocs serve`) reads the registry of published ids but adds
    nothing to it: a digest dropped into data/ to look at leaves no published id behind.

    One build at a time: a second waits for the first (notice says so). Until the commit
    (generator/write/commit.py) nothing readers see changes; an error leaves docs/ and site/ as
    they were, and so does a crash, once the next build has recovered.
    """
    # The folders as they really are (symlinks followed, `..` after a link resolved): the checks
    # and the swaps see the same folders (`link/..` is the link's parent, not this one).
    settings = dataclasses.replace(settings, docs_dir=Path(os.path.realpath(settings.docs_dir)))
    site_dir = Path(os.path.realpath(site_dir)) if site_dir is not None else None
    settings.check_output(settings.docs_dir, "generating the pages", tree.OWNED, tree.KINDS)
    if site_dir is not None:
        settings.check_output(site_dir, "building the site", site=True)
    # This build's site and mkdocs.yml's: a docs folder there would stop every later build at it.
    sites = {Path(os.path.realpath(folder)) for folder in (site_dir, settings.site_dir) if folder is not None}
    for aside in itertools.chain.from_iterable(commit.beside_site(folder) for folder in sorted(sites)):
        if aside == settings.docs_dir or aside in settings.docs_dir.parents:
            where = settings.display(aside)
            message = f"generating the pages would write in {where}, where a build keeps the site while it commits"
            raise ConfigError(settings.display(settings.docs_dir), None, message)
    seconds: dict[str, float] = {}
    with commit.Transaction(settings.docs_dir, site_dir, notice=notice or log, display=settings.display) as tx:
        corpus = make_corpus(settings, log, seconds)
        start = time.perf_counter()
        index = site_index(corpus, settings.search, settings.docs_dir, tree.OWNED)
        seconds["search index"] = time.perf_counter() - start
        log(f"search index: {count(len(index), 'file')}")
        start = time.perf_counter()
        files: Iterable[tuple[str, str | bytes]] = itertools.chain(
            pages.Renderer(corpus, settings.site_url).files(),
            export.export_files(corpus),
            topics.TopicRenderer(corpus).files(),
            author_pages.AuthorRenderer(corpus).files(),
            list_pages.ListRenderer(corpus, settings.site_url).files(),
            feeds.feed_files(corpus, settings.site_name, settings.site_url, settings.feed_size, corpus.feed_ids),
            redirects.redirect_files(corpus),
            index,
        )
        report = tree.write_tree(tx.generation(), settings.docs_dir, files, settings.display)
        seconds["render and write"] = time.perf_counter() - start
        log(f"wrote docs: {report}")
        newest = max(d.date for d in corpus.digests)
        # A list page the last build wrote and this one did not: its address goes, so the build says so
        # (from the page itself, still in docs/ until the transaction swaps it out).
        lists_folder = settings.display(settings.lists) if settings.lists else "lists"
        gone = list_pages.unbuilt(report.gone, lists_folder, settings.docs_dir)
        # And a topic page: renaming or deleting a topic drops its addresses too.
        gone += topics.unbuilt(report.gone, report.added, corpus.topics, settings.display(settings.taxonomy))
        # And a digest page: deleting or renaming its file drops its address.
        gone += digest_pages.unbuilt(report.gone, settings.display(settings.data_dir))
        papers, digests, shown, published, feed_ids, notes = (
            len(corpus.papers),
            len(corpus.digests),
            len(corpus.shown_topics),
            corpus.published,
            corpus.feed_ids,
            (*corpus.notes, *gone),
        )
        # MkDocs holds every page in memory at once: the corpus and the search index are let go
        # first, so the build's peak is the larger of the two stages, not their sum.
        del corpus, index, files
        templating.forget_papers()
        gc.collect()
        if site_dir is not None:
            config = config_file or settings.root / "mkdocs.yml"
            seconds["mkdocs"] = site.run_mkdocs(config, tx.view(), tx.site_staging, newest, settings.display)
            log(f"built {settings.display(site_dir)}/ in {seconds['mkdocs']:.1f} s")
        if settings.registry and record:
            # The registry lands with the pages, in the same commit: it always holds every published id.
            changed = registry.changed(settings.registry, published, feed_ids or None)
            if changed is not None:
                tx.stage_file(settings.registry, changed)
                log(f"recording the published paper ids in {settings.display(settings.registry)}")
        start = time.perf_counter()
        tx.commit()
        seconds["commit"] = time.perf_counter() - start
    return BuildReport(papers, digests, shown, newest, report, seconds, notes)
