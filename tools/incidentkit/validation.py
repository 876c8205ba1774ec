"""``validate``: every check over the repository, or over some files of it, with the findings
of unchanged files taken from the cache (:mod:`incidentkit.store.cache`).

This module imports only the light parts (the store, findings): a warm run over an unchanged
repository never imports the models or pydantic. When some file must be checked,
:func:`incidentkit.repository.open_repository` gives the configuration and catalog (the one
loader; a bad configuration is reported here, not a stop) and
:mod:`incidentkit.checks.runner` checks the files, in worker processes when there are many.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import incidentkit
from incidentkit import clock
from incidentkit.checks.finding import MAX_PER_FILE, TOO_MANY, Finding, Severity
from incidentkit.checks.located import Located
from incidentkit.store.cache import Entry, FileCache, digest, stamp_of
from incidentkit.store.layout import Kind, Layout, kind_of, stem
from incidentkit.store.reading import read_file
from incidentkit.store.source import WorkingTree
from incidentkit.store.yamlload import Problem


@dataclass(frozen=True, slots=True)
class Validation:
    findings: list[Finding]
    #: Files looked at (misplaced ones included), as the summary line counts them.
    checked: int
    #: Files whose findings came from the cache.
    cached: int = 0


def validate(root: Path, paths: Sequence[str] | None = None, *, jobs: int | None = None,
             cache: bool = True) -> Validation:
    """Every finding in the repository, or in ``paths`` (relative to ``root``) only.

    References always resolve against the whole repository. With ``cache``, the findings of
    files unchanged since the last run are taken from :class:`~incidentkit.store.cache.FileCache`
    (a schedule's gap warning and an incident's ``future-time`` error depend on the clock:
    those are kept only for the span of "now" over which they hold).
    """
    started = time.time_ns()
    layout = Layout.scan(root)
    strays = layout.strays
    present = set(layout.all())
    if paths is None:  # the scan sorted every file by kind already
        targets = present
        items = [(rel, kind) for kind, rels in layout.files.items() for rel in rels]
    else:
        wanted = set(paths)
        strays = {rel: stray for rel, stray in strays.items() if rel in wanted}
        targets = {p for p in wanted if kind_of(p) is not None}
        items = [(rel, kind) for rel in sorted(targets) if (kind := kind_of(rel)) is not None
                 and (rel in present or kind is not Kind.CONFIG)]
    store = FileCache.open(root, "validate", scope(root, layout)) if cache else None
    findings, misses = _from_cache(root, items, store)
    if misses:
        # The models, the checks and the catalog: only when a file must be checked.
        from incidentkit.checks.runner import check_files
        from incidentkit.repository import open_repository

        context = open_repository(WorkingTree(root, layout), only=lambda rel: False,
                                  catalog=False, stop_on_invalid_config=False)
        for done in check_files(root, misses, jobs, context.context, context.config_findings):
            findings += done.findings
            if store is not None and done.cacheable and done.stamp is not None \
                    and done.digest is not None:
                store.put(done.rel, done.stamp, done.digest, _encode(done.findings, done.holds))
    if store is not None:
        if paths is None:
            store.keep_only(present)
        store.save(started)
    findings += [Finding(rel, 1, 1, Severity.ERROR, stray.code, stray.message)
                 for rel, stray in strays.items()]
    findings += _duplicates(layout, targets)
    count = len(present) + len(layout.strays) if paths is None else len(
        {p for p in paths if kind_of(p) is not None or p in layout.strays})
    return Validation(capped(sorted(set(findings), key=_order)), count,
                      len(items) - len(misses))


def _from_cache(root: Path, items: list[tuple[str, Kind]], store: FileCache | None
                ) -> tuple[list[Finding], list[tuple[str, Kind]]]:
    """The cached findings of unchanged files, and the files to check."""
    if store is None or not store.entries:
        return [], items
    found: list[Finding] = []
    misses: list[tuple[str, Kind]] = []
    real_root = os.path.realpath(root)
    at: datetime | None = None
    base = os.path.join(root, "")
    trusted, entries = store.trusted, store.entries  # the loop runs once per file
    for rel, kind in items:
        stamp = stamp_of(base + rel)
        entry = trusted(rel, stamp)
        if entry is None and stamp is not None and rel in entries:
            raw = read_file(root, rel, real_root=real_root)
            if not isinstance(raw, Problem):
                entry = store.matching(rel, stamp, digest(raw))
        if entry is None:
            misses.append((rel, kind))
            continue
        if not entry.data and isinstance(entry.data, list):  # most files: no finding
            continue
        if isinstance(entry.data, dict) and at is None:
            at = clock.now()  # only for entries that hold for a time (schedules, incidents)
        decoded = _decode(entry, at)
        if decoded is None:
            misses.append((rel, kind))
        else:
            found += decoded
    return found, misses


def _finding(f: Finding) -> list[Any]:
    return [f.path, f.line, f.col, str(f.severity), f.code, f.message, f.more]


def _encode(findings: list[Finding], holds: tuple[datetime, datetime] | None) -> Any:
    """The cached form: a list of findings, or, for findings that hold only for a time (a
    schedule's gap warning looks at the 14 days from now; an incident's times are checked
    against now), the list and that time span."""
    found = [_finding(f) for f in findings]
    if holds is None:
        return found
    return {"findings": found, "from": holds[0].timestamp(), "until": holds[1].timestamp()}


def _decode(entry: Entry, at: datetime | None) -> list[Finding] | None:
    """Findings from their cached form; ``None`` when it is not what :func:`_encode` wrote, or
    when they held only for a time that does not include ``at``."""
    data = entry.data
    if isinstance(data, dict):
        begin, end = data.get("from"), data.get("until")
        if at is None or not isinstance(begin, float) or not isinstance(end, float) \
                or not begin <= at.timestamp() < end:
            return None
        data = data.get("findings")
    if not isinstance(data, list):
        return None
    found = []
    for item in data:
        if not (isinstance(item, list) and len(item) == 7 and isinstance(item[0], str)
                and type(item[1]) is int and type(item[2]) is int
                and item[3] in ("error", "warning") and isinstance(item[4], str)
                and isinstance(item[5], str) and type(item[6]) is int):
            return None
        found.append(Finding(item[0], item[1], item[2], Severity(item[3]), item[4], item[5],
                             item[6]))
    return found


def scope(root: Path, layout: Layout) -> str:
    """What every file's findings depend on besides the file itself: the code of incidentkit,
    the configuration and catalog files' bytes (the time-off file's among them: schedules warn
    about shifts in it), and the ids that exist (the names of the
    runbooks, schedules and incidents). Another scope makes the cache empty."""
    h = hashlib.blake2b(digest_size=20)
    h.update(_code_stamp().encode())
    for kind in (Kind.CONFIG, Kind.PEOPLE, Kind.SERVICES, Kind.POLICIES, Kind.TIME_OFF):
        files = layout.of(kind)
        rel = files[0] if files else None
        raw = read_file(root, rel) if rel is not None else None
        h.update(f"\0{kind}:{rel}:".encode())
        if raw is None or isinstance(raw, Problem):
            h.update(repr(raw).encode())
        else:
            h.update(raw)
    for kind in (Kind.RUNBOOK, Kind.SCHEDULE, Kind.INCIDENT):
        h.update(f"\0{kind}:".encode())
        h.update("\n".join(sorted(stem(rel) for rel in layout.of(kind))).encode())
    return h.hexdigest()


def _code_stamp() -> str:
    """The version and every module of the installed package (size and mtime), so that a
    new release or an edited checkout never reuses findings of other code."""
    package = Path(__file__).resolve().parent
    parts = [incidentkit.__version__]
    for directory, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                st = os.stat(os.path.join(directory, name))
                parts.append(f"{directory}/{name}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts)


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
            from incidentkit.checks.files import read  # a duplicate id: rare, then load

            got = read(layout.root, rel, Kind.INCIDENT)
            source = Located(rel, None) if isinstance(got, Finding) else Located.of(rel, got[0])
            found.append(source.finding(
                ("id",), "duplicate-id",
                f"incident id {stem(rel)} is also used by {others}: ids must be "
                "unique; give one incident another slug",
            ))
    return found


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
