"""How times, durations, people and tables are shown, the same way by every engine and report.

Times in messages, reports and notes are UTC to the minute (``2026-01-15 14:00 UTC``): one
reader, one clock, whatever the zone of the file they came from. On-call views that show a
person's own time use :func:`local_minute`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo


def utc_minute(moment: datetime) -> str:
    """``2026-01-15 14:00 UTC``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def local_minute(moment: datetime, zone: tzinfo) -> str:
    """``Thu 2026-01-15 15:00 CET``: the weekday and the zone's abbreviation, for on-call
    shifts read in a person's or a schedule's zone."""
    return moment.astimezone(zone).strftime("%a %Y-%m-%d %H:%M %Z")


def person(handle: str, name: str | None) -> str:
    """``Ben Carter (ben)``: the name people know, then the handle files and commands use (the
    handle alone when nobody of that handle is listed)."""
    return f"{name} ({handle})" if name else handle


_UNITS = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))


def duration(delta: timedelta, *, smallest: str = "m", most: int | None = None) -> str:
    """A duration for people: ``1d 5m``, ``2h 30m``, ``45s``.

    Counted in whole ``smallest`` units (``"m"`` or ``"s"``; never negative). Without ``most``,
    every unit that is not zero (``1d 0h 5m`` → ``1d 5m``); with ``most``, only that many units
    from the largest (``most=2``: ``2d 4h``, and ``2d 0h 5m`` → ``2d``, a figure in a table).
    Zero is ``0m`` (or ``0s``).
    """
    units = _UNITS if smallest == "s" else _UNITS[:-1]
    size = units[-1][1]
    rest = max(0, int(delta.total_seconds()) // size * size)
    counts = []
    for unit, length in units:
        count, rest = divmod(rest, length)
        counts.append((count, unit))
    first = next((n for n, (count, _) in enumerate(counts) if count), None)
    if first is None:
        return f"0{smallest}"
    shown = counts[first:] if most is None else counts[first:first + most]
    return " ".join(f"{count}{unit}" for count, unit in shown if count)


def table(rows: Sequence[Sequence[str]], *, right: Iterable[int] = (), indent: str = "  "
          ) -> list[str]:
    """Text columns two spaces apart (the first row is usually the header); the columns in
    ``right`` (numbers) aligned to the right, trailing spaces removed."""
    if not rows:
        return []
    flush_right = frozenset(right)
    widths = [max(len(row[n]) for row in rows) for n in range(len(rows[0]))]
    return [
        (indent + "  ".join(
            cell.rjust(widths[n]) if n in flush_right else cell.ljust(widths[n])
            for n, cell in enumerate(row))).rstrip()
        for row in rows
    ]
