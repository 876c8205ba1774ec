"""``incidentkit overdue``: an open incident past its severity's ``ack_within`` or
``resolve_within``, at the edges (the limit itself, a null target, a late acknowledgement)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Run


def _incident(severity: str, *, acknowledged: str | None = None) -> str:
    ack = f"acknowledged_at: {acknowledged}\n" if acknowledged else ""
    return f"""\
id: 2026-03-01-queue-lag
title: Queue lag
severity: {severity}
status: investigating
summary: The queue lags.
services: [auth-api]
detection: automated
impact:
  summary: Slow logins
  customer_facing: true
roles:
  commander: carol
started_at: 2026-03-01T08:00:00Z
detected_at: 2026-03-01T10:00:00Z
{ack}"""


def _repo(tmp_path: Path, incident: str) -> str:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", root)
    (root / "incidents/2026/2026-03-01-queue-lag.yaml").write_text(incident)
    return str(root)


def _targets(result: Run) -> list[str]:
    """The lines of the two target kinds' groups (the incident has no update, so it is also a
    stale incident where its severity has an update cadence)."""
    return [line for line in result.out.splitlines()
            if "not acknowledged" in line or "not resolved" in line]


def test_acknowledged_never_and_the_limit_itself_is_within(
    tmp_path: Path, run: Callable[..., Run]
) -> None:
    repo = _repo(tmp_path, _incident("SEV1"))
    # SEV1: ack within 15m of detected_at (10:00) → due 10:15, late only after it.
    assert _targets(run("-C", repo, "overdue", "--at", "2026-03-01T10:15:00Z")) == []
    late = run("-C", repo, "overdue", "--at", "2026-03-01T10:16:00Z", "--fail")
    assert late.status == 1
    assert _targets(late) == [
        "Open incidents not acknowledged in time (1)",
        "  incidents/2026/2026-03-01-queue-lag.yaml:14:14: 2026-03-01-queue-lag (SEV1, "
        "investigating) not acknowledged within 15m of its detection — carol — due "
        "2026-03-01 10:15 UTC, 1m late",
    ]


def test_resolve_target_counts_from_the_start_of_impact(
    tmp_path: Path, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SEV1 resolves within 8h of started_at (08:00, not detected_at 10:00): late after 16:00.
    The clock is INCIDENTKIT_NOW, as in a reproducible report."""
    repo = _repo(tmp_path, _incident("SEV1", acknowledged="2026-03-01T10:05:00Z"))
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-01T16:00:00Z")
    assert _targets(run("-C", repo, "overdue")) == []
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-01T18:30:00Z")
    result = run("-C", repo, "overdue", "--format", "github", "--fail")
    assert result.status == 1
    assert result.out.splitlines()[0] == (
        "::warning file=incidents/2026/2026-03-01-queue-lag.yaml,line=13,col=13,"
        "title=overdue not-resolved::2026-03-01-queue-lag (SEV1, investigating) not resolved "
        "within 8h of its start — carol — due 2026-03-01 16:00 UTC, 2h 30m late"
    )


def test_a_late_acknowledgement_is_not_an_item_while_open(
    tmp_path: Path, run: Callable[..., Run]
) -> None:
    """Acknowledged 50m after the 15m target: nothing to do about it now; ``metrics`` counts
    it once the incident is resolved."""
    repo = _repo(tmp_path, _incident("SEV1", acknowledged="2026-03-01T11:05:00Z"))
    assert _targets(run("-C", repo, "overdue", "--at", "2026-03-01T12:00:00Z")) == []


def test_no_resolve_target_configured(tmp_path: Path, run: Callable[..., Run]) -> None:
    """SEV3 has resolve_within: null (and no update cadence): a year open is not late, while
    the ack target (24h) still applies to it."""
    repo = _repo(tmp_path, _incident("SEV3"))
    result = run("-C", repo, "overdue", "--at", "2027-03-01T10:00:00Z", "--format", "json")
    assert '"kind": "not-resolved"' not in result.out
    assert '"kind": "not-acknowledged"' in result.out
    assert '"late": "364d"' in result.out
    acknowledged = _repo(tmp_path / "b", _incident("SEV3", acknowledged="2026-03-01T10:30:00Z"))
    assert run("-C", acknowledged, "overdue", "--at", "2027-03-01T10:00:00Z").out == (
        "Nothing is overdue at 2027-03-01 10:00 UTC.\n"
    )


def test_resolved_incidents_are_not_items(tmp_path: Path, run: Callable[..., Run]) -> None:
    """The golden corpus' incident was resolved in 1h 30m without trouble; a resolved incident
    never acknowledged is a matter for ``metrics``, not ``overdue``."""
    text = _incident("SEV1").replace("status: investigating", "status: resolved")
    repo = _repo(tmp_path, text + "resolved_at: 2026-03-02T10:00:00Z\n")
    result = run("-C", repo, "overdue", "--at", "2026-03-03T00:00:00Z", "--format", "json")
    assert '"kind": "not-' not in result.out
