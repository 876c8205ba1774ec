"""Real pre-commit, in a temporary git repository, runs the ``incidentkit-validate`` hook.

The hook repository is a snapshot of this checkout (package, ``pyproject.toml`` and
``.pre-commit-hooks.yaml``) committed to a temporary git repository, so the test exercises the
hook definition exactly as another repository would use it. pre-commit builds the hook's
environment with pip from the package registry (the only network this suite uses).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

ROOT = Path(__file__).resolve().parents[2]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")

BAD = """\
id: 2026-03-01-checkout-errors
title: Checkout errors
severity: SEV2
status: investigating
summary: Checkout returns 500s.
services: [auth-api]
detection: manual
impact:
  summary: Some checkouts fail
  customer_facing: true
roles:
  commander: jane
  scirbe: bob
started_at: 2026-03-01T10:00:00Z
detected_at: 2026-03-01T10:05:00Z
"""


def _git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=check, timeout=600,
        env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
             "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
             "PATH": f"{PRE_COMMIT.parent}{os.pathsep}{os.environ['PATH']}"},
    )


def _hook_repo(tmp_path: Path) -> tuple[Path, str]:
    repo = tmp_path / "hook-repo"
    repo.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, repo / name)
    shutil.copytree(ROOT / "tools", repo / "tools",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "snapshot")
    return repo, _git(repo, "rev-parse", "HEAD").stdout.strip()


@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is a dev dependency")
def test_staged_bad_incident_blocks_commit_and_fixed_one_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    hook_repo, rev = _hook_repo(tmp_path)
    work = tmp_path / "incidents-repo"
    shutil.copytree(EXAMPLES / "base", work)
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo.as_uri()}\n    rev: {rev}\n"
        "    hooks:\n      - id: incidentkit-validate\n"
    )
    _git(work, "init", "-q", "-b", "main")
    installed = subprocess.run([str(PRE_COMMIT), "install"], cwd=work, capture_output=True,
                               text=True, check=False)
    assert installed.returncode == 0, installed.stderr
    _git(work, "add", ".")
    first = _git(work, "commit", "-m", "valid repository", check=False)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "incidentkit validate" in first.stdout + first.stderr

    incident = work / "incidents" / "2026" / "2026-03-01-checkout-errors.yaml"
    incident.write_text(BAD)
    _git(work, "add", ".")
    blocked = _git(work, "commit", "-m", "bad incident", check=False)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0
    assert (
        "incidents/2026/2026-03-01-checkout-errors.yaml:13:3: error [unknown-key] "
        "unknown key 'scirbe': did you mean 'scribe'?"
    ) in output
    assert "Traceback" not in output
    assert _git(work, "rev-list", "--count", "HEAD").stdout.strip() == "1"

    incident.write_text(BAD.replace("  scirbe: bob\n", "  scribe: bob\n"))
    _git(work, "add", ".")
    fixed = _git(work, "commit", "-m", "fixed incident", check=False)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert _git(work, "rev-list", "--count", "HEAD").stdout.strip() == "2"
