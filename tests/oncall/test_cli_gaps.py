"""``incidentkit oncall gaps``: times with nobody on call (exact output)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Run

BASE = str(EXAMPLES / "base")

BUSINESS_HOURS = """\
id: support
name: Support
timezone: America/New_York
layers:
  - name: weekdays
    start: "2026-03-02T09:00"
    rotation: daily
    members: [bob]
    restrictions:
      - days: [mon, tue, wed, thu, fri]
        from: "09:00"
        to: "17:00"
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", root)
    (root / "oncall" / "schedules" / "support.yaml").write_text(BUSINESS_HOURS)
    return root


def test_default_is_14_days_from_now(run: Callable[..., Run],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-01-01T00:00:00Z")
    result = run("-C", BASE, "oncall", "gaps")
    assert result.status == 0
    assert result.out == (
        "Gaps from Thu 2026-01-01 00:00 UTC to Thu 2026-01-15 00:00 UTC (14 days, times in UTC)\n"
        "\n"
        "identity-primary (Identity primary): 1 gap, 105.00 h\n"
        "  start                     end                        hours\n"
        "  Thu 2026-01-01 00:00 UTC  Mon 2026-01-05 09:00 UTC  105.00\n"
    )


def test_fail_exits_1_only_when_there_are_gaps(run: Callable[..., Run]) -> None:
    with_gap = run("-C", BASE, "oncall", "gaps", "--from", "2026-01-01T00:00:00Z", "--fail")
    assert with_gap.status == 1
    without = run("-C", BASE, "oncall", "gaps", "--from", "2026-02-01T00:00:00Z", "--fail")
    assert without.status == 0
    assert without.out.endswith("\n\nidentity-primary (Identity primary): no gaps\n")


def test_nights_and_weekend_of_a_business_hours_schedule(
    repo: Path, run: Callable[..., Run]
) -> None:
    """Friday 17:00 New York to Monday 09:00 across the spring change (63 h), then Monday
    night; ``--days`` counts 24-hour days, so the range ends at 13:00 summer time."""
    result = run("-C", str(repo), "oncall", "gaps", "--schedule", "support",
                 "--from", "2026-03-06T12:00:00-05:00", "--days", "4",
                 "--tz", "America/New_York")
    assert result.out == (
        "Gaps from Fri 2026-03-06 12:00 EST to Tue 2026-03-10 13:00 EDT (4 days, times in "
        "America/New_York)\n"
        "\n"
        "support (Support): 2 gaps, 79.00 h\n"
        "  start                     end                       hours\n"
        "  Fri 2026-03-06 17:00 EST  Mon 2026-03-09 09:00 EDT  63.00\n"
        "  Mon 2026-03-09 17:00 EDT  Tue 2026-03-10 09:00 EDT  16.00\n"
    )


def test_every_schedule_by_default_in_id_order(repo: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(repo), "oncall", "gaps", "--from", "2026-03-02T00:00:00Z",
                 "--days", "1")
    assert result.out == (
        "Gaps from Mon 2026-03-02 00:00 UTC to Tue 2026-03-03 00:00 UTC (1 day, times in UTC)\n"
        "\n"
        "identity-primary (Identity primary): no gaps\n"
        "\n"
        "support (Support): 2 gaps, 16.00 h\n"
        "  start                     end                       hours\n"
        "  Mon 2026-03-02 00:00 UTC  Mon 2026-03-02 14:00 UTC  14.00\n"
        "  Mon 2026-03-02 22:00 UTC  Tue 2026-03-03 00:00 UTC   2.00\n"
    )


def test_bad_days_and_unknown_schedule(run: Callable[..., Run]) -> None:
    zero = run("-C", BASE, "oncall", "gaps", "--days", "0")
    assert zero.status == 2
    assert "0 is not in the range 1<=x<=731" in zero.err
    unknown = run("-C", BASE, "oncall", "gaps", "--schedule", "nope")
    assert (unknown.status, unknown.err) == (
        2, "incidentkit: error: no schedule 'nope' (known: identity-primary)\n")
