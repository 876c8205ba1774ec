"""The checking half of ``validate`` (:mod:`incidentkit.checks.validation` is the other): the
context every per-file check needs, and the checks of many files, in worker processes when
there are many."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from incidentkit import clock
from incidentkit.checks.context import Catalog, Context
from incidentkit.checks.files import check_raw, parse_raw
from incidentkit.checks.finding import Finding
from incidentkit.checks.oncall import GAP_CODE, GAP_HORIZON
from incidentkit.config import Config
from incidentkit.model.schedule import Schedule
from incidentkit.schedule import gaps
from incidentkit.store.cache import Stamp, digest, stamp_of
from incidentkit.store.layout import Kind, Layout
from incidentkit.store.reading import read_file
from incidentkit.store.source import Source, WorkingTree
from incidentkit.store.yamlload import Problem

#: Below this many files the work stays in this process (a pool costs more than it saves).
PARALLEL_FROM = 1500
#: How far ahead a schedule's next gap is looked for, to know how long "no gap in the next 14
#: days" stays true (the cache keeps the schedule's findings that long).
LOOKAHEAD = timedelta(days=120)


def _ids(source: Source, rel: str | None, key: str) -> frozenset[str] | None:
    """Ids named in a catalog list, read leniently (its own check reports what is wrong).

    No file: no ids. A file that cannot be read: ``None`` (unknown, references unchecked).
    """
    if rel is None:
        return frozenset()
    got = parse_raw(rel, Kind.PEOPLE, source.read(rel))
    if isinstance(got, Finding) or not isinstance(got[0].data, list):
        return None
    return frozenset(
        e[key] for e in got[0].data if isinstance(e, dict) and isinstance(e.get(key), str)
    )


def _first(layout: Layout, kind: Kind) -> str | None:
    files = layout.of(kind)
    return files[0] if files else None


def load_context(source: Source) -> tuple[Context, list[Finding]]:
    """The configuration and the catalog of ids of a source; the configuration's findings
    (:func:`incidentkit.repository.invalid_configuration` turns errors into the stop)."""
    layout = source.layout()
    config = Config()
    findings: list[Finding] = []
    config_rel = _first(layout, Kind.CONFIG)
    if config_rel is not None:
        loaded, findings = check_raw(config_rel, Kind.CONFIG, source.read(config_rel),
                                     Context(config))
        if isinstance(loaded, Config):
            config = loaded
    catalog = Catalog(
        people=_ids(source, _first(layout, Kind.PEOPLE), "handle"),
        services=_ids(source, _first(layout, Kind.SERVICES), "id"),
        policies=_ids(source, _first(layout, Kind.POLICIES), "id"),
        runbooks=layout.stems(Kind.RUNBOOK),
        schedules=layout.stems(Kind.SCHEDULE),
        incidents=layout.stems(Kind.INCIDENT),
    )
    return Context(config, catalog), findings


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
    #: names the gap as seen from now).
    cacheable: bool = True
    #: For a schedule, the span of "now" over which the findings are the same.
    holds: tuple[datetime, datetime] | None = None


def _quiet_span(schedule: Schedule, at: datetime) -> tuple[datetime, datetime]:
    """From ``at``, how long a schedule without a gap in its next 14 days keeps none: until
    its first gap (looked for over :data:`LOOKAHEAD`) comes within 14 days."""
    holes = gaps(schedule, start=at, end=at + LOOKAHEAD)
    first = holes[0][0] if holes else at + LOOKAHEAD
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
            if any(f.code == GAP_CODE for f in found):
                done.append(Checked(rel, stamp, data_digest, found, cacheable=False))
            else:
                done.append(Checked(rel, stamp, data_digest, found,
                                    holds=_quiet_span(model, at)))
        else:
            done.append(Checked(rel, stamp, data_digest, found))
    return done


def check_files(root: Path, layout: Layout, items: list[tuple[str, Kind]], jobs: int | None
                ) -> list[Checked]:
    """Check ``items`` (the configuration among them as :func:`load_context` checks it), in
    worker processes when there are many."""
    ctx, config_findings = load_context(WorkingTree(root, layout))
    done: list[Checked] = []
    rest = [(rel, kind) for rel, kind in items if kind is not Kind.CONFIG]
    if len(rest) < len(items):
        rel = _first(layout, Kind.CONFIG)
        assert rel is not None
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
