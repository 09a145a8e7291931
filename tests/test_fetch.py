"""`python -m generator fetch` against a loopback server replaying recorded responses (invented content)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import multiprocessing
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import tracemalloc
import types
import zlib
from contextlib import contextmanager
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
import requests
import urllib3.exceptions

from generator import build, cli, config
from generator.errors import GeneratorError
from generator.fetch import client, daily, retry
from generator.render.export import read_export
from generator.sources import daily_api
from generator.write import site

from .conftest import DIGESTS, FIXTURES, ROOT, copy_project
from .replay import Reply, replay, route

DAILY = "/api/daily_papers"


def day(date: str, page: int = 0) -> str:
    return route(DAILY, date=date, limit=daily.PAGE_SIZE, p=page)


ROUTES = {
    day("2024-03-15"): [Reply(body="daily-2024-03-15.json")],
    day("2024-03-15", 1): [Reply(body=b"[]")],  # the page after the last brings nothing new
    day("2024-03-16"): [Reply(body=b"[]")],
    day("2024-03-17"): [
        Reply(429, b'{"error":"slow down"}', (("Retry-After", "1"),)),
        Reply(body="daily-2024-03-17.json"),
    ],
    day("2024-03-17", 1): [Reply(body=b"[]")],
    day("2024-03-18"): [Reply(500, b"oops"), Reply(body="daily-2024-03-18.json")],
    day("2024-03-18", 1): [Reply(body=b"[]")],
    day("2024-03-19"): [Reply(body=b'[{"paper": {"id": "2403.0')],  # truncated JSON
    day("2024-03-22"): [Reply(body="daily-2024-03-17.json", cut=True)],  # the connection drops mid-body
    day("2024-03-23"): [Reply(503, b"down")],
    day("2024-03-20"): [Reply(body="daily-2024-03-17.json", broken="chunked")],  # chunks, the last cut off
    day("2024-03-14"): [Reply(body="daily-2024-03-17.json", broken="reset")],  # the connection reset mid-body
    day("2024-03-11"): [  # gzip without its trailer: "[]" whole, but the end of the stream missing
        Reply(
            body=gzip.compress(b"[]")[:-8], headers=(("Content-Type", "application/json"), ("Content-Encoding", "gzip"))
        )
    ],
    # Cut short once, then whole: asked again.
    day("2024-03-24"): [Reply(body="daily-2024-03-17.json", cut=True), Reply(body="daily-2024-03-17.json")],
    day("2024-03-24", 1): [Reply(body=b"[]")],
    day("2024-03-13"): [Reply(body="daily-2024-03-17.json", broken="chunked"), Reply(body="daily-2024-03-17.json")],
    day("2024-03-13", 1): [Reply(body=b"[]")],
    day("2024-03-12"): [Reply(body="daily-2024-03-17.json", broken="reset"), Reply(body="daily-2024-03-17.json")],
    day("2024-03-12", 1): [Reply(body=b"[]")],
    day("2024-03-25"): [Reply(body=b"[" * 5000 + b"]" * 5000)],  # nested past Python's recursion limit
    # One item the Hub lists without an abstract, beside a good one.
    day("2024-03-26"): [Reply(body="daily-2024-03-26-no-abstract.json")],
    day("2024-03-26", 1): [Reply(body=b"[]")],
    day("2024-03-27"): [Reply(body="daily-2024-03-27-none-readable.json")],
    day("2024-03-27", 1): [Reply(body=b"[]")],
    day("2024-03-28"): [Reply(body=b'{"error": "Internal"}')],  # a later day that fails
    # A timestamp UTC cannot hold (the year 0 once in UTC) on one item.
    day("2024-03-29"): [Reply(body="daily-2024-03-29-out-of-range-date.json")],
    day("2024-03-29", 1): [Reply(body=b"[]")],
    # Items whose own title or summary is blank (or control characters alone), their paper's good.
    day("2024-03-30"): [Reply(body="daily-2024-03-30-blank-own-titles.json")],
    day("2024-03-30", 1): [Reply(body=b"[]")],
    # JSON, but a long string rather than the array of items.
    day("2024-03-31"): [Reply(body=b'"' + b"A very long answer that is text, not papers. " * 5 + b'"')],
    # Says it is gzip, but is not (a proxy that rewrote the body and kept the header).
    # Items with their paper's fields at the top level (no `paper`, or `"paper": null`).
    day("2024-05-02"): [Reply(body="daily-2024-05-02-flat.json")],
    day("2024-05-02", 1): [Reply(body="daily-2024-05-02-flat.json")],  # ignores p: the same items, nothing new
    day("2024-03-21"): [
        Reply(body=b"[]", headers=(("Content-Type", "application/json"), ("Content-Encoding", "gzip")))
    ],
}


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch):
    with replay(ROUTES) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url + "/")
        yield server


def fetch(folder: Path, *args: str) -> int:
    return cli.main(["fetch", "--config", str(ROOT / "mkdocs.yml"), "--data", str(folder), *args])


def test_a_normal_day_is_saved_indented_with_sorted_keys(hub, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert fetch(tmp_path, "--date", "2024-03-15") == 0
    out, err = capsys.readouterr()
    saved = tmp_path / "2024-03-15.json"
    assert f"[1/1] 2024-03-15: 3 papers -> {saved}" in err
    assert out == "fetched 3 papers in 1 new digest; 0 days without papers, 0 already saved\n"
    recorded = json.loads((ROOT / "tests" / "fixtures" / "api" / "daily-2024-03-15.json").read_text())
    expected = json.dumps(recorded, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert saved.read_text(encoding="utf-8") == expected
    assert hub.asked == [day("2024-03-15"), day("2024-03-15", 1)]
    digest = daily_api.parse_file(saved)
    plain, withdrawn = digest.entries[1].listing, digest.entries[2].listing
    assert plain and plain.code is None and plain.code_stars is None  # no githubRepo
    assert withdrawn and withdrawn.withdrawn == dt.date(2024, 4, 1) and withdrawn.arxiv_id == "hep-th/9901001"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024-03-15.json"]


def test_an_empty_day_writes_nothing_and_says_so(hub, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert fetch(tmp_path, "--date", "2024-03-16") == 0
    out, err = capsys.readouterr()
    assert "[1/1] 2024-03-16: no papers listed; nothing written" in err
    assert "0 papers in 0 new digests; 1 day without papers" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == [daily.EMPTY_DAYS, daily.EMPTY_DAYS_LOCK]  # only noted


def test_429_then_200_waits_as_retry_after_says(hub, tmp_path: Path):
    start = time.monotonic()
    assert fetch(tmp_path, "--date", "2024-03-17", "-q") == 0
    assert time.monotonic() - start >= 0.9  # Retry-After: 1
    assert hub.asked[:2] == [day("2024-03-17"), day("2024-03-17")]
    assert (tmp_path / "2024-03-17.json").is_file()


def test_500_then_200_is_retried(hub, tmp_path: Path):
    assert fetch(tmp_path, "--date", "2024-03-18", "-q") == 0
    assert hub.asked[:2] == [day("2024-03-18"), day("2024-03-18")]
    assert [e.title for e in daily_api.parse_file(tmp_path / "2024-03-18.json").entries] == ["After a Server Error"]


@pytest.fixture
def recent(monkeypatch: pytest.MonkeyPatch) -> None:
    """Set today (UTC) to 2024-04-04, so that the days of March 2024 a test fails are in the days a run
    looks back, and asked again next run."""
    today_is(monkeypatch, dt.date(2024, 4, 4))


PAGE_0 = f"&limit={daily.PAGE_SIZE}&p=0"
SKIPPED = "skipped, asked again next run"  # after the failure of a day: the run goes on to the next


def noted_failed(folder: Path, *days: str) -> list[str]:
    """The names a failed run leaves in folder besides its digests (failed days, lock), checking the days."""
    assert (folder / daily.FAILED_DAYS).read_text() == "".join(f"{d}\n" for d in days)
    return [daily.FAILED_DAYS, daily.FAILED_DAYS_LOCK]


@pytest.mark.usefixtures("recent")
@pytest.mark.parametrize(
    ("date", "where", "message"),
    [
        ("2024-03-19", PAGE_0, "the response is not valid JSON (line 1: Unterminated string starting at column 19)"),
        ("2024-03-22", PAGE_0, "request failed: the response was cut short (after 1 retry)"),
        ("2024-03-20", PAGE_0, "request failed: the response was cut short (after 1 retry)"),
        ("2024-03-14", PAGE_0, "request failed: the response was cut short (after 1 retry)"),
        ("2024-03-11", PAGE_0, "request failed: the response was cut short (after 1 retry)"),
        ("2024-03-25", PAGE_0, "the response is not Daily Papers JSON (nested too deeply)"),
        ("2024-03-23", PAGE_0, "HTTP 503 Service Unavailable after 2 tries"),
        ("2024-03-28", PAGE_0, 'expected a JSON array of Daily Papers items, got an object: \'{"error": "Internal"}\''),
        (
            "2024-03-31",
            PAGE_0,
            "expected a JSON array of Daily Papers items, got a string: "
            "'\"A very long answer that is text, not papers. A very long answer that is text, n…'",
        ),
        ("2024-03-21", PAGE_0, "the response says Content-Encoding: gzip, but its body is not gzip"),
    ],
)
def test_a_failure_is_one_line_exit_1_and_nothing_written(
    hub, tmp_path: Path, capsys: pytest.CaptureFixture[str], date: str, where: str, message: str
):
    assert fetch(tmp_path, "--date", date, "--retries", "1") == 1
    _, err = capsys.readouterr()
    assert err.splitlines() == [f"[1/1] {date}: {hub.url}{DAILY}?date={date}{where}: {message}: {SKIPPED}"]
    assert sorted(p.name for p in tmp_path.iterdir()) == noted_failed(tmp_path, date)  # no digest, no temporary file


def today_is(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    """Set the clock the fetch command reads (UTC's today) to day, at noon."""

    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Frozen:
            return cls(day.year, day.month, day.day, 12, tzinfo=tz)

    monkeypatch.setattr(cli, "dt", types.SimpleNamespace(date=dt.date, datetime=Frozen, UTC=dt.UTC))


def test_a_day_that_keeps_failing_is_named_and_the_later_days_still_land(tmp_path: Path, monkeypatch, capsys):
    """One bad day stopped the run there: no later day landed, that run nor any after it (the day stayed due)."""
    routes = {
        day("2024-04-01"): [Reply(body="daily-2024-03-17.json")],
        day("2024-04-01", 1): [Reply()],
        day("2024-04-02"): [Reply(500, b"oops")],  # always, retries too
        day("2024-04-03"): [Reply(body="daily-2024-03-18.json")],
        day("2024-04-03", 1): [Reply()],
    }
    today_is(monkeypatch, dt.date(2024, 4, 4))
    with replay(routes) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        assert fetch(tmp_path, "--since", "2024-04-01", "--retries", "1") == 1
        out, err = capsys.readouterr()
        assert (
            f"[2/3] 2024-04-02: {server.url}{DAILY}?date=2024-04-02{PAGE_0}: "
            f"HTTP 500 Internal Server Error after 2 tries: {SKIPPED}"
        ) in err.splitlines()
        assert "[3/3] 2024-04-03: 1 paper -> " in err
        assert out == (
            "fetched 2 papers in 2 new digests; 0 days without papers, 0 already saved; 1 day failed (2024-04-02)\n"
        )
        names = sorted(p.name for p in tmp_path.iterdir())  # not noted empty
        assert names == [*noted_failed(tmp_path, "2024-04-02"), "2024-04-01.json", "2024-04-03.json"]
        for saved in ("2024-04-01.json", "2024-04-03.json"):
            assert daily_api.parse_file(tmp_path / saved).entries  # whole: each builds
        server.asked.clear()
        assert fetch(tmp_path, "-q", "--retries", "0") == 1  # the next (scheduled) run asks the failed day again
        assert server.asked == [day("2024-04-02")]
        assert (tmp_path / daily.FAILED_DAYS).read_text() == "2024-04-02\n"  # still failing: still noted


def _first_day_fails(tmp_path: Path, monkeypatch, capsys, first: str, *args: str) -> None:
    """first fails in run 1 (the later days land); run 2, without --date or --since, asks for it again."""
    good = [Reply(body="daily-2024-03-17.json")]
    routes = {
        day(first): [Reply(500, b"oops"), Reply(500, b"oops"), *good],  # run 1: 2 tries; run 2: the answer
        day(first, 1): [Reply()],
        **{day(d): good for d in ("2024-04-02", "2024-04-03") if d != first},
        **{day(d, 1): [Reply()] for d in ("2024-04-02", "2024-04-03") if d != first},
    }
    today_is(monkeypatch, dt.date(2024, 4, 4))
    with replay(routes) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        assert fetch(tmp_path, "-q", "--retries", "1", *args) == 1
        assert f"{first}: {server.url}{DAILY}?date={first}{PAGE_0}: HTTP 500" in capsys.readouterr().err
        later = ["2024-04-03.json"] if first == "2024-04-02" else ["2024-04-02.json", "2024-04-03.json"]
        assert sorted(p.name for p in tmp_path.glob("*.json")) == later  # the later days landed
        assert (tmp_path / daily.FAILED_DAYS).read_text() == f"{first}\n"
        server.asked.clear()
        assert fetch(tmp_path, "-q") == 0  # not "nothing to fetch": the message said "asked again next run"
        assert server.asked == [day(first), day(first, 1)]
    assert capsys.readouterr().out == "fetched 1 paper in 1 new digest; 0 days without papers, 0 already saved\n"
    assert daily_api.parse_file(tmp_path / f"{first}.json").entries
    assert (tmp_path / daily.FAILED_DAYS).read_text() == ""  # saved: no longer noted


def test_the_first_day_after_a_text_digest_that_fails_is_asked_again(tmp_path: Path, monkeypatch, capsys):
    """The failed day was before the first day fetch saved, where the look-back window started: never asked again."""
    (tmp_path / "2024-04-01.txt").write_text("Apr 1\n\nSeed Paper Title\n\nSeed abstract is here. It is fine.\n")
    _first_day_fails(tmp_path, monkeypatch, capsys, "2024-04-02")


def test_a_since_day_that_fails_is_asked_again(tmp_path: Path, monkeypatch, capsys):
    _first_day_fails(tmp_path, monkeypatch, capsys, "2024-04-01", "--since", "2024-04-01")


def test_a_failed_day_is_asked_again_in_the_look_back_window_only():
    today = dt.date(2024, 3, 20)
    saved = held(dt.date(2024, 3, 10), fetched=(dt.date(2024, 3, 12), dt.date(2024, 3, 19)))
    failed = frozenset({dt.date(2024, 3, 11)})  # the first day after the text digest failed
    assert daily.days_to_fetch(dataclasses.replace(saved, failed=failed), today).days == (
        dt.date(2024, 3, 11),
        *(dt.date(2024, 3, d) for d in range(13, 19)),  # the gaps after it, in the window, as before
    )
    # A failed --date of an old day, outside the window, starts no backfill and is not asked again.
    recent = tuple(today - dt.timedelta(days=n) for n in range(1, 40))
    old = dataclasses.replace(held(fetched=recent[1:]), failed=frozenset({dt.date(2023, 6, 1)}))
    assert daily.days_to_fetch(old, today).days == (recent[0],)
    # Only failed days noted: the run asks for them, and goes on from there.
    alone = daily.Saved(frozenset(), frozenset(), frozenset(), failed=frozenset({dt.date(2024, 3, 18)}))
    assert daily.days_to_fetch(alone, today).days == (dt.date(2024, 3, 18), dt.date(2024, 3, 19))
    # A site whose first fetched day is in the window: a failed old --date moves no start (it asked
    # every day of the window before the site's first), and the failed day in the window is asked.
    young = held(
        dt.date(2024, 3, 18), fetched=(dt.date(2024, 3, 15),), empty=(dt.date(2024, 3, 16), dt.date(2024, 3, 17))
    )
    young = dataclasses.replace(young, failed=frozenset({dt.date(2020, 1, 1), dt.date(2024, 3, 14)}))
    assert daily.days_to_fetch(young, today).days == (dt.date(2024, 3, 14), dt.date(2024, 3, 19))


def test_failed_days_no_run_asks_again_are_stale():
    """Saved another way (a text digest added by hand), found empty, or past the window: the file lets them go."""
    today = dt.date(2024, 3, 20)
    saved = held(dt.date(2024, 3, 18), empty=(dt.date(2024, 3, 17),))
    failed = frozenset({dt.date(2020, 1, 1), dt.date(2024, 3, 17), dt.date(2024, 3, 18), dt.date(2024, 3, 19)})
    stale = daily.stale_failed(dataclasses.replace(saved, failed=failed), today)
    assert stale == [dt.date(2020, 1, 1), dt.date(2024, 3, 17), dt.date(2024, 3, 18)]


def test_a_run_lets_go_of_failed_days_saved_another_way(tmp_path: Path, monkeypatch, capsys):
    shutil.copy(DIGESTS / "clean.txt", tmp_path / "2024-03-14.txt")  # the day that failed, added by hand
    daily.mark_failed(tmp_path, dt.date(2024, 3, 14), True)
    daily.mark_empty(tmp_path, dt.date(2024, 3, 15), True)
    today_is(monkeypatch, dt.date(2024, 3, 16))
    assert fetch(tmp_path, "-q") == 0
    assert "nothing to fetch" in capsys.readouterr().out
    assert (tmp_path / daily.FAILED_DAYS).read_text() == ""


def test_failed_days_that_are_not_utf8_name_the_line_and_the_byte(tmp_path: Path):
    (tmp_path / daily.FAILED_DAYS).write_bytes(b"2024-03-14\n2024-03-15\xff\n")
    with pytest.raises(GeneratorError) as caught:
        daily.read_failed(tmp_path, ".failed-days")
    assert str(caught.value) == ".failed-days:2: not UTF-8 (byte 0xff): a date a line"


def test_a_day_saved_or_found_empty_leaves_the_failed_days(tmp_path: Path):
    for d in (15, 16, 17):
        daily.mark_failed(tmp_path, dt.date(2024, 3, d), True)
    daily.mark_failed(tmp_path, dt.date(2024, 3, 16), True)  # noted once
    assert (tmp_path / daily.FAILED_DAYS).read_text() == "2024-03-15\n2024-03-16\n2024-03-17\n"
    with replay(ROUTES) as server:
        report = daily.fetch(
            tmp_path, [dt.date(2024, 3, 15), dt.date(2024, 3, 16)], retry.session(retries=0), server.url
        )
    assert report.saved == ((dt.date(2024, 3, 15), 3),) and report.empty == (dt.date(2024, 3, 16),)
    assert (tmp_path / daily.FAILED_DAYS).read_text() == "2024-03-17\n"


def test_days_failing_in_a_row_stop_the_run(tmp_path: Path, monkeypatch, capsys):
    """The Hub seems down: a run does not go on asking for every later day (a day between resets the count)."""
    failing = [Reply(500, b"oops")]
    routes = {day(f"2024-04-0{n}"): failing for n in (1, 2, 4, 5, 6, 7)}
    routes |= {day("2024-04-03"): [Reply(body="daily-2024-03-17.json")], day("2024-04-03", 1): [Reply()]}
    today_is(monkeypatch, dt.date(2024, 4, 9))
    with replay(routes) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        assert fetch(tmp_path, "--since", "2024-04-01", "--retries", "0") == 1
        assert server.asked == [day(d) for d in ("2024-04-01", "2024-04-02", "2024-04-03")] + [
            day("2024-04-03", 1),
            *(day(f"2024-04-0{n}") for n in (4, 5, 6)),
        ]  # 04-07 and 04-08 not asked
    out, err = capsys.readouterr()
    assert err.splitlines()[-1] == (
        f"[6/8] 2024-04-06: {server.url}{DAILY}?date=2024-04-06{PAGE_0}: HTTP 500 Internal Server Error: "
        f"skipped; {daily.FAILED_IN_A_ROW} days in a row failed, so the run stops: 2 days after it not asked"
    )
    assert out.endswith(
        "; 5 days failed (2024-04-01, 2024-04-02, 2024-04-04, 2024-04-05, 2024-04-06), "
        "2 days not asked (stopped early)\n"
    )
    failed = ("2024-04-01", "2024-04-02", "2024-04-04", "2024-04-05", "2024-04-06")  # not 04-07, 04-08: due anyway
    assert sorted(p.name for p in tmp_path.iterdir()) == [*noted_failed(tmp_path, *failed), "2024-04-03.json"]


@pytest.mark.parametrize("refused", [True, False])
def test_a_hub_that_cannot_be_reached_or_asks_to_wait_long_stops_the_run_at_once(
    refused: bool, tmp_path: Path, monkeypatch, capsys
):
    today_is(monkeypatch, dt.date(2024, 4, 4))
    wait = [Reply(429, b"{}", (("Retry-After", "3600"),))]
    with replay({day(f"2024-04-0{n}"): wait for n in (1, 2, 3)}) as server:
        url = server.url
        if not refused:
            monkeypatch.setenv("HF_ENDPOINT", url)
            assert fetch(tmp_path, "--since", "2024-04-01", "--retries", "0") == 1
            assert server.asked == [day("2024-04-01")]
    if refused:  # the server is gone: nothing listens there
        monkeypatch.setenv("HF_ENDPOINT", url)
        assert fetch(tmp_path, "--since", "2024-04-01", "--retries", "0") == 1
    (line,) = capsys.readouterr().err.splitlines()
    why = "request failed: Connection refused" if refused else "HTTP 429 Too Many Requests: the Hub asks to wait 3600 s"
    assert line.startswith(f"[1/3] 2024-04-01: {url}{DAILY}?date=2024-04-01{PAGE_0}: {why}")
    why = "the Hub cannot be reached" if refused else "the Hub asks to wait"
    assert line.endswith(f": skipped; {why}, so the run stops: 2 days after it not asked")
    assert sorted(p.name for p in tmp_path.iterdir()) == noted_failed(tmp_path, "2024-04-01")


def test_a_run_stopped_midway_leaves_whole_days_only(tmp_path: Path):
    """SIGTERM (a CI step's timeout or cancel) stops fetch as Ctrl-C does: said, exit 130, no half-written day."""
    routes = {
        day("2024-04-01"): [Reply(body="daily-2024-03-17.json")],
        day("2024-04-01", 1): [Reply()],
        day("2024-04-02"): [Reply(body="daily-2024-03-18.json", delay=5)],  # being asked when stopped
    }
    with replay(routes) as server:
        command = [sys.executable, "-m", "generator", "fetch", "--config", str(ROOT / "mkdocs.yml")]
        command += ["--data", str(tmp_path), "--since", "2024-04-01", "-q"]
        env = {**os.environ, "HF_ENDPOINT": server.url}
        run = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            while day("2024-04-02") not in server.asked:
                assert run.poll() is None and time.monotonic() < deadline
                time.sleep(0.02)
            run.send_signal(signal.SIGTERM)
            _, err = run.communicate(timeout=30)
        finally:
            if run.poll() is None:
                run.kill()
    assert (run.returncode, err) == (130, "interrupted\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024-04-01.json"]  # no temp file, no day noted empty
    assert daily_api.parse_file(tmp_path / "2024-04-01.json").entries


@pytest.mark.usefixtures("recent")
def test_a_refused_connection_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    with replay({}) as server:
        url = server.url
    monkeypatch.setenv("HF_ENDPOINT", url)  # the server is gone: nothing listens there
    assert fetch(tmp_path, "--date", "2024-03-15", "--retries", "0") == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert (
        line
        == f"[1/1] 2024-03-15: {url}{DAILY}?date=2024-03-15{PAGE_0}: request failed: Connection refused: " + SKIPPED
    )


@pytest.mark.usefixtures("recent")
def test_a_failure_after_a_redirect_names_the_address_that_failed(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.setattr(retry, "WAIT_NOTICE", 0.5)  # the second wait (1 s) is said
    with replay({}) as gone:
        closed = gone.url  # nothing listens there any more
    asked = f"{DAILY}?date=2024-03-15&limit={daily.PAGE_SIZE}&p=0"
    moved = {
        day("2024-03-15"): [Reply(302, b"", (("Location", f"{closed}/elsewhere"),))],
        day("2024-03-16"): [Reply(301, b"", (("Location", "/gone"),))],  # answers 404
    }
    with replay(moved) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        assert fetch(tmp_path, "--date", "2024-03-15", "--retries", "2") == 1
        assert capsys.readouterr().err.splitlines() == [
            f"asking {closed} failed (Connection refused): waiting 1 s, then retry 2 of 2",
            f"[1/1] 2024-03-15: {closed}/elsewhere: request failed: Connection refused (after 2 retries); "
            f"redirected there from {server.url}{asked}: {SKIPPED}",
        ]
        assert fetch(tmp_path, "--date", "2024-03-16", "-q") == 1
        (line,) = capsys.readouterr().err.splitlines()
        assert line == (
            f"[1/1] 2024-03-16: {server.url}/gone: HTTP 404 Not Found; "
            f"redirected there from {server.url}{asked.replace('15', '16')}: {SKIPPED}"
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == noted_failed(tmp_path, "2024-03-15", "2024-03-16")


@pytest.mark.usefixtures("recent")
def test_a_redirect_loop_fails_at_once(tmp_path: Path, monkeypatch, capsys):
    asked = f"{DAILY}?date=2024-03-15&limit={daily.PAGE_SIZE}&p=0"
    with replay({day("2024-03-15"): [Reply(308, b"", (("Location", asked),))]}) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.setattr(retry, "WAIT_NOTICE", 0)  # any wait would be said
        assert fetch(tmp_path, "--date", "2024-03-15") == 1
        assert len(server.asked) == 31  # requests follows 30 redirects; not asked again after them
    (line,) = capsys.readouterr().err.splitlines()
    assert line == (
        f"[1/1] 2024-03-15: {server.url}{asked}: request failed: redirected more than 30 times (a redirect loop?), "
        f"the last time by {server.url}{asked}: {SKIPPED}"
    )


def test_pages_are_fetched_until_one_brings_nothing_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(daily, "PAGE_SIZE", 2)
    routes = {
        route(DAILY, date="2024-03-20", limit=2, p=0): [Reply(body="daily-2024-03-20-p0.json")],
        route(DAILY, date="2024-03-20", limit=2, p=1): [Reply(body="daily-2024-03-20-p1.json")],
        route(DAILY, date="2024-03-20", limit=2, p=2): [Reply(body="daily-2024-03-20-p2.json")],
        route(DAILY, date="2024-03-20", limit=2, p=3): [Reply(body="daily-2024-03-20-p2.json")],  # ignores p: stop
    }
    with replay(routes) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        assert fetch(tmp_path, "--date", "2024-03-20", "-q") == 0
    titles = [e.title for e in daily_api.parse_file(tmp_path / "2024-03-20.json").entries]
    assert titles == [f"Paged Paper Number {n}" for n in range(5)]  # the API's order
    assert len(server.asked) == 4


def test_max_digest_mb_bounds_a_day_s_pages_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Each page was bounded alone: a day of 50 pages could hold 50 times max_digest_mb before its
    file's size was checked. Here two pages of 1,451 bytes pass 2,000 together: the second is read no
    further, and the third never asked."""
    monkeypatch.setattr(daily, "PAGE_SIZE", 2)
    routes = {
        route(DAILY, date="2024-03-20", limit=2, p=0): [Reply(body="daily-2024-03-20-p0.json")],
        route(DAILY, date="2024-03-20", limit=2, p=1): [Reply(body="daily-2024-03-20-p1.json")],
        route(DAILY, date="2024-03-20", limit=2, p=2): [Reply(body="daily-2024-03-20-p2.json")],
        route(DAILY, date="2024-03-20", limit=2, p=3): [Reply(body=b"[]")],
    }
    said: list[str] = []
    with replay(routes) as hub:
        report = daily.fetch(
            tmp_path,
            [dt.date(2024, 3, 20)],
            retry.session(retries=0),
            hub.url,
            log=lambda _: None,
            warn=said.append,
            limit=2000,
        )
    assert report.failed == (dt.date(2024, 3, 20),)
    assert said == [
        f"[1/1] 2024-03-20: {hub.url}{DAILY}?date=2024-03-20&limit=2&p=1: with the 1,451 bytes of the pages "
        f"before it, the page is larger than 2,000 bytes: not read (raise extra.generator.max_digest_mb in "
        f"mkdocs.yml): {SKIPPED}"
    ]
    assert hub.asked == [route(DAILY, date="2024-03-20", limit=2, p=n) for n in (0, 1)]


@pytest.mark.usefixtures("recent")
def test_the_safety_stop_on_pages_is_a_failed_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """The day was saved without the papers after the stop, exit 0, and never asked again."""
    monkeypatch.setattr(daily, "PAGE_SIZE", 2)
    monkeypatch.setattr(daily, "MAX_PAGES", 2)
    routes = {
        route(DAILY, date="2024-03-20", limit=2, p=0): [Reply(body="daily-2024-03-20-p0.json")],
        route(DAILY, date="2024-03-20", limit=2, p=1): [Reply(body="daily-2024-03-20-p1.json")],
        # New papers on the page after the stop, then none (the last reply repeats).
        route(DAILY, date="2024-03-20", limit=2, p=2): [Reply(body="daily-2024-03-20-p2.json"), Reply(body=b"[]")],
    }
    with replay(routes) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        assert fetch(tmp_path, "--date", "2024-03-20", "-q") == 1
        assert capsys.readouterr().err.splitlines() == [
            f"[1/1] 2024-03-20: {server.url}{DAILY}?date=2024-03-20&limit=2&p=2: new papers still listed after "
            f"2 pages of 2 (a safety stop): {SKIPPED}"
        ]
        assert sorted(p.name for p in tmp_path.iterdir()) == noted_failed(tmp_path, "2024-03-20")  # nothing saved
        # Exactly as many papers as the stop allows: the page after it brings nothing, no warning.
        assert fetch(tmp_path, "--date", "2024-03-20", "-q") == 0
        assert "safety stop" not in capsys.readouterr().err
        titles = [e.title for e in daily_api.parse_file(tmp_path / "2024-03-20.json").entries]
        assert titles == [f"Paged Paper Number {n}" for n in range(4)]
        assert (tmp_path / daily.FAILED_DAYS).read_text() == ""


def test_saved_days_are_skipped_unless_forced(hub, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "2024-03-15.json").write_text("kept")
    assert fetch(tmp_path, "--date", "2024-03-15") == 0
    assert "already saved" in capsys.readouterr().err
    assert (tmp_path / "2024-03-15.json").read_text() == "kept" and hub.asked == []
    assert fetch(tmp_path, "--date", "2024-03-15", "--force", "-q") == 0
    assert (tmp_path / "2024-03-15.json").read_text().startswith("[\n  {")


@pytest.mark.parametrize(
    "name", ["2024-03-15.txt", "2024-03-15.TXT", "2024-03-15.JSON", "2024-03-15.Json", "2024_03_15.txt"]
)
def test_a_digest_with_the_day_s_page_name_is_the_day_saved(hub, tmp_path: Path, capsys, name: str):
    """The build gives 2024-03-15.json the page of any of these and refuses the pair: the day is there."""
    (tmp_path / name).write_text("kept")
    assert fetch(tmp_path, "--date", "2024-03-15") == 0
    out, err = capsys.readouterr()
    assert f"[1/1] 2024-03-15: already saved in {tmp_path / name}; skipped (rename it to fetch this day)" in err
    assert out == "fetched 0 papers in 0 new digests; 0 days without papers, 1 already saved\n"
    assert fetch(tmp_path, "--date", "2024-03-15", "--force", "-q") == 0  # not fetched: said even with -q
    assert "2024-03-15: already saved in" in capsys.readouterr().err
    assert hub.asked == [] and sorted(p.name for p in tmp_path.iterdir()) == [name]
    assert daily.date_pages(["2024-03-15-evening.txt", "20240315.txt", "2024-03-15.json", ".2024-03-15.txt"]) == {}


@pytest.mark.parametrize(
    "name", ["20240315.json", "2024-3-15.json", "15-Mar-2024.txt", "2024-03-15-evening.txt", "digest_03-15-2024.txt"]
)
def test_a_digest_whose_file_name_carries_the_day_in_another_form_is_the_day_saved(hub, tmp_path: Path, capsys, name):
    """The run without --date counts the day as saved (the build dates the file by its name): so does --date,
    even with --force, and whether or not the build can read the file."""
    (tmp_path / name).write_text("kept")
    assert fetch(tmp_path, "--date", "2024-03-15") == 0
    assert f"[1/1] 2024-03-15: already saved in {tmp_path / name}; skipped (rename it to fetch this day)" in (
        capsys.readouterr().err
    )
    assert fetch(tmp_path, "--date", "2024-03-15", "--force", "-q") == 0
    assert hub.asked == [] and sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_text_digest_dated_by_its_date_line_is_the_day_saved(hub, tmp_path: Path, capsys):
    """No date in the name: the build's own reading of the digest (saved_days) says which day it is."""
    shutil.copy(DIGESTS / "clean.txt", tmp_path / "copied.txt")
    assert fetch(tmp_path, "--date", "2024-03-14") == 0
    assert f"2024-03-14: already saved in {tmp_path / 'copied.txt'}; skipped" in capsys.readouterr().err
    assert hub.asked == [] and sorted(p.name for p in tmp_path.iterdir()) == ["copied.txt"]


def held(*dates: dt.date, fetched: tuple[dt.date, ...] = (), empty: tuple[dt.date, ...] = ()) -> daily.Saved:
    return daily.Saved(frozenset(dates) | frozenset(fetched), frozenset(fetched), frozenset(empty))


def test_days_to_fetch():
    today = dt.date(2024, 3, 18)
    newest = held(dt.date(2024, 3, 14))
    assert daily.days_to_fetch(newest, today).days == (dt.date(2024, 3, 15), dt.date(2024, 3, 16), dt.date(2024, 3, 17))
    since = daily.days_to_fetch(newest, today, since=dt.date(2024, 3, 16))
    assert since.days == (dt.date(2024, 3, 16), dt.date(2024, 3, 17))
    assert daily.days_to_fetch(newest, today, date=dt.date(2024, 1, 1)).days == (dt.date(2024, 1, 1),)
    assert daily.days_to_fetch(newest, dt.date(2024, 3, 15)).days == ()  # up to date
    with pytest.raises(GeneratorError, match=r"^--date: 2024-03-19 is in the future"):
        daily.days_to_fetch(newest, today, date=dt.date(2024, 3, 19))
    with pytest.raises(GeneratorError, match=r"^--since: 2024-03-19 is in the future \(today is 2024-03-18 UTC\)"):
        daily.days_to_fetch(newest, today, since=dt.date(2024, 3, 19))
    with pytest.raises(GeneratorError, match=r"^--since: 2024-03-18 is today \(UTC\), which is not over"):
        daily.days_to_fetch(newest, today, since=today)
    with pytest.raises(GeneratorError, match=r"^data/digests: no saved digest to continue from: give --since"):
        daily.days_to_fetch(None, today)
    with pytest.raises(GeneratorError, match=r"^data/digests: no saved digest to continue from: give --since"):
        daily.days_to_fetch(held(dt.date(2062, 3, 15)), today)  # only a digest dated after today


def test_a_day_skipped_or_deleted_is_fetched_and_a_day_without_papers_asked_once():
    today = dt.date(2024, 3, 20)
    # --date 2024-03-17 after 03-14 was saved: 03-15 and 03-16 are not saved, and not skipped for good.
    plan = daily.days_to_fetch(held(fetched=(dt.date(2024, 3, 14), dt.date(2024, 3, 17))), today)
    assert plan.days == (dt.date(2024, 3, 15), dt.date(2024, 3, 16), dt.date(2024, 3, 18), dt.date(2024, 3, 19))
    # The days found without papers are not asked again, and the runs go on past them.
    empty = tuple(dt.date(2024, 3, d) for d in (15, 16, 18))
    assert daily.days_to_fetch(held(fetched=(dt.date(2024, 3, 14),), empty=empty), today).days == (
        dt.date(2024, 3, 17),
        dt.date(2024, 3, 19),
    )
    # Text digests are saved days; the days before the first fetched one are the owner's.
    text = held(dt.date(2024, 3, 1), dt.date(2024, 3, 12), fetched=(dt.date(2024, 3, 14),))
    assert daily.days_to_fetch(text, today).days[0] == dt.date(2024, 3, 15)
    # A --date of an old day starts no backfill: gaps are filled in the last LOOK_BACK_DAYS only.
    recent = tuple(dt.date(2024, 3, 20) - dt.timedelta(days=n) for n in range(1, 40))
    assert daily.days_to_fetch(held(fetched=(dt.date(2023, 6, 1), *recent[1:])), today).days == (recent[0],)
    # A digest dated after today (a typo) is named, and does not stop the fetching.
    future = daily.days_to_fetch(held(dt.date(2062, 3, 15), fetched=(dt.date(2024, 3, 18),)), today)
    assert future.days == (dt.date(2024, 3, 19),) and future.future == (dt.date(2062, 3, 15),)


def test_a_long_gap_is_caught_up_a_bounded_number_of_days_per_run():
    plan = daily.days_to_fetch(held(dt.date(2024, 3, 14)), dt.date(2024, 6, 1), max_days=10)
    assert plan.days == tuple(dt.date(2024, 3, 15) + dt.timedelta(days=n) for n in range(10))  # oldest first
    assert plan.left == 78 - 10  # Mar 15 to May 31
    assert plan.catch_up() == (
        "78 days not saved yet up to yesterday (the newest saved digest is of 2024-03-14); this run fetches "
        "the first 10 days (2024-03-15 to 2024-03-24, --max-days) and the next runs go on from there "
        "(--since YYYY-MM-DD starts elsewhere)"
    )
    assert daily.days_to_fetch(held(dt.date(2024, 3, 14)), dt.date(2024, 3, 18), max_days=10).catch_up() is None
    # --since asks for what it says.
    assert len(daily.days_to_fetch(None, dt.date(2024, 6, 1), since=dt.date(2024, 3, 15), max_days=10).days) == 78


FRESH_CLONE = FIXTURES / "fresh_clone"  # text digests named by a hash: the date is in the date line only


def test_the_saved_days_are_read_by_the_builds_readers(tmp_path: Path):
    data = tmp_path / "digests"
    shutil.copytree(FRESH_CLONE, data)
    settings = config.load(ROOT / "mkdocs.yml", data_dir=data)
    assert max(daily.saved_days(settings).dates) == dt.date(2024, 3, 14)  # Mar 14 (default_year 2024), not Mar 12
    shutil.copy(FIXTURES / "daily" / "2024-03-15.json", data / "2024-03-15.json")
    (data / daily.EMPTY_DAYS).write_text("2024-03-16\n")
    saved = daily.saved_days(settings)
    assert max(saved.dates) == dt.date(2024, 3, 15)
    assert saved.fetched == {dt.date(2024, 3, 15)} and saved.empty == {dt.date(2024, 3, 16)}
    assert not daily.saved_days(config.load(ROOT / "mkdocs.yml", data_dir=tmp_path / "none")).dates
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.md").write_text("not a digest")
    assert not daily.saved_days(config.load(ROOT / "mkdocs.yml", data_dir=tmp_path / "empty")).dates
    (data / daily.EMPTY_DAYS).write_text("2024-03-16\nMarch 17\n")
    with pytest.raises(GeneratorError, match=r"digests/\.empty-days:2: not a date \(YYYY-MM-DD\): 'March 17'$"):
        daily.saved_days(settings)


def test_a_fresh_clone_fetches_from_its_newest_text_digest(hub, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """What the scheduled workflow runs on a clone holding only the seed text digests."""
    data = tmp_path / "digests"
    shutil.copytree(FRESH_CLONE, data)
    assert fetch(data, "--max-days", "2") == 0
    out, err = capsys.readouterr()
    assert hub.asked == [day("2024-03-15"), day("2024-03-15", 1), day("2024-03-16")]
    assert (data / "2024-03-15.json").is_file()
    assert re.match(
        r"\d+ days not saved yet up to yesterday \(the newest saved digest is of 2024-03-14\);", err.splitlines()[0]
    )
    assert "this run fetches the first 2 days (2024-03-15 to 2024-03-16, --max-days)" in err
    assert out == "fetched 3 papers in 1 new digest; 1 day without papers, 0 already saved\n"
    assert "more days to fetch up to yesterday: the next run goes on" in err


def test_no_digest_at_all_says_where_to_start(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "digests").mkdir()
    assert fetch(tmp_path / "digests") == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.endswith(
        "digests: no saved digest to continue from: give --since YYYY-MM-DD (the first day to fetch)"
        " or --date (the Fetch workflow's Run workflow form takes them too)"
    )


@pytest.mark.parametrize("value", ["not a url", "http://[::1", "ftp://mirror.example", "http://host:port", "https://"])
def test_a_malformed_hf_endpoint_is_one_line(value: str, tmp_path: Path, monkeypatch, capsys):
    monkeypatch.setenv("HF_ENDPOINT", value)
    assert fetch(tmp_path, "--date", "2024-03-15") == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line == f"HF_ENDPOINT: not an http(s) URL: {value!r} (for example https://huggingface.co)"
    assert cli.main(["enrich", "--config", str(ROOT / "mkdocs.yml"), "--data", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith("HF_ENDPOINT: not an http(s) URL")


@pytest.mark.parametrize("option", [("--retries", "-1"), ("--retries", "x"), ("--max-days", "0")])
def test_counts_below_their_least_are_refused(option: tuple[str, str], tmp_path: Path, capsys):
    with pytest.raises(SystemExit) as exited:
        fetch(tmp_path, *option)
    assert exited.value.code == 2
    assert f"argument {option[0]}:" in capsys.readouterr().err


@pytest.mark.parametrize("days", [("--since", "2024-03-15"), ("--date", "2024-03-15")])
def test_max_days_with_date_or_since_is_refused_not_ignored(hub, tmp_path: Path, capsys, days: tuple[str, str]):
    with pytest.raises(SystemExit) as exited:
        fetch(tmp_path, *days, "--max-days", "7")
    assert exited.value.code == 2 and hub.asked == []
    assert f"error: argument --max-days: not allowed with argument {days[0]}" in capsys.readouterr().err


def test_the_endpoint_follows_hf_endpoint(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("HF_ENDPOINT", raising=False)
    assert client.endpoint() == "https://huggingface.co"
    monkeypatch.setenv("HF_ENDPOINT", "http://mirror.example/")
    assert client.endpoint() == "http://mirror.example"


def test_fetch_then_build_gives_papers_with_arxiv_code_and_authors(hub, tmp_path: Path):
    """Recorded responses -> data/digests/*.json -> papers merged with a text digest's."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "clean.txt").write_bytes((DIGESTS / "clean.txt").read_bytes())  # Mar 14, lists "Routing Tokens ..."
    root = copy_project(tmp_path / "p", data=data)
    digests = root / "data" / "digests"
    with pytest.raises(SystemExit):  # argparse: one or the other
        fetch(digests, "--since", "2024-03-15", "--date", "2024-03-15")
    assert cli.main(["fetch", "--config", str(root / "mkdocs.yml"), "--date", "2024-03-15", "-q"]) == 0
    report = build.generate(config.load(root / "mkdocs.yml"))
    site.build_site(root / "mkdocs.yml", root / "site", lambda _: None, date=report.newest)  # --strict
    papers = {p["id"]: p for p in read_export(root / "site")}
    routing = papers["routing-tokens-without-auxiliary-loss"]
    assert [d["source"] for d in routing["digests"]] == ["clean.txt", "2024-03-15.json"]
    assert routing["arxiv_id"] == "2403.01234" and routing["code"] == "https://github.com/example-lab/routing"
    assert routing["authors"] == ["Ada Example", "Ben Sample", "Chen Placeholder"]
    assert papers["strings-on-a-withdrawn-background"]["withdrawn"] == "2024-04-01"
    redirect = (root / "site" / "arxiv" / "hep-th" / "9901001.html").read_text()
    assert 'url=../../papers/strings-on-a-withdrawn-background.html"' in redirect
    assert (root / "site" / "papers" / "strings-on-a-withdrawn-background.html").is_file()
    registered = (root / "data" / "published.tsv").read_text()
    assert "routing-tokens-without-auxiliary-loss\t2\t2403.01234\t" in registered  # after the seed (1)


@contextmanager
def silent_server(head: bytes = b""):
    """A loopback server that reads each request, sends `head` (nothing: not even a status line), then stalls."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            conn.recv(65536)
            conn.sendall(head)
            held.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


@pytest.mark.usefixtures("recent")
@pytest.mark.parametrize(
    ("head", "message"),
    [
        (b"", "timed out after 0.3 s waiting for the answer (after 1 retry)"),  # no status line
        (  # the status line and half the body, then nothing: not retried, the answer was begun
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[{",
            "timed out after 0.3 s waiting for the answer",
        ),
    ],
)
def test_a_timeout_says_how_long_it_waited(head: bytes, message: str, tmp_path: Path, monkeypatch, capsys):
    monkeypatch.setattr(retry, "TIMEOUT", (2, 0.3))
    with silent_server(head) as url:
        monkeypatch.setenv("HF_ENDPOINT", url)
        assert fetch(tmp_path, "--date", "2024-03-15", "--retries", "1") == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line == f"[1/1] 2024-03-15: {url}{DAILY}?date=2024-03-15{PAGE_0}: request failed: {message}: {SKIPPED}"


@pytest.mark.usefixtures("recent")
@pytest.mark.parametrize(
    ("header", "wait"),
    [("3600", "3600 s"), ("1000000000", "11,575 days"), ("86400", "1 day")],
    ids=["hour", "far", "day"],
)
def test_a_retry_after_past_the_cap_gives_up_at_once_and_says_so(
    tmp_path: Path, monkeypatch, capsys, header: str, wait: str
):
    routes = {day("2024-03-15"): [Reply(429, b"{}", (("Retry-After", header),))]}
    with replay(routes) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        start = time.monotonic()
        assert fetch(tmp_path, "--date", "2024-03-15") == 1
        assert time.monotonic() - start < 10 and len(server.asked) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.endswith(
        f"p=0: HTTP 429 Too Many Requests: the Hub asks to wait {wait} (Retry-After), more than 120 s; try again later"
        f": {SKIPPED}"
    )


def test_a_long_wait_before_a_retry_is_said(hub, tmp_path: Path, monkeypatch, capsys):
    monkeypatch.setattr(retry, "WAIT_NOTICE", 1)  # Retry-After: 1 counts as long here
    assert fetch(tmp_path, "--date", "2024-03-17") == 0
    err = capsys.readouterr().err
    assert "the Hub answered HTTP 429: waiting 1 s as its Retry-After asks, then retry 1 of 5" in err.splitlines()
    assert fetch(tmp_path, "--date", "2024-03-17", "--force", "-q") == 0  # -q: quiet
    assert "waiting" not in capsys.readouterr().err


def test_one_paper_is_one_paper(tmp_path: Path, monkeypatch, capsys):
    one = json.dumps(json.loads((FIXTURES / "api" / "daily-2024-03-15.json").read_text())[:1]).encode()
    with replay({day("2024-03-15"): [Reply(body=one)], day("2024-03-15", 1): [Reply(body=b"[]")]}) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        assert fetch(tmp_path, "--date", "2024-03-15") == 0
    out, err = capsys.readouterr()
    assert "2024-03-15: 1 paper -> " in err
    assert out == "fetched 1 paper in 1 new digest; 0 days without papers, 0 already saved\n"


def test_a_day_without_papers_is_noted_and_the_next_run_goes_on(hub, tmp_path: Path, capsys):
    shutil.copy(FIXTURES / "daily" / "2024-03-15.json", tmp_path / "2024-03-15.json")
    assert fetch(tmp_path, "--max-days", "1") == 0  # 2024-03-16: no papers listed
    err = capsys.readouterr().err
    assert hub.asked == [day("2024-03-16")]
    assert "2024-03-16: no papers listed; nothing written (noted in " in err
    assert (tmp_path / daily.EMPTY_DAYS).read_text() == "2024-03-16\n"
    assert fetch(tmp_path, "--max-days", "1") == 0
    assert hub.asked[1] == day("2024-03-17") and day("2024-03-16") not in hub.asked[1:]  # not asked again


@pytest.mark.parametrize("date", ["2024-03-24", "2024-03-13", "2024-03-12"], ids=["short", "chunked", "reset"])
def test_an_answer_cut_short_is_asked_again(hub, tmp_path: Path, date: str):
    assert fetch(tmp_path, "--date", date, "-q") == 0
    assert hub.asked == [day(date), day(date), day(date, 1)]
    assert (tmp_path / f"{date}.json").is_file()


def test_an_unreadable_item_is_named_and_the_day_saved_without_it(hub, tmp_path: Path, capsys):
    """One item the build cannot read (no abstract anywhere) must not stop this day and every later one."""
    (tmp_path / daily.EMPTY_DAYS).write_text("2024-03-26\n")  # found empty once: fetched again, it has papers
    assert fetch(tmp_path, "--date", "2024-03-26", "--force", "-q") == 0
    err = capsys.readouterr().err
    assert "2024-03-26.json: item 2 (2403.09999): paper.summary: no abstract (nor the item's own): left out" in err
    digest = daily_api.parse_file(tmp_path / "2024-03-26.json")
    assert [e.listing.arxiv_id for e in digest.entries if e.listing] == ["2403.07777"]
    assert (tmp_path / daily.EMPTY_DAYS).read_text() == ""


def test_a_timestamp_utc_cannot_hold_leaves_the_field_out_not_the_day(hub, tmp_path: Path, capsys):
    assert fetch(tmp_path, "--date", "2024-03-29", "-q") == 0
    assert capsys.readouterr().err == ""  # a note of the build's, not a listing left out
    digest = daily_api.parse_file(tmp_path / "2024-03-29.json")
    assert [e.listing.arxiv_id for e in digest.entries if e.listing] == ["2403.08801", "2403.08802"]
    assert [n.message for n in digest.notes] == [
        "item 2 (2403.08802): paper.submittedOnDailyAt: '0001-01-01T00:00:00+01:00' is outside the years 1 to 9999 "
        "in UTC: left out"
    ]


def test_an_items_blank_own_title_does_not_hide_its_papers(hub, tmp_path: Path, capsys):
    """A day of only such items was noted as empty (never asked again): every listing lost."""
    assert fetch(tmp_path, "--date", "2024-03-30", "-q") == 0
    assert capsys.readouterr().err == ""
    digest = daily_api.parse_file(tmp_path / "2024-03-30.json")
    assert [e.title for e in digest.entries] == ["Good Title", "Good Title 2", "Good Title 3"]
    assert not (tmp_path / daily.EMPTY_DAYS).exists()


def test_a_day_with_items_but_none_readable_is_a_failed_day(hub, tmp_path: Path, monkeypatch, capsys):
    """It was noted in .empty-days, as a day without papers: never asked again, its papers lost for good."""
    today_is(monkeypatch, dt.date(2024, 3, 30))
    assert fetch(tmp_path, "--since", "2024-03-27", "-q", "--retries", "0") == 1
    out, err = capsys.readouterr()
    assert err.splitlines()[:2] == [
        "[1/3] 2024-03-27: item 1 (2403.09999): paper.summary: no abstract (nor the item's own)",
        f"[1/3] 2024-03-27: {hub.url}{DAILY}?date=2024-03-27{PAGE_0}: 1 item listed, none the build can read: "
        f"{SKIPPED}",
    ]
    assert out.endswith("; 2 days failed (2024-03-27, 2024-03-28)\n")  # and the next days still land
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        *noted_failed(tmp_path, "2024-03-27", "2024-03-28"),
        "2024-03-29.json",
    ]


def test_a_day_larger_than_the_build_reads_is_a_failed_day(hub, tmp_path: Path):
    """The build refuses a digest over max_digest_mb: saving one would stop every later build. It was
    noted in .empty-days (never asked again, exit 0) though the Hub listed papers for the day."""
    said: list[str] = []
    # The answer is 3,240 bytes, the saved file (indented) 4,440.
    report = daily.fetch(
        tmp_path,
        [dt.date(2024, 3, 15)],
        retry.session(retries=0),
        hub.url,
        log=lambda _: None,
        warn=said.append,
        limit=4000,
    )
    assert report.saved == () and report.empty == () and report.failed == (dt.date(2024, 3, 15),)
    assert said == [
        f"[1/1] 2024-03-15: {hub.url}{DAILY}?date=2024-03-15{PAGE_0}: the day's 3 papers make a file of 4,440 "
        f"bytes, larger than 4,000 (raise extra.generator.max_digest_mb in mkdocs.yml): {SKIPPED}"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == noted_failed(tmp_path, "2024-03-15")  # not .empty-days


def _mark_when_all_are_ready(folder: Path, day: dt.date, empty: bool, ready: Barrier) -> None:
    ready.wait()
    daily.mark_empty(folder, day, empty)


def test_fetches_at_once_lose_no_update_of_the_empty_days(tmp_path: Path):
    """Processes that each note or take out a day at the same moment: every change lands."""
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=n) for n in range(24)]
    found, emptied = days[:8], days[8:]  # 8 days noted before, now found with papers; 16 newly empty
    (tmp_path / daily.EMPTY_DAYS).write_text("".join(f"{d.isoformat()}\n" for d in found))
    context = multiprocessing.get_context("fork")
    ready = context.Barrier(len(days))
    runs = [context.Process(target=_mark_when_all_are_ready, args=(tmp_path, d, d in emptied, ready)) for d in days]
    for run in runs:
        run.start()
    for run in runs:
        run.join(60)
    assert [run.exitcode for run in runs] == [0] * len(days)
    assert (tmp_path / daily.EMPTY_DAYS).read_text() == "".join(f"{d.isoformat()}\n" for d in emptied)


def _refuse(constant: str) -> None:
    raise ValueError(f"{constant} is not JSON")


def _hub_day(items: list, monkeypatch, tmp_path: Path, replace: tuple[tuple[str, str], ...] = ()) -> int:
    answer = json.dumps(items)
    for old, new in replace:
        answer = answer.replace(old, new)
    with replay({day("2024-03-15"): [Reply(body=answer.encode())], day("2024-03-15", 1): [Reply()]}) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        return fetch(tmp_path, "--date", "2024-03-15", "-q")


GOOD = {"id": "2403.01234", "title": "T", "summary": "Abs.", "submittedOnDailyAt": "2024-03-15T01:00:00Z"}


def test_a_number_warning_escapes_the_hubs_id_and_field_names(tmp_path: Path, monkeypatch, capsys):
    """A terminal escape in an id or a key would recolour or rewrite the log: written as escapes."""
    hostile = {"paper": {**GOOD, "id": "\x1b[31mRED"}, "numComments": 0}
    keyed = {"paper": {**GOOD, "\x1b[2Jkey\u200b": 1}}
    replace = (('"numComments": 0', '"numComments": NaN'), ('u200b": 1', 'u200b": NaN'))
    assert _hub_day([hostile, keyed], monkeypatch, tmp_path, replace) == 0
    err = capsys.readouterr().err
    saved = tmp_path / "2024-03-15.json"
    assert err.splitlines() == [
        f"{saved}: item 1 (\\u001b[31mRED): paper.id: not an arXiv id: '\\x1b[31mRED': left out of the saved day",
        f"{saved}: item 2 (2403.01234): paper.\\u001b[2Jkey\\u200b: NaN is not a JSON number: saved as null",
    ]


def test_an_item_left_out_is_not_said_to_be_saved_with_a_null(tmp_path: Path, monkeypatch, capsys):
    bad = {"paper": {"id": "not an id", "title": "T", "summary": "A."}, "numComments": 0}
    items = [bad, {"paper": GOOD, "numComments": 1}]
    replace = (('"numComments": 0', '"numComments": NaN'), ('"numComments": 1', '"numComments": Infinity'))
    assert _hub_day(items, monkeypatch, tmp_path, replace) == 0
    saved = tmp_path / "2024-03-15.json"
    assert capsys.readouterr().err.splitlines() == [
        f"{saved}: item 1 (not an id): paper.id: not an arXiv id: 'not an id': left out of the saved day",
        f"{saved}: item 2 (2403.01234): numComments: Infinity is not a JSON number: saved as null",
    ]


def test_a_number_too_large_for_a_float_is_named_as_such(tmp_path: Path, monkeypatch, capsys):
    """`1e400` is valid JSON that Python reads as infinite: not called Infinity, which it is not."""
    replace = (('"numComments": 0', '"numComments": 1e400'), ('"upvotes": 0', '"upvotes": -1E+400'))
    assert _hub_day([{"paper": {**GOOD, "upvotes": 0}, "numComments": 0}], monkeypatch, tmp_path, replace) == 0
    saved = tmp_path / "2024-03-15.json"
    assert capsys.readouterr().err.splitlines() == [
        f"{saved}: item 1 (2403.01234): numComments: 1e400 is too large for a JSON number: saved as null",
        f"{saved}: item 1 (2403.01234): paper.upvotes: -1E+400 is too large for a JSON number: saved as null",
    ]
    assert json.loads(saved.read_text())[0]["numComments"] is None


def test_numbers_json_cannot_hold_are_saved_as_null_and_named(tmp_path: Path, monkeypatch, capsys):
    """Python's json reads NaN and Infinity; the saved file must be JSON that every tool reads."""
    answer = (FIXTURES / "api" / "daily-2024-03-15.json").read_text()
    answer = answer.replace('"upvotes":42', '"upvotes":NaN').replace('"numComments":3', '"numComments":-Infinity')
    answer = answer.replace('"nested":[1,2,3]', '"nested":[1,Infinity,3]')
    with replay({day("2024-03-15"): [Reply(body=answer.encode())], day("2024-03-15", 1): [Reply()]}) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        assert fetch(tmp_path, "--date", "2024-03-15", "-q") == 0
    saved = tmp_path / "2024-03-15.json"
    items = json.loads(saved.read_text(encoding="utf-8"), parse_constant=_refuse)  # strict JSON
    assert items[0]["paper"]["upvotes"] is None and items[0]["numComments"] is None
    assert items[0]["paper"]["someFutureField"] == {"nested": [1, None, 3]}
    assert capsys.readouterr().err.splitlines() == [
        f"{saved}: item 1 (2403.01234): {where}: {value} is not a JSON number: saved as null"
        for where, value in (
            ("numComments", "-Infinity"),
            ("paper.someFutureField.nested.1", "Infinity"),
            ("paper.upvotes", "NaN"),
        )
    ]
    digest = daily_api.parse_file(saved)
    listing = digest.entries[0].listing
    assert digest.notes == () and listing and listing.upvotes is None  # read as absent: no note


def test_a_day_of_flat_items_is_saved_and_builds(hub, tmp_path: Path, capsys):
    """Items without a `paper` (or with `"paper": null`) were unreadable: a day of them was noted as empty."""
    assert fetch(tmp_path, "--date", "2024-05-02", "-q") == 0
    assert capsys.readouterr().err == ""
    digest = daily_api.parse_file(tmp_path / "2024-05-02.json")
    assert [e.listing.arxiv_id for e in digest.entries if e.listing] == ["2405.00003", "2405.00004", "2405.00005"]
    assert hub.asked == [day("2024-05-02"), day("2024-05-02", 1)]


def test_a_flat_items_number_warning_names_it_by_its_id_and_own_path(tmp_path: Path, monkeypatch, capsys):
    flat = {**GOOD, "upvotes": 0}
    assert _hub_day([flat], monkeypatch, tmp_path, (('"upvotes": 0', '"upvotes": NaN'),)) == 0
    saved = tmp_path / "2024-03-15.json"
    assert capsys.readouterr().err.splitlines() == [
        f"{saved}: item 1 (2403.01234): upvotes: NaN is not a JSON number: saved as null"
    ]


RECORDED_DAY = (ROOT / "tests" / "fixtures" / "api" / "daily-2024-03-15.json").read_bytes()
BOMB = b"[" + b" " * 10_000_000 + b"]"  # 10 MB of JSON that is an empty list, 10 kB gzipped


def deflated(data: bytes, wbits: int) -> bytes:
    pack = zlib.compressobj(wbits=wbits)
    return pack.compress(data) + pack.flush()


def encoded(body: bytes, encoding: str | None) -> Reply:
    headers = (("Content-Type", "application/json"), *((("Content-Encoding", encoding),) if encoding else ()))
    return Reply(body=body, headers=headers)


@pytest.mark.parametrize(
    ("reply", "unpacked"),
    [
        (encoded(gzip.compress(BOMB), "gzip"), " once decompressed (gzip)"),
        (encoded(deflated(BOMB, zlib.MAX_WBITS), "deflate"), " once decompressed (deflate)"),
        (encoded(deflated(BOMB, -zlib.MAX_WBITS), "deflate"), " once decompressed (deflate)"),  # raw deflate
        (encoded(gzip.compress(b"[]") + gzip.compress(BOMB), "gzip"), " once decompressed (gzip)"),  # 2 members
        (encoded(b"[" + b" " * 100_000 + b"]", None), ""),  # as sent
    ],
    ids=["gzip", "deflate", "raw-deflate", "gzip-members", "plain"],
)
def test_an_answer_past_max_digest_mb_is_read_no_further_and_the_day_failed(
    tmp_path: Path, reply: Reply, unpacked: str
):
    """A 3 GB gzip body was decompressed whole in memory (6.27 GB RSS); the day was then noted empty."""
    said: list[str] = []
    routes = {
        day("2024-03-15"): [reply],
        day("2024-03-16"): [Reply(body="daily-2024-03-15.json")],
        day("2024-03-16", 1): [Reply(body=b"[]")],
    }
    with replay(routes) as hub:
        session = retry.session(retries=0)
        days = [dt.date(2024, 3, 15), dt.date(2024, 3, 16)]
        report = daily.fetch(tmp_path, days, session, hub.url, log=lambda _: None, warn=said.append, limit=10_000)
    assert said == [
        f"[1/2] 2024-03-15: {hub.url}{DAILY}?date=2024-03-15{PAGE_0}: the answer is larger than 10,000 bytes"
        f"{unpacked}: not read (raise extra.generator.max_digest_mb in mkdocs.yml): {SKIPPED}"
    ]
    assert report.failed == (dt.date(2024, 3, 15),) and [d for d, _ in report.saved] == [dt.date(2024, 3, 16)]
    assert sorted(p.name for p in tmp_path.iterdir()) == [*noted_failed(tmp_path, "2024-03-15"), "2024-03-16.json"]


def test_a_redirect_s_body_is_not_read(tmp_path: Path):
    """A 302 whose gzip body unpacked to 200 MB was read whole by requests (472 MB RSS), past any limit."""
    moved = Reply(302, gzip.compress(BOMB * 3), (("Content-Encoding", "gzip"), ("Location", "/api/moved")))
    routes = {
        day("2024-03-15"): [moved],
        route("/api/moved"): [Reply(body="daily-2024-03-15.json")],
        day("2024-03-15", 1): [Reply(body=b"[]")],
    }
    with replay(routes) as hub:
        tracemalloc.start()
        try:
            report = daily.fetch(
                tmp_path, [dt.date(2024, 3, 15)], retry.session(retries=0), hub.url, log=lambda _: None
            )
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert report.saved == ((dt.date(2024, 3, 15), 3),)
    assert peak < 5_000_000  # the 30 MB the redirect's body unpacks to were never held


def test_the_size_message_names_the_settings_file_read(tmp_path: Path, monkeypatch, capsys):
    root = copy_project(tmp_path / "p")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("max_digest_mb: 20", "max_digest_mb: 1")
    (root / "site.yml").write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").unlink()
    with replay({day("2024-03-15"): [encoded(gzip.compress(BOMB), "gzip")]}) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        assert cli.main(["fetch", "--config", str(root / "site.yml"), "--date", "2024-03-15", "--retries", "0"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert "the answer is larger than 1,048,576 bytes once decompressed (gzip): not read " in line
    assert "(raise extra.generator.max_digest_mb in site.yml): " in line


@pytest.mark.parametrize(
    "reply",
    [
        encoded(gzip.compress(RECORDED_DAY), "gzip"),
        encoded(gzip.compress(RECORDED_DAY[:1000]) + gzip.compress(RECORDED_DAY[1000:]), "gzip"),  # 2 members
        encoded(gzip.compress(RECORDED_DAY) + b"\n<!-- proxy -->\n", "gzip"),  # ignored, as gzip(1) does
        encoded(deflated(RECORDED_DAY, zlib.MAX_WBITS), "deflate"),
        encoded(deflated(RECORDED_DAY, -zlib.MAX_WBITS), "deflate"),  # raw deflate, as some servers send
    ],
    ids=["gzip", "gzip-members", "gzip-trailing-garbage", "deflate", "raw-deflate"],
)
def test_a_compressed_answer_under_the_limit_is_saved(tmp_path: Path, reply: Reply):
    with replay({day("2024-03-15"): [reply], day("2024-03-15", 1): [Reply(body=b"[]")]}) as hub:
        report = daily.fetch(tmp_path, [dt.date(2024, 3, 15)], retry.session(retries=0), hub.url, log=lambda _: None)
    assert report.saved == ((dt.date(2024, 3, 15), 3),)
    assert json.loads((tmp_path / "2024-03-15.json").read_bytes()) == json.loads(RECORDED_DAY)


def test_an_encoding_not_asked_for_is_named(tmp_path: Path):
    said: list[str] = []
    with replay({day("2024-03-15"): [encoded(b"[]", "br")]}) as hub:
        session = retry.session(retries=0)
        daily.fetch(tmp_path, [dt.date(2024, 3, 15)], session, hub.url, log=lambda _: None, warn=said.append)
    assert said == [
        f"[1/1] 2024-03-15: {hub.url}{DAILY}?date=2024-03-15{PAGE_0}: the response says Content-Encoding: br, "
        f"which was not asked for (gzip, deflate): {SKIPPED}"
    ]


def test_a_failed_day_older_than_the_days_a_run_looks_back_is_not_said_to_be_asked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """It was said to be "asked again next run" and noted in .failed-days, then let go unasked by the next run."""
    today_is(monkeypatch, dt.date(2024, 5, 10))  # the days a run looks back begin on 2024-04-09
    broken = [Reply(body=b'{"error": "Internal"}')]
    with replay({day("2024-04-08"): broken, day("2024-04-09"): broken}) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        assert fetch(tmp_path, "--since", "2024-04-08", "--retries", "0") == 1
        lines = capsys.readouterr().err.splitlines()
        got = ': expected a JSON array of Daily Papers items, got an object: \'{"error": "Internal"}\''
        assert lines[:2] == [
            f"[1/32] 2024-04-08: {server.url}{DAILY}?date=2024-04-08{PAGE_0}{got}: skipped, not asked again: "
            "older than the 31 days a run looks back (--date 2024-04-08 asks)",
            f"[2/32] 2024-04-09: {server.url}{DAILY}?date=2024-04-09{PAGE_0}{got}: {SKIPPED}",
        ]
        assert (tmp_path / daily.FAILED_DAYS).read_text() == "2024-04-09\n2024-04-10\n"  # the third stopped the run
        server.asked.clear()
        assert fetch(tmp_path, "--retries", "0", "-q") == 1
        assert day("2024-04-09") in server.asked and day("2024-04-08") not in server.asked


TRICKLED = b"[" + b" " * 38 + b"]"  # 40 bytes of an empty list, sent a byte at a time


def fetch_timed(
    tmp_path: Path, routes: dict[str, list[Reply]], retries: int, deadline: float
) -> tuple[daily.FetchReport, float, list[str]]:
    """Fetch 2024-03-15 from a replay of routes with retry.session(retries, deadline): the report,
    the seconds it took and the requests the server got."""
    with replay(routes) as hub:
        start = time.monotonic()
        session = retry.session(retries=retries, deadline=deadline)
        report = daily.fetch(tmp_path, [dt.date(2024, 3, 15)], session, hub.url, log=lambda _: None)
        return report, time.monotonic() - start, hub.asked


def test_a_body_trickling_past_the_deadline_is_asked_again(tmp_path: Path):
    """Each byte came within the read timeout, so a body trickling a byte a second was waited for
    without end: here 40 bytes over 2 s, where the deadline is 0.3 s (then the day was noted empty)."""
    routes = {
        day("2024-03-15"): [Reply(body=TRICKLED, trickle=0.05), Reply(body="daily-2024-03-15.json")],
        day("2024-03-15", 1): [Reply(body=b"[]")],
    }
    report, took, asked = fetch_timed(tmp_path, routes, retries=1, deadline=0.3)
    assert report.saved == ((dt.date(2024, 3, 15), 3),)
    assert asked == [day("2024-03-15"), day("2024-03-15"), day("2024-03-15", 1)]
    assert took < 1.8  # 0.3 s, the 0.5 s before asking again, the answer


def test_a_body_trickling_on_a_connection_that_closes_is_stopped_at_the_deadline(tmp_path: Path):
    """An answer saying `Connection: close` gives up its connection before the body is read, so the
    deadline found no socket to shut down and waited for the whole trickle (a tester: 368 s with
    --deadline 5)."""
    closing = (("Content-Type", "application/json"), ("Connection", "close"))
    routes = {day("2024-03-15"): [Reply(body=TRICKLED, trickle=0.1, headers=closing)]}  # 4 s in all
    report, took, _ = fetch_timed(tmp_path, routes, retries=0, deadline=0.3)
    assert report.saved == ()
    assert took < 2


def test_a_retried_answer_whose_body_trickles_is_closed_not_read(tmp_path: Path):
    """urllib3 read a retried 503's body to the end before asking again, bound by no deadline: a
    body trickling a byte at a time kept fetch waiting without end (a tester: over 120 s)."""
    routes = {
        day("2024-03-15"): [Reply(503, body=TRICKLED, trickle=0.2), Reply(body="daily-2024-03-15.json")],  # 8 s
        day("2024-03-15", 1): [Reply(body=b"[]")],
    }
    report, took, _ = fetch_timed(tmp_path, routes, retries=1, deadline=60)
    assert report.saved == ((dt.date(2024, 3, 15), 3),)
    assert took < 4  # the backoff before the retry, the answer


def test_the_headers_of_a_redirect_chain_are_bounded_together(tmp_path: Path):
    """Each hop of a redirect chain had a headers deadline of its own: 25 hops of slow headers took
    40 s with --deadline 2 (a tester). Here 12 hops of about 0.5 s each, within a deadline of 1 s."""
    hops = {
        route(f"/hop/{n}"): [Reply(302, b"", (("Location", f"/hop/{n + 1}"),), trickle_head=0.01)] for n in range(12)
    }
    routes = {day("2024-03-15"): [Reply(302, b"", (("Location", "/hop/0"),), trickle_head=0.01)], **hops}
    report, took, asked = fetch_timed(tmp_path, routes, retries=0, deadline=1)
    assert report.saved == () and len(report.failed) == 1
    assert 2 <= len(asked) <= 4  # the hops whose headers came within the second, and the one stopped
    assert took < 2.5


def test_a_connection_reset_is_said_in_plain_words():
    error = requests.ConnectionError(
        urllib3.exceptions.ProtocolError("Connection aborted.", ConnectionResetError(104, "Connection reset by peer"))
    )
    assert retry.why_failed(error) == "Connection reset by peer"


TOO_SLOW = {  # what trickles a byte at a time, each within the read timeout; what is said after 1 s
    "headers": (Reply(body=TRICKLED, trickle_head=0.05), "the answer's headers were not whole"),  # 5 s in all
    "body": (Reply(body=TRICKLED, trickle=0.1), "the answer was not whole"),  # 4 s in all
}


@pytest.mark.usefixtures("recent")
@pytest.mark.parametrize("part", TOO_SLOW)
def test_an_answer_too_slow_after_the_retries_is_a_failed_day_named(
    part: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """The deadline bounds the headers, then the body (headers trickling were waited for without
    end: it started once they were in)."""
    reply, said = TOO_SLOW[part]
    with replay({day("2024-03-15"): [reply]}) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        start = time.monotonic()
        assert fetch(tmp_path, "--date", "2024-03-15", "--retries", "0", "--deadline", "1") == 1
        assert time.monotonic() - start < 3
    assert capsys.readouterr().err.splitlines() == [
        f"[1/1] 2024-03-15: {hub.url}{DAILY}?date=2024-03-15{PAGE_0}: request failed: too slow: {said} "
        f"after 1 s (--deadline): {SKIPPED}"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == noted_failed(tmp_path, "2024-03-15")


def test_headers_slow_but_in_time_are_read_and_the_default_deadline_is_in_the_help(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    report, _, _ = fetch_timed(
        tmp_path, {day("2024-03-15"): [Reply(body=b"[]", trickle_head=0.001)]}, retries=0, deadline=5
    )
    assert report.empty == (dt.date(2024, 3, 15),) and report.failed == ()  # an empty day, noted as such
    with pytest.raises(SystemExit):
        cli.main(["fetch", "--help"])
    assert f"(default: {retry.DEADLINE})" in " ".join(capsys.readouterr().out.split())
