"""Overrides with ``person: null``: windows left uncovered on purpose, not gaps (exact output)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from incidentkit.schedule import Uncovered, final_shifts, gaps, uncovered, uncovered_at
from tests.conftest import EXAMPLES, Run
from tests.schedule.test_engine import at, build, final, holes, stamp

SUPPORT = """\
id: support
name: Support
timezone: UTC
layers:
  - name: always
    start: "2026-03-02T09:00"
    rotation: weekly
    members: [bob]
overrides:
  - from: 2026-03-10T00:00:00Z
    to: 2026-03-11T00:00:00Z
    person: null
    reason: office closed for the move
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", root)
    (root / "oncall" / "schedules" / "support.yaml").write_text(SUPPORT)
    return root


def test_now_says_nobody_on_purpose_with_the_reason(run: Callable[..., Run], repo: Path) -> None:
    result = run("-C", str(repo), "oncall", "now", "--schedule", "support",
                 "--at", "2026-03-10T12:00:00Z")
    assert result.status == 0
    assert result.out == (
        "On call at 2026-03-10 12:00 UTC:\n"
        "  support: nobody (uncovered on purpose: office closed for the move)\n"
    )


def test_gaps_lists_it_as_intended_and_fail_does_not_count_it(
    run: Callable[..., Run], repo: Path
) -> None:
    result = run("-C", str(repo), "oncall", "gaps", "--schedule", "support",
                 "--from", "2026-03-09T12:00:00Z", "--days", "3", "--fail")
    assert result.status == 0
    assert result.out == (
        "Gaps from Mon 2026-03-09 12:00 UTC to Thu 2026-03-12 12:00 UTC (3 days, times in UTC)\n"
        "\n"
        "support (Support): no gaps\n"
        "  uncovered on purpose (not gaps): 1 window\n"
        "  start                     end                       hours  reason\n"
        "  Tue 2026-03-10 00:00 UTC  Wed 2026-03-11 00:00 UTC  24.00  office closed for the move\n"
    )


def test_show_lists_it_with_its_reason(run: Callable[..., Run], repo: Path) -> None:
    result = run("-C", str(repo), "oncall", "show", "--schedule", "support",
                 "--from", "2026-03-09T12:00:00Z", "--to", "2026-03-11T12:00:00Z")
    assert result.status == 0
    assert result.out == (
        "On call from Mon 2026-03-09 12:00 UTC to Wed 2026-03-11 12:00 UTC (times in UTC)\n"
        "\n"
        "support (Support)\n"
        "  start                     end                       hours  person    layer/override\n"
        "  Mon 2026-03-09 12:00 UTC  Tue 2026-03-10 00:00 UTC  12.00  bob       always\n"
        "  Tue 2026-03-10 00:00 UTC  Wed 2026-03-11 00:00 UTC  24.00  (nobody)  "
        "uncovered on purpose: office closed for the move\n"
        "  Wed 2026-03-11 00:00 UTC  Wed 2026-03-11 12:00 UTC  12.00  bob       always\n"
    )


def test_validate_does_not_warn_about_it(
    run: Callable[..., Run], repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-09T12:00:00Z")
    result = run("-C", str(repo), "validate")
    assert "support.yaml" not in result.out + result.err


def test_an_uncovered_window_needs_a_reason(run: Callable[..., Run], repo: Path) -> None:
    path = repo / "oncall" / "schedules" / "support.yaml"
    path.write_text(SUPPORT.replace("    reason: office closed for the move\n", ""))
    result = run("-C", str(repo), "validate")
    assert result.status == 1
    assert (
        "person: null leaves the window uncovered on purpose: say why in reason"
        in result.out + result.err
    )


WEEK = {"name": "weekly", "start": "2026-01-05T10:00", "rotation": "weekly",
        "members": ["alice", "bob"]}


def test_uncovered_windows_gaps_and_shifts_tile_the_interval() -> None:
    schedule = build(WEEK, overrides=[
        {"from": "2026-01-06T00:00:00Z", "to": "2026-01-07T00:00:00Z", "person": None,
         "reason": "drill: nobody answers"},
        # A later override with a person wins over the uncovered window where they overlap.
        {"from": "2026-01-06T20:00:00Z", "to": "2026-01-06T22:00:00Z", "person": "carol"},
        # With ``replaces``, only bob's turn is left uncovered.
        {"from": "2026-01-11T00:00:00Z", "to": "2026-01-13T00:00:00Z", "person": None,
         "replaces": "bob", "reason": "bob is off, accepted"},
    ])
    assert final(schedule, "2026-01-05T00:00Z", "2026-01-14T00:00Z") == [
        ("alice", "2026-01-05T09:00Z", "2026-01-06T00:00Z", "weekly"),
        ("carol", "2026-01-06T20:00Z", "2026-01-06T22:00Z", "override"),
        ("alice", "2026-01-07T00:00Z", "2026-01-12T09:00Z", "weekly"),
        ("bob", "2026-01-13T00:00Z", "2026-01-14T00:00Z", "weekly"),
    ]
    assert holes(schedule, "2026-01-05T00:00Z", "2026-01-14T00:00Z") == [
        ("2026-01-05T00:00Z", "2026-01-05T09:00Z"),
    ]
    windows = uncovered(schedule, start=at("2026-01-05T00:00Z"), end=at("2026-01-14T00:00Z"))
    assert [(stamp(w.start), stamp(w.end), w.reason) for w in windows] == [
        ("2026-01-06T00:00Z", "2026-01-06T20:00Z", "drill: nobody answers"),
        ("2026-01-06T22:00Z", "2026-01-07T00:00Z", "drill: nobody answers"),
        ("2026-01-12T09:00Z", "2026-01-13T00:00Z", "bob is off, accepted"),
    ]
    assert uncovered_at(schedule, at("2026-01-12T10:00Z")) == Uncovered(
        start=at("2026-01-12T09:00Z"), end=at("2026-01-13T00:00Z"),
        reason="bob is off, accepted",
    )
    assert uncovered_at(schedule, at("2026-01-06T21:00Z")) is None
    low, high = at("2026-01-05T00:00Z"), at("2026-01-14T00:00Z")
    pieces = sorted(
        [(p.start, p.end) for p in final_shifts(schedule, start=low, end=high)]
        + gaps(schedule, start=low, end=high)
        + [(w.start, w.end) for w in windows]
    )
    assert pieces[0][0] == low and pieces[-1][1] == high
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:], strict=False))
