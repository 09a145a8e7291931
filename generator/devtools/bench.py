"""Benchmark `make site` against a plain Material build of the same pages; record the figures."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ..build import make_corpus
from ..config import Settings
from ..models import Digest
from ..render import export
from ..sources.digests import read_digests
from ..write.tree import FORMER, OWNED
from .corpus import write_corpus

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
SIZES_BEGIN, SIZES_END = "<!-- sizes:begin -->", "<!-- sizes:end -->"
ROW_LABEL = re.compile(r"[0-9]+(?: JSON)?")  # a table row's corpus: "10000", or "10000 JSON" for JSON digests
COLUMNS = (
    "papers",
    "generate s",
    "mkdocs s",
    "make site s",
    "plain Material s",
    "ratio",
    "peak MB",
    "site KB/paper",
    "search KB/paper",
    "files",
    "incremental rewrites",
    "search from disk: first results ms",
)
# The search table (generator/devtools/search_bench.py); Pagefind's columns with --pagefind.
SEARCH_BEGIN, SEARCH_END = "<!-- search:begin -->", "<!-- search:end -->"
SEARCH_COLUMNS = (
    "papers",
    "index files",
    "index KB/paper",
    "index gzip KB/paper",
    "manifest gzip KB",
    "rare: ms",
    "rare: gzip KB",
    "model: ms",
    "model: gzip KB",
    "learning: ms",
    "learning: gzip KB",
    "model: ms from opening the page",
    "later queries: median ms",
    "later queries: gzip KB each",
    "pagefind index KB/paper",
    "pagefind indexing s",
    "pagefind indexing peak MB",
    "pagefind rare: ms",
    "pagefind rare: gzip KB",
    "pagefind model: ms",
    "pagefind model: gzip KB",
    "pagefind learning: ms",
    "pagefind learning: gzip KB",
    "load average",
)


@dataclass(frozen=True)
class Run:
    """The wall time and peak memory of one command."""

    seconds: float
    peak_mb: float
    stdout: str


def run(command: list[str], cwd: Path) -> Run:
    """Run a command, returning its wall time and its own peak resident memory."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    if proc.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{text[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, text)


def copy_project(dest: Path) -> None:
    """Copy the hand-written project parts to dest: not the digests, nor what a site adds to its
    data (reading lists, title lookups, the registry of published ids), nor generated pages."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    # mkdocs.yml loads generator/hooks.py relative to itself.
    shutil.copytree(ROOT / "generator", dest / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(
        ROOT / "data",
        dest / "data",
        ignore=shutil.ignore_patterns("digests", "lists", "arxiv-lookups.tsv", "published.tsv"),
    )
    generated = shutil.ignore_patterns(*OWNED, *FORMER, ".*")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=generated)


def plain_config(work: Path) -> Path:
    """Write a plain Material config (theme and search only) over a copy of the generated docs."""
    plain_docs = work / "plain-docs"
    if plain_docs.exists():
        shutil.rmtree(plain_docs)
    shutil.copytree(work / "docs", plain_docs)
    for page in plain_docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if "\ntemplate: " in text[:2000]:
            page.write_text(re.sub(r"\ntemplate: [^\n]+", "", text, count=1), encoding="utf-8")
    config = work / "plain.yml"
    config.write_text(
        "site_name: Plain\nsite_url: https://example.org/\nuse_directory_urls: false\n"
        f"docs_dir: {plain_docs}\nsite_dir: {work / 'plain-site'}\n"
        "theme:\n  name: material\n  font: false\nplugins:\n  - search\n"
        "nav:\n  - Home: index.md\n  - Digests: digests/index.md\n  - Topics: topics/index.md\n  - About: about.md\n",
        encoding="utf-8",
    )
    return config


def folder_bytes(folder: Path) -> tuple[int, int]:
    """Return (total bytes, file count) of a folder."""
    total = count = 0
    for dirpath, _, files in os.walk(folder):
        for name in files:
            total += os.path.getsize(os.path.join(dirpath, name))
            count += 1
    return total, count


# What site/ is made of, by kind of file: (name, folder or file prefix under site/, and the end of
# the file name). The first match wins; whatever matches none is "other" (home, about, 404, ...).
KINDS = (
    ("paper pages", "papers/", ".html"),
    ("paper .bib", "papers/", ".bib"),
    ("author pages", "authors/", ""),
    ("list pages", "lists/", ""),
    ("digest pages", "digests/", ""),
    ("topic pages", "topics/", ""),
    ("arXiv redirects", "arxiv/", ""),
    ("search", "search/", ""),
    ("export", "papers.json", ""),
    ("feeds", "feeds/", ""),
    ("theme assets", "assets/", ""),
    ("sitemap", "sitemap", ""),
)
OTHER = "other"


def sizes_by_kind(site: Path) -> dict[str, tuple[int, int]]:
    """Return {kind: (files, bytes)} for a built site, kinds in KINDS order, then "other"."""
    sizes = {name: (0, 0) for name, _, _ in (*KINDS, (OTHER, "", ""))}
    for dirpath, _, files in os.walk(site):
        for name in files:
            path = Path(dirpath) / name
            rel = path.relative_to(site).as_posix()
            kind = next((k for k, prefix, end in KINDS if rel.startswith(prefix) and rel.endswith(end)), OTHER)
            count, total = sizes[kind]
            sizes[kind] = (count + 1, total + path.stat().st_size)
    return sizes


def size_row(papers: int, sizes: dict[str, tuple[int, int]]) -> dict[str, str]:
    """One row of the sizes table: KB per paper for each kind, and the mean size of a paper page."""
    row = {"papers": str(papers)}
    for kind, (_, total) in sizes.items():
        row[kind] = f"{total / 1024 / papers:.2f}"
    row["total"] = f"{sum(total for _, total in sizes.values()) / 1024 / papers:.2f}"
    files, total = sizes["paper pages"]
    row["bytes per paper page"] = str(round(total / files)) if files else "-"
    return row


def measure(  # type: ignore[no-untyped-def]
    settings: Settings, papers: int | None, log=print, as_json: bool = False, pagefind: bool = False
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Build the data (or a synthetic corpus of `papers`, text or JSON) both ways; return three table rows.

    The timing row, the sizes row (KB per paper by kind of file) and the search row
    (generator/devtools/search_bench.py; Pagefind's figures too with `pagefind`).
    """
    bench = ROOT / "bench"
    if papers:
        data = bench / f"corpus-{'json-' if as_json else ''}{papers}"
        if not data.is_dir():
            log(f"writing a corpus of {papers} papers to {data.relative_to(ROOT)}/")
            write_corpus(make_corpus(settings).papers, papers, data, as_json=as_json)
    else:
        data = settings.data_dir
    work = bench / f"run-{papers or 'data'}"
    copy_project(work)
    python = sys.executable

    log("make site, from clean generated output ...")
    full = run([python, "-m", "generator", "site", "--data", str(data)], work)
    summary = re.search(r"site: ([0-9]+) papers.*generate ([0-9.]+) s, mkdocs ([0-9.]+) s", full.stdout)
    if not summary:
        raise SystemExit(f"no summary line in:\n{full.stdout[-2000:]}")
    count, generate, mkdocs = int(summary[1]), float(summary[2]), float(summary[3])

    log("plain Material build of the same pages ...")
    plain = run([python, "-m", "mkdocs", "build", "-q", "-f", str(plain_config(work))], work)

    site_bytes, site_files = folder_bytes(work / "site")
    search = work / "site" / "search"
    search_bytes = sum(p.stat().st_size for p in search.rglob("*") if p.is_file()) if search.is_dir() else 0

    log("incremental: one more digest ...")
    extra = work / "data-plus-one"
    shutil.copytree(data, extra, dirs_exist_ok=True)
    newest = max(read_digests_in(settings, extra), key=lambda d: (d.date, d.source))
    day = newest.date + dt.timedelta(days=1)
    pairs = "".join(f"{e.title}\n\n{e.abstract}\n\n" for e in newest.entries[:3])
    (extra / f"{day.isoformat()}.txt").write_text(f"{day:%b} {day.day}\n\n{pairs}", encoding="utf-8")
    again = run([python, "-m", "generator", "build", "-q", "--data", str(extra)], work)
    rewrites = re.search(r"([0-9]+) files written", again.stdout)
    shutil.rmtree(extra)

    searched: dict[str, str] = {}
    search_row: dict[str, str] = {}
    if Path("/usr/bin/chromium").exists():
        log("search in headless Chromium ...")
        from . import search_bench

        try:
            titles = [p["title"] for p in export.read_export(work / "site")]
            disk = measure_search((work / "site" / "index.html").as_uri(), [" ".join(titles[0].split()[:2])])
            searched["search from disk: first results ms"] = disk["search: first results after load ms"]
            search_row = search_bench.figures(work / "site", work, count, pagefind, log)
        except Exception as exc:  # a missing browser must not lose the other figures
            log(f"search timing skipped: {exc}")
    row = {
        **searched,
        "papers": str(count),
        "generate s": f"{generate:.1f}",
        "mkdocs s": f"{mkdocs:.1f}",
        "make site s": f"{full.seconds:.1f}",
        "plain Material s": f"{plain.seconds:.1f}",
        "ratio": f"{full.seconds / plain.seconds:.2f}",
        "peak MB": f"{full.peak_mb:.0f}",
        "site KB/paper": f"{site_bytes / 1024 / count:.1f}",
        "search KB/paper": f"{search_bytes / 1024 / count:.1f}",
        "files": str(site_files),
        "incremental rewrites": rewrites[1] if rewrites else "?",
    }
    sized = size_row(count, sizes_by_kind(work / "site"))
    if as_json:  # a row of its own beside the text digests' row of the same size
        for each in (row, sized, search_row):
            if each:
                each["papers"] = f"{count} JSON"
    return row, sized, search_row


def read_digests_in(settings: Settings, folder: Path) -> list[Digest]:
    """Parse the digests of another folder with the project's settings."""
    return read_digests(dataclasses.replace(settings, data_dir=folder))


def machine() -> str:
    """Describe this machine in one line."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    except OSError:
        mem = 0
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}"


SIZE_COLUMNS = ("papers", *(name for name, _, _ in KINDS), OTHER, "total", "bytes per paper page")


def record(
    row: dict[str, str], sizes: dict[str, str] | None = None, search: dict[str, str] | None = None, page: Path = PAGE
) -> None:
    """Put the rows into the benchmarks page's tables, replacing older rows for the same size."""
    text = page.read_text(encoding="utf-8")
    text = _replace_row(text, row, COLUMNS, BEGIN, END)
    if sizes is not None and SIZES_BEGIN in text:
        text = _replace_row(text, sizes, SIZE_COLUMNS, SIZES_BEGIN, SIZES_END)
    if search and SEARCH_BEGIN in text:
        text = _replace_row(text, search, SEARCH_COLUMNS, SEARCH_BEGIN, SEARCH_END)
    page.write_text(text, encoding="utf-8")


def _replace_row(text: str, row: dict[str, str], columns: tuple[str, ...], begin: str, end: str) -> str:
    """Return text with row put into the table between begin and end (one row per corpus size)."""
    head, _, rest = text.partition(begin)
    body, _, tail = rest.partition(end)
    rows = {}
    header: list[str] = []
    for line in body.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] == "papers":
            header = cells
        elif header and len(cells) == len(header) and ROW_LABEL.fullmatch(cells[0]):
            old = dict(zip(header, cells, strict=True))  # rows from before a column was added keep what they have
            rows[cells[0]] = [old.get(c, "-") for c in (*columns, "measured on")]
    rows[row["papers"]] = [*(row.get(c, "-") for c in columns), f"{dt.date.today().isoformat()}; {machine()}"]
    order = sorted(rows, key=lambda label: (int(label.split()[0]), label))  # 285, 10000, 10000 JSON, 50000
    lines = [
        "| " + " | ".join((*columns, "measured on")) + " |",
        "|" + "---|" * (len(columns) + 1),
        *("| " + " | ".join(rows[k]) + " |" for k in order),
    ]
    return f"{head}{begin}\n" + "\n".join(lines) + f"\n{end}{tail}"


@contextmanager
def loopback(handler: type[SimpleHTTPRequestHandler], directory: Path) -> Iterator[int]:
    """Serve directory with handler on 127.0.0.1 at a free port, in a thread; yield the port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(directory)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


class QuietHandler(SimpleHTTPRequestHandler):
    """Serve files without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


# In the page: when the search box first changes, and when a result first shows after that.
# Timed by the page's own clock, so the browser driver's round trips are not counted (nor the
# input event of the search dialog's toggle, which opens before the query is typed).
SEARCH_CLOCK = """
window.__searchClock = {}
addEventListener("input", (event) => {
  if (event.target.matches && event.target.matches("input.md-search__input") && event.target.value)
    __searchClock.typed ??= performance.now()
}, true)
new MutationObserver(() => {
  const clock = window.__searchClock
  if (clock.typed !== undefined && clock.shown === undefined && document.querySelector(".md-search-result__item"))
    clock.shown = performance.now()
}).observe(document, { subtree: true, childList: true })
"""


def measure_search(url: str, queries: list[str], chromium: str = "/usr/bin/chromium") -> dict[str, str]:
    """Time the site search in headless Chromium at url (a file: or http: home page).

    "first results" runs from the first keystroke in the search box, right after the page's
    load event, to the first result on screen, so it includes loading the index when that is
    not done yet; "index ready" is when the search says it is ready; later queries (whole titles)
    run on a ready index.
    """
    from playwright.sync_api import sync_playwright

    items = ".md-search-result__item"

    def elapsed(page: Any) -> float:
        page.wait_for_function("window.__searchClock.shown !== undefined", timeout=60_000)
        clock = page.evaluate("window.__searchClock")
        return float(clock["shown"] - clock["typed"])

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.add_init_script(SEARCH_CLOCK)
        page.goto(url, wait_until="load")
        page.keyboard.press("s")
        box = page.locator("input.md-search__input")
        box.fill(queries[0])
        box.press("End")  # Material searches on key events
        first = elapsed(page)
        page.wait_for_function(
            "!/Initializing/.test(document.querySelector('.md-search-result__meta').textContent)", timeout=60_000
        )
        ready = page.evaluate("performance.now() - window.__searchClock.typed")
        later = []
        for query in queries[1:]:
            box.fill("")
            box.press("End")
            page.wait_for_function(f"!document.querySelector({items!r})")
            page.evaluate("window.__searchClock = {}")
            box.fill(query)
            box.press("End")
            later.append(elapsed(page))
        browser.close()
    return {
        "search: first results after load ms": f"{first:.0f}",
        "search: index ready ms": f"{ready:.0f}",
        "search: later queries median ms": f"{sorted(later)[len(later) // 2]:.0f}" if later else "-",
    }
