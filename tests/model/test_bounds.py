"""The documented bounds of the shared value types (model/types.py), at and just past each edge."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import TypeAdapter, ValidationError

from incidentkit.model.incident import Impact
from incidentkit.model.types import (
    INCIDENT_ID_RE,
    Day,
    LocalDateTime,
    NonEmptyStr,
    RotationLength,
    TimeZoneName,
    parse_date,
    parse_duration,
    parse_timestamp,
    timezone_problem,
)

OUTSIDE = ("the time is outside the supported range 1970-01-01T00:00:00Z to "
           "2999-12-31T23:59:59Z (compared in UTC): write a time in that range")


@pytest.mark.parametrize(("text", "utc"), [
    ("1970-01-01T00:00:00Z", datetime(1970, 1, 1, tzinfo=UTC)),
    ("1970-01-01T14:00:00+14:00", datetime(1970, 1, 1, tzinfo=UTC)),
    ("2999-12-31T23:59:59.999999Z", datetime(2999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
    ("2999-12-31T11:59:59-12:00", datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC)),
    ("2026-01-15 14:00z", datetime(2026, 1, 15, 14, tzinfo=UTC)),
    ("2026-01-15T14:00:00.123456789+23:59", datetime(2026, 1, 14, 14, 1, 0, 123456,
                                                     tzinfo=UTC)),
])
def test_timestamps_at_the_edges_are_accepted(text: str, utc: datetime) -> None:
    assert parse_timestamp(text) == utc


@pytest.mark.parametrize(("text", "message"), [
    ("1969-12-31T23:59:59.999999Z", OUTSIDE),
    ("1970-01-01T13:59:59+14:00", OUTSIDE),
    ("3000-01-01T00:00:00Z", OUTSIDE),
    ("2999-12-31T12:00:00-12:00", OUTSIDE),
    ("0001-01-01T00:00:00+14:00", OUTSIDE),
    ("9999-12-31T23:00:00-12:00", OUTSIDE),
    ("2026-01-15T24:00:00Z", "24:00 is not a time of day here: write 00:00 of the next day"),
    ("2026-01-15T23:59:60Z", "second 60 (a leap second) is not supported: write 59 instead"),
    ("2026-02-30T10:00:00Z",
     "day 30 does not exist in February 2026: write a day from 01 to 28"),
    ("2028-02-30T10:00:00Z",
     "day 30 does not exist in February 2028: write a day from 01 to 29"),
    ("2026-13-01T10:00:00Z", "month 13 does not exist: write a month from 01 to 12"),
    ("2026-01-15T10:60:00Z", "minute 60 does not exist: write a minute from 00 to 59"),
    ("2026-01-15T10:00:00+24:00",
     "offset +24:00 is out of range: write an offset from -23:59 to +23:59"),
    ("2026-01-15T10:00:00-00:60",
     "offset -00:60 is out of range: write an offset from -23:59 to +23:59"),
])
def test_timestamps_past_the_edges_say_what_to_write(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_timestamp(text)
    assert str(caught.value) == f"{text!r}: {message}"


def test_non_ascii_digits_are_not_digits() -> None:
    for text in ("２０２６-01-15T10:00:00Z", "2026-01-15T1٠:00:00Z"):
        with pytest.raises(ValueError) as caught:
            parse_timestamp(text)
        assert str(caught.value) == (
            f"{text!r} is not an RFC 3339 timestamp: write e.g. 2026-01-15T14:00:00Z")
    assert INCIDENT_ID_RE.match("２０２６-11-21-db") is None
    assert INCIDENT_ID_RE.match("2026-11-21-db") is not None
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration("١h")


def test_dates_and_local_times() -> None:
    day = TypeAdapter(Day)
    assert day.validate_python("1970-01-01") == date(1970, 1, 1)
    assert day.validate_python("2999-12-31") == date(2999, 12, 31)
    assert day.dump_python(date(2026, 1, 5), mode="json") == "2026-01-05"
    with pytest.raises(ValueError) as caught:
        parse_date("1969-12-31")
    assert str(caught.value) == ("'1969-12-31': the date is outside the supported range "
                                 "1970-01-01 to 2999-12-31: write a date in that range")
    local = TypeAdapter(LocalDateTime)
    assert local.validate_python("2999-12-31T23:59") == datetime(2999, 12, 31, 23, 59)  # noqa: DTZ001
    for text in ("3000-01-01T00:00", "9999-01-05T10:00", "2026-01-05T24:00"):
        with pytest.raises(ValidationError):
            local.validate_python(text)


def test_durations() -> None:
    assert parse_duration("3650d") == timedelta(days=3650)
    assert parse_duration("0003650d") == timedelta(days=3650)
    for text in ("3651d", "522w", "99999999999999999999999999999d", "9" * 5000 + "s"):
        with pytest.raises(ValueError) as caught:
            parse_duration(text)
        assert str(caught.value) == "longer than the maximum 3650d: write a shorter duration"
    rotation = TypeAdapter(RotationLength)
    assert rotation.validate_python("1h") == timedelta(hours=1)
    assert rotation.validate_python("60m") == timedelta(hours=1)
    assert rotation.validate_python("365d") == timedelta(days=365)
    for text, message in (
        ("59m", "a rotation shorter than 1h is not supported: use 1h or longer, such as 12h, "
                "or daily or weekly"),
        ("3599s", "a rotation shorter than 1h is not supported: use 1h or longer, such as "
                  "12h, or daily or weekly"),
        ("366d", "longer than the maximum 365d: write a shorter duration"),
    ):
        with pytest.raises(ValidationError) as caught:
            rotation.validate_python(text)
        assert caught.value.errors()[0]["msg"] == message


def test_time_zones() -> None:
    zone = TypeAdapter(TimeZoneName)
    for name in ("UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+5"):
        assert zone.validate_python(name) == name
        assert timezone_problem(name) is None
    assert timezone_problem("America") == (
        "unknown time zone 'America': use an IANA name such as Europe/Berlin or UTC "
        "(did you mean America/Nuuk?)")
    assert timezone_problem("Europe/Berln") == (
        "unknown time zone 'Europe/Berln': use an IANA name such as Europe/Berlin or UTC "
        "(did you mean Europe/Berlin?)")
    for name in ("x" * 256, "Europe/Zürich", "../../etc/localtime", "", "Europe/"):
        problem = timezone_problem(name)
        assert problem is not None
        assert problem.startswith("unknown time zone ")


def test_booleans_and_visible_text() -> None:
    impact = {"summary": "Slow"}
    assert Impact.model_validate({**impact, "customer_facing": False}).customer_facing is False
    for value in ("yes", "on", 1, "true", "True", None):
        with pytest.raises(ValidationError) as caught:
            Impact.model_validate({**impact, "customer_facing": value})
        assert caught.value.errors()[0]["msg"] == (
            "write true or false (yes, no, on, off, 1 and quoted text are not booleans here)")
    text = TypeAdapter(NonEmptyStr)
    assert text.validate_python(" a ") == " a "
    for value in ("", "   ", "\t\n", "\u3000"):
        with pytest.raises(ValidationError) as caught:
            text.validate_python(value)
        assert caught.value.errors()[0]["msg"] == (
            "it has no visible text: write some words")
