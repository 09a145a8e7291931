"""`python -m generator enrich` against a loopback server replaying recorded responses (invented content)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from generator import build, cli, config
from generator.fetch import enrich, retry
from generator.papers import lookups
from generator.render.export import read_export
from generator.sources import daily_api

from .conftest import DIGESTS, ROOT, copy_project
from .replay import Reply, replay, route

SEARCH = "/api/papers/search"
TODAY = dt.date(2026, 11, 30)


def search(title: str) -> str:
    return route(SEARCH, q=title, limit=enrich.SEARCH_LIMIT)


ROUTES = {
    # A near miss first (refused: another title), then the exact title, without authors: the paper's own page.
    search("Routing Tokens Without Auxiliary Loss"): [Reply(body="search-routing.json")],
    route("/api/papers/2403.01234"): [Reply(body="paper-2403.01234.json")],
    # The Daily Papers item shape, authors included.
    search("Short Schedules for Diffusion"): [Reply(body="search-schedules.json")],
    search("Accent-Robust ASR"): [Reply(body="search-nothing.json")],
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(DIGESTS / "clean.txt", data / "clean.txt")
    return copy_project(tmp_path / "p", data=data)


def run(root: Path, server_url: str, force: bool = False, missing: bool = False) -> enrich.EnrichReport:
    settings = config.load(root / "mkdocs.yml")
    return enrich.enrich(
        settings, retry.session(retries=0), server_url, TODAY, force=force, missing=missing, log=lambda _: None
    )


def lines(root: Path) -> list[str]:
    text = (root / "data" / "arxiv-lookups.tsv").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if not line.startswith("#")]


def test_every_answer_is_recorded_sorted_and_never_asked_twice(project: Path):
    with replay(ROUTES) as hub:
        report = run(project, hub.url)
        assert (report.asked, report.found, report.known) == (3, 2, 0)
        assert lines(project) == [
            "Accent-Robust ASR\t-\t-\t2026-11-30",
            "Routing Tokens Without Auxiliary Loss\t2403.01234\t2024-03-13\t2026-11-30\tAda Example",
            "Short Schedules for Diffusion\t2403.05678\t2024-03-14\t2026-11-30\tDana Fictional",
        ]
        assert route("/api/papers/2403.01234") in hub.asked  # the search hit had no authors
        asked = len(hub.asked)
        again = run(project, hub.url)
        assert (again.asked, again.known) == (0, 3) and len(hub.asked) == asked
        missing = run(project, hub.url, missing=True)
        assert missing.asked == 1 and hub.asked[-1] == search("Accent-Robust ASR")
        assert run(project, hub.url, force=True).asked == 3


def test_the_build_reads_the_answers_and_never_the_network(project: Path):
    with replay(ROUTES) as hub:
        run(project, hub.url)
    build.generate(config.load(project / "mkdocs.yml"))  # the server is gone
    papers = {p["id"]: p for p in read_export(project / "docs")}
    routing = papers["routing-tokens-without-auxiliary-loss"]
    assert (routing["arxiv_id"], routing["authors"], routing["published"]) == (
        "2403.01234",
        ["Ada Example"],
        "2024-03-13",
    )
    assert routing["upvotes"] is None  # counts come from JSON digests only
    assert papers["accent-robust-asr"]["arxiv_id"] is None
    assert (project / "docs" / "arxiv" / "2403.05678.html").is_file()


def test_authors_typed_into_the_lookups_are_read_as_a_json_digest_s_names() -> None:
    """One rule where names are read (daily_api.people): a `;` parts people, but the one ending `&amp;`."""
    line = "A Title\t2403.01234\t2024-03-13\t2024-03-20\tSmith, John; Doe, Jane\tAT&amp;T Labs;Ada\t ; \tBen\n"
    (found,) = lookups.parse(line, "data/arxiv-lookups.tsv")
    assert found.authors == ("Smith, John", "Doe, Jane", "AT&amp;T Labs", "Ada", "Ben")
    assert found.authors == tuple(n for a in line.rstrip().split("\t")[4:] for n in daily_api.people(a))
    # written back one author a column: read again, the same
    assert lookups.parse(lookups.format_lookups([found]), "x") == (found,)


def test_only_an_exact_title_identity_is_accepted(project: Path):
    near_miss = Reply(body=b'[{"id": "2403.05678", "title": "Short Schedules"}]')
    routes = {**ROUTES, search("Short Schedules for Diffusion"): [near_miss]}
    with replay(routes) as hub:
        run(project, hub.url)
    assert "Short Schedules for Diffusion\t-\t-\t2026-11-30" in lines(project)


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(500, b"oops"), "HTTP 500 Internal Server Error"),
        # The network, as a 5xx is: the next title would fare no better, so the run stops.
        (Reply(body="search-routing.json", broken="reset"), "request failed: the response was cut short"),
        (Reply(body="search-routing.json", broken="chunked"), "request failed: the response was cut short"),
    ],
    ids=["500", "reset", "chunked"],
)
def test_a_failure_keeps_the_answers_got_so_far(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys, reply: Reply, message: str
):
    routes = {**ROUTES, search("Routing Tokens Without Auxiliary Loss"): [reply]}
    with replay(routes) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        code = cli.main(["enrich", "--config", str(project / "mkdocs.yml"), "--retries", "0"])
    assert code == 1
    (line,) = capsys.readouterr().err.splitlines()
    query = "q=Routing+Tokens+Without+Auxiliary+Loss&limit=10"
    assert line == f"{hub.url}/api/papers/search?{query}: {message}"
    assert [x.title for x in lookups.read(project / "data" / "arxiv-lookups.tsv", "l")] == ["Accent-Robust ASR"]


def test_the_command_line(project: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    with replay(ROUTES) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        assert cli.main(["enrich", "--config", str(project / "mkdocs.yml")]) == 0
    out, err = capsys.readouterr()
    assert out == "looked up 3 titles: 2 found on the Hub; 0 answered before\n"
    assert "recorded 3 answers in data/arxiv-lookups.tsv" in err
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert all(line.split("\t")[3] == today for line in lines(project))


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_run_stopped_midway_keeps_the_answers_got_so_far(project: Path, stop: signal.Signals):
    """SIGTERM (a CI step's timeout or cancel) killed enrich outright: no answer kept, every run started over."""
    slow = {key: [dataclasses.replace(reply, delay=0.5) for reply in replies] for key, replies in ROUTES.items()}
    with replay(slow) as hub:
        command = [sys.executable, "-m", "generator", "enrich", "--config", str(project / "mkdocs.yml")]
        env = {**os.environ, "HF_ENDPOINT": hub.url}
        run = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            while sum(a.startswith(SEARCH) for a in hub.asked) < 3:  # the third title is being asked
                assert run.poll() is None and time.monotonic() < deadline
                time.sleep(0.02)
            run.send_signal(stop)
            _, err = run.communicate(timeout=30)
        finally:
            if run.poll() is None:
                run.kill()
    assert run.returncode == 130 and err.splitlines()[-1] == "interrupted" and "Traceback" not in err
    answered = [a.split("&q=", 1)[1] for a in hub.asked if a.startswith(SEARCH)][:2]
    kept = lookups.read(project / "data" / "arxiv-lookups.tsv", "arxiv-lookups.tsv")  # valid: it reads
    assert sorted(x.title for x in kept) == sorted(answered)
    assert [p.name for p in (project / "data").iterdir() if p.name.endswith(".tmp")] == []


def test_the_answers_are_saved_every_so_many_on_the_way(project: Path, monkeypatch: pytest.MonkeyPatch):
    """So that a run killed outright (SIGKILL) loses at most that many."""
    monkeypatch.setattr(enrich, "SAVE_EVERY", 2)
    saves: list[int] = []
    write = lookups.write

    def counted(path: Path, answers: Iterable[lookups.Lookup]) -> None:
        answers = list(answers)
        saves.append(len(answers))
        write(path, answers)

    monkeypatch.setattr(lookups, "write", counted)
    with replay(ROUTES) as hub:
        run(project, hub.url)
    assert saves == [2, 3]  # after the second answer, then at the end (not twice at once)
    assert len(lines(project)) == 3


def test_a_changed_or_vanished_lookup_keeps_the_page_and_every_arxiv_address(project: Path):
    path = project / "data" / "arxiv-lookups.tsv"
    settings = config.load(project / "mkdocs.yml")
    docs = project / "docs"
    path.write_text("Accent-Robust ASR\t2401.00001\t2024-01-02\t2026-12-01\tAda Tester\n", encoding="utf-8")
    build.generate(settings)
    assert "\t2401.00001\tAccent-Robust ASR\n" in (project / "data" / "published.tsv").read_text()
    path.write_text("Accent-Robust ASR\t2401.00077\t2024-01-02\t2026-12-02\tAda Tester\n", encoding="utf-8")
    report = build.generate(settings)
    papers = {p["id"]: p for p in read_export(docs)}
    assert papers["accent-robust-asr"]["arxiv_id"] == "2401.00077"
    assert not list((docs / "papers").glob("accent-*-2401*"))
    assert [n for n in map(str, report.notes) if "lookup changed" in n]
    for arxiv in ("2401.00001", "2401.00077"):
        assert "papers/accent-robust-asr.html" in (docs / "arxiv" / f"{arxiv}.html").read_text()
    for lookups_text in ("Accent-Robust ASR\t-\t-\t2026-12-03\n", None):
        if lookups_text is None:
            path.unlink()
        else:
            path.write_text(lookups_text, encoding="utf-8")
        build.generate(settings)
        assert {p["id"]: p["arxiv_id"] for p in read_export(docs)}["accent-robust-asr"] == "2401.00001"
        assert "papers/accent-robust-asr.html" in (docs / "arxiv" / "2401.00001.html").read_text()


@pytest.mark.parametrize("order", [("2401.00007", "2401.00008"), ("2401.00008", "2401.00007")])
def test_several_papers_with_the_title_record_none_and_name_them(project: Path, order: tuple[str, str]):
    title = "Short Schedules for Diffusion"
    found = [{"id": arxiv, "title": title, "authors": [], "publishedAt": "2024-01-07T00:00:00.000Z"} for arxiv in order]
    body = json.dumps([{"paper": paper} for paper in found])
    routes = {**ROUTES, search(title): [Reply(body=body.encode())]}
    said: list[str] = []
    settings = config.load(project / "mkdocs.yml")
    assert settings.lookups is not None
    with replay(routes) as hub:
        enrich.enrich(settings, retry.session(retries=0), hub.url, TODAY, log=said.append)
    assert f"{title}\t-\t-\t2026-11-30" in lines(project)
    assert said[0] == (
        f"{settings.display(settings.lookups)}: note: '{title}' is the title of 2 papers on the Hub "
        "(arXiv 2401.00007, 2401.00008): recorded as not found; write the right one on its line by hand"
    )


def test_a_lookups_file_that_cannot_be_written_is_refused_before_anything_is_asked(project: Path, capsys):
    """Asking the Hub for every title, then failing to record a single answer, loses the whole run."""
    mkdocs = project / "mkdocs.yml"
    text = mkdocs.read_text(encoding="utf-8")
    with replay(ROUTES) as hub:
        settings = config.load(mkdocs)
        settings = dataclasses.replace(settings, lookups=project / "nowhere" / "arxiv-lookups.tsv")
        with pytest.raises(Exception) as caught:
            enrich.enrich(settings, retry.session(retries=0), hub.url, TODAY, log=lambda _: None)
        assert str(caught.value) == "nowhere/arxiv-lookups.tsv: cannot write: No such file or directory"
        assert hub.asked == []
        # Named in mkdocs.yml: at its line, before anything is read or asked.
        mkdocs.write_text(text.replace("    max_digest_mb: 20\n", "    max_digest_mb: 20\n    lookups: no/l.tsv\n"))
        assert cli.main(["enrich", "--config", str(mkdocs)]) == 1
        assert "lookups: no/l.tsv: no such folder as no to hold it" in capsys.readouterr().err
        assert hub.asked == []


def test_a_malformed_hit_leaves_its_title_unanswered_and_the_run_goes_on(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    odd = Reply(
        body=b'[{"id": "2403.05678", "title": "Short"}, {"id": "1", "title": "x"}, {"id": "2", "title": "y"}, 3]'
    )
    routes = {**ROUTES, search("Short Schedules for Diffusion"): [odd, Reply(body="search-schedules.json")]}
    with replay(routes) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        assert cli.main(["enrich", "-q", "--config", str(project / "mkdocs.yml"), "--retries", "0"]) == 1
        out, err = capsys.readouterr()
        query = "q=Short+Schedules+for+Diffusion&limit=10"
        assert err.splitlines() == [
            f"{hub.url}/api/papers/search?{query}: unexpected answer: [3]: expected object, got int: "
            "'Short Schedules for Diffusion' is left unanswered this run (not recorded; asked again next run)"
        ]
        assert out == "looked up 3 titles: 1 found on the Hub; 0 answered before; 1 unanswered (asked again next run)\n"
        assert [line.split("\t")[0] for line in lines(project)] == [
            "Accent-Robust ASR",
            "Routing Tokens Without Auxiliary Loss",
        ]
        assert cli.main(["enrich", "-q", "--config", str(project / "mkdocs.yml")]) == 0  # asked again, answered
        assert hub.asked[-1] == search("Short Schedules for Diffusion")
    assert "Short Schedules for Diffusion\t2403.05678\t2024-03-14\t2026-11-30\tDana Fictional" in "\n".join(
        line.replace(dt.datetime.now(dt.UTC).date().isoformat(), "2026-11-30") for line in lines(project)
    )


@pytest.mark.parametrize(
    ("body", "why"),
    [
        # The exact title, but no arXiv id: neither the paper nor "not found" can be recorded.
        (b'[{"title": "Short Schedules for Diffusion"}]', "the hit titled exactly so has no id"),
        (b'[{"paper": null, "title": "Short Schedules for Diffusion"}]', "the hit titled exactly so has no id"),
        (
            b'[{"paper": {"id": "x-1", "title": "Short Schedules for Diffusion"}}]',
            "the hit titled exactly so has the id 'x-1', which is not an arXiv id",
        ),
        (
            b'[{"id": 2403.05678, "title": "Short Schedules for Diffusion"}]',
            "unexpected answer: [0].id: expected str | null, got float",  # as it was: msgspec's
        ),
        # JSON, but not the list of hits: the whole URL and the start of the body.
        (
            b'{"error": "Invalid query"}',
            """expected a JSON array of search hits, got an object: '{"error": "Invalid query"}'""",
        ),
    ],
)
def test_an_exact_hit_without_a_usable_id_or_an_answer_that_is_no_list_leaves_the_title_unanswered(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys, body: bytes, why: str
):
    """Recording "not found" for a title the Hub does list would never ask for it again."""
    routes = {**ROUTES, search("Short Schedules for Diffusion"): [Reply(body=body)]}
    with replay(routes) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        assert cli.main(["enrich", "-q", "--config", str(project / "mkdocs.yml"), "--retries", "0"]) == 1
    out, err = capsys.readouterr()
    query = "q=Short+Schedules+for+Diffusion&limit=10"
    assert err.splitlines() == [
        f"{hub.url}/api/papers/search?{query}: {why}: "
        "'Short Schedules for Diffusion' is left unanswered this run (not recorded; asked again next run)"
    ]
    assert out.endswith("; 1 unanswered (asked again next run)\n")
    assert "Short Schedules for Diffusion" not in "\n".join(lines(project))


HTML = (("Content-Type", "text/html; charset=utf-8"),)


@pytest.mark.parametrize(
    ("title", "key", "reply", "asked", "why"),
    [
        # The search hit has no authors; the paper's own page is gone (404): asked on every run, it stopped each.
        (
            "Routing Tokens Without Auxiliary Loss",
            route("/api/papers/2403.01234"),
            Reply(404, b'{"error":"Not Found"}'),
            "/api/papers/2403.01234",
            "HTTP 404 Not Found",
        ),
        # A page of HTML (a login wall, an error page) with status 200 where the search's JSON belongs.
        (
            "Short Schedules for Diffusion",
            search("Short Schedules for Diffusion"),
            Reply(body=b"<!DOCTYPE html><html><body>Sign in</body></html>", headers=HTML),
            "/api/papers/search?q=Short+Schedules+for+Diffusion&limit=10",
            "the response is not JSON but text/html (line 1: Expecting value at column 1)",
        ),
    ],
)
def test_a_404_or_an_html_page_leaves_the_title_unanswered_and_the_run_goes_on(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys, title: str, key: str, reply: Reply, asked: str, why: str
):
    """Both stopped the run at the same title every time: the titles after it were never asked."""
    routes = {**ROUTES, key: [reply]}
    with replay(routes) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        assert cli.main(["enrich", "-q", "--config", str(project / "mkdocs.yml"), "--retries", "0"]) == 1
        out, err = capsys.readouterr()
        assert err.splitlines() == [
            f"{hub.url}{asked}: {why}: '{title}' is left unanswered this run (not recorded; asked again next run)"
        ]
        assert out == "looked up 3 titles: 1 found on the Hub; 0 answered before; 1 unanswered (asked again next run)\n"
        assert title not in [line.split("\t")[0] for line in lines(project)] and len(lines(project)) == 2
        hub.routes[key] = ROUTES[key]
        assert cli.main(["enrich", "-q", "--config", str(project / "mkdocs.yml")]) == 0  # asked again, answered
    assert title in [line.split("\t")[0] for line in lines(project)]


def test_an_answer_past_max_digest_mb_names_the_settings_file_read(project: Path):
    text = (project / "mkdocs.yml").read_text(encoding="utf-8").replace("max_digest_mb: 20", "max_digest_mb: 1")
    (project / "site.yml").write_text(text, encoding="utf-8")
    bomb = Reply(body=gzip.compress(b" " * 2_000_000), headers=(("Content-Encoding", "gzip"),))
    said: list[str] = []
    with replay({**ROUTES, search("Accent-Robust ASR"): [bomb]}) as hub:
        settings = config.load(project / "site.yml")
        enrich.enrich(settings, retry.session(retries=0), hub.url, TODAY, log=lambda _: None, warn=said.append)
    (line,) = said
    assert "the answer is larger than 1,048,576 bytes once decompressed (gzip): not read " in line
    assert "(raise extra.generator.max_digest_mb in site.yml)" in line


REFUSED_TITLES = [f"Refused Paper Number {n}" for n in range(6)]


def test_titles_refused_401_or_403_in_a_row_stop_the_run_and_keep_what_was_saved(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    """A server that wants a login answers every title 401 or 403: three are asked, and one line says
    so (the titles refused before the third were each named too, before it, as if refused alone)."""
    entries = "".join(f"{t}\n\nWe study problem {n} and solve it well.\n\n" for n, t in enumerate(REFUSED_TITLES))
    (project / "data" / "digests" / "refused.txt").write_text(f"Mar 15\n\n{entries}", encoding="utf-8")
    refused = [Reply(401, b'{"error":"Invalid credentials"}'), Reply(403, b"{}")]
    routes = {**ROUTES, **{search(t): [refused[n % 2]] for n, t in enumerate(REFUSED_TITLES)}}
    with replay(routes) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        code = cli.main(["enrich", "-q", "--config", str(project / "mkdocs.yml"), "--retries", "0"])
    assert code == 1
    asked = [a for a in hub.asked if "Refused" in a]
    assert len(asked) == enrich.REFUSED_IN_A_ROW  # not every title
    out, err = capsys.readouterr()
    (last,) = err.splitlines()
    assert re.fullmatch(
        re.escape(f"{hub.url}{SEARCH}?q=Refused+Paper+Number+") + r"\d&limit=10: HTTP (401 Unauthorized|403 Forbidden)"
        ": 3 titles in a row; 401 Unauthorized and 403 Forbidden mean the server wants a login or refuses this "
        r"client, and enrich sends no token \(the Hub's paper search needs none\): check that HF_ENDPOINT names the "
        r"Hub \(unset, it is https://huggingface.co\), not a mirror or proxy that wants one; the run stops; "
        "1 answer recorded before it is kept",
        last,
    )
    assert out == ""
    assert hub.asked[0] == search("Accent-Robust ASR")  # the titles in order: this one before, two after
    assert lines(project) == ["Accent-Robust ASR\t-\t-\t" + dt.datetime.now(dt.UTC).date().isoformat()]  # kept


def test_a_title_refused_alone_is_named_once_another_is_answered(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    """A refusal is held until the next answer says whether it was the title's own (then named) or
    the first of a run of them (then the stop line says it); a run refused from the start keeps nothing."""
    entries = "".join(f"{t}\n\nWe study problem {n} and solve it well.\n\n" for n, t in enumerate(REFUSED_TITLES))
    (project / "data" / "digests" / "refused.txt").write_text(f"Mar 15\n\n{entries}", encoding="utf-8")
    refused = [Reply(403, b"{}")]
    routes = {**ROUTES, **{search(t): refused for t in REFUSED_TITLES}, search(REFUSED_TITLES[1]): [Reply(body=b"[]")]}
    with replay(routes) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        code = cli.main(["enrich", "-q", "--config", str(project / "mkdocs.yml"), "--retries", "0"])
    assert code == 1
    first, last = capsys.readouterr().err.splitlines()
    assert first.endswith(f"{REFUSED_TITLES[0]!r} is left unanswered this run (not recorded; asked again next run)")
    assert ": 3 titles in a row; " in last and last.endswith("; 2 answers recorded before it are kept")
    assert [a for a in hub.asked if "Refused" in a] == [search(t) for t in REFUSED_TITLES[:5]]

    (project / "data" / "arxiv-lookups.tsv").unlink()
    (project / "data" / "digests" / "refused.txt").write_text(f"Mar 15\n\n{entries}", encoding="utf-8")
    with replay({key: refused for key in routes}) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        assert cli.main(["enrich", "-q", "--config", str(project / "mkdocs.yml"), "--retries", "0"]) == 1
    (last,) = capsys.readouterr().err.splitlines()
    assert last.endswith("; the run stops; no answer was recorded")
