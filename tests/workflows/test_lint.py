"""The action and the workflows ``incidentkit init`` writes: linters clean, and the rules they
leave to taste: every action pinned to a commit with its version beside it, no expression inside
a script, least-privilege permissions per job, no persisted credentials, Dependabot updating the
pins."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.workflows.scaffold import ROOT, WORKFLOWS, render_github

ACTION = ROOT / "action.yml"
INCIDENTKIT = ("__INCIDENTKIT_REPOSITORY__@__INCIDENTKIT_REV__ # v__INCIDENTKIT_VERSION__")
#: The only permissions above ``read`` that any job holds.
WRITES = {
    ("overdue.yml", "tracking-issue"): {"issues"},
    ("sync.yml", "sync"): {"contents", "issues"},
    ("publish.yml", "deploy"): {"pages", "id-token"},
    ("notify.yml", "notify"): {"contents"},
    ("review.yml", "review"): {"issues"},
}


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _workflows() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml"))


def _steps() -> list[tuple[str, str, dict[str, Any]]]:
    found = [(path.name, job_id, step) for path in _workflows()
             for job_id, job in _load(path)["jobs"].items() for step in job["steps"]]
    return found + [("action.yml", "", step) for step in _load(ACTION)["runs"]["steps"]]


def _binary(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:  # actionlint and zizmor come with the dev extra
        pytest.fail(f"{name} is not installed: pip install -e '.[dev]'")
    return found


def test_the_linters_find_nothing(tmp_path: Path) -> None:
    github = render_github(tmp_path)
    runs = [
        [_binary("actionlint"), *map(str, sorted((github / "workflows").glob("*.yml")))],
        [_binary("zizmor"), "--offline", "--strict-collection", str(github), str(ACTION)],
    ]
    for args in runs:
        done = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=120,
                              check=False)
        assert done.returncode == 0, done.stdout + done.stderr
    rendered = (github / "workflows/validate.yml").read_text(encoding="utf-8")
    assert re.search(r"uses: incidentkit/incidentkit@[0-9a-f]{40} # v\d+\.\d+\.\d+\n", rendered)


def test_the_actions_scripts_pass_shellcheck() -> None:
    """actionlint runs shellcheck on workflows only; the action's scripts are checked here."""
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        if os.environ.get("CI") == "true":
            pytest.fail("shellcheck is not installed (apt-get install shellcheck)")
        pytest.skip("shellcheck is not installed")
    for _, _, step in _steps():
        if "run" in step and step.get("shell") == "bash":
            done = subprocess.run([shellcheck, "--shell=bash", "-"], input=step["run"],
                                  capture_output=True, text=True, timeout=60, check=False)
            assert done.returncode == 0, f"{step['name']}:\n{done.stdout}"


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    pinned = re.compile(r"\s*(- )?uses: ([\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+|"
                        + re.escape(INCIDENTKIT) + ")")
    count = 0
    for path in [*_workflows(), ACTION]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"\s*(- )?uses:", line):
                count += 1
                assert pinned.fullmatch(line), f"{path.name}: {line.strip()}"
    assert count == 19


def test_the_workflows_use_the_action() -> None:
    uses = [(workflow, job, step["uses"]) for workflow, job, step in _steps()
            if step.get("uses", "").startswith("__INCIDENTKIT_")]
    assert uses == [(workflow, job, INCIDENTKIT.split(" ")[0]) for workflow, job in [
        ("notify.yml", "notify"), ("overdue.yml", "report"), ("overdue.yml", "tracking-issue"),
        ("publish.yml", "build"), ("review.yml", "review"), ("status-page.yml", "publish"),
        ("sync.yml", "sync"),
        ("validate.yml", "validate")]]


def test_no_expression_is_expanded_inside_a_script() -> None:
    for workflow, job, step in _steps():
        assert "${{" not in step.get("run", ""), f"{workflow} {job}: {step.get('name')}"


def test_least_privilege() -> None:
    for path in _workflows():
        data = _load(path)
        assert data["permissions"] == {}, path.name
        assert data["concurrency"]["group"], path.name
        for job_id, job in data["jobs"].items():
            assert isinstance(job.get("timeout-minutes"), int), (path.name, job_id)
            permissions = job["permissions"]
            assert set(permissions.values()) <= {"read", "write"}, (path.name, job_id)
            writes = {scope for scope, level in permissions.items() if level == "write"}
            assert writes == WRITES.get((path.name, job_id), set()), (path.name, job_id)


def test_no_checkout_keeps_credentials() -> None:
    checkouts = [(w, j, s) for w, j, s in _steps()
                 if s.get("uses", "").startswith("actions/checkout@")]
    assert len(checkouts) == 8
    for workflow, job, step in checkouts:
        assert step["with"]["persist-credentials"] is False, (workflow, job)


def test_the_overdue_report_runs_daily_off_the_hour() -> None:
    (schedule,) = _load(WORKFLOWS / "overdue.yml")[True]["schedule"]  # YAML 1.1 reads on: as True
    minute, hour, *every = schedule["cron"].split()
    assert minute not in ("0", "00") and hour.isdigit() and every == ["*", "*", "*"]


def test_the_review_runs_weekly_off_the_hour() -> None:
    (schedule,) = _load(WORKFLOWS / "review.yml")[True]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert minute not in ("0", "00") and hour.isdigit() and weekday.isdigit()
    assert (day, month) == ("*", "*")


def test_dependabot_updates_the_pins_weekly() -> None:
    data = _load(WORKFLOWS.parent / "dependabot.yml")
    assert data["version"] == 2
    assert [(u["package-ecosystem"], u["directory"], u["schedule"]["interval"],
             u["cooldown"]["default-days"]) for u in data["updates"]] == [
        ("github-actions", "/", "weekly", 7), ("pre-commit", "/", "weekly", 7)]


def test_the_actions_interface() -> None:
    data = _load(ACTION)
    assert data["runs"]["using"] == "composite"
    assert {name: spec.get("default") for name, spec in data["inputs"].items()} == {
        "args": "", "python-version": "3.11", "working-directory": "."}
    for step in data["runs"]["steps"]:
        assert "run" not in step or step["shell"] == "bash", step["name"]
