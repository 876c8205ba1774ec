"""Shared constrained types of the file formats (SPEC §2).

Validators raise ``PydanticCustomError`` with a message that says what to write instead; the
checks turn those into findings at the value's line and column. Command-line options share the
same parsers (:func:`parse_timestamp`, :func:`parse_date`, :func:`parse_duration`,
:func:`timezone_problem`), so a file and an option accept exactly the same values.

Bounds (so that no computation on valid data can leave what Python's dates can hold):

* timestamps: from ``1970-01-01T00:00:00Z`` to ``2999-12-31T23:59:59Z`` (compared in UTC, after
  the offset is applied); offsets from ``-23:59`` to ``+23:59``; no leap second, no ``24:00``;
* dates and local wall-clock times: from 1970-01-01 to 2999-12-31;
* durations: at most 3650d (ten years); rotation lengths (``every:``) from 1h to 365d;
* time zones: the names of the IANA database (``zoneinfo.available_timezones()``) and ``UTC``;
* digits are ASCII ``0-9`` only, identifiers ASCII.

Times live in :mod:`incidentkit.model.times` and are re-exported here.
"""

from __future__ import annotations

import difflib
import re
from datetime import timedelta
from functools import cache
from typing import Annotated, Any
from zoneinfo import ZoneInfo, available_timezones

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

from incidentkit.model.text import shorten
from incidentkit.model.times import (
    EARLIEST,
    FIRST_DAY,
    LAST_DAY,
    LATEST,
    TIME_RANGE,
    Clock,
    Day,
    LocalDateTime,
    Timestamp,
    _clock,
    _local,
    parse_date,
    parse_timestamp,
)

__all__ = [
    "ACTION_ITEM_ID_PATTERN", "EARLIEST", "FIELD_NAME_PATTERN", "HANDLE_PATTERN",
    "EMAIL_PATTERN", "FIRST_DAY", "GITHUB_LOGIN_PATTERN",
    "BASE_URL_PATTERN", "ENV_NAME_PATTERN", "HOST_PATTERN", "REPO_PATH_PATTERN",
    "INCIDENT_ID_PATTERN", "INCIDENT_ID_RE", "NOTIFY_PATTERN", "PATTERN_NAMES", "TAG_PATTERN",
    "URL_PATTERN", "LAST_DAY", "LATEST",
    "LONGEST", "LONGEST_ROTATION", "SHORTEST_ROTATION", "STRICT", "TIME_RANGE", "Clock", "Day",
    "Duration", "Handle", "LocalDateTime", "NonEmptyStr", "RotationLength", "Slug", "StrictBool",
    "TimeZoneName", "Timestamp", "_clock", "_duration", "_local", "format_duration",
    "parse_date", "parse_duration", "parse_timestamp", "shorten", "timezone_problem", "zone",
]

#: Every model of a file: unknown keys are errors, values are immutable.
STRICT = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)

# The text patterns of the models: each defined once, here, with the words a finding uses for
# it (PATTERN_NAMES); the models, the JSON Schemas and the messages all derive from these.
_HANDLE = r"^[a-z0-9][a-z0-9._-]{0,62}$"
_SLUG = r"^[a-z0-9][a-z0-9-]{0,99}$"
#: A person's handle in ``oncall/people.yaml``.
HANDLE_PATTERN = _HANDLE
#: The name of a custom field (``fields:`` of ``incidentkit.yaml``).
FIELD_NAME_PATTERN = r"^[a-z][a-z0-9_]{0,62}$"
#: ``YYYY-MM-DD-slug``: the day an incident started, then a short slug (ASCII digits only).
INCIDENT_ID_PATTERN = r"^([0-9]{4})-([0-9]{2})-([0-9]{2})-([a-z0-9][a-z0-9-]{0,79})$"
#: The one definition of an incident id (the JSON Schemas export INCIDENT_ID_PATTERN).
INCIDENT_ID_RE = re.compile(INCIDENT_ID_PATTERN, re.ASCII)
URL_PATTERN = r"^https?://\S+$"
NOTIFY_PATTERN = r"^(schedule|person):[a-z0-9][a-z0-9._-]*$"
TAG_PATTERN = r"^[a-z0-9][a-z0-9._/-]*$"
ACTION_ITEM_ID_PATTERN = r"^[A-Za-z][A-Za-z0-9]*-[0-9]{1,9}$"
GITHUB_LOGIN_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
#: The name of an environment variable that holds a secret (``SLACK_WEBHOOK_URL``).
ENV_NAME_PATTERN = r"^[A-Z_][A-Z0-9_]{0,127}$"
#: A base address that is not secret (``https://slack.com/api/``): no credentials, no query.
BASE_URL_PATTERN = r"^https?://[A-Za-z0-9.\-\[\]:]+(/[A-Za-z0-9._~/%\-]*)?$"
HOST_PATTERN = r"^[A-Za-z0-9.\-\[\]:]{1,253}$"
#: A path inside the repository (``.incidentkit/notify-ledger.json``): no ``..`` folder.
REPO_PATH_PATTERN = (r"^\.?[A-Za-z0-9_\-][A-Za-z0-9._\-]*"
                     r"(/\.?[A-Za-z0-9_\-][A-Za-z0-9._\-]*)*$")
#: What each pattern is, in a finding ("expected an http(s) URL").
PATTERN_NAMES = {
    _HANDLE: "a handle (lowercase letters, digits, '.', '_', '-')",
    _SLUG: "an id of lowercase letters, digits and '-'",
    FIELD_NAME_PATTERN: "a lowercase name (letters, digits and '_', from a letter)",
    INCIDENT_ID_PATTERN:
        "an incident id YYYY-MM-DD-slug (ASCII digits, lowercase letters and '-')",
    URL_PATTERN: "an http(s) URL",
    NOTIFY_PATTERN: "schedule:<id> or person:<handle>",
    TAG_PATTERN: "a lowercase tag (letters, digits, '.', '_', '/', '-')",
    ACTION_ITEM_ID_PATTERN: "an action-item id such as AI-1",
    GITHUB_LOGIN_PATTERN: "a GitHub login",
    EMAIL_PATTERN: "an email address",
    ENV_NAME_PATTERN: "the name of an environment variable (A-Z, 0-9, '_'), not its value",
    BASE_URL_PATTERN: "an http(s) address without credentials or query",
    HOST_PATTERN: "a host name or IP address",
    REPO_PATH_PATTERN: "a path inside the repository (no '..')",
}

#: The longest duration anywhere, and the bounds of a rotation's length.
LONGEST = timedelta(days=3650)
SHORTEST_ROTATION = timedelta(hours=1)
LONGEST_ROTATION = timedelta(days=365)

Handle = Annotated[str, StringConstraints(pattern=_HANDLE)]
Slug = Annotated[str, StringConstraints(pattern=_SLUG)]


def _visible(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError(
            "blank_text", "it has no visible text: write some words"
        )
    return value


#: Text that must say something: not empty, not only spaces.
NonEmptyStr = Annotated[
    str, AfterValidator(_visible), WithJsonSchema({"type": "string", "minLength": 1})
]


def _strict_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise PydanticCustomError(
        "strict_bool",
        "write true or false (yes, no, on, off, 1 and quoted text are not booleans here)",
    )


#: ``true`` or ``false`` only: YAML 1.1 words such as ``yes`` and ``on`` are text (README).
StrictBool = Annotated[bool, PlainValidator(_strict_bool, json_schema_input_type=bool)]


_DURATION_RE = re.compile(r"^([0-9]+)(s|m|h|d|w)$", re.ASCII)
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str, longest: timedelta = LONGEST) -> timedelta:
    """``30s``, ``15m``, ``4h``, ``2d``, ``1w`` (ASCII digits, at most ``longest``) → a
    ``timedelta``; ``ValueError`` with what to write otherwise."""
    match = _DURATION_RE.match(text.strip())
    if not match:
        raise ValueError(
            "not a duration: write ASCII digits and a unit, e.g. 30s, 15m, 4h, 2d or 1w"
        )
    digits = match.group(1).lstrip("0")
    seconds = int(digits[:12] or "0") * _UNIT[match.group(2)]
    if len(digits) > 12 or seconds > longest.total_seconds():
        raise ValueError(
            f"longer than the maximum {format_duration(longest)}: write a shorter duration"
        )
    return timedelta(seconds=seconds)


def format_duration(delta: timedelta) -> str:
    """The shortest exact spelling of a duration (``90m`` → ``90m``, ``120m`` → ``2h``)."""
    seconds = int(delta.total_seconds())
    if seconds == 0:
        return "0m"
    for unit in ("w", "d", "h", "m"):
        if seconds and seconds % _UNIT[unit] == 0:
            return f"{seconds // _UNIT[unit]}{unit}"
    return f"{seconds}s"


def _duration(value: Any, longest: timedelta = LONGEST) -> timedelta:
    if isinstance(value, timedelta):
        if not timedelta(0) <= value <= longest:
            raise PydanticCustomError(
                "duration", f"write a duration from 0s to {format_duration(longest)}"
            )
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(
            "duration", "expected a duration such as 30s, 15m, 4h, 2d or 1w (a number needs a unit)"
        )
    try:
        return parse_duration(value, longest)
    except ValueError as exc:
        raise PydanticCustomError("duration", str(exc)) from None


Duration = Annotated[
    timedelta,
    BeforeValidator(_duration, json_schema_input_type=str),
    PlainSerializer(format_duration, return_type=str),
]


def _rotation_length(value: Any) -> timedelta:
    """A rotation's ``every:``: at least 1h (a handoff needs time to happen, and every shift
    is a row, an event and a cell: 1h keeps two years of one layer at 17,520 shifts), at most
    365d (a longer turn is not a rotation: give the layer one member and ``effective_until``)."""
    length = _duration(value, LONGEST_ROTATION)
    if length < SHORTEST_ROTATION:
        raise PydanticCustomError(
            "rotation_length",
            "a rotation shorter than 1h is not supported: use 1h or longer, such as 12h, "
            "or daily or weekly",
        )
    return length


#: A rotation length: a duration from 1h to 365d.
RotationLength = Annotated[
    timedelta,
    BeforeValidator(_rotation_length, json_schema_input_type=str),
    PlainSerializer(format_duration, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^[0-9]+(s|m|h|d|w)$"}),
]

_ZONE_CHARS = re.compile(r"^[A-Za-z0-9_+/-]{1,255}$", re.ASCII)


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones()) | {"UTC"}


@cache
def _sorted_zone_names() -> tuple[str, ...]:
    return tuple(sorted(_zone_names()))


def timezone_problem(name: str) -> str | None:
    """Why ``name`` is not a time zone of the IANA database (with a suggestion), or ``None``.

    Only names the database lists are accepted, so a folder of it (``Europe``), a path or an
    overlong name never reaches the file system.
    """
    if name in _zone_names():
        return None
    if not _ZONE_CHARS.match(name):
        return (f"unknown time zone {shorten(name)!r}: a time zone name has at most 255 "
                "characters, each an ASCII letter, digit or one of _+-/; use an IANA name "
                "such as Europe/Berlin or UTC")
    close = difflib.get_close_matches(name, _sorted_zone_names(), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"unknown time zone {name!r}: use an IANA name such as Europe/Berlin or UTC{hint}"


def zone(name: str) -> ZoneInfo:
    """The time zone ``name`` names; ``ValueError`` with :func:`timezone_problem`'s message."""
    problem = timezone_problem(name)
    if problem is not None:
        raise ValueError(problem)
    return ZoneInfo(name)


def _timezone(value: str) -> str:
    problem = timezone_problem(value)
    if problem is not None:
        raise PydanticCustomError("unknown_timezone", problem)
    return value


#: An IANA time zone name.
TimeZoneName = Annotated[str, AfterValidator(_timezone)]
