"""Shared constrained types of the file formats (SPEC §2).

Validators raise ``ValueError`` with a message that says what to write instead; the checks turn
those into findings at the value's line and column.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

#: Every model of a file: unknown keys are errors, values are immutable.
STRICT = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)

_HANDLE = r"^[a-z0-9][a-z0-9._-]{0,62}$"
_SLUG = r"^[a-z0-9][a-z0-9-]{0,99}$"
#: ``YYYY-MM-DD-slug``: the day an incident started, then a short slug.
INCIDENT_ID_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-([a-z0-9][a-z0-9-]{0,79})$")

Handle = Annotated[str, StringConstraints(pattern=_HANDLE)]
Slug = Annotated[str, StringConstraints(pattern=_SLUG)]
NonEmptyStr = Annotated[str, StringConstraints(min_length=1)]


def _require_text(value: Any) -> Any:
    """Dates are written as text; YAML numbers are not dates."""
    if isinstance(value, str | date):
        return value
    raise PydanticCustomError("not_text_time", "expected a date YYYY-MM-DD written as text")


_RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:\d{2})$"
)
_NAIVE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")


def _timestamp(value: Any) -> datetime:
    """RFC 3339 with an offset, from text only (a YAML number is not a time).

    Seconds may be left out (``2026-01-15T14:00Z``); the offset may not.

    One plain validator (no pydantic round trip): it runs for every timestamp of every file.
    """
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise PydanticCustomError(
                "naive_timestamp", "timestamp has no offset: add one, e.g. Z or +01:00"
            )
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(
            "not_text_time", "expected an RFC 3339 timestamp such as 2026-01-15T14:00:00Z"
        )
    if _RFC3339.match(value):
        try:
            return datetime.fromisoformat(value.replace("z", "Z"))
        except ValueError as exc:
            raise PydanticCustomError(
                "timestamp", "{value!r} is not a valid time: {e}", {"value": value, "e": str(exc)}
            ) from None
    if _NAIVE_RE.match(value):
        raise PydanticCustomError(
            "naive_timestamp",
            "timestamp '{value}' has no offset: add one, e.g. {value}Z or {value}+01:00",
            {"value": value},
        )
    raise PydanticCustomError(
        "timestamp",
        "'{value}' is not an RFC 3339 timestamp: write e.g. 2026-01-15T14:00:00Z",
        {"value": value},
    )


def parse_timestamp(text: str) -> datetime:
    """An RFC 3339 timestamp with an offset, for command-line options; ``ValueError`` with
    the same message ``validate`` gives otherwise."""
    try:
        return _timestamp(text.strip())
    except PydanticCustomError as exc:
        raise ValueError(exc.message()) from None


#: An RFC 3339 timestamp with an offset (``2026-01-15T14:15:00Z``).
Timestamp = Annotated[
    datetime,
    PlainValidator(_timestamp, json_schema_input_type=str),
    PlainSerializer(lambda d: d.isoformat().replace("+00:00", "Z"), return_type=str,
                    when_used="json"),
    WithJsonSchema({
        "type": "string",
        "format": "date-time",
        "pattern": r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$",
    }),
]


def _date_only(value: Any) -> Any:
    if isinstance(value, datetime):
        raise PydanticCustomError("date_type", "expected a date YYYY-MM-DD, not a timestamp")
    return _require_text(value)


Day = Annotated[date, BeforeValidator(_date_only)]

_LOCAL_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})$")


def _local(value: Any) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise PydanticCustomError(
                "local_time", "expected a local wall-clock time without offset, YYYY-MM-DDTHH:MM"
            )
        return value
    if not isinstance(value, str) or not _LOCAL_RE.match(value):
        raise PydanticCustomError(
            "local_time",
            "expected a local wall-clock time YYYY-MM-DDTHH:MM (no offset: the time zone "
            "of the schedule applies)",
        )
    try:
        return datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError as exc:
        raise PydanticCustomError(
            "local_time", "not a valid date and time: {e}", {"e": str(exc)}
        ) from None


#: A local wall-clock time of a schedule (``2026-01-05T10:00``); naive on purpose.
LocalDateTime = Annotated[
    datetime,
    BeforeValidator(_local, json_schema_input_type=str),
    PlainSerializer(lambda d: d.strftime("%Y-%m-%dT%H:%M"), return_type=str),
]

_CLOCK_RE = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")


def _clock(value: Any) -> str:
    if not isinstance(value, str) or not _CLOCK_RE.match(value) or (
        value.startswith("24") and value != "24:00"
    ):
        raise PydanticCustomError("clock", "expected a time of day HH:MM between 00:00 and 24:00")
    return value


#: A time of day ``HH:MM`` (``24:00`` is the end of the day).
Clock = Annotated[str, BeforeValidator(_clock, json_schema_input_type=str)]

_DURATION_RE = re.compile(r"^(\d+)(s|m|h|d|w)$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str) -> timedelta:
    """``30s``, ``15m``, ``4h``, ``2d``, ``1w`` → a ``timedelta``; ``ValueError`` otherwise."""
    match = _DURATION_RE.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a duration: write e.g. 30s, 15m, 4h, 2d or 1w")
    return timedelta(seconds=int(match.group(1)) * _UNIT[match.group(2)])


def format_duration(delta: timedelta) -> str:
    """The shortest exact spelling of a duration (``90m`` → ``90m``, ``120m`` → ``2h``)."""
    seconds = int(delta.total_seconds())
    if seconds == 0:
        return "0m"
    for unit in ("w", "d", "h", "m"):
        if seconds and seconds % _UNIT[unit] == 0:
            return f"{seconds // _UNIT[unit]}{unit}"
    return f"{seconds}s"


def _duration(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(
            "duration", "expected a duration such as 30s, 15m, 4h, 2d or 1w (a number needs a unit)"
        )
    try:
        return parse_duration(value)
    except ValueError as exc:
        raise PydanticCustomError("duration", str(exc)) from None


Duration = Annotated[
    timedelta,
    BeforeValidator(_duration, json_schema_input_type=str),
    PlainSerializer(format_duration, return_type=str),
]


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise PydanticCustomError(
            "unknown_timezone",
            "unknown time zone '{value}': use an IANA name such as Europe/Berlin or UTC",
            {"value": value},
        ) from None
    return value


#: An IANA time zone name.
TimeZoneName = Annotated[str, AfterValidator(_timezone)]
