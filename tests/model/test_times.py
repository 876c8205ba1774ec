"""Timestamps, dates, local times and clock times: one parser each, exact messages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from pydantic import TypeAdapter, ValidationError

from incidentkit.model.times import (
    Clock,
    Day,
    LocalDateTime,
    Timestamp,
    end_of_day,
    parse_date,
    parse_timestamp,
)

OUTSIDE = ("the time is outside the supported range 1970-01-01T00:00:00Z to "
           "2999-12-31T23:59:59Z (compared in UTC): write a time in that range")


@pytest.mark.parametrize(("text", "value"), [
    ("2026-01-15T14:00:00Z", datetime(2026, 1, 15, 14, tzinfo=UTC)),
    (" 2026-01-15 14:00+01:00 ", datetime(2026, 1, 15, 14, tzinfo=timezone(timedelta(hours=1)))),
    ("2026-01-15t14:00:00.1234567-05:30",
     datetime(2026, 1, 15, 14, 0, 0, 123456, tzinfo=timezone(-timedelta(hours=5, minutes=30)))),
    ("1970-01-01T00:00:00Z", datetime(1970, 1, 1, tzinfo=UTC)),
    ("2999-12-31T23:59:59Z", datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC)),
])
def test_timestamps(text: str, value: datetime) -> None:
    got = parse_timestamp(text)
    assert got == value
    assert got.utcoffset() == value.utcoffset()


@pytest.mark.parametrize(("text", "message"), [
    ("2026-01-15T14:00:00", "timestamp '2026-01-15T14:00:00' has no offset: add one, e.g. "
     "2026-01-15T14:00:00Z or 2026-01-15T14:00:00+01:00"),
    ("2026-02-30T00:00Z", "'2026-02-30T00:00Z': day 30 does not exist in February 2026: write "
     "a day from 01 to 28"),
    ("2026-13-01T00:00Z", "'2026-13-01T00:00Z': month 13 does not exist: write a month from 01 "
     "to 12"),
    ("2026-01-15T24:00Z", "'2026-01-15T24:00Z': 24:00 is not a time of day here: write 00:00 "
     "of the next day"),
    ("2026-01-15T23:60Z", "'2026-01-15T23:60Z': minute 60 does not exist: write a minute from "
     "00 to 59"),
    ("2026-01-15T23:59:60Z", "'2026-01-15T23:59:60Z': second 60 (a leap second) is not "
     "supported: write 59 instead"),
    ("2026-01-15T14:00+24:00", "'2026-01-15T14:00+24:00': offset +24:00 is out of range: "
     "write an offset from -23:59 to +23:59"),
    ("1969-12-31T23:59:59Z", f"'1969-12-31T23:59:59Z': {OUTSIDE}"),
    # In range by its calendar day, out of range once in UTC.
    ("1970-01-01T00:30:00+01:00", f"'1970-01-01T00:30:00+01:00': {OUTSIDE}"),
    ("2999-12-31T23:59:59-00:01", f"'2999-12-31T23:59:59-00:01': {OUTSIDE}"),
    ("3000-01-01T00:00Z", f"'3000-01-01T00:00Z': {OUTSIDE}"),
    ("yesterday", "'yesterday' is not an RFC 3339 timestamp: write e.g. 2026-01-15T14:00:00Z"),
    ("２０２６-01-15T14:00Z", "'２０２６-01-15T14:00Z' is not an RFC 3339 timestamp: write e.g. "
     "2026-01-15T14:00:00Z"),
    ("x" * 100, f"'{'x' * 79}…' is not an RFC 3339 timestamp: write e.g. 2026-01-15T14:00:00Z"),
])
def test_bad_timestamps(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_timestamp(text)
    assert str(caught.value) == message


def test_dates() -> None:
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    assert parse_date(" 2026-01-15\n") == date(2026, 1, 15)
    for text, message in [
        ("2026-02-29", "'2026-02-29': day 29 does not exist in February 2026: write a day from "
         "01 to 28"),
        ("1969-12-31", "'1969-12-31': the date is outside the supported range 1970-01-01 to "
         "2999-12-31: write a date in that range"),
        ("2026-1-5", "'2026-1-5' is not a date: write YYYY-MM-DD, e.g. 2026-01-15"),
    ]:
        with pytest.raises(ValueError) as caught:
            parse_date(text)
        assert str(caught.value) == message


def _error(adapter: TypeAdapter[object], value: object) -> tuple[str, str]:
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python(value)
    (error,) = caught.value.errors()
    return error["type"], error["msg"]


def test_the_annotated_types_in_files() -> None:
    day: TypeAdapter[object] = TypeAdapter(Day)
    stamp: TypeAdapter[object] = TypeAdapter(Timestamp)
    local: TypeAdapter[object] = TypeAdapter(LocalDateTime)
    clock: TypeAdapter[object] = TypeAdapter(Clock)
    assert _error(day, 20260115) == ("not_text_time", "expected a date YYYY-MM-DD written as text")
    assert _error(day, datetime(2026, 1, 15, tzinfo=UTC)) == (
        "date_type", "expected a date YYYY-MM-DD, not a timestamp")
    assert day.validate_python(date(2026, 1, 15)) == date(2026, 1, 15)
    assert _error(stamp, 1700000000) == (
        "not_text_time", "expected an RFC 3339 timestamp such as 2026-01-15T14:00:00Z")
    assert _error(stamp, datetime(2026, 1, 15)) == (  # noqa: DTZ001
        "naive_timestamp", "timestamp has no offset: add one, e.g. Z or +01:00")
    assert stamp.dump_json(datetime(2026, 1, 1, tzinfo=UTC)) == b'"2026-01-01T00:00:00Z"'
    assert day.dump_json(date(2026, 1, 2)) == b'"2026-01-02"'
    assert local.validate_python("2026-01-05 10:00") == datetime(2026, 1, 5, 10)  # noqa: DTZ001
    assert local.dump_python(datetime(2026, 1, 5, 10)) == "2026-01-05T10:00"  # noqa: DTZ001
    assert _error(local, "2026-01-05T10:00Z") == (
        "local_time", "expected a local wall-clock time YYYY-MM-DDTHH:MM (no offset: the time "
        "zone of the schedule applies)")
    assert _error(local, "2026-01-05T25:00") == (
        "out_of_range", "hour 25 does not exist: write an hour from 00 to 23")
    assert _error(local, datetime(2026, 1, 5, tzinfo=UTC))[0] == "local_time"
    assert [clock.validate_python(v) for v in ("00:00", "24:00")] == ["00:00", "24:00"]
    for bad in ("24:01", "9:00", 900):
        assert _error(clock, bad) == (
            "clock", "expected a time of day HH:MM between 00:00 and 24:00")


def test_a_due_date_ends_at_midnight_utc() -> None:
    assert end_of_day(date(2026, 1, 20)) == datetime(2026, 1, 21, tzinfo=UTC)
    assert end_of_day(date(2026, 12, 31)) == datetime(2027, 1, 1, tzinfo=UTC)
