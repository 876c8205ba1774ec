"""A small stand-in for the GitHub Actions runner: it executes a job's steps in order.

``run:`` steps run for real, with bash as the runner starts it (``bash -e {0}`` without a
``shell:``, ``bash --noprofile --norc -eo pipefail {0}`` with ``shell: bash``), in the job's
workspace, with the runner's environment: ``GITHUB_ACTIONS``, ``CI``, ``GITHUB_WORKSPACE``,
``GITHUB_EVENT_NAME``, ``GITHUB_EVENT_PATH`` (the event payload as a file), ``GITHUB_SHA``,
``GITHUB_REF``, ``GITHUB_REPOSITORY``, ``GITHUB_API_URL``, ``GITHUB_SERVER_URL``,
``RUNNER_TEMP``, and a fresh ``GITHUB_OUTPUT``, ``GITHUB_ENV``, ``GITHUB_PATH`` and
``GITHUB_STEP_SUMMARY`` file per step. After each step, as the runner does, the lines written to
``GITHUB_PATH`` go in front of ``PATH`` and the variables written to ``GITHUB_ENV`` (``NAME=value``
or ``NAME<<DELIMITER``) join the environment of the next steps; ``GITHUB_OUTPUT`` becomes
``steps.<id>.outputs``. ``${{ }}`` in ``if:``, ``env:``, ``with:`` and ``working-directory:``
are evaluated by :mod:`tests.workflows.expressions`, which fails on what it does not know.

``uses:`` steps are replaced by stand-ins (:meth:`Job.uses`); an action without one fails the
run. The incidentkit action is not stood in for: its ``action.yml`` is read and its steps are
executed like a job's (a composite action), with ``GITHUB_ACTION_PATH`` set to its folder.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.workflows.expressions import Unknown, as_text, condition, interpolate

#: How bash runs a step's script: without ``shell:`` and with ``shell: bash``.
SHELLS = {None: ["bash", "-e"], "bash": ["bash", "--noprofile", "--norc", "-eo", "pipefail"]}
#: Variables of the machine that a step must not see: the runner sets its own.
_OWN = re.compile(r"^(GITHUB_|RUNNER_|ACTIONS_|INCIDENTKIT_|VIRTUAL_ENV$|PYTHONPATH$|CI$|PATH$)")
_PINNED = re.compile(r"^([\w.-]+/[\w.-]+)@([0-9a-f]{40})$")


@dataclass
class Step:
    """What one step did."""

    name: str
    #: ``run``, or the action it uses (``actions/checkout``, ``incidentkit/incidentkit``).
    kind: str
    outcome: str = "success"
    stdout: str = ""
    stderr: str = ""
    summary: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    #: What stood in for a ``uses:`` step; the inner steps of a composite action.
    stand_in: str = ""
    inner: list[Step] = field(default_factory=list)

    def line(self) -> tuple[str, str, str]:
        return (self.name, self.kind, self.outcome)


@dataclass
class Setting:
    """What every job of a test shares: the machine, the servers, the action's files."""

    origin: Path
    runner_temp: Path
    action_path: Path
    #: ``owner/name`` that ``uses:`` names for the incidentkit action.
    action_repository: str
    repository: str
    api_url: str
    token: str
    extra_env: dict[str, str] = field(default_factory=dict)
    #: The repository's variables (``vars``).
    variables: dict[str, str] = field(default_factory=dict)
    #: The repository's secrets besides ``GITHUB_TOKEN`` (``secrets.NAME``).
    secrets: dict[str, str] = field(default_factory=dict)


def _key_value_file(text: str) -> dict[str, str]:
    """``NAME=value`` and ``NAME<<DELIMITER`` … ``DELIMITER`` lines (GITHUB_OUTPUT, GITHUB_ENV)."""
    values: dict[str, str] = {}
    lines = text.splitlines()
    at = 0
    while at < len(lines):
        line = lines[at]
        at += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            end = lines.index(delimiter, at)
            values[name] = "\n".join(lines[at:end])
            at = end + 1
        else:
            name, _, value = line.partition("=")
            values[name] = value
    return values


def _machine_path() -> str:
    """The machine's PATH without any folder that holds incidentkit or this test's Python: a
    step finds them only where the action put them."""
    here = Path(sys.executable).parent
    keep = [part for part in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep)
            if part and Path(part) != here and not (Path(part) / "incidentkit").exists()
            and not (Path(part) / "mkdocs").exists()]
    return os.pathsep.join(keep)


class Job:
    """One job of a workflow, run on an event."""

    def __init__(self, setting: Setting, workflow: Path, job_id: str, *, event_name: str,
                 event: dict[str, Any], sha: str, ref: str, workspace: Path,
                 inputs: Mapping[str, str] | None = None) -> None:
        self.setting = setting
        self.workflow = workflow
        self.job_id = job_id
        self.data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
        self.job = self.data["jobs"][job_id]
        self.event_name = event_name
        self.event = event
        self.sha = sha
        self.ref = ref
        self.workspace = workspace
        self.inputs = dict(inputs or {})
        self.paths: list[str] = []
        self.env_file_values: dict[str, str] = {}
        workspace.mkdir(parents=True, exist_ok=True)
        setting.runner_temp.mkdir(parents=True, exist_ok=True)
        self.event_path = setting.runner_temp / f"event-{uuid.uuid4().hex}.json"
        self.event_path.write_text(json.dumps(event), encoding="utf-8")
        self.git_config = setting.runner_temp / "gitconfig-global"
        self.git_config.touch()

    # -- the contexts -------------------------------------------------------------------------

    def github(self, action_path: Path | None = None) -> dict[str, Any]:
        context: dict[str, Any] = {
            "event": self.event, "event_name": self.event_name, "sha": self.sha,
            "ref": self.ref, "repository": self.setting.repository,
            "workspace": str(self.workspace), "job": self.job_id,
        }
        if action_path is not None:
            context["action_path"] = str(action_path)
        return context

    def concurrency_group(self) -> str:
        group = self.data.get("concurrency", {}).get("group", "")
        return interpolate(group, {"github": self.github(), "inputs": self.inputs})

    # -- running --------------------------------------------------------------------------------

    def run(self) -> list[Step]:
        """Every step of the job, in order."""
        return self._steps(self.job["steps"], inputs=self.inputs, action_path=None, env={})

    def _steps(self, steps: list[dict[str, Any]], *, inputs: Mapping[str, Any],
               action_path: Path | None, env: Mapping[str, str]) -> list[Step]:
        done: list[Step] = []
        by_id: dict[str, dict[str, Any]] = {}
        failed = [False]
        status: dict[str, Callable[[], bool]] = {
            "success": lambda: not failed[0], "failure": lambda: failed[0],
            "cancelled": lambda: False, "always": lambda: True,
        }
        for spec in steps:
            context: dict[str, Any] = {"github": self.github(action_path), "inputs": inputs,
                                       "steps": by_id}
            if action_path is None:  # an action sees no secrets, only what it is given
                context["secrets"] = {**self.setting.secrets, "GITHUB_TOKEN": self.setting.token}
                context["vars"] = self.setting.variables
            name = spec.get("name") or spec.get("uses") or spec["run"].splitlines()[0]
            kind = "run" if "run" in spec else _action_name(spec["uses"])
            if not condition(spec.get("if"), context, status):
                step = Step(name, kind, outcome="skipped")
            else:
                step_env = {**env, **{key: interpolate(as_text(value), context, status)
                                      for key, value in spec.get("env", {}).items()}}
                if "run" in spec:
                    step = self._run(spec, name, context, status, step_env, action_path)
                else:
                    with_ = {key: interpolate(as_text(value), context, status)
                             for key, value in spec.get("with", {}).items()}
                    step = self.uses(spec["uses"], name, with_, step_env)
            if step.outcome == "failure":
                failed[0] = True
            if "id" in spec:
                by_id[spec["id"]] = {"outcome": step.outcome, "conclusion": step.outcome,
                                     "outputs": step.outputs}
            done.append(step)
        return done

    def environment(self, step_env: Mapping[str, str], files: Mapping[str, Path],
                    action_path: Path | None) -> dict[str, str]:
        machine = {key: value for key, value in os.environ.items() if not _OWN.match(key)}
        runner = {
            "CI": "true", "GITHUB_ACTIONS": "true", "RUNNER_OS": "Linux",
            "RUNNER_TEMP": str(self.setting.runner_temp), "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_EVENT_NAME": self.event_name, "GITHUB_EVENT_PATH": str(self.event_path),
            "GITHUB_SHA": self.sha, "GITHUB_REF": self.ref,
            "GITHUB_REPOSITORY": self.setting.repository, "GITHUB_API_URL": self.setting.api_url,
            "GITHUB_SERVER_URL": "https://github.test", "GITHUB_JOB": self.job_id,
            "GITHUB_WORKFLOW": str(self.data.get("name", self.workflow.name)),
            "GITHUB_RUN_ID": "1", "GITHUB_OUTPUT": str(files["output"]),
            "GITHUB_ENV": str(files["env"]), "GITHUB_PATH": str(files["path"]),
            "GITHUB_STEP_SUMMARY": str(files["summary"]),
            "GIT_CONFIG_GLOBAL": str(self.git_config), "GIT_CONFIG_NOSYSTEM": "1",
        }
        if action_path is not None:
            runner["GITHUB_ACTION_PATH"] = str(action_path)
        path = os.pathsep.join([*reversed(self.paths), _machine_path()])
        return {**machine, **runner, **self.setting.extra_env, **self.env_file_values,
                **step_env, "PATH": path}

    def _run(self, spec: dict[str, Any], name: str, context: Mapping[str, Any],
             status: Mapping[str, Callable[[], bool]], step_env: Mapping[str, str],
             action_path: Path | None) -> Step:
        shell = spec.get("shell")
        if shell not in SHELLS:
            raise Unknown(f"{name}: shell {shell!r} is not one this runner knows")
        if action_path is not None and shell is None:
            raise Unknown(f"{name}: a composite action's run: step needs shell:")
        temp = self.setting.runner_temp
        files = {kind: temp / f"{kind}-{uuid.uuid4().hex}" for kind in
                 ("output", "env", "path", "summary")}
        for path in files.values():
            path.touch()
        script = temp / f"step-{uuid.uuid4().hex}.sh"
        script.write_text(spec["run"], encoding="utf-8")
        folder = self.workspace / interpolate(spec.get("working-directory", "."), context, status)
        done = subprocess.run([*SHELLS[shell], str(script)], cwd=folder, capture_output=True,
                              text=True, timeout=600, check=False,
                              env=self.environment(step_env, files, action_path))
        step = Step(name, "run", outcome="success" if done.returncode == 0 else "failure",
                    stdout=done.stdout, stderr=done.stderr,
                    summary=files["summary"].read_text(encoding="utf-8"),
                    outputs=_key_value_file(files["output"].read_text(encoding="utf-8")))
        self.paths.extend(line for line in files["path"].read_text(encoding="utf-8").splitlines()
                          if line)
        self.env_file_values.update(_key_value_file(files["env"].read_text(encoding="utf-8")))
        return step

    # -- the uses: steps ------------------------------------------------------------------------

    def uses(self, uses: str, name: str, with_: Mapping[str, str],
             env: Mapping[str, str]) -> Step:
        action = _action_name(uses)
        if action == self.setting.action_repository or uses == "./":
            return self._composite(name, action, with_, env)
        stand_in = {
            "actions/checkout": self._checkout,
            "actions/setup-python": self._setup_python,
            "actions/upload-pages-artifact": self._upload_pages_artifact,
        }.get(action)
        if stand_in is None:
            raise Unknown(f"{name}: no stand-in for {uses}")
        return stand_in(name, action, with_)

    def _checkout(self, name: str, action: str, with_: Mapping[str, str]) -> Step:
        """The workspace becomes a clone of origin at ``ref`` (else the event's commit); the
        clone holds the whole history, whatever ``fetch-depth`` says, and no credentials."""
        revision = with_.get("ref") or self.sha
        for args in (["clone", "--quiet", str(self.setting.origin), "."],
                     ["checkout", "--quiet", revision]):
            subprocess.run(["git", *args], cwd=self.workspace, check=True, capture_output=True,
                           timeout=60, env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1"})
        return Step(name, action, stand_in=f"git clone of origin, {revision} checked out")

    def _setup_python(self, name: str, action: str, with_: Mapping[str, str]) -> Step:
        """This test's Python, whatever ``python-version`` asks; on PATH only if
        ``update-environment`` is not false."""
        if with_.get("update-environment", "true") != "false":
            folder = self.setting.runner_temp / f"python-{uuid.uuid4().hex}"
            folder.mkdir()
            for link in ("python", "python3"):
                (folder / link).symlink_to(sys.executable)
            self.paths.append(str(folder))
        return Step(name, action, outputs={"python-path": sys.executable,
                                           "python-version": sys.version.split()[0]},
                    stand_in=f"the test's Python ({sys.executable})")

    def _upload_pages_artifact(self, name: str, action: str, with_: Mapping[str, str]) -> Step:
        """Nothing is uploaded: the folder must exist and hold an index.html."""
        site = self.workspace / with_.get("path", "_site")
        ok = (site / "index.html").is_file()
        return Step(name, action, outcome="success" if ok else "failure",
                    stand_in=f"{site}/index.html exists" if ok else f"{site}/index.html missing")

    def _composite(self, name: str, action: str, with_: Mapping[str, str],
                   env: Mapping[str, str]) -> Step:
        path = self.setting.action_path
        metadata = yaml.safe_load((path / "action.yml").read_text(encoding="utf-8"))
        if metadata["runs"]["using"] != "composite":
            raise Unknown(f"{name}: {action} is not a composite action")
        declared = metadata.get("inputs", {})
        unknown = set(with_) - set(declared)
        if unknown:
            raise Unknown(f"{name}: {action} has no input {sorted(unknown)}")
        inputs = {key: with_.get(key, as_text(spec.get("default", "")))
                  for key, spec in declared.items()}
        inner = self._steps(metadata["runs"]["steps"], inputs=inputs, action_path=path, env=env)
        failed = any(step.outcome == "failure" for step in inner)
        return Step(name, action, outcome="failure" if failed else "success", inner=inner,
                    stdout="".join(step.stdout for step in inner),
                    stderr="".join(step.stderr for step in inner),
                    summary="".join(step.summary for step in inner),
                    stand_in=f"the composite action in {path}")


def _action_name(uses: str) -> str:
    if uses == "./":
        return "./"
    match = _PINNED.match(uses)
    if match is None:
        raise Unknown(f"{uses}: not pinned to a full commit")
    return match.group(1)
