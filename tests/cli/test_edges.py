"""A repository whose every value sits at an edge of its documented range: each command works.

Times at 1970-01-01T00:00:00Z and 2999-12-31T23:59:59Z (written with +14:00 and -12:00 offsets),
the longest durations (3650d) and rotations (365d) next to the shortest (1h), layers starting at
the first and last local minute in zones at +14:00 and -11:00. Every engine (site, render,
metrics, overdue, on-call, postmortem drafts, a real MkDocs build) adds durations to such times
or converts them between zones; none may leave Python's dates or end in an internal error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Run

EARLY, LATE = "1970-01-01T00:00:00Z", "2999-12-31T23:59:59Z"
MKDOCS = Path(sys.executable).with_name("mkdocs")


@pytest.fixture
def edges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", repo)
    shutil.copytree(EXAMPLES / "edges", repo, dirs_exist_ok=True)
    monkeypatch.setenv("INCIDENTKIT_NOW", LATE)
    return repo


def _ok(result: Run) -> None:
    assert "internal error" not in result.err
    assert "Traceback" not in result.err
    assert result.status == 0, result.err


def test_the_edges_are_valid(edges: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(edges), "validate")
    assert (result.status, result.out) == (0, "12 files checked: 0 errors, 0 warnings\n")


@pytest.mark.parametrize("at", [EARLY, LATE])
@pytest.mark.parametrize("command", [
    ["overdue"],
    ["oncall", "now"],
    ["oncall", "handoff"],
    ["oncall", "handoff", "--tz", "Pacific/Kiritimati"],
    ["oncall", "export", "--days", "731"],
    ["render", "-t", "resolved", "2999-12-31-last-second"],
    ["render", "-t", "investigating", "1970-01-01-epoch"],
])
def test_commands_at_the_edges(
    edges: Path, run: Callable[..., Run], command: list[str], at: str
) -> None:
    _ok(run("-C", str(edges), *command, "--at", at))


@pytest.mark.parametrize("args", [
    ["metrics"],
    ["metrics", "--since", "1970-01-01", "--until", "2999-12-31", "--by", "month",
     "--format", "json"],
    ["metrics", "--since", EARLY, "--until", LATE, "--by", "service", "--format", "csv"],
    ["oncall", "show", "--from", "2998-01-01T00:00:00Z", "--to", LATE,
     "--tz", "Pacific/Pago_Pago"],
    ["oncall", "show", "--from", EARLY, "--to", "1971-12-31T00:00:00Z"],
    ["oncall", "load", "--from", "2998-01-01T00:00:00Z", "--to", LATE],
    ["oncall", "gaps", "--from", LATE, "--days", "731"],
    ["oncall", "gaps", "--from", EARLY, "--days", "731"],
])
def test_ranges_at_the_edges(edges: Path, run: Callable[..., Run], args: list[str]) -> None:
    _ok(run("-C", str(edges), *args))


def test_site_and_drafts_at_the_edges(
    edges: Path, tmp_path: Path, run: Callable[..., Run]
) -> None:
    _ok(run("-C", str(edges), "site", "--out", str(tmp_path / "site")))
    assert (tmp_path / "site/docs/incidents/2999/2999-12-31-last-second.md").is_file()
    for incident in ("2999-12-31-still-open", "1970-01-01-epoch"):
        _ok(run("-C", str(edges), "new", "postmortem", incident))
        assert (edges / f"postmortems/{incident}.md").is_file()


def test_mkdocs_build_at_the_edges(edges: Path, tmp_path: Path) -> None:
    (edges / "docs").mkdir()
    (edges / "docs/index.md").write_text("# Edges\n")
    (edges / "mkdocs.yml").write_text(
        "site_name: Edges\ndocs_dir: docs\nplugins:\n  - search\n  - incidentkit\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [str(MKDOCS), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=edges, capture_output=True, text=True, check=False, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert (tmp_path / "site/incidents/2999/2999-12-31-last-second/index.html").is_file()


def test_a_look_alike_id_is_left_out_of_metrics(tmp_path: Path, run: Callable[..., Run]) -> None:
    """Full-width digits do not make a second incident that reads like the first."""
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", repo)
    name = "２０２６-01-15-auth-login-failures.yaml"
    shutil.copy(EXAMPLES / "invalid/lookalike-digits/incidents/2026" / name,
                repo / "incidents/2026" / name)
    result = run("-C", str(repo), "metrics", "--format", "json")
    assert result.status == 0
    assert '"incidents": 1,' in result.out
    assert result.err == (f"incidentkit: warning: 1 invalid file left out (incidents/2026/{name})"
                          ": run incidentkit validate\n")
