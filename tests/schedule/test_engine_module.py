"""The engine module itself: what the package exports, the widest search of ``on_call_at``,
and the shifts of the base corpus's schedule (layer, override, gaps) as one table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from incidentkit import schedule
from incidentkit.model.schedule import Schedule
from incidentkit.schedule import engine
from incidentkit.schedule.shifts import OVERRIDE, Shift
from tests.conftest import EXAMPLES
from tests.repos import opened


def _utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_the_package_exports_the_engine() -> None:
    assert (schedule.final_shifts, schedule.gaps, schedule.layer_shifts, schedule.on_call_at) == (
        engine.final_shifts, engine.gaps, engine.layer_shifts, engine.on_call_at)


def test_a_shift_longer_than_the_widest_search_is_clipped_to_it() -> None:
    forever = Schedule.model_validate({
        "id": "s", "name": "S", "timezone": "UTC",
        "layers": [{"name": "solo", "start": "2000-01-03T00:00", "rotation": "weekly",
                    "members": ["alice"]}]})
    at = _utc(2026, 6, 1)
    reach = timedelta(days=2048)
    assert engine.on_call_at(forever, at) == Shift("alice", at - reach, at + reach, "solo")


def test_the_base_schedule_around_its_override() -> None:
    model = opened(EXAMPLES / "base").schedules["identity-primary"].model
    start, end = _utc(2026, 1, 26, 9), _utc(2026, 2, 10)
    assert engine.final_shifts(model, start=start, end=end) == [
        Shift("jane", start, _utc(2026, 2, 2, 9), "weekly"),
        Shift("carol", _utc(2026, 2, 2, 9), _utc(2026, 2, 3, 9), OVERRIDE),
        Shift("bob", _utc(2026, 2, 3, 9), _utc(2026, 2, 9, 9), "weekly"),
        Shift("carol", _utc(2026, 2, 9, 9), end, "weekly"),
    ]
    # The layer on its own knows nothing of the override.
    assert [s.person for s in engine.layer_shifts(model, 0, start=start, end=end)] == [
        "jane", "bob", "carol"]
    assert engine.gaps(model, start=start, end=end) == []
    assert engine.gaps(model, start=_utc(2026, 1, 1), end=_utc(2026, 1, 6)) == [
        (_utc(2026, 1, 1), _utc(2026, 1, 5, 9))]
    assert engine.on_call_at(model, _utc(2026, 2, 2, 9)) == Shift(
        "carol", _utc(2026, 2, 2, 9), _utc(2026, 2, 3, 9), OVERRIDE)
    assert engine.on_call_at(model, _utc(2026, 1, 5, 8, 59)) is None
