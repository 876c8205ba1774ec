"""Linear time in keys, findings and headings, and alias amplification refused quickly.

Each bound is on the CPU time of this process (``time.process_time``: a busy shared machine
stretches the wall clock, not the work) and generous (10 s); the quadratic versions took 128 s
(keys) and 115 s (headings), so a regression still fails.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Run

INCIDENT = "incidents/2026/2026-01-15-auth-login-failures.yaml"
POSTMORTEM = "postmortems/2026-01-15-auth-login-failures.md"
BOUND = 10.0


@pytest.fixture(autouse=True)
def _fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-02T00:00:00Z")


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", repo)
    return repo


def _timed(run: Callable[..., Run], repo: Path) -> tuple[Run, float]:
    start = time.process_time()
    result = run("-C", str(repo), "validate")
    return result, time.process_time() - start


def test_80000_unknown_keys(tmp_path: Path, run: Callable[..., Run]) -> None:
    repo = _repo(tmp_path)
    path = repo / INCIDENT
    lines = path.read_text().count("\n")
    with path.open("a") as handle:
        handle.write("".join(f"unknown{i}: {i}\n" for i in range(80_000)))
    result, elapsed = _timed(run, repo)
    out = result.out.splitlines()
    assert out[-2:] == [
        f"{INCIDENT}:{lines + 51}:1: error [too-many-findings] … and 79950 more findings in "
        "this file: fix these first, then run validate again",
        "7 files checked: 51 errors, 0 warnings",
    ]
    assert out[0] == (
        f"{INCIDENT}:{lines + 1}:1: error [unknown-key] unknown key 'unknown0': allowed keys "
        "here: id, kind, title, public_title, severity, status, summary, services, detection, "
        "impact, roles, "
        "started_at, detected_at, acknowledged_at, mitigated_at, resolved_at, timeline, "
        "updates, tags, runbooks, related, links, exercised, fields"
    )
    assert result.status == 1
    assert elapsed < BOUND, elapsed


def test_200000_headings(tmp_path: Path, run: Callable[..., Run]) -> None:
    repo = _repo(tmp_path)
    with (repo / POSTMORTEM).open("a") as handle:
        handle.write("".join(f"## Note {i}\ntext\n" for i in range(200_000)))
    result, elapsed = _timed(run, repo)
    assert (result.status, result.out) == (0, "7 files checked: 0 errors, 0 warnings\n")
    assert elapsed < BOUND, elapsed


def test_one_text_repeated_12000_times(tmp_path: Path, run: Callable[..., Run]) -> None:
    """The shape that made a 61 MB page: one anchored text, 12,000 aliases to it."""
    repo = _repo(tmp_path)
    path = repo / INCIDENT
    lines = path.read_text().count("\n")
    with path.open("a") as handle:
        handle.write("notes: [&text " + "y" * 500 + "]\n")
        handle.write("copies: [" + ", ".join(["*text"] * 12_000) + "]\n")
    result, elapsed = _timed(run, repo)
    assert result.out == (
        f"{INCIDENT}:{lines + 1}:9: error [alias-amplification] aliases of this value expand "
        "the file to 6000000 characters, over the limit of 5242880: write the values out "
        "instead of repeating them with aliases\n"
        "7 files checked: 1 error, 0 warnings\n"
    )
    assert elapsed < BOUND, elapsed
