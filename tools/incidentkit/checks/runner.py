"""The checking half of ``validate`` (:mod:`incidentkit.validation` is the other): the
checks of many files against one context, in worker processes when there are many."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from incidentkit import clock
from incidentkit.checks.context import Context
from incidentkit.checks.files import check_raw
from incidentkit.checks.finding import Finding
from incidentkit.checks.incidents import FUTURE_CODE
from incidentkit.checks.oncall import GAP_CODE, GAP_HORIZON, TIME_OFF_CODE
from incidentkit.checks.timeoff import clash_start, clashes
from incidentkit.model.schedule import Schedule
from incidentkit.schedule import gaps
from incidentkit.store.cache import Stamp, digest, stamp_of
from incidentkit.store.layout import Kind
from incidentkit.store.reading import read_file
from incidentkit.store.yamlload import Problem

#: Below this many files the work stays in this process (a pool costs more than it saves).
PARALLEL_FROM = 1500
#: How far ahead a schedule's next gap is looked for, to know how long "no gap in the next 14
#: days" stays true (the cache keeps the schedule's findings that long).
LOOKAHEAD = timedelta(days=120)
#: The end of every time incidentkit reads (model/times): "from now on" for the cache.
FOREVER = datetime(3000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Checked:
    """One checked file: its findings, with what the cache needs to keep them."""

    rel: str
    #: The stat stamp taken before the file was read, and the digest of the bytes checked
    #: (``None`` when it could not be read).
    stamp: Stamp | None
    digest: str | None
    findings: list[Finding]
    #: Whether the findings may be kept: a schedule with a gap warning may not (the warning
    #: names the gap as seen from now), nor an incident with a time in the future (it becomes
    #: valid when that time comes).
    cacheable: bool = True
    #: For a schedule or an incident, the span of "now" over which the findings are the same.
    holds: tuple[datetime, datetime] | None = None


def _quiet_span(schedule: Schedule, at: datetime, ctx: Context) -> tuple[datetime, datetime]:
    """From ``at``, how long a schedule without a gap or a shift in time off in its next 14
    days keeps none: until its first gap or such shift (looked for over :data:`LOOKAHEAD`)
    comes within 14 days."""
    holes = gaps(schedule, start=at, end=at + LOOKAHEAD)
    first = holes[0][0] if holes else at + LOOKAHEAD
    away = clashes(schedule, ctx.catalog.time_off, start=at, end=at + LOOKAHEAD)
    if away:
        first = min(first, clash_start(*away[0]))
    return at, max(at, first - GAP_HORIZON)


def _check_chunk(root: Path, items: Sequence[tuple[str, Kind]], ctx: Context
                 ) -> list[Checked]:
    real_root = os.path.realpath(root)
    done: list[Checked] = []
    for rel, kind in items:
        stamp = stamp_of(os.path.join(root, rel))
        raw = read_file(root, rel, real_root=real_root)
        at = clock.now() if kind is Kind.SCHEDULE else None
        model, found = check_raw(rel, kind, raw, ctx)
        data_digest = None if isinstance(raw, Problem) else digest(raw)
        if at is not None and isinstance(model, Schedule):
            if any(f.code in (GAP_CODE, TIME_OFF_CODE) for f in found):
                done.append(Checked(rel, stamp, data_digest, found, cacheable=False))
            else:
                done.append(Checked(rel, stamp, data_digest, found,
                                    holds=_quiet_span(model, at, ctx)))
        elif kind is Kind.INCIDENT:
            done.append(_incident(rel, stamp, data_digest, found))
        else:
            done.append(Checked(rel, stamp, data_digest, found))
    return done


def _incident(rel: str, stamp: Stamp | None, data_digest: str | None, found: list[Finding]
              ) -> Checked:
    """An incident's findings depend on the clock only through ``future-time``: with one, they
    change when that time comes (not kept); without, they stay the same from the moment of
    the check on (a time in the past stays past), but not for a clock set back before it."""
    if any(f.code == FUTURE_CODE for f in found):
        return Checked(rel, stamp, data_digest, found, cacheable=False)
    return Checked(rel, stamp, data_digest, found, holds=(clock.now(), FOREVER))


def check_files(root: Path, items: list[tuple[str, Kind]], jobs: int | None, ctx: Context,
                config_findings: list[Finding]) -> list[Checked]:
    """Check ``items`` against ``ctx`` (the configuration among them has ``config_findings``,
    found when ``ctx`` was made), in worker processes when there are many."""
    done: list[Checked] = []
    rest = [(rel, kind) for rel, kind in items if kind is not Kind.CONFIG]
    if len(rest) < len(items):
        rel = next(rel for rel, kind in items if kind is Kind.CONFIG)
        stamp = stamp_of(os.path.join(root, rel))
        raw = read_file(root, rel)
        done.append(Checked(rel, stamp, None if isinstance(raw, Problem) else digest(raw),
                            config_findings))
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers > 1 and len(rest) >= PARALLEL_FROM:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_check_chunk, root, chunk, ctx)
                       for chunk in _chunks(rest, workers * 4)]
            for future in futures:
                done += future.result()
    else:
        done += _check_chunk(root, rest, ctx)
    return done


def _chunks(items: list[Any], n: int) -> Iterable[list[Any]]:
    size = max(1, -(-len(items) // n))
    for start in range(0, len(items), size):
        yield items[start : start + size]
