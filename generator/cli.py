"""Command line: `python -m generator COMMAND`. Only here do errors become messages."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import build, config
from .errors import GeneratorError


def _settings(args: argparse.Namespace) -> config.Settings:
    return config.load(Path(args.config), data_dir=args.data, docs_dir=args.docs)


def _log(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    if args.quiet:
        return lambda _: None
    return lambda message: print(message, file=sys.stderr, flush=True)


def cmd_build(args: argparse.Namespace) -> int:
    settings = _settings(args)
    report = build.generate(settings, _log(args))
    print(f"generated {report.papers} papers, {report.digests} digests, {report.topics} topics: {report.write}")
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    from .write import site

    settings = _settings(args)
    start = time.perf_counter()
    report = build.generate(settings, _log(args))
    generated = time.perf_counter() - start
    built = site.build_site(Path(args.config), Path(args.site_dir), _log(args), date=report.newest)
    print(
        f"site: {report.papers} papers, {report.digests} digests, {report.topics} topics; "
        f"docs {report.write}; generate {generated:.1f} s, mkdocs {built:.1f} s -> {args.site_dir}/"
    )
    return 0


def cmd_corpus(args: argparse.Namespace) -> int:
    from .devtools.corpus import write_corpus

    settings = _settings(args)
    corpus = build.make_corpus(settings)
    files = write_corpus(corpus.papers, args.papers, args.out)
    print(f"wrote {args.papers} papers in {files} digest files to {args.out}/")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from .devtools import bench

    settings = _settings(args)
    row, search_row = bench.measure(settings, args.papers, log=_log(args), pagefind=args.pagefind)
    for figures in (row, search_row):
        width = max(map(len, figures), default=0)
        for key, value in figures.items():
            print(f"{key:>{width}}: {value}")
    if args.record:
        bench.record(row)
        if search_row:
            bench.record(search_row, columns=bench.SEARCH_COLUMNS, markers=(bench.SEARCH_BEGIN, bench.SEARCH_END))
        print(f"recorded in {bench.PAGE.relative_to(bench.ROOT)}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from .search import query as search

    query = " ".join(args.query)
    try:
        result = search.search(Path(args.site_dir), query, limit=args.limit)
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


# The search command's own options; anything else, `-word` included, is part of the query.
SEARCH_OPTIONS = {
    "--site-dir": True,
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

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--config", default="mkdocs.yml", help="the MkDocs configuration (default: mkdocs.yml)")
        p.add_argument("--data", type=Path, help="folder of digest files (default: extra.generator.data_dir)")
        p.add_argument("--docs", type=Path, help="MkDocs docs folder to generate into (default: docs_dir)")
        p.add_argument("-q", "--quiet", action="store_true", help="print only the summary line")

    p = sub.add_parser("build", help="regenerate the Markdown pages and papers.json.gz under docs/")
    common(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("site", help="regenerate docs/, then build site/ with MkDocs and swap it in")
    common(p)
    p.add_argument("--site-dir", default="site", help="where the built site goes (default: site)")
    p.set_defaults(func=cmd_site)

    p = sub.add_parser("corpus", help="write a synthetic benchmark corpus recombined from the real digests")
    common(p)
    p.add_argument("papers", type=int, help="how many distinct papers")
    p.add_argument("out", type=Path, help="folder to write dated digest files into (outside data/)")
    p.set_defaults(func=cmd_corpus)

    p = sub.add_parser("quality", help="report tag coverage, the tag distribution and related-paper quality")
    common(p)
    p.set_defaults(func=cmd_quality)

    p = sub.add_parser("bench", help="time make site against a plain Material build; record the figures")
    common(p)
    p.add_argument("--papers", type=int, help="use a synthetic corpus of this many papers (default: the data)")
    p.add_argument("--no-record", dest="record", action="store_false", help="do not update docs/benchmarks.md")
    p.add_argument(
        "--pagefind", action="store_true", help="measure Pagefind on the same site too (installs npm pagefind)"
    )
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser(
        "search",
        help="search the built site as its search box does; print ranked titles and URLs",
        description='Words must all appear (else some); "quoted words" and +word are exact; -word excludes; '
        'topic:"Name" and author:"Name" narrow the search (see README, "Search").',
    )
    p.add_argument("query", nargs="+", help='the query, e.g. \'"experience replay"\' -diffusion topic:Continual')
    p.add_argument("--site-dir", default="site", help="the built site to search (default: site)")
    p.add_argument("-n", "--limit", type=int, default=10, help="how many results at most (default: 10)")
    p.add_argument("-q", "--quiet", action="store_true", help="print the results only, not how many match")
    p.set_defaults(func=cmd_search)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run one command; turn known errors into `path:line: message` and exit status 1."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["search"]:
        argv = ["search", *search_argv(argv[1:])]
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except GeneratorError as exc:
        print(str(exc), file=sys.stderr)
        print("nothing was changed: docs/ and site/ are as they were", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, and keep Python from complaining
        # again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
