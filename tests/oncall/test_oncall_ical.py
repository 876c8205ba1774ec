"""iCalendar feeds: they parse back to the shifts, and the same export gives the same bytes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from icalendar import Calendar

from incidentkit.model.schedule import Schedule
from incidentkit.oncall import ical
from incidentkit.schedule import final_shifts

FOLLOW_THE_SUN: dict[str, Any] = {
    "id": "platform-follow-the-sun",
    "name": "Platform follow-the-sun",
    "timezone": "UTC",
    "layers": [
        {"name": "backstop", "timezone": "UTC", "start": "2025-09-06T07:00",
         "rotation": {"every": "12h"}, "members": ["ivan", "dave", "grace", "lena"]},
        {"name": "emea", "timezone": "Europe/Berlin", "start": "2025-09-01T08:00",
         "rotation": "daily", "members": ["ivan", "lena"],
         "restrictions": [{"days": ["mon", "tue", "wed", "thu", "fri"], "from": "08:00",
                           "to": "16:00"}]},
        {"name": "americas", "timezone": "America/New_York", "start": "2025-09-01T10:00",
         "rotation": "daily", "members": ["dave", "sam"],
         "restrictions": [{"days": ["mon", "tue", "wed", "thu", "fri"], "from": "10:00",
                           "to": "19:00"}]},
    ],
    "overrides": [
        {"from": "2026-03-27T12:00:00Z", "to": "2026-03-31T12:00:00Z", "person": "hiro",
         "replaces": "lena"},
        {"from": "2026-04-02T00:00:00+09:00", "to": "2026-04-03T00:00:00+09:00",
         "person": "grace"},
    ],
}
SCHEDULE = Schedule.model_validate(FOLLOW_THE_SUN)
AT = datetime(2026, 3, 25, 13, 30, tzinfo=UTC)  # inside a shift: exported whole
END = AT + timedelta(days=14)


def _export(at: datetime = AT, end: datetime = END, person: str | None = None) -> bytes:
    entries = ical.entries([SCHEDULE], start=at, end=end, person=person)
    return ical.calendar(entries, name="On call: Platform follow-the-sun", stamp=at)


def _events(data: bytes) -> list[tuple[str, datetime, datetime, str, datetime]]:
    cal = Calendar.from_ical(data)
    return [
        (str(e["uid"]), e.decoded("dtstart"), e.decoded("dtend"), str(e["summary"]),
         e.decoded("dtstamp"))
        for e in cal.walk("VEVENT")
    ]


def test_the_feed_parses_back_to_the_same_shifts() -> None:
    data = _export()
    shifts = final_shifts(SCHEDULE, start=AT, end=END)
    events = _events(data)
    assert len(events) == len(shifts) > 30
    for (uid, start, end, summary, stamp), shift in zip(events, shifts, strict=True):
        assert summary == f"On call: Platform follow-the-sun ({shift.person})"
        assert uid == (f"platform-follow-the-sun/{shift.person}/"
                       f"{start:%Y%m%dT%H%M%SZ}@incidentkit")
        assert start.utcoffset() == end.utcoffset() == timedelta(0)
        assert stamp == AT
        # Clipped to the horizon, each event is exactly the engine's shift.
        assert (max(start, AT), min(end, END)) == (shift.start, shift.end)
    assert len({e[0] for e in events}) == len(events)
    # The first shift is under way at AT and is exported whole (it began before AT).
    assert events[0][1] < AT
    cal = Calendar.from_ical(data)
    assert (str(cal["prodid"]), str(cal["version"])) == (ical.PRODID, "2.0")


def test_a_second_export_is_byte_identical() -> None:
    first, second = _export(), _export()
    assert first == second
    assert first.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert first.endswith(b"END:VCALENDAR\r\n")
    assert b"\r\nDTSTART:20260325T070000Z\r\nDTEND:20260325T140000Z\r\n" in first


def test_uids_are_stable_as_the_horizon_moves() -> None:
    """A shift has the same UID in an export made a few hours later, so a subscribed
    calendar updates it rather than showing it twice."""
    today = {e[0]: e[1:3] for e in _events(_export())}
    later = AT + timedelta(hours=5)
    tomorrow = {e[0]: e[1:3] for e in _events(_export(later, later + timedelta(days=14)))}
    shared = set(today) & set(tomorrow)
    assert len(shared) >= len(today) - 6
    assert all(today[uid] == tomorrow[uid] for uid in shared if today[uid][1] < END)


def test_one_persons_feed() -> None:
    """Hiro is on call only where he covers lena (Friday noon to Tuesday noon UTC)."""
    events = _events(_export(person="hiro"))
    window = (datetime(2026, 3, 27, 12, tzinfo=UTC), datetime(2026, 3, 31, 12, tzinfo=UTC))
    assert events
    assert all(window[0] <= start < end <= window[1] for _, start, end, _, _ in events)
    assert all(summary.endswith("(hiro)") for _, _, _, summary, _ in events)
    everyone = _events(_export())
    assert [e for e in everyone if e[3].endswith("(hiro)")] == events
