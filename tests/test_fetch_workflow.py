"""The daily fetch workflow (.github/workflows/fetch.yml) and its call of pages.yml.

Its structure is checked the way test_workflow.py checks pages.yml; then its steps' own scripts
run, in order, in a clone of a copy of the project against a replayed Hub, pushing to a local
bare repository standing for GitHub: fetch, enrich, build, commit, push, and pages.yml's step
that records newly published paper ids.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import DIGESTS, ROOT, copy_project
from .replay import Reply, replay, route
from .test_workflow import evaluate, load

FETCH = ROOT / ".github" / "workflows" / "fetch.yml"
PAGES = ROOT / ".github" / "workflows" / "pages.yml"


def fetch_workflow() -> dict[str, Any]:
    return load(FETCH)


def test_daily_schedule_and_manual_runs():
    on = fetch_workflow()["on"]
    assert set(on) == {"schedule", "workflow_dispatch"}
    (cron,) = on["schedule"]
    assert len(cron["cron"].split()) == 5
    inputs = on["workflow_dispatch"]["inputs"]
    assert inputs["date"]["type"] == "string" and inputs["date"]["default"] == ""
    assert inputs["since"]["type"] == "string" and inputs["since"]["default"] == ""  # a new site's first fetch
    assert inputs["force"]["type"] == "boolean" and inputs["force"]["default"] is False


def test_two_runs_never_race_on_main():
    doc = fetch_workflow()
    assert doc["concurrency"] == {"group": "fetch", "cancel-in-progress": False}
    fetch = doc["jobs"]["fetch"]
    # The fetch job and pages.yml's build take turns on main under one job-level group...
    assert fetch["concurrency"] == {"group": "publish", "cancel-in-progress": False}
    # (pages.yml's build runs on main only; a pull request's read-only check does not queue.)
    assert load(PAGES)["jobs"]["build"]["concurrency"] == {"group": "publish", "cancel-in-progress": False}
    assert "concurrency" not in load(PAGES)["jobs"]["check"]
    # ...and no workflow-level group of the called workflow equals the caller's (a deadlock).
    assert "concurrency" not in load(PAGES)
    # Every push to main is fast-forward only: a moved main refuses it instead of being overwritten.
    for script in _runs(fetch) + _runs(load(PAGES)["jobs"]["build"]):
        for push in re.findall(r"git push[^\n]*", script):
            assert push == "git push origin HEAD:refs/heads/main", push


def _runs(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def test_fetch_enrich_build_then_commit_in_that_order():
    fetch = fetch_workflow()["jobs"]["fetch"]
    assert fetch["if"] == "github.ref == 'refs/heads/main'"
    assert fetch["permissions"] == {"contents": "write"}
    assert fetch_workflow()["permissions"] == {"contents": "read"}
    runs = _runs(fetch)
    order = [
        next(i for i, r in enumerate(runs) if needle in r)
        for needle in ("generator fetch", "generator enrich", "generator build", "git push")
    ]
    assert order == sorted(order)
    enrich = next(s for s in fetch["steps"] if "generator enrich" in s.get("run", ""))
    assert enrich.get("continue-on-error") is True  # the Hub's search being down keeps the fetched days
    checkout = fetch["steps"][0]
    assert checkout["uses"] == "actions/checkout@v4" and checkout["with"]["ref"] == "main"
    # Manual input reaches the script through the environment, never inline (script injection).
    for step in fetch["steps"]:
        assert "inputs." not in step.get("run", ""), step["name"]
    assert fetch["outputs"] == {
        "changed": "${{ steps.commit.outputs.changed }}",
        "commit": "${{ steps.commit.outputs.commit }}",
    }


def _granted(permissions: dict[str, str], scope: str, level: str) -> bool:
    rank = {"none": 0, "read": 1, "write": 2}
    return rank[permissions.get(scope, "none")] >= rank[level]


def test_the_site_is_rebuilt_by_calling_pages_yml_with_the_pushed_commit():
    site = fetch_workflow()["jobs"]["site"]
    assert site["needs"] == "fetch"
    assert site["uses"] == "./.github/workflows/pages.yml"
    assert site["with"] == {"ref": "${{ needs.fetch.outputs.commit }}"}
    # A called workflow gets no more than its caller grants: every permission pages.yml asks for.
    pages = load(PAGES)
    assert "workflow_call" in pages["on"]
    wanted = [pages["permissions"], *(job.get("permissions", {}) for job in pages["jobs"].values())]
    for permissions in wanted:
        for scope, level in permissions.items():
            assert _granted(site["permissions"], scope, level), (scope, level)
    # The site job runs after every fetch on main, new data or not (even if the fetch job then failed:
    # what it saved landed; with nothing new it deploys a commit whose waiting build the fetch job
    # cancelled by queuing after it); never when the fetch job did not run.
    for result, changed, event, runs in [
        ("success", "true", "schedule", True),
        ("failure", "true", "schedule", True),
        ("success", "false", "schedule", True),
        ("failure", "", "schedule", True),
        ("success", "false", "workflow_dispatch", True),
        ("skipped", "", "workflow_dispatch", False),
        ("skipped", "", "schedule", False),
    ]:
        context = {"needs.fetch.result": result, "needs.fetch.outputs.changed": changed, "github.event_name": event}
        assert evaluate(site["if"], context) is runs, context


@pytest.mark.parametrize("event", ["schedule", "workflow_dispatch"])
def test_the_called_pages_workflow_deploys_for_the_callers_event(event: str):
    # In a called workflow github.event_name and github.ref are the caller's.
    jobs = load(PAGES)["jobs"]
    context = {"github.event_name": event, "github.ref": "refs/heads/main", "needs.build.outputs.deploy": "true"}
    assert evaluate(jobs["deploy"].get("if"), context)
    assert evaluate(jobs["build"].get("if"), context)
    assert not evaluate(jobs["build"].get("if"), {**context, "github.event_name": "pull_request"})
    record = next(s for s in jobs["build"]["steps"] if "data/published.tsv" in s.get("run", ""))
    assert "if" not in record  # the build job runs on main only
    steps = jobs["build"]["steps"]
    upload = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert steps.index(record) < upload  # recorded before anything is deployed


# --- The steps' scripts, run for real --------------------------------------------------------------

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _substitute(text: str, values: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        assert match.group(1) in values, f"the test cannot evaluate ${{{{ {match.group(1)} }}}}"
        return values[match.group(1)]

    return EXPRESSION.sub(one, text)


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=_ENV, check=True)
    return done.stdout.strip()


_ENV: dict[str, str] = {}


def _run_steps(job: dict[str, Any], work: Path, values: dict[str, str], env: dict[str, str]) -> list[str]:
    """Run a job's `run` steps as GitHub does (bash -eo pipefail); return their output.

    A step's default condition is success(); `steps.<id>.outcome` is kept in `values`.
    """
    outputs = []
    failed = False
    for step in job["steps"]:
        if "run" not in step or step.get("name", "").startswith("Install"):
            continue  # actions, and installing what this machine already has
        if (failed and "!cancelled()" not in step.get("if", "")) or not evaluate(step.get("if"), values):
            if "id" in step:
                values[f"steps.{step['id']}.outcome"] = "skipped"
            continue
        step_env = {k: _substitute(str(v), values) for k, v in step.get("env", {}).items()}
        script = _substitute(step["run"], values)
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=work,
            env={**env, **step_env},
            capture_output=True,
            text=True,
            timeout=300,
        )
        outputs.append(done.stdout + done.stderr)
        if "id" in step:
            values[f"steps.{step['id']}.outcome"] = "failure" if done.returncode else "success"
        if done.returncode and not step.get("continue-on-error"):
            if not values.get("allow failure"):
                raise AssertionError(f"step {step['name']!r} failed:\n{done.stdout}{done.stderr}")
            failed = True
    return outputs


def _build(work: Path, env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "generator", "build", "-q"]
    subprocess.run(command, cwd=work, env=env, check=True, capture_output=True)


@pytest.fixture
def repository(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A bare 'GitHub' repository holding a copy of the project on main, and a fresh clone of it."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    (bin_dir / "python").chmod(0o755)
    env = {
        "PATH": f"{bin_dir}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(tmp_path),
        "GIT_CONFIG_NOSYSTEM": "1",
        "LANG": "C.UTF-8",
    }
    _ENV.clear()
    _ENV.update(env)
    data = tmp_path / "digests"
    data.mkdir()
    shutil.copy(DIGESTS / "clean.txt", data / "clean.txt")  # Mar 14: lists two papers the Hub has
    project = copy_project(tmp_path / "project", data=data)
    origin = tmp_path / "origin.git"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "start")
    _git(project, "push", "-q", str(origin), "main")
    work = tmp_path / "runner"
    _git(tmp_path, "clone", "-q", str(origin), str(work))
    return origin, work, env


HUB = {
    route("/api/daily_papers", date="2024-03-15", limit=100, p=0): [Reply(body="daily-2024-03-15.json")],
    route("/api/daily_papers", date="2024-03-15", limit=100, p=1): [Reply(body=b"[]")],
    route("/api/papers/search", q="Accent-Robust ASR", limit=10): [Reply(body="search-nothing.json")],
}


def test_the_fetch_jobs_scripts_commit_the_new_data_to_main(repository):
    origin, work, env = repository
    start = _git(origin, "rev-parse", "main")
    output = work / "github_output"
    values = {
        "inputs.date": "2024-03-15",
        "inputs.since": "",
        "inputs.force && '--force' || ''": "",
        "github.ref": "refs/heads/main",
    }
    job = fetch_workflow()["jobs"]["fetch"]
    with replay(HUB) as hub:
        env = {**env, "HF_ENDPOINT": hub.url, "GITHUB_OUTPUT": str(output)}
        _run_steps(job, work, values, env)
        assert route("/api/papers/search", q="Accent-Robust ASR", limit=10) in hub.asked
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    head = _git(origin, "rev-parse", "main")
    assert outputs == {"changed": "true", "commit": head} and head != start
    changed = _git(origin, "diff", "--name-only", start, head).splitlines()
    assert changed == ["data/arxiv-lookups.tsv", "data/digests/2024-03-15.json", "data/published.tsv"]
    registry = _git(origin, "show", f"{head}:data/published.tsv")
    assert "\nrouting-tokens-without-auxiliary-loss\t2\t2403.01234\tRouting Tokens Without Auxiliary Loss\n" in registry
    assert _git(origin, "log", "-1", "--format=%an", head) == "github-actions[bot]"

    # The next day nothing is new: no commit, and pages.yml is not called.
    output.write_text("")
    with replay(HUB) as hub:
        _run_steps(job, work, values, {**env, "HF_ENDPOINT": hub.url})
        assert hub.asked == []  # the day is saved, the title answered
    assert output.read_text() == "changed=false\n"
    assert _git(origin, "rev-parse", "main") == head


def _push_digest(origin: Path, clone: Path, title: str, message: str) -> None:
    """Push, from another clone, a commit adding a digest of one paper (2024-03-16.txt) to main."""
    _git(clone.parent, "clone", "-q", str(origin), str(clone))
    (clone / "data" / "digests" / "2024-03-16.txt").write_text(
        f"Mar 16\n\n{title}\n\nIts abstract says enough to count as prose, in one line of text.\n"
    )
    _git(clone, "add", "-A")
    _git(clone, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", message)
    _git(clone, "push", "-q", "origin", "main")


def test_pages_records_new_ids_and_a_moved_main_refuses_the_push(repository, tmp_path: Path):
    origin, work, env = repository
    # Someone adds a digest with the web editor: no registry update comes with it.
    other = tmp_path / "editor"
    _push_digest(origin, other, "A Paper Nobody Listed Before", "digest")
    _git(work, "pull", "-q", "--ff-only")
    build = load(PAGES)["jobs"]["build"]
    record = next(s for s in build["steps"] if "data/published.tsv" in s.get("run", ""))
    values = {"github.event_name": "push", "github.ref": "refs/heads/main"}
    _build(work, env)
    _run_steps({"steps": [record]}, work, values, env)
    head = _git(origin, "rev-parse", "main")
    assert _git(origin, "log", "-1", "--format=%s", head) == "Record newly published paper ids"
    assert "a-paper-nobody-listed-before\t2\t-\tA Paper Nobody Listed Before" in _git(
        origin, "show", f"{head}:data/published.tsv"
    )
    # A second build finds nothing new: nothing to commit.
    _run_steps({"steps": [record]}, work, values, env)
    assert _git(origin, "rev-parse", "main") == head

    # Main moves while a build runs: the fast-forward push is refused, so that run deploys nothing.
    _git(other, "pull", "-q", "--ff-only")
    (other / "README.md").write_text("moved\n")
    _git(other, "add", "-A")
    _git(other, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "moved")
    _git(other, "push", "-q", "origin", "main")
    (work / "data" / "digests" / "2024-03-17.txt").write_text(
        "Mar 17\n\nAnother New Paper\n\nAnother abstract, long enough to be read as prose by the reader.\n"
    )
    _build(work, env)
    with pytest.raises(AssertionError, match="rejected"):
        _run_steps({"steps": [record]}, work, values, env)


@pytest.mark.parametrize(
    ("date", "since", "options"),
    [
        ("", "", ""),  # the schedule: continue from the newest saved digest
        ("2024-03-15", "", " --date 2024-03-15"),
        ("", "2024-03-01", " --since 2024-03-01"),  # a new site's first fetch, from the Run workflow form
    ],
)
def test_manual_inputs_reach_fetch_as_its_options(date: str, since: str, options: str):
    step = next(s for s in fetch_workflow()["jobs"]["fetch"]["steps"] if "generator fetch" in s.get("run", ""))
    assert step["env"]["SINCE"] == "${{ inputs.since }}"
    script = 'python() { echo "$@"; }\n' + step["run"]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DATE": date, "SINCE": since, "FORCE": ""}
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", script], env=env, capture_output=True, text=True)
    assert done.stdout == f"-m generator fetch{options}\n"


def test_a_slow_fetch_or_enrich_stops_in_time_for_the_commit():
    # The job's timeout cancels every step left, the commit too: the long steps stop well before it.
    fetch = fetch_workflow()["jobs"]["fetch"]
    steps = {s["id"]: s for s in fetch["steps"] if "id" in s}
    enrich = next(s for s in fetch["steps"] if "generator enrich" in s.get("run", ""))
    limits = [steps["fetch"].get("timeout-minutes"), enrich.get("timeout-minutes")]
    assert all(isinstance(m, int) and m > 0 for m in limits), limits
    assert sum(limits) + 10 <= fetch["timeout-minutes"]  # ten minutes left for setup, build and commit
    # A failed or timed-out fetch (a step timeout is a failure) still builds and commits what it saved.
    for outcome, runs in [("success", True), ("failure", True), ("skipped", False)]:
        assert evaluate(steps["build"]["if"], {"steps.fetch.outcome": outcome}) is runs
    assert evaluate(steps["commit"]["if"], {"steps.build.outcome": "success"})
    assert not evaluate(steps["commit"]["if"], {"steps.build.outcome": "failure"})


def test_a_failed_fetch_still_commits_the_days_it_saved(repository):
    origin, work, env = repository
    start = _git(origin, "rev-parse", "main")
    # A day saved before the fetch stopped (here: the Hub refuses the next one).
    saved = work / "data" / "digests" / "2024-03-15.json"
    shutil.copy(ROOT / "tests" / "fixtures" / "api" / "daily-2024-03-15.json", saved)
    output = work / "github_output"
    output.write_text("")
    values = {
        "inputs.date": "2024-03-16",
        "inputs.since": "",
        "inputs.force && '--force' || ''": "",
        "github.ref": "refs/heads/main",
        "allow failure": "yes",
    }
    hub = {
        route("/api/daily_papers", date="2024-03-16", limit=100, p=0): [Reply(status=404, body=b"{}")],
        route("/api/papers/search", q="Accent-Robust ASR", limit=10): [Reply(body="search-nothing.json")],
    }
    with replay(hub) as server:
        env = {**env, "HF_ENDPOINT": server.url, "GITHUB_OUTPUT": str(output)}
        _run_steps(fetch_workflow()["jobs"]["fetch"], work, values, env)
    assert values["steps.fetch.outcome"] == "failure"
    head = _git(origin, "rev-parse", "main")
    assert head != start and "changed=true" in output.read_text()
    assert "data/digests/2024-03-15.json" in _git(origin, "diff", "--name-only", start, head).splitlines()


def _tip_check(work: Path, env: dict[str, str], log: Path) -> str:
    """Run pages.yml's "Check that main has not moved on" with a `gh` that logs its arguments."""
    build = load(PAGES)["jobs"]["build"]
    tip = next(s for s in build["steps"] if s.get("id") == "tip")
    fake = work.parent / "fake-bin"
    fake.mkdir(exist_ok=True)
    (fake / "gh").write_text(f'#!/bin/sh\necho "$*" >> "{log}"\n')
    (fake / "gh").chmod(0o755)
    output = work.parent / "tip_output"
    output.write_text("")
    values = {
        "github.token": "t",
        "github.repository": "o/r",
        "steps.record.outcome": "success",
        "github.event_name": "push",
        "github.ref": "refs/heads/main",
    }
    path = f"{fake}:{env['PATH']}"
    _run_steps({"steps": [tip]}, work, values, {**env, "PATH": path, "GITHUB_OUTPUT": str(output)})
    return output.read_text()


def test_an_older_commits_build_does_not_deploy_over_a_newer_main(repository, tmp_path: Path):
    origin, work, env = repository
    build = load(PAGES)["jobs"]["build"]
    record = next(s for s in build["steps"] if "data/published.tsv" in s.get("run", ""))
    values = {"github.event_name": "push", "github.ref": "refs/heads/main"}
    log = tmp_path / "gh.log"
    # main is where the build started, or its own registry commit: deployed.
    _build(work, env)
    _run_steps({"steps": [record]}, work, values, env)
    assert _git(origin, "rev-parse", "main") == _git(work, "rev-parse", "HEAD")
    assert _tip_check(work, env, log) == "deploy=true\n"
    assert not log.exists()
    # fetch.yml pushes a newer commit while (or before) this older commit's build runs.
    _push_digest(origin, tmp_path / "fetcher", "A Paper Fetched Later", "Daily Papers")
    _build(work, env)
    outputs = _run_steps({"steps": [record]}, work, values, env)
    assert "no new paper ids" in outputs[0]  # the record step finds nothing new and succeeds...
    assert _tip_check(work, env, log) == "deploy=false\n"  # ...but nothing is uploaded or deployed
    assert log.read_text() == "workflow run pages.yml --ref main\n"  # and main's tip gets its own run
