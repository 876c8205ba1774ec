"""Timestamps, dates, local wall-clock times and clock times of the file formats (SPEC §2).

One parser per kind, shared by files and command-line options. The range is 1970-01-01T00:00:00Z
to 2999-12-31T23:59:59Z (timestamps compared in UTC after their offset, dates and local times
by their calendar day); offsets run from -23:59 to +23:59; digits are ASCII. Within that range
every engine can add the longest duration (3650d) and convert between zones without leaving
what Python's dates hold.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from incidentkit.model.text import shorten

#: The earliest and latest instants a file or an option may name (inclusive, UTC).
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(2999, 12, 31)
TIME_RANGE = "1970-01-01T00:00:00Z to 2999-12-31T23:59:59Z"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("out_of_range", message)


def _check_date(year: int, month: int, day: int) -> date:
    """The date, or an error naming the part that does not exist or leaves the range."""
    if not 1 <= month <= 12:
        raise _fail(f"month {month:02d} does not exist: write a month from 01 to 12")
    last = calendar.monthrange(year, month)[1] if 1 <= year else 31
    if not 1 <= day <= last:
        name = _MONTHS[month - 1]
        raise _fail(
            f"day {day:02d} does not exist in {name} {year:04d}: write a day from 01 to {last}"
        )
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise _fail(
            "the date is outside the supported range 1970-01-01 to 2999-12-31: write a date "
            "in that range"
        )
    return date(year, month, day)


def _check_clock(hour: int, minute: int, second: int = 0) -> None:
    if hour == 24:
        raise _fail("24:00 is not a time of day here: write 00:00 of the next day")
    if hour > 23:
        raise _fail(f"hour {hour:02d} does not exist: write an hour from 00 to 23")
    if minute > 59:
        raise _fail(f"minute {minute:02d} does not exist: write a minute from 00 to 59")
    if second == 60:
        raise _fail("second 60 (a leap second) is not supported: write 59 instead")
    if second > 59:
        raise _fail(f"second {second:02d} does not exist: write a second from 00 to 59")


def _require_text(value: Any) -> Any:
    """Dates are written as text; YAML numbers are not dates."""
    if isinstance(value, str | date):
        return value
    raise PydanticCustomError("not_text_time", "expected a date YYYY-MM-DD written as text")


_RFC3339 = re.compile(
    r"^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})"
    r"(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?([Zz]|([+-])([0-9]{2}):([0-9]{2}))$",
    re.ASCII,
)
_NAIVE_RE = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?$", re.ASCII
)
_OUTSIDE = (
    f"the time is outside the supported range {TIME_RANGE} (compared in UTC): write a time "
    "in that range"
)


def _in_range(moment: datetime) -> datetime:
    """``moment`` (aware) when it lies within the range; computed without leaving it."""
    if not FIRST_DAY.year <= moment.year <= LAST_DAY.year:
        raise _fail(_OUTSIDE)
    offset = moment.utcoffset()
    assert offset is not None
    utc = moment.replace(tzinfo=None) - offset
    if not EARLIEST.replace(tzinfo=None) <= utc <= LATEST.replace(tzinfo=None):
        raise _fail(_OUTSIDE)
    return moment


def _from_text(match: re.Match[str]) -> datetime:
    year, month, day, hour, minute = (int(match.group(i)) for i in range(1, 6))
    second = int(match.group(6) or 0)
    fraction = match.group(7) or ""
    _check_clock(hour, minute, second)
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise _fail(_OUTSIDE)
    day_value = _check_date(year, month, day)
    zone: timezone = UTC
    if match.group(9):
        hours, minutes = int(match.group(10)), int(match.group(11))
        if hours > 23 or minutes > 59:
            raise _fail(
                f"offset {match.group(8)} is out of range: write an offset from -23:59 to +23:59"
            )
        delta = timedelta(hours=hours, minutes=minutes)
        zone = timezone(-delta if match.group(9) == "-" else delta)
    microsecond = int((fraction + "000000")[:6])
    return datetime(day_value.year, day_value.month, day_value.day, hour, minute, second,
                    microsecond, tzinfo=zone)


def _timestamp(value: Any) -> datetime:
    """RFC 3339 with an offset, from text only (a YAML number is not a time), in the range.

    Seconds may be left out (``2026-01-15T14:00Z``); the offset may not.

    One plain validator (no pydantic round trip): it runs for every timestamp of every file.
    """
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise PydanticCustomError(
                "naive_timestamp", "timestamp has no offset: add one, e.g. Z or +01:00"
            )
        return _in_range(value)
    if not isinstance(value, str):
        raise PydanticCustomError(
            "not_text_time", "expected an RFC 3339 timestamp such as 2026-01-15T14:00:00Z"
        )
    match = _RFC3339.match(value)
    if match:
        return _in_range(_from_text(match))
    if _NAIVE_RE.match(value):
        raise PydanticCustomError(
            "naive_timestamp",
            "timestamp '{value}' has no offset: add one, e.g. {value}Z or {value}+01:00",
            {"value": value},
        )
    raise PydanticCustomError(
        "timestamp", "not an RFC 3339 timestamp: write e.g. 2026-01-15T14:00:00Z"
    )


def _about(text: str, message: str) -> str:
    """A model message about an option's value, naming the value first."""
    joint = " is " if message.startswith("not ") else ": "
    return f"{shorten(text)!r}{joint}{message}"


def parse_timestamp(text: str) -> datetime:
    """An RFC 3339 timestamp with an offset, for command-line options; ``ValueError`` with
    the value and the same advice ``validate`` gives otherwise."""
    text = text.strip()
    try:
        return _timestamp(text)
    except PydanticCustomError as exc:
        if exc.type == "naive_timestamp":
            raise ValueError(exc.message()) from None
        raise ValueError(_about(text, exc.message())) from None


#: An RFC 3339 timestamp with an offset (``2026-01-15T14:15:00Z``).
Timestamp = Annotated[
    datetime,
    PlainValidator(_timestamp, json_schema_input_type=str),
    PlainSerializer(lambda d: d.isoformat().replace("+00:00", "Z"), return_type=str,
                    when_used="json"),
    WithJsonSchema({
        "type": "string",
        "format": "date-time",
        "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?"
                   r"([Zz]|[+-][0-9]{2}:[0-9]{2})$",
    }),
]

_DATE_RE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$", re.ASCII)


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        raise PydanticCustomError("date_type", "expected a date YYYY-MM-DD, not a timestamp")
    if isinstance(value, date):
        return _check_date(value.year, value.month, value.day)
    _require_text(value)
    match = _DATE_RE.match(value)
    if not match:
        raise PydanticCustomError("date_type", "not a date: write YYYY-MM-DD, e.g. 2026-01-15")
    return _check_date(*(int(part) for part in match.groups()))


def parse_date(text: str) -> date:
    """A date ``YYYY-MM-DD`` in the range, for command-line options; ``ValueError`` otherwise."""
    text = text.strip()
    try:
        return _day(text)
    except PydanticCustomError as exc:
        raise ValueError(_about(text, exc.message())) from None


#: A calendar date ``YYYY-MM-DD`` between 1970-01-01 and 2999-12-31.
Day = Annotated[
    date,
    PlainValidator(_day, json_schema_input_type=str),
    PlainSerializer(lambda d: d.isoformat(), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date"}),
]

_LOCAL_RE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})$", re.ASCII)


def _local(value: Any) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise PydanticCustomError(
                "local_time", "expected a local wall-clock time without offset, YYYY-MM-DDTHH:MM"
            )
        _check_date(value.year, value.month, value.day)
        return value
    match = _LOCAL_RE.match(value) if isinstance(value, str) else None
    if not match:
        raise PydanticCustomError(
            "local_time",
            "expected a local wall-clock time YYYY-MM-DDTHH:MM (no offset: the time zone "
            "of the schedule applies)",
        )
    year, month, day, hour, minute = (int(part) for part in match.groups())
    _check_clock(hour, minute)
    return datetime.combine(_check_date(year, month, day), datetime.min.time()).replace(
        hour=hour, minute=minute)


#: A local wall-clock time of a schedule (``2026-01-05T10:00``); naive on purpose.
LocalDateTime = Annotated[
    datetime,
    BeforeValidator(_local, json_schema_input_type=str),
    PlainSerializer(lambda d: d.strftime("%Y-%m-%dT%H:%M"), return_type=str),
]

_CLOCK_RE = re.compile(r"^([01][0-9]|2[0-4]):([0-5][0-9])$", re.ASCII)


def _clock(value: Any) -> str:
    if not isinstance(value, str) or not _CLOCK_RE.match(value) or (
        value.startswith("24") and value != "24:00"
    ):
        raise PydanticCustomError("clock", "expected a time of day HH:MM between 00:00 and 24:00")
    return value


#: A time of day ``HH:MM`` (``24:00`` is the end of the day).
Clock = Annotated[str, BeforeValidator(_clock, json_schema_input_type=str)]


def end_of_day(day: date) -> datetime:
    """A date is due by the end of that day (UTC): the one rule for ``due`` dates."""
    return datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
