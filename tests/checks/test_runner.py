"""The checks of many files: the same findings in this process and in worker processes."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from incidentkit.checks import runner
from incidentkit.checks.oncall import GAP_HORIZON
from incidentkit.checks.runner import LOOKAHEAD, Checked, check_files
from incidentkit.store.cache import digest
from incidentkit.store.layout import Kind, kind_of
from incidentkit.store.source import WorkingTree
from tests.conftest import EXAMPLES
from tests.repos import copy_base, opened, write

NOW = datetime(2026, 3, 2, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-02T00:00:00Z")


def _repo(tmp_path: Path) -> Path:
    root = copy_base(tmp_path)
    for case in ("dangling-incident-refs", "schedule-gap", "blameless-language"):
        shutil.copytree(EXAMPLES / "invalid" / case, root, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("expected.txt"))
    write(root, "incidentkit.yaml", "runbooks:\n  review_every: 90d\n")
    return root


def _check(root: Path, jobs: int) -> list[Checked]:
    repo = opened(root)
    rels = WorkingTree(root).layout().all()
    items = [(rel, kind) for rel in rels if (kind := kind_of(rel)) is not None]
    return check_files(root, items, jobs, repo.context, repo.config_findings)


def test_one_job_and_two_workers_give_the_same_findings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path)
    alone = _check(root, 1)
    monkeypatch.setattr(runner, "PARALLEL_FROM", 1)  # a pool even for these few files
    pooled = _check(root, 2)
    assert sorted(pooled, key=lambda c: c.rel) == sorted(alone, key=lambda c: c.rel)
    assert len(alone) == 10
    # The configuration comes first, with the findings it was read with.
    assert alone[0].rel == "incidentkit.yaml"
    assert alone[0].digest == digest((root / "incidentkit.yaml").read_bytes())
    by_rel = {c.rel: c for c in alone}
    dangling = by_rel["incidents/2026/2026-03-01-checkout-errors.yaml"]
    assert sorted(f.code for f in dangling.findings) == [
        "unknown-incident", "unknown-person", "unknown-person", "unknown-person",
        "unknown-runbook", "unknown-service"]
    assert dangling.cacheable
    postmortem = by_rel["postmortems/2026-01-15-auth-login-failures.md"]
    assert sorted((f.line, f.col, f.code) for f in postmortem.findings) == [
        (9, 26, "blameless"), (9, 56, "blameless"), (10, 5, "blameless"), (10, 49, "blameless")]
    assert sum(len(c.findings) for c in alone) == sum(len(c.findings) for c in pooled)


def test_a_schedule_with_a_gap_is_not_kept_one_without_is_kept_until_its_next_gap_nears(
        tmp_path: Path) -> None:
    root = _repo(tmp_path)
    by_rel = {c.rel: c for c in _check(root, 1)}
    gap = by_rel["oncall/schedules/identity-secondary.yaml"]
    assert [f.code for f in gap.findings] == ["schedule-gap"]
    assert (gap.cacheable, gap.holds) == (False, None)
    quiet = by_rel["oncall/schedules/identity-primary.yaml"]
    assert quiet.findings == []
    assert quiet.cacheable
    assert quiet.holds == (NOW, NOW + LOOKAHEAD - GAP_HORIZON)


def test_a_schedule_whose_gap_is_further_than_the_horizon(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    write(root, "oncall/schedules/ending.yaml",
          "id: ending\nname: Ending\ntimezone: UTC\nlayers:\n  - name: l\n"
          "    start: \"2026-01-05T10:00\"\n    rotation: weekly\n    members: [jane]\n"
          "    effective_until: \"2026-04-01T10:00\"\n")
    (checked,) = [c for c in _check(root, 1) if c.rel == "oncall/schedules/ending.yaml"]
    assert checked.findings == []
    gap_start = datetime(2026, 4, 1, 10, tzinfo=UTC)
    assert checked.holds == (NOW, gap_start - GAP_HORIZON)


def test_an_unreadable_file_has_no_digest(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    write(root, "incidents/2026/2026-02-01-x.yaml", "")
    (root / "incidents/2026/2026-02-01-x.yaml").unlink()
    (root / "incidents/2026/2026-02-01-x.yaml").mkdir()
    repo = opened(root)
    (checked,) = check_files(root, [("incidents/2026/2026-02-01-x.yaml", Kind.INCIDENT)], 1,
                             repo.context, [])
    assert (checked.digest, [f.code for f in checked.findings]) == (
        None, ["not-a-regular-file"])
