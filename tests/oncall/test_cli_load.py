"""``incidentkit oncall load``: hours per person by kind of hour, and the spread (exact output)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Run

# A second schedule in New York: bob and carol rotate; jane's old layer ended before the range
# (she is no member in effect) but she covers 12 hours through an override.
SECONDARY = """\
id: identity-secondary
name: Identity secondary
timezone: America/New_York
layers:
  - name: retired
    start: "2025-06-02T09:00"
    rotation: weekly
    members: [jane]
    effective_until: "2025-12-29T09:00"
  - name: weekly
    start: "2026-01-05T09:00"
    rotation: weekly
    members: [bob, carol]
overrides:
  - from: 2026-01-06T09:00:00-05:00
    to: 2026-01-06T21:00:00-05:00
    person: jane
"""
WEEK = ("--from", "2026-01-05T14:00:00Z", "--to", "2026-01-12T14:00:00Z")


@pytest.fixture
def repo(tmp_path: Path) -> str:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", root)
    (root / "oncall" / "schedules" / "identity-secondary.yaml").write_text(SECONDARY)
    return str(root)


def test_base_four_weeks_in_each_persons_zone(run: Callable[..., Run]) -> None:
    """jane (Berlin) has two turns, bob (New York) and carol (Singapore) one each; each
    week counts 45 business hours in the holder's own zone, whatever zone the schedule is in."""
    result = run("-C", str(EXAMPLES / "base"), "oncall", "load",
                 "--from", "2026-01-05T00:00:00Z", "--to", "2026-02-02T00:00:00Z")
    assert result.status == 0
    assert result.out == (
        "On-call load from 2026-01-05 00:00 UTC to 2026-02-02 00:00 UTC, in hours; business "
        "hours are Mon-Fri 09:00-18:00 in each person's own time zone\n"
        "\n"
        "identity-primary (Identity primary)\n"
        "  person  time zone         business  evenings/nights  weekends   total\n"
        "  jane    Europe/Berlin        89.00           142.00     96.00  327.00\n"
        "  bob     America/New_York     45.00            75.00     48.00  168.00\n"
        "  carol   Asia/Singapore       45.00            75.00     48.00  168.00\n"
        "  spread: 159.00 h between jane (327.00 h, the most) and carol (168.00 h, the least)\n"
    )


def test_members_overrides_and_all_schedules(repo: str, run: Callable[..., Run]) -> None:
    result = run("-C", repo, "oncall", "load", *WEEK)
    assert result.out == (
        "On-call load from 2026-01-05 14:00 UTC to 2026-01-12 14:00 UTC, in hours; business "
        "hours are Mon-Fri 09:00-18:00 in each person's own time zone\n"
        "\n"
        "identity-primary (Identity primary)\n"
        "  person  time zone         business  evenings/nights  weekends   total\n"
        "  jane    Europe/Berlin        40.00            75.00     48.00  163.00\n"
        "  bob     America/New_York      0.00             5.00      0.00    5.00\n"
        "  carol   Asia/Singapore        0.00             0.00      0.00    0.00\n"
        "  spread: 163.00 h between jane (163.00 h, the most) and carol (0.00 h, the least)\n"
        "\n"
        "identity-secondary (Identity secondary)\n"
        "  person  time zone         business  evenings/nights  weekends   total\n"
        "  bob     America/New_York     36.00            72.00     48.00  156.00\n"
        "  jane    Europe/Berlin         3.00             9.00      0.00   12.00\n"
        "  carol   Asia/Singapore        0.00             0.00      0.00    0.00\n"
        "  spread: 156.00 h between bob (156.00 h, the most) and carol (0.00 h, the least)\n"
        "\n"
        "all schedules\n"
        "  person  time zone         business  evenings/nights  weekends   total\n"
        "  jane    Europe/Berlin        43.00            84.00     48.00  175.00\n"
        "  bob     America/New_York     36.00            77.00     48.00  161.00\n"
        "  carol   Asia/Singapore        0.00             0.00      0.00    0.00\n"
    )


def test_csv(repo: str, run: Callable[..., Run]) -> None:
    result = run("-C", repo, "oncall", "load", *WEEK, "--format", "csv")
    assert result.out == (
        "schedule,person,timezone,business,evenings_nights,weekends,total\n"
        "identity-primary,jane,Europe/Berlin,40.00,75.00,48.00,163.00\n"
        "identity-primary,bob,America/New_York,0.00,5.00,0.00,5.00\n"
        "identity-primary,carol,Asia/Singapore,0.00,0.00,0.00,0.00\n"
        "identity-secondary,bob,America/New_York,36.00,72.00,48.00,156.00\n"
        "identity-secondary,jane,Europe/Berlin,3.00,9.00,0.00,12.00\n"
        "identity-secondary,carol,Asia/Singapore,0.00,0.00,0.00,0.00\n"
        "*,jane,Europe/Berlin,43.00,84.00,48.00,175.00\n"
        "*,bob,America/New_York,36.00,77.00,48.00,161.00\n"
        "*,carol,Asia/Singapore,0.00,0.00,0.00,0.00\n"
    )
    one = run("-C", repo, "oncall", "load", *WEEK, "--format", "csv",
              "--schedule", "identity-secondary")
    assert one.out.splitlines()[1:] == [
        "identity-secondary,bob,America/New_York,36.00,72.00,48.00,156.00",
        "identity-secondary,jane,Europe/Berlin,3.00,9.00,0.00,12.00",
        "identity-secondary,carol,Asia/Singapore,0.00,0.00,0.00,0.00",
    ]


def test_json(repo: str, run: Callable[..., Run]) -> None:
    result = run("-C", repo, "oncall", "load", *WEEK, "--format", "json",
                 "--schedule", "identity-secondary")
    data = json.loads(result.out)
    assert data == {
        "from": "2026-01-05T14:00:00Z",
        "to": "2026-01-12T14:00:00Z",
        "unit": "hours",
        "business_hours": "Mon-Fri 09:00-18:00",
        "schedules": [{
            "id": "identity-secondary",
            "name": "Identity secondary",
            "people": [
                {"person": "bob", "timezone": "America/New_York", "business": 36.0,
                 "evenings_nights": 72.0, "weekends": 48.0, "total": 156.0},
                {"person": "jane", "timezone": "Europe/Berlin", "business": 3.0,
                 "evenings_nights": 9.0, "weekends": 0.0, "total": 12.0},
                {"person": "carol", "timezone": "Asia/Singapore", "business": 0.0,
                 "evenings_nights": 0.0, "weekends": 0.0, "total": 0.0},
            ],
            "members": ["bob", "carol"],
            "spread": {"hours": 156.0, "most": "bob", "least": "carol"},
        }],
        "people": data["schedules"][0]["people"],
    }


def test_usage_errors(run: Callable[..., Run]) -> None:
    base = str(EXAMPLES / "base")
    unknown = run("-C", base, "oncall", "load", *WEEK, "--schedule", "nope")
    assert (unknown.status, unknown.err) == (
        2, "incidentkit: error: no schedule 'nope' (known: identity-primary)\n")
    fmt = run("-C", base, "oncall", "load", *WEEK, "--format", "xml")
    assert fmt.status == 2
    assert "'xml' is not one of 'text', 'json', 'csv'" in fmt.err
