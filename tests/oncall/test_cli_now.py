"""``incidentkit oncall now`` on the base corpus, at fixed times (exact output)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Run

BASE = str(EXAMPLES / "base")


def test_rotation_and_replacing_override(run: Callable[..., Run]) -> None:
    before = run("-C", BASE, "oncall", "now", "--at", "2026-02-01T12:00:00Z")
    assert before.out == (
        "On call at 2026-02-01 12:00 UTC:\n"
        "  identity-primary: Jane Doe (jane) through layer 'weekly', until 2026-02-02 09:00 UTC\n"
    )
    during = run("-C", BASE, "oncall", "now", "--at", "2026-02-02T12:00:00Z")
    assert during.out == (
        "On call at 2026-02-02 12:00 UTC:\n"
        "  identity-primary: Carol Lim (carol) through an override, until 2026-02-03 09:00 UTC\n"
    )


def test_service_resolves_its_escalation_policy(run: Callable[..., Run]) -> None:
    result = run("-C", BASE, "oncall", "now", "--service", "auth-api",
                 "--at", "2026-01-06T08:00:00+01:00")
    assert result.status == 0
    assert result.out == (
        "On call at 2026-01-06 07:00 UTC:\n"
        "auth-api (Auth API), tier 1: escalation policy identity (Identity escalation), "
        "repeated 2 more times\n"
        "  after   0m  schedule identity-primary: Jane Doe (jane) through layer 'weekly', "
        "until 2026-01-12 09:00 UTC\n"
        "  after  15m  Carol Lim (carol)\n"
    )


def test_before_the_first_handoff_is_a_gap(run: Callable[..., Run]) -> None:
    result = run("-C", BASE, "oncall", "now", "--at", "2026-01-01T00:00:00Z")
    assert result.out.endswith("identity-primary: nobody (a gap in the schedule)\n")


def test_unknown_schedule_is_a_usage_error(run: Callable[..., Run]) -> None:
    result = run("-C", BASE, "oncall", "now", "--schedule", "nope")
    assert result.status == 2
    assert result.err == (
        "incidentkit: error: no schedule 'nope' (known: identity-primary)\n"
    )


def test_now_is_incidentkit_now_when_set(
    run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-02-02T12:00:00Z")
    assert run("-C", BASE, "oncall", "now").out == (
        "On call at 2026-02-02 12:00 UTC:\n"
        "  identity-primary: Carol Lim (carol) through an override, until 2026-02-03 09:00 UTC\n"
    )


def test_a_person_on_time_off_is_marked(tmp_path: Path, run: Callable[..., Run]) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", repo)
    (repo / "oncall" / "time-off.yaml").write_text(
        "- person: bob\n  from: 2026-02-05T00:00:00-05:00\n  to: 2026-02-06T00:00:00-05:00\n"
        "  reason: family holiday\n"
        "- person: jane\n  from: 2026-01-06T00:00:00+01:00\n  to: 2026-01-07T00:00:00+01:00\n")
    away = run("-C", str(repo), "oncall", "now", "--at", "2026-02-05T12:00:00Z")
    assert (away.status, away.out) == (0, (
        "On call at 2026-02-05 12:00 UTC:\n"
        "  identity-primary: Bob Stone (bob) through layer 'weekly', until 2026-02-09 09:00 UTC "
        "(on time off: family holiday)\n"))
    back = run("-C", str(repo), "oncall", "now", "--at", "2026-02-06T12:00:00Z")
    assert back.out.endswith("until 2026-02-09 09:00 UTC\n")
    service = run("-C", str(repo), "oncall", "now", "--service", "auth-api",
                  "--at", "2026-01-06T08:00:00+01:00")
    assert service.out.splitlines()[2] == (
        "  after   0m  schedule identity-primary: Jane Doe (jane) through layer 'weekly', "
        "until 2026-01-12 09:00 UTC (on time off)")
