"""``validate``: run every check over the repository, or over some files of it."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from incidentkit.checks.context import Catalog, Context
from incidentkit.checks.files import check_file, read
from incidentkit.checks.finding import MAX_PER_FILE, TOO_MANY, Finding, Severity
from incidentkit.checks.source import Source
from incidentkit.config import Config
from incidentkit.store.layout import Kind, Layout, kind_of, stem

#: Below this many files the work stays in this process (a pool costs more than it saves).
PARALLEL_FROM = 1500


def _ids(root: Path, rel: str | None, key: str) -> frozenset[str] | None:
    """Ids named in a catalog list, read leniently (its own check reports what is wrong).

    No file: no ids. A file that cannot be read: ``None`` (unknown, references unchecked).
    """
    if rel is None:
        return frozenset()
    got = read(root, rel, Kind.PEOPLE)
    if isinstance(got, Finding) or not isinstance(got[0].data, list):
        return None
    return frozenset(
        e[key] for e in got[0].data if isinstance(e, dict) and isinstance(e.get(key), str)
    )


def _first(layout: Layout, kind: Kind) -> str | None:
    files = layout.of(kind)
    return files[0] if files else None


def load_context(layout: Layout) -> tuple[Context, list[Finding]]:
    """The configuration and the catalog of ids; findings if the configuration is invalid."""
    root = layout.root
    config = Config()
    findings: list[Finding] = []
    config_rel = _first(layout, Kind.CONFIG)
    if config_rel is not None:
        loaded, findings = check_file(root, config_rel, Kind.CONFIG, Context(config))
        if isinstance(loaded, Config):
            config = loaded
    catalog = Catalog(
        people=_ids(root, _first(layout, Kind.PEOPLE), "handle"),
        services=_ids(root, _first(layout, Kind.SERVICES), "id"),
        policies=_ids(root, _first(layout, Kind.POLICIES), "id"),
        runbooks=layout.stems(Kind.RUNBOOK),
        schedules=layout.stems(Kind.SCHEDULE),
        incidents=layout.stems(Kind.INCIDENT),
    )
    return Context(config, catalog), findings


def _check_chunk(root: Path, items: Sequence[tuple[str, Kind]], ctx: Context) -> list[Finding]:
    found: list[Finding] = []
    for rel, kind in items:
        found += check_file(root, rel, kind, ctx)[1]
    return found


def _duplicates(layout: Layout, targets: set[str]) -> list[Finding]:
    """The same id in two folders (``incidents/2025/x.yaml`` and ``incidents/2026/x.yaml``)."""
    by_stem: dict[str, list[str]] = defaultdict(list)
    for rel in layout.of(Kind.INCIDENT):
        by_stem[stem(rel)].append(rel)
    found = []
    for rels in by_stem.values():
        if len(rels) < 2:
            continue
        for rel in rels:
            if rel not in targets:
                continue
            others = ", ".join(r for r in rels if r != rel)
            got = read(layout.root, rel, Kind.INCIDENT)
            source = Source(rel, None) if isinstance(got, Finding) else Source.of(rel, got[0])
            found.append(source.finding(
                ("id",), "duplicate-id",
                f"incident id {stem(rel)} is also used by {others}: ids must be "
                "unique; give one incident another slug",
            ))
    return found


def _chunks(items: list[Any], n: int) -> Iterable[list[Any]]:
    size = max(1, -(-len(items) // n))
    for start in range(0, len(items), size):
        yield items[start : start + size]


def validate(root: Path, paths: Sequence[str] | None = None, *, jobs: int | None = None
             ) -> list[Finding]:
    """Every finding in the repository, or in ``paths`` (relative to ``root``) only.

    References always resolve against the whole repository.
    """
    layout = Layout.scan(root)
    ctx, findings = load_context(layout)
    strays = layout.strays
    if paths is None:
        targets = layout.all()
    else:
        wanted = set(paths)
        strays = {rel: stray for rel, stray in strays.items() if rel in wanted}
        targets = sorted({p for p in wanted if kind_of(p) is not None})
        findings = [f for f in findings if f.path in wanted]
    findings += [Finding(rel, 1, 1, Severity.ERROR, stray.code, stray.message)
                 for rel, stray in strays.items()]
    items = [(rel, kind) for rel in targets if (kind := kind_of(rel)) not in (None, Kind.CONFIG)]
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers > 1 and len(items) >= PARALLEL_FROM:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_check_chunk, root, chunk, ctx)
                       for chunk in _chunks(items, workers * 4)]
            for future in futures:
                findings += future.result()
    else:
        findings += _check_chunk(root, items, ctx)
    findings += _duplicates(layout, set(targets))
    return capped(sorted(set(findings), key=_order))


def _order(f: Finding) -> tuple[str, int, int, str, str, str]:
    """The dataclass order as a key (80,000 findings sort in a tenth of the time)."""
    return f.path, f.line, f.col, f.severity, f.code, f.message


def capped(findings: list[Finding], limit: int = MAX_PER_FILE) -> list[Finding]:
    """At most ``limit`` findings per file (sorted input), then one that says how many more.

    The summary stands at the first finding left out and is an error when any left out is.
    Findings a check counted instead of making (a ``too-many-findings`` finding with ``more``)
    are added to the count.
    """
    by_path: dict[str, list[Finding]] = defaultdict(list)
    counted: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        (counted if finding.more else by_path)[finding.path].append(finding)
    result: list[Finding] = []
    for path in by_path.keys() | counted.keys():
        found = by_path.get(path, [])
        result += found[:limit]
        rest = found[limit:] + counted.get(path, [])
        if rest:
            first = min(rest)
            severity = Severity.ERROR if any(
                f.severity is Severity.ERROR for f in rest) else Severity.WARNING
            more = sum(f.more or 1 for f in rest)
            result.append(Finding(
                path, first.line, first.col, severity, TOO_MANY,
                f"… and {more} more findings in this file: fix these first, then run "
                "validate again",
            ))
    return sorted(result)
