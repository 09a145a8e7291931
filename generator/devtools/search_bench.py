"""Search benchmarks: index size, and bytes and time to the first result in headless Chromium; Pagefind's too.

Both run on the same built site. Ours: the site's own search box, over HTTP (a loopback server,
each response counted at its gzip size, as GitHub Pages serves it) and from disk. Pagefind
(npm `pagefind`, installed on demand into bench/tools, never into the project) indexes a copy of
the same site; a small page calls its JavaScript API (`search`, then the first result's `data`)
over the same server. Each query runs in a fresh browser, so nothing is cached.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

from .bench import CHROMIUM_ARGS, SEARCH_CLOCK, QuietHandler, loopback, run

PAGEFIND = "1.6.0"  # npm pagefind, with its linux-x64 binary (@pagefind/linux-x64)
COMMON = ("model", "learning")
ITEM = ".md-search-result__item"


def folder_size(folder: Path) -> tuple[int, int, int]:
    """Return (files, bytes, gzip bytes) of a folder's files."""
    files = raw = packed = 0
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            files, raw, packed = files + 1, raw + len(data), packed + gz(data)
    return files, raw, packed


def gz(data: bytes) -> int:
    """Bytes on the wire for a response GitHub Pages compresses (already compressed data: as is)."""
    return min(len(data), len(gzip.compress(data, compresslevel=6)))


class Counting(QuietHandler):
    """Serve files and note (time, path) of each request."""

    log: ClassVar[list[tuple[float, str]]] = []

    def do_GET(self) -> None:
        type(self).log.append((time.monotonic(), unquote(urlsplit(self.path).path)))
        super().do_GET()


@contextmanager
def served(site: Path) -> Iterator[tuple[str, list[tuple[float, str]]]]:
    """Serve site on loopback; yield its base URL and the request log."""
    log: list[tuple[float, str]] = []
    handler = type("Handler", (Counting,), {"log": log})
    with loopback(handler, site) as port:
        yield f"http://127.0.0.1:{port}/", log


def wire(site: Path, paths: list[str]) -> int:
    """Gzip bytes of the files behind request paths."""
    total = 0
    for path in paths:
        file = site / path.lstrip("/").split("?")[0]
        if file.is_file():
            total += gz(file.read_bytes())
    return total


def ours(site: Path, queries: list[str], chromium: str = "/usr/bin/chromium") -> dict[str, dict[str, float]]:
    """Time and gzip bytes to the first result for each query, over HTTP, from the first keystroke
    right after the page has loaded (and set up its worker)."""
    from playwright.sync_api import sync_playwright

    out: dict[str, dict[str, float]] = {}
    with served(site) as (base, log), sync_playwright() as playwright:
        for query in queries:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.add_init_script(SEARCH_CLOCK)
            page.goto(base + "index.html", wait_until="load")
            page.wait_for_timeout(300)  # the worker is set up and the manifest fetched
            start = len(log)
            box = page.locator("input.md-search__input")
            page.keyboard.press("s")
            box.fill(query)
            box.press("End")
            page.wait_for_function("window.__searchClock.shown !== undefined", timeout=60_000)
            clock = page.evaluate("window.__searchClock")
            requested = [path for _, path in log[start:]]
            browser.close()
            ms = clock["shown"] - clock["typed"]
            out[query] = {"ms": ms, "bytes": wire(site, requested), "files": len(requested)}
    return out


def opened(site: Path, query: str, chromium: str = "/usr/bin/chromium") -> float:
    """Milliseconds from opening the home page to the first result, typing as soon as it can.

    The search box gets the focus as soon as the page is parsed (as a click in the header's box
    gives it) and the query goes in at once, as a reader types: not waiting for the search
    dialog's opening animation to end, as the driver's `fill` would.
    """
    from playwright.sync_api import sync_playwright

    with served(site) as (base, _), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.add_init_script(SEARCH_CLOCK)
        page.goto(base + "index.html", wait_until="domcontentloaded")
        page.locator("input.md-search__input").focus()
        page.keyboard.insert_text(query)
        page.keyboard.press("End")
        page.wait_for_function("window.__searchClock.shown !== undefined", timeout=60_000)
        shown = float(page.evaluate("window.__searchClock.shown"))
        browser.close()
    return shown


def later(site: Path, queries: list[str], chromium: str = "/usr/bin/chromium") -> tuple[float, int]:
    """Median milliseconds and total gzip bytes of queries typed one after another in one page."""
    from playwright.sync_api import sync_playwright

    times, fetched = [], 0
    with served(site) as (base, log), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.add_init_script(SEARCH_CLOCK)
        page.goto(base + "index.html", wait_until="load")
        page.keyboard.press("s")
        box = page.locator("input.md-search__input")
        for query in queries:
            box.fill("")
            box.press("End")
            page.wait_for_function(f"!document.querySelector({ITEM!r})")
            page.evaluate("window.__searchClock = {}")
            start = len(log)
            box.fill(query)
            box.press("End")
            page.wait_for_function("window.__searchClock.shown !== undefined", timeout=60_000)
            clock = page.evaluate("window.__searchClock")
            times.append(clock["shown"] - clock["typed"])
            fetched += wire(site, [path for _, path in log[start:]])
        browser.close()
    return sorted(times)[len(times) // 2], fetched


# Pagefind ----------------------------------------------------------------------------------

HARNESS = """<!doctype html><meta charset="utf-8"><title>pagefind</title><script>
window.run = async (query) => {
  const start = performance.now()
  const pagefind = await import("./pagefind/pagefind.js")
  const found = await pagefind.search(query)
  const first = found.results.length ? await found.results[0].data() : null
  return { ms: performance.now() - start, count: found.results.length, url: first && first.url }
}
</script>"""


def pagefind_binary(tools: Path) -> Path:
    """Install npm pagefind (pinned) into tools/ unless it is there; return its command."""
    command = tools / "node_modules" / ".bin" / "pagefind"
    if not command.exists():
        tools.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(tools), "--no-audit", "--no-fund", f"pagefind@{PAGEFIND}"],
            check=True,
        )
    return command


def pagefind(
    site: Path, work: Path, tools: Path, queries: list[str], chromium: str = "/usr/bin/chromium"
) -> dict[str, Any]:
    """Index a copy of site with Pagefind; return its index size, indexing time and memory, and per query
    the time and gzip bytes to the first result's data."""
    from playwright.sync_api import sync_playwright

    copy = work / "pagefind-site"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(site, copy)
    indexed = run([str(pagefind_binary(tools)), "--site", str(copy)], work)
    files, raw, packed = folder_size(copy / "pagefind")
    (copy / "bench-pagefind.html").write_text(HARNESS, encoding="utf-8")
    found: dict[str, dict[str, float]] = {}
    with served(copy) as (base, log), sync_playwright() as playwright:
        for query in queries:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(base + "bench-pagefind.html", wait_until="load")
            start = len(log)
            answer = page.evaluate("query => window.run(query)", query)
            requested = [path for _, path in log[start:]]
            browser.close()
            found[query] = {"ms": answer["ms"], "bytes": wire(copy, requested), "files": len(requested)}
    shutil.rmtree(copy)
    return {
        "seconds": indexed.seconds,
        "peak MB": indexed.peak_mb,
        "files": files,
        "bytes": raw,
        "gzip": packed,
        "queries": found,
    }


def rare_word(records: list[dict[str, Any]]) -> str:
    """The title word found in the fewest papers (title or abstract), for a rare-word query."""
    from collections import Counter

    from ..search.settings import SEPARATOR
    from ..search.tokens import tokenize

    df: Counter[str] = Counter()
    for record in records:
        df.update(set(tokenize(record["title"] + " " + record["abstract"], SEPARATOR)))
    words = {w for r in records for w in tokenize(r["title"], SEPARATOR) if w.isalpha() and len(w) >= 6}
    return min(sorted(words), key=lambda w: df[w])


def figures(site: Path, work: Path, papers: int, with_pagefind: bool, log: Any) -> dict[str, str]:
    """The search columns of a benchmark row (docs/benchmarks.md, "Search")."""
    from ..render.export import read_export

    records = read_export(site)
    load = os.getloadavg()[0]  # the machine may be shared: the figures are only as quiet as it was
    rare = rare_word(records)
    queries = [rare, *COMMON]
    files, raw, packed = folder_size(site / "search")
    row = {
        "papers": str(papers),
        "index files": str(files),
        "index KB/paper": f"{raw / 1024 / papers:.2f}",
        "index gzip KB/paper": f"{packed / 1024 / papers:.2f}",
        "manifest gzip KB": f"{gz((site / 'search' / 'search_index.json').read_bytes()) / 1024:.1f}",
    }
    log(f"search over HTTP: {', '.join(queries)} ...")
    first = ours(site, queries)
    for name, query in (("rare", rare), *((q, q) for q in COMMON)):
        row[f"{name}: ms"] = f"{first[query]['ms']:.0f}"
        row[f"{name}: gzip KB"] = f"{first[query]['bytes'] / 1024:.0f}"
    row["model: ms from opening the page"] = f"{opened(site, 'model'):.0f}"
    titles = [r["title"] for r in records[1 :: max(1, len(records) // 6)][:6]]
    median, fetched = later(site, titles)
    row["later queries: median ms"] = f"{median:.0f}"
    row["later queries: gzip KB each"] = f"{fetched / 1024 / max(1, len(titles)):.0f}"
    if with_pagefind:
        log("Pagefind on the same site ...")
        other = pagefind(site, work, work.parent / "tools", queries)
        row["pagefind index KB/paper"] = f"{other['bytes'] / 1024 / papers:.2f}"
        row["pagefind indexing s"] = f"{other['seconds']:.0f}"
        row["pagefind indexing peak MB"] = f"{other['peak MB']:.0f}"
        for name, query in (("rare", rare), *((q, q) for q in COMMON)):
            row[f"pagefind {name}: ms"] = f"{other['queries'][query]['ms']:.0f}"
            row[f"pagefind {name}: gzip KB"] = f"{other['queries'][query]['bytes'] / 1024:.0f}"
    row["load average"] = f"{load:.1f}–{os.getloadavg()[0]:.1f}"
    return row
