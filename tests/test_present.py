"""How times and durations are shown (incidentkit.present), the same for every engine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from incidentkit.present import duration, local_minute, utc_minute

BERLIN = ZoneInfo("Europe/Berlin")


def test_times() -> None:
    moment = datetime(2026, 1, 15, 15, 30, 59, tzinfo=BERLIN)
    assert utc_minute(moment) == "2026-01-15 14:30 UTC"
    assert local_minute(moment.astimezone(UTC), BERLIN) == "Thu 2026-01-15 15:30 CET"


@pytest.mark.parametrize(("delta", "minutes", "seconds", "two"), [
    (timedelta(0), "0m", "0s", "0s"),
    (timedelta(seconds=59), "0m", "59s", "59s"),
    (timedelta(seconds=-5), "0m", "0s", "0s"),
    (timedelta(minutes=90), "1h 30m", "1h 30m", "1h 30m"),
    (timedelta(days=2, minutes=5), "2d 5m", "2d 5m", "2d"),
    (timedelta(days=1, hours=3, minutes=2, seconds=7), "1d 3h 2m", "1d 3h 2m 7s", "1d 3h"),
])
def test_durations(delta: timedelta, minutes: str, seconds: str, two: str) -> None:
    assert duration(delta) == minutes
    assert duration(delta, smallest="s") == seconds
    assert duration(delta, smallest="s", most=2) == two
