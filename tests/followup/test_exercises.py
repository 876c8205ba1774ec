"""Drills keep runbooks exercised: the last exercise beside the last review, and a runbook not
exercised for ``runbooks.exercise_every`` is overdue (never exercised: from its review)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Run
from tests.repos import write

BASE_INCIDENT = EXAMPLES / "base" / "incidents" / "2026" / "2026-01-15-auth-login-failures.yaml"


def _drill(root: Path, day: str, exercised: str) -> None:
    text = BASE_INCIDENT.read_text(encoding="utf-8")
    text = text.replace("id: 2026-01-15-auth-login-failures",
                        f"id: {day}-pool-drill\nkind: drill")
    text = text.replace("title: Login failures for ~30% of users", "title: Pool <drill>")
    text = text.replace("2026-01-15T", f"{day}T").replace(
        "runbooks: [db-connection-pool]", f"exercised: [{exercised}]")
    write(root, f"incidents/2026/{day}-pool-drill.yaml", text)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", root)
    write(root, "incidentkit.yaml", "runbooks:\n  review_every: 365d\n  exercise_every: 30d\n")
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-12-01T00:00:00Z")
    return root


def test_never_exercised_is_overdue_from_the_last_review(repo: Path,
                                                         run: Callable[..., Run]) -> None:
    result = run("-C", str(repo), "overdue")
    assert result.status == 0
    assert result.out == (
        "1 overdue at 2026-12-01 00:00 UTC:\n\nRunbooks not exercised by a drill (1)\n"
        "  oncall/runbooks/db-connection-pool.md:2:8: runbook db-connection-pool never "
        "exercised by a drill — jane — due 2026-10-31, 30d late\n")


def test_a_drill_resets_the_clock_and_shows_on_the_pages(repo: Path, tmp_path: Path,
                                                         run: Callable[..., Run]) -> None:
    _drill(repo, "2026-11-10", "db-connection-pool")
    assert run("-C", str(repo), "validate").status == 0
    assert "Runbooks not exercised" not in run("-C", str(repo), "overdue").out
    out = tmp_path / "site"
    assert run("-C", str(repo), "site", "--out", str(out)).status == 0
    runbook = (out / "docs" / "runbooks" / "db-connection-pool.md").read_text(encoding="utf-8")
    assert ("    - **Last exercised:** 2026-11-10 in [Pool &lt;drill&gt;]"
            "(../incidents/2026/2026-11-10-pool-drill.md); exercise due 2026-12-10\n") in runbook
    incident = (out / "docs" / "incidents" / "2026" / "2026-11-10-pool-drill.md").read_text(
        encoding="utf-8")
    assert "- **Kind:** drill: a rehearsal; not counted in the metrics\n" in incident
    assert "- **Exercised:** [Database connection pool exhaustion]" in incident
    index = (out / "docs" / "incidents" / "index.md").read_text(encoding="utf-8")
    assert "Pool &lt;drill&gt; (drill)" in index


def test_an_old_drill_is_overdue_again(repo: Path, run: Callable[..., Run]) -> None:
    _drill(repo, "2026-10-01", "db-connection-pool")
    result = run("-C", str(repo), "overdue")
    assert ("runbook db-connection-pool not exercised by a drill since 2026-10-01"
            in result.out)
