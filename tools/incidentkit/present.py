"""How times are shown to people, the same way by every engine and report.

Times in messages, reports and notes are UTC to the minute (``2026-01-15 14:00 UTC``): one
reader, one clock, whatever the zone of the file they came from. On-call views that show a
person's own time use :func:`local_minute`.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo


def utc_minute(moment: datetime) -> str:
    """``2026-01-15 14:00 UTC``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def local_minute(moment: datetime, zone: tzinfo) -> str:
    """``Thu 2026-01-15 15:00 CET``: the weekday and the zone's abbreviation, for on-call
    shifts read in a person's or a schedule's zone."""
    return moment.astimezone(zone).strftime("%a %Y-%m-%d %H:%M %Z")
