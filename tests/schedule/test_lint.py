"""``validate`` on schedules: what a schedule means, beyond its schema (exact messages)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from incidentkit.model.schedule import Schedule
from incidentkit.schedule import lint
from tests.conftest import EXAMPLES, Run

SCHEDULE = "oncall/schedules/identity-primary.yaml"


def _repo(tmp_path: Path, schedule: str) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", repo)
    (repo / SCHEDULE).write_text(schedule)
    return repo


def _schedule(overrides: list[dict[str, Any]]) -> Schedule:
    return Schedule.model_validate({
        "id": "s", "name": "S", "timezone": "UTC",
        "layers": [{"name": "l", "start": "2026-01-05T10:00", "rotation": "weekly",
                    "members": ["a", "b", "c"]}],
        "overrides": overrides,
    })


def _override(start: str, end: str, person: str, replaces: str | None = None) -> dict[str, Any]:
    return {"from": f"2026-02-{start}Z", "to": f"2026-02-{end}Z", "person": person,
            "replaces": replaces}


HEADER = """\
id: identity-primary
name: Identity primary
timezone: Europe/Berlin
layers:
"""


def test_gap_warning_names_the_first_gap_and_the_total(
    tmp_path: Path, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, HEADER + """\
  - name: business hours
    start: "2026-01-05T09:00"
    rotation: daily
    members: [jane, bob]
    restrictions:
      - days: [mon, tue, wed, thu, fri]
        from: "09:00"
        to: "17:00"
""")
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-02T12:00:00+01:00")
    result = run("-C", str(repo), "validate")
    # 336 h from Monday 12:00 CET to Monday 12:00: 80 h of windows (5 + 9 x 8 + 3).
    assert result.out == (
        f"{SCHEDULE}:1:5: warning [schedule-gap] nobody is on call from 2026-03-02 16:00 UTC "
        "to 2026-03-03 08:00 UTC (the first of 10 gaps in the next 14 days, 256.00 h in all): "
        "add a layer or an override; incidentkit oncall gaps lists them\n"
        "7 files checked: 0 errors, 1 warning\n"
    )
    assert result.status == 0


def test_the_gap_window_starts_at_incidentkit_now(
    tmp_path: Path, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The base schedule starts on 2026-01-05 10:00 Berlin: a gap only when now is before."""
    base = str(EXAMPLES / "base")
    only = f"{base}/{SCHEDULE}"  # (the base incident is in the future then)
    monkeypatch.setenv("INCIDENTKIT_NOW", "2025-12-29T00:00:00Z")
    early = run("-C", base, "validate", only)
    assert early.out.splitlines()[0] == (
        f"{SCHEDULE}:1:5: warning [schedule-gap] nobody is on call from 2025-12-29 00:00 UTC "
        "to 2026-01-05 09:00 UTC (the only gap in the next 14 days, 177.00 h in all): add a "
        "layer or an override; incidentkit oncall gaps lists them"
    )
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-01-05T09:00:00Z")
    assert run("-C", base, "validate", only).out == "1 file checked: 0 errors, 0 warnings\n"


@pytest.mark.parametrize("value", ["yesterday", "2026-03-02T00:00:00"])
def test_a_bad_incidentkit_now_is_a_usage_error(
    value: str, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INCIDENTKIT_NOW", value)
    result = run("-C", str(EXAMPLES / "base"), "validate")
    assert result.status == 2
    assert result.err.startswith("incidentkit: error: INCIDENTKIT_NOW: ")
    assert result.err.endswith("; fix it or unset it\n")
    assert "Traceback" not in result.err


def test_schedule_with_errors_gets_no_gap_warning(
    tmp_path: Path, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, HEADER + """\
  - name: weekly
    start: "2026-01-05T10:00"
    rotation: weekly
    members: [jane, nobody]
""")
    monkeypatch.setenv("INCIDENTKIT_NOW", "2025-12-29T00:00:00Z")
    result = run("-C", str(repo), "validate")
    assert "schedule-gap" not in result.out
    assert "[unknown-person]" in result.out


def test_messages_of_the_schedule_rules(
    tmp_path: Path, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, HEADER + """\
  - name: weekly
    start: "2026-01-05T10:00"
    rotation: {every: 12h}
    members: [jane, bob]
  - name: nights
    start: "2026-01-05T10:00"
    rotation: daily
    members: [carol]
    effective_until: "2026-01-06T10:00"
    restrictions:
      - days: [tue]
        from: "22:00"
        to: "06:00"
      - days: []
        from: "09:00"
        to: "09:00"
overrides:
  - {from: "2026-02-01T10:00:00Z", to: "2026-02-03T10:00:00Z", person: carol}
  - {from: "2026-02-02T10:00:00Z", to: "2026-02-02T12:00:00Z", person: jane, replaces: bob}
""")
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-02T00:00:00Z")
    result = run("-C", str(repo), "validate")
    assert result.out == (
        f"{SCHEDULE}:18:15: error [restriction-never-matches] a window without days never "
        "opens: list the days it covers, e.g. [mon, tue, wed, thu, fri], or remove the "
        "restriction\n"
        f"{SCHEDULE}:23:12: error [overlapping-overrides] this override "
        "(2026-02-02T10:00:00+00:00 to 2026-02-02T12:00:00+00:00) overlaps override 1 "
        "(2026-02-01T10:00:00+00:00 to 2026-02-03T10:00:00+00:00) and one of them replaces "
        "whoever is on call: where they overlap, their order in the file decides who is on "
        "call; make the windows meet instead of overlap\n"
        "7 files checked: 2 errors, 0 warnings\n"
    )
    assert result.status == 1


def test_window_outside_the_effective_period(
    tmp_path: Path, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tuesday 22:00 opens after the layer ended on Tuesday 10:00; Monday 22:00 would not."""
    layers = """\
  - name: weekly
    start: "2026-01-05T10:00"
    rotation: weekly
    members: [jane, bob]
  - name: nights
    start: "2026-01-05T10:00"
    rotation: daily
    members: [carol]
    effective_until: "2026-01-06T10:00"
    restrictions:
      - days: [DAY]
        from: "22:00"
        to: "06:00"
"""
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-02T00:00:00Z")
    repo = _repo(tmp_path, HEADER + layers.replace("DAY", "tue"))
    assert run("-C", str(repo), "validate").out == (
        f"{SCHEDULE}:15:7: error [restriction-never-matches] no restriction window of layer "
        "'nights' opens between its start 2026-01-05T10:00 and effective_until "
        "2026-01-06T10:00: the layer never has anyone; fix the days or times, or the dates\n"
        "7 files checked: 1 error, 0 warnings\n"
    )
    (repo / SCHEDULE).write_text(HEADER + layers.replace("DAY", "mon"))
    assert run("-C", str(repo), "validate").out == "7 files checked: 0 errors, 0 warnings\n"


def test_which_overlapping_overrides_clash() -> None:
    schedule = _schedule([
        _override("01T10:00", "03T10:00", "c", "b"),
        _override("02T10:00", "04T10:00", "a", "b"),  # same replaced person: clash with 1
        _override("01T12:00", "01T18:00", "b", "a"),  # another person replaced: no clash
        _override("04T10:00", "05T10:00", "c"),  # meets 2: no overlap
        _override("04T12:00", "04T13:00", "a", "c"),  # inside 4, which replaces anyone
        _override("01T00:00", "06T00:00", "a"),  # overlaps 1, 2, 4 and 5: named once, with 1
        _override("07T00:00", "06T00:00", "a"),  # ends before it starts: time-order's business
    ])
    assert lint.overlapping_overrides(schedule) == [
        lint.OverrideClash(index=1, other=0),
        lint.OverrideClash(index=4, other=3),
        lint.OverrideClash(index=5, other=0),
    ]


def test_which_overrides_never_apply() -> None:
    """Weekly a, b, c from 2026-01-05 10:00 UTC: b from 2026-02-02 10:00 to 02-09 10:00."""
    schedule = _schedule([
        _override("01T10:00", "03T10:00", "c", "b"),  # b on call from 02T10:00: applies
        _override("03T10:00", "04T10:00", "a", "c"),  # c only through override 1, which ended
        _override("02T12:00", "02T13:00", "a", "c"),  # c by override 1: applies
        _override("05T10:00", "06T10:00", "b"),  # replaces whoever is on call: always applies
        _override("10T10:00", "11T10:00", "a", "b"),  # c's week
        _override("12T10:00", "11T10:00", "a", "c"),  # ends before it starts: time-order's
        {"from": "2026-02-12T00:00:00Z", "to": "2027-03-01T00:00:00Z", "person": "a",
         "replaces": "z"},  # over a year: not looked through
        {"from": "2026-02-12T00:00:00Z", "to": "2026-12-01T00:00:00Z", "person": "c",
         "replaces": "z"},  # nine months, week by week: z is never on call
    ])
    assert lint.overrides_that_never_apply(schedule) == [1, 4, 7]
