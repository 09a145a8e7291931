"""Command line: `python -m generator COMMAND`. Only here do errors become messages."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from . import build, config, progress
from .errors import CommitError, GeneratorError
from .progress import count

NOTHING_CHANGED = "nothing was changed: docs/ and site/ are as they were"


def _settings(args: argparse.Namespace) -> config.Settings:
    return config.load(Path(args.config), data_dir=args.data, docs_dir=getattr(args, "docs", None))


def _log(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    if args.quiet:
        return lambda _: None
    return lambda message: print(message, file=sys.stderr, flush=True)


def _summary(report: build.BuildReport) -> str:
    """Papers, digests, topic pages and notes of a build, for its summary line."""
    return ", ".join(
        (
            count(report.papers, "paper"),
            count(report.digests, "digest"),
            count(report.topics, "topic page"),
            count(len(report.notes), "note"),
        )
    )


def _notes(report: build.BuildReport) -> None:
    """Print the build's notes on stderr."""
    for note in report.notes:
        print(note, file=sys.stderr)


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """While it runs, make SIGTERM stop the command as Ctrl-C does (KeyboardInterrupt).

    A CI step's timeout or cancel sends SIGTERM (after SIGINT, or alone): killed outright, enrich
    kept none of its answers and the next run started over; as an interrupt, what is done is
    saved, "interrupted" is said and the exit status is 130."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread sets handlers
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _notice(message: str) -> None:
    """Say what the user must know even with --quiet (a build waiting for another, a recovery)."""
    print(message, file=sys.stderr, flush=True)


def cmd_build(args: argparse.Namespace) -> int:
    settings = _settings(args)
    report = build.generate(settings, _log(args), notice=_notice)
    _notes(report)
    print(f"generated {_summary(report)}: {report.write}")
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    settings = _settings(args)
    start = time.perf_counter()
    site_dir, config_file = args.site_dir or settings.site_dir, Path(args.config)
    report = build.generate(settings, _log(args), site_dir=site_dir, config_file=config_file, notice=_notice)
    built = report.seconds["mkdocs"]
    generated = time.perf_counter() - start - built
    _notes(report)
    print(
        f"site: {_summary(report)}; docs {report.write}; "
        f"generate {generated:.1f} s, mkdocs {built:.1f} s -> {settings.display(Path(os.path.abspath(site_dir)))}/"
    )
    return 0


def cmd_clean(args: argparse.Namespace) -> int:
    from .write import clean, tree

    settings = _settings(args)
    # What a build would replace, and nothing else: a site_dir that is no built site stays.
    site_dir = args.site_dir or settings.site_dir
    settings.check_output(settings.docs_dir, "removing the generated pages", tree.OWNED + tree.FORMER, tree.KINDS)
    settings.check_output(site_dir, "removing the site", site=True)
    removed = clean.clean(settings.docs_dir, site_dir, notice=_notice, display=settings.display)
    print(f"removed {', '.join(removed)}" if removed else "nothing to remove")
    return 0


def cmd_corpus(args: argparse.Namespace) -> int:
    from .devtools.corpus import is_corpus_folder, write_corpus

    settings = _settings(args)
    settings.check_output(args.out, "writing the corpus")
    if not is_corpus_folder(Path(os.path.realpath(args.out))):
        message = "writing the corpus would replace the digests in a folder no corpus was written to: choose a new one"
        raise GeneratorError(settings.display(Path(os.path.abspath(args.out))), None, message)
    corpus = build.make_corpus(settings)
    files = write_corpus(corpus.papers, args.papers, args.out, as_json=args.json)
    kind = "JSON" if args.json else "text"
    print(f"wrote {args.papers} papers in {files} {kind} digest files to {args.out}/")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from .devtools import bench

    settings = _settings(args)
    row, sizes, search_row = bench.measure(
        settings, args.papers, log=_log(args), as_json=args.json, pagefind=args.pagefind
    )
    for figures in (row, search_row):
        width = max(map(len, figures), default=0)
        for key, value in figures.items():
            print(f"{key:>{width}}: {value}")
    print("KB per paper by kind:", ", ".join(f"{k} {v}" for k, v in sizes.items() if k != "papers"))
    if args.record:
        bench.record(row, sizes, search_row)
        print(f"recorded in {bench.PAGE.relative_to(bench.ROOT)}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from .search import query as search

    query = " ".join(args.query)
    # The site_dir of mkdocs.yml, as a build writes it; named from here in messages.
    site = args.site_dir or Path(os.path.relpath(config.load(Path(args.config)).site_dir))
    try:
        result = search.search(site, query, limit=args.limit)
    except search.SearchIndexError as exc:
        print(exc, file=sys.stderr)
        return 1
    if not result.hits:
        print(f"no results for {query!r}", file=sys.stderr)
        return 1
    print(search.format_hits(result))
    more = result.total - len(result.hits)
    if not args.quiet:
        words = "every word" if result.all else "some of the words (none has them all)"
        count = "1 result" if result.total == 1 else f"{result.total} results"
        print(f"{count} with {words}" + (f"; {more} more not listed" if more > 0 else ""), file=sys.stderr)
    return 0


def _count(least: int):  # type: ignore[no-untyped-def]
    """An argparse type: a whole number of at least `least`."""

    def number(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
        if n < least:
            raise argparse.ArgumentTypeError(f"must be at least {least}: {value!r}")
        return n

    return number


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def cmd_fetch(args: argparse.Namespace) -> int:
    from .fetch import client, daily, retry

    settings = _settings(args)
    base = client.endpoint()
    today = dt.datetime.now(dt.UTC).date()  # fetching may read the clock; building never does
    try:
        saved = daily.saved_days(settings)
    except GeneratorError:
        if args.date is None and args.since is None:
            raise
        saved = None  # a digest the build cannot read: --date still skips days named in file names (--force repairs)
    where = settings.display(settings.data_dir)
    plan = daily.days_to_fetch(saved, today, args.date, args.since, args.max_days or daily.CATCH_UP_DAYS, where)
    for day in daily.stale_failed(saved, today) if saved else ():  # saved another way, or past the window
        daily.forget_failed(settings.data_dir, day, settings.display)
    if args.date == today:
        _notice(f"{today.isoformat()} (UTC) is not over: its list as it stands; --date {today} --force after it ends")
    for day in plan.future:
        _notice(f"{where}: a digest is dated {day.isoformat()}, after today (UTC): is its date a typo?")
    if not plan.days:
        print("nothing to fetch: every day up to yesterday (UTC) is saved or was found without papers")
        return 0
    log = _log(args)
    if plan.catch_up():
        log(str(plan.catch_up()))
    with _terminate_as_interrupt():  # each day's file is whole: written aside, then renamed
        report = daily.fetch(
            settings.data_dir,
            plan.days,
            retry.session(retries=args.retries, log=log, hub=base, deadline=args.deadline or retry.DEADLINE),
            base,
            force=args.force,
            log=log,
            display=settings.display,
            warn=_notice,
            limit=settings.max_digest_mb << 20,
            held=saved,
            today=today,
            setting=client.limit_setting(settings.config_name),
        )
    print(report)
    if plan.left:
        _notice(f"{count(plan.left, 'more day')} to fetch up to yesterday: the next run goes on")
    return 1 if report.failed else 0  # the days that landed are saved whole; the status says some did not


def cmd_enrich(args: argparse.Namespace) -> int:
    from .fetch import client, enrich, retry

    settings = _settings(args)
    today = dt.datetime.now(dt.UTC).date()
    base = client.endpoint()
    session = retry.session(retries=args.retries, log=_log(args), hub=base, deadline=args.deadline or retry.DEADLINE)
    with _terminate_as_interrupt():  # the answers got so far are saved
        report = enrich.enrich(settings, session, base, today, args.force, args.missing, _log(args), _notice)
    print(report)
    return 1 if report.unanswered else 0  # the answers got are recorded; the status says some were not


# The search command's own options; anything else, `-word` included, is part of the query.
SEARCH_OPTIONS = {
    "--site-dir": True,
    "--config": True,
    "-n": True,
    "--limit": True,
    "-q": False,
    "--quiet": False,
    "-h": False,
    "--help": False,
}


def search_argv(argv: list[str]) -> list[str]:
    """Put a search command's query words after `--`, so that `-word` exclusions are words."""
    options, words, i = [], [], 0
    while i < len(argv):
        arg = argv[i]
        name = arg.split("=", 1)[0]
        if arg == "--":
            words += argv[i + 1 :]
            break
        if name in SEARCH_OPTIONS or (arg.startswith("-n") and arg[2:].isdigit()):
            takes = SEARCH_OPTIONS.get(name, False) and "=" not in arg
            options += argv[i : i + 1 + takes]
            i += 1 + takes
            continue
        words.append(arg)
        i += 1
    return [*options, "--", *words] if words else options


def cmd_quality(args: argparse.Namespace) -> int:
    from .devtools import quality

    print(quality.report(_settings(args)))
    return 0


def parser() -> argparse.ArgumentParser:
    """Build the argument parser; every command has help."""
    top = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(p: argparse.ArgumentParser, docs: bool = False) -> None:
        """The options every command shares; `--docs` only where a command writes or removes generated pages."""
        p.add_argument("--config", default="mkdocs.yml", help="the MkDocs configuration (default: mkdocs.yml)")
        p.add_argument("--data", type=Path, help="folder of digest files (default: extra.generator.data_dir)")
        if docs:
            p.add_argument("--docs", type=Path, help="MkDocs docs folder to generate into (default: docs_dir)")
        p.add_argument("-q", "--quiet", action="store_true", help="print only notes, errors and the summary line")

    p = sub.add_parser("build", help="regenerate the Markdown pages and papers.json.gz under docs/")
    common(p, docs=True)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("site", help="regenerate docs/ and build site/ with MkDocs; both change, or neither")
    common(p, docs=True)
    p.add_argument("--site-dir", type=Path, help="where the built site goes (default: site_dir in mkdocs.yml, site)")
    p.set_defaults(func=cmd_site)

    p = sub.add_parser(
        "clean", help="remove the built site, the generated pages and their store (waits for a running build)"
    )
    common(p, docs=True)
    p.add_argument("--site-dir", type=Path, help="the built site to remove (default: site_dir in mkdocs.yml, site)")
    p.set_defaults(func=cmd_clean, failure_note=None)

    p = sub.add_parser("corpus", help="write a synthetic benchmark corpus recombined from the real digests")
    common(p)
    p.add_argument("papers", type=_count(1), help="how many distinct papers")
    p.add_argument("out", type=Path, help="folder to write dated digest files into (outside data/)")
    p.add_argument("--json", action="store_true", help="write JSON digests (API responses with authors, arXiv ids)")
    p.set_defaults(func=cmd_corpus)

    p = sub.add_parser("quality", help="report tag coverage, the tag distribution and related-paper quality")
    common(p)
    p.set_defaults(func=cmd_quality)

    p = sub.add_parser("bench", help="time make site against a plain Material build; record the figures")
    common(p)
    p.add_argument("--papers", type=int, help="use a synthetic corpus of this many papers (default: the data)")
    p.add_argument("--json", action="store_true", help="a synthetic corpus of JSON digests instead of text")
    p.add_argument("--no-record", dest="record", action="store_false", help="do not update docs/benchmarks.md")
    p.add_argument(
        "--pagefind", action="store_true", help="measure Pagefind on the same site too (installs npm pagefind)"
    )
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("fetch", help="save each day's Daily Papers from the Hub API as data/digests/YYYY-MM-DD.json")
    common(p)
    when = p.add_mutually_exclusive_group()  # which days: one of these three (argparse refuses two)
    when.add_argument("--date", type=_date, help="fetch this day (YYYY-MM-DD)")
    when.add_argument("--since", type=_date, help="fetch every day from this one to yesterday (UTC)")
    when.add_argument(
        "--max-days",
        type=_count(1),
        help="without --date or --since: fetch at most this many of the days not saved yet, oldest first (default: 31)",
    )
    p.add_argument("--force", action="store_true", help="fetch days that are already saved again")
    p.add_argument(
        "--retries", type=_count(0), default=5, help="retries on 429, 5xx and connection errors (default: 5)"
    )
    p.add_argument(
        "--deadline",
        type=_count(1),
        help="seconds an answer may take to arrive in all, however steadily it trickles (default: 180)",
    )
    p.set_defaults(func=cmd_fetch, failure_note=None)

    p = sub.add_parser("enrich", help="look up the arXiv id of text-only papers by title; record every answer")
    common(p)
    p.add_argument("--force", action="store_true", help="ask again for every title")
    p.add_argument("--missing", action="store_true", help='ask again for titles last answered "not found"')
    p.add_argument(
        "--retries", type=_count(0), default=5, help="retries on 429, 5xx and connection errors (default: 5)"
    )
    p.add_argument(
        "--deadline",
        type=_count(1),
        help="seconds an answer may take to arrive in all, however steadily it trickles (default: 180)",
    )
    p.set_defaults(func=cmd_enrich, failure_note=None)

    p = sub.add_parser(
        "search",
        help="search the built site as its search box does; print ranked titles and URLs",
        description='Words must all appear (else some); "quoted words" and +word are exact; -word excludes; '
        'topic:"Name" and author:"Name" narrow the search (see README, "Search").',
    )
    p.add_argument("query", nargs="+", help="the query, e.g. '\"experience replay\"' -diffusion topic:Continual")
    p.add_argument("--site-dir", type=Path, help="the built site to search (default: site_dir in mkdocs.yml, site)")
    p.add_argument("--config", default="mkdocs.yml", help="the MkDocs configuration (default: mkdocs.yml)")
    p.add_argument("-n", "--limit", type=_count(1), default=10, help="how many results at most (default: 10)")
    p.add_argument("-q", "--quiet", action="store_true", help="print the results only, not how many match")
    p.set_defaults(func=cmd_search, failure_note=None)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run one command; turn known errors into `path:line: message` and exit status 1."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["search"]:
        argv = ["search", *search_argv(argv[1:])]
    args = parser().parse_args(argv)
    try:
        # `-q` silences every progress bar, MkDocs' hooks' too (they run in this process).
        with progress.silenced(getattr(args, "quiet", False)):
            return int(args.func(args))
    except CommitError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except GeneratorError as exc:
        print(str(exc), file=sys.stderr)
        note = getattr(args, "failure_note", NOTHING_CHANGED)
        if note:
            print(note, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, and keep Python from complaining
        # again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
