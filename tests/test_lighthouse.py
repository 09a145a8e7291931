"""Lighthouse on the built site served on loopback: accessibility, best practices and SEO at 1.00.

The real data gives home, a paper, a topic and a digest page; the golden fixture (JSON digests
with authors, reading lists: conftest.people_site) an author page, a reading list and a paper
page with authors, arXiv links, code and citation tags.

Lighthouse is the npm package pinned in package.json (`npm ci` installs it into node_modules/);
it drives Debian's chromium (CHROME_PATH, default /usr/bin/chromium). Without either the test is
skipped, except under CI=true, where it fails.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from generator.render.export import read_export
from tests.test_offline import base_path, chromium_path, serve, unavailable

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("accessibility", "best-practices", "seo")
MINIMUM = 1.0
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
TIMEOUT = 240  # seconds for one page; a run takes 15-40 s


def pages(site: Path) -> dict[str, str]:
    """The pages audited: home, a paper, a topic (the overview if no topic has a page), a digest."""
    papers = read_export(site)
    topics = sorted(p for p in (site / "topics").glob("*.html") if p.name != "index.html")
    topic = f"topics/{topics[0].name}" if topics else "topics/index.html"
    digest = sorted(p for p in (site / "digests").glob("*.html") if p.name != "index.html")[-1]
    return {"home": "index.html", "paper": papers[0]["url"], "topic": topic, "digest": f"digests/{digest.name}"}


def failing_audits(report: dict[str, Any]) -> list[str]:
    """Name the weighted audits that did not pass, for the failure message."""
    failing = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                failing.append(f"{category['id']}: {audit['title']} ({audit['score']})")
    return failing


def people_pages(site: Path) -> dict[str, str]:
    """The pages audited on the golden fixture: an author, a reading list, a paper from a JSON digest."""
    return {
        "author": "authors/ada-example.html",
        "list": "lists/reading-group.html",
        "json paper": "papers/routing-tokens-without-auxiliary-loss.html",
    }


@pytest.mark.browser
def test_lighthouse_scores(built_site: Path, tmp_path: Path) -> None:
    audit(built_site / "site", pages(built_site / "site"), tmp_path)


@pytest.mark.browser
def test_lighthouse_scores_of_people_pages(people_site: Path, tmp_path: Path) -> None:
    audit(people_site / "site", people_pages(people_site / "site"), tmp_path)


def audit(site: Path, audited: dict[str, str], tmp_path: Path) -> None:
    """Run Lighthouse on each page (in parallel), and fail with every score below MINIMUM."""
    if not LIGHTHOUSE.is_file():
        unavailable("Lighthouse is not installed: run `npm ci` (package-lock.json pins it)")
    chrome = chromium_path()
    env = {**os.environ, "CHROME_PATH": chrome}
    scores: dict[str, dict[str, float]] = {}
    problems: list[str] = []
    with serve(site, base_path(site)) as base:
        runs = {}
        for name, url in audited.items():  # in parallel: each run has its own Chromium
            out = tmp_path / f"{name}.json"
            command = [
                str(LIGHTHOUSE),
                base + url,
                "--quiet",
                f"--chrome-flags={CHROME_FLAGS}",
                f"--only-categories={','.join(CATEGORIES)}",
                "--output=json",
                f"--output-path={out}",
                "--max-wait-for-load=60000",
            ]
            runs[name] = (out, subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT))
        for name, (out, run) in runs.items():
            try:
                log, _ = run.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                run.kill()
                run.communicate()
                pytest.fail(f"Lighthouse on {name} took over {TIMEOUT} s")
            assert run.returncode == 0 and out.is_file(), f"Lighthouse on {name} failed:\n{log.decode()[-2000:]}"
            report = json.loads(out.read_text(encoding="utf-8"))
            assert not report.get("runtimeError"), f"{name}: {report['runtimeError']}"
            scores[name] = {c: report["categories"][c]["score"] for c in CATEGORIES}
            if any(score is None or score < MINIMUM for score in scores[name].values()):
                problems.append(f"{name} ({audited[name]}): {scores[name]}; " + "; ".join(failing_audits(report)))
    print(f"Lighthouse scores: {scores}")
    assert not problems, f"below {MINIMUM}:\n" + "\n".join(problems)
