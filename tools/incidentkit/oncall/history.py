"""Who was on call as the schedules were committed at the time, from git.

``oncall show`` for a past week answers from today's files; this module answers from history.
It walks the first-parent history of the current branch (``HEAD``); each commit whose
``oncall/`` folder differs from its first parent's is a *version* of the schedules, in effect
from the commit's committer date (for a merge commit on the branch: the merge time, since a
change takes effect when it is merged, not retroactively) until the next version. Each commit is
read as a :class:`~incidentkit.store.source.GitCommit` and opened by
:func:`~incidentkit.repository.open_repository`; its final shifts over its period come from the
schedule engine, and the periods are stitched: a shift that runs on unchanged across a version
boundary (same person, same layer or override) is one shift.

Uncommitted changes of the working tree are not history and are not read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from incidentkit.errors import FatalError
from incidentkit.model.schedule import Schedule
from incidentkit.oncall.load import ScheduleLoad, members_in_effect, shifts_load
from incidentkit.repository import open_repository
from incidentkit.schedule import Shift, final_shifts
from incidentkit.store.source import GitCommit

_ONCALL = "oncall"
_SCHEDULES = "oncall/schedules/"
#: The ``source`` of the time a version of the repository had no valid file of the schedule.
MISSING = "no schedule"
INVALID = "invalid file"
#: The ``source`` of the time before the first commit that changed ``oncall/``.
UNCOMMITTED = "not committed yet"


@dataclass(frozen=True, slots=True)
class Version:
    """The schedules as one commit left them, in effect over ``[start, end)`` (``end`` is
    ``None`` for the newest version)."""

    commit: str
    subject: str
    start: datetime
    end: datetime | None
    schedules: dict[str, Schedule]
    #: Schedule files that did not validate at this commit, by schedule id (the file's stem).
    invalid: frozenset[str]

    @property
    def short(self) -> str:
        return self.commit[:7]


@dataclass(frozen=True, slots=True)
class Row:
    """A stretch of a schedule's history: a final shift, a gap (``person`` ``None``, ``source``
    ``gap``) or a time the schedule was not defined (``source`` :data:`MISSING`,
    :data:`INVALID` or :data:`UNCOMMITTED`), with the commit of the version it comes from."""

    start: datetime
    end: datetime
    person: str | None
    source: str
    commit: str | None


@dataclass(frozen=True, slots=True)
class ScheduleHistory:
    schedule_id: str
    #: The newest name the schedule had within the range.
    name: str
    rows: tuple[Row, ...]
    #: Each version of the schedule and when within the range it was in effect, oldest first.
    periods: tuple[tuple[Schedule, datetime, datetime], ...]

    @property
    def shifts(self) -> list[Shift]:
        return [Shift(r.person, r.start, r.end, r.source) for r in self.rows
                if r.person is not None]


def _git_repo(root: Path) -> tuple[Any, str]:
    import git

    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise FatalError(f"oncall history reads the schedules from git; {root} is not in a git "
                         "repository: commit the repository to git, or use oncall show") from None
    top = Path(repo.working_tree_dir or root).resolve()
    try:
        prefix = root.resolve().relative_to(top).as_posix().strip(".")
    except ValueError:  # pragma: no cover - search_parent_directories found a parent
        raise FatalError(f"{root} is outside the git repository {top}") from None
    return repo, prefix


def _oncall_tree(commit: Any, prefix: str) -> str | None:
    """The id of the commit's ``oncall/`` tree, ``None`` when it has none."""
    try:
        return str((commit.tree / f"{prefix}/{_ONCALL}" if prefix else commit.tree / _ONCALL)
                   .hexsha)
    except KeyError:
        return None


def _changes(repo: Any, prefix: str) -> list[Any]:
    """The first-parent commits of ``HEAD`` whose ``oncall/`` differs from the previous one's,
    the oldest first."""
    try:
        head = repo.head.commit
    except ValueError:
        raise FatalError("oncall history reads the schedules from git, and this repository has "
                         "no commit yet: commit the oncall/ folder first") from None
    found: list[Any] = []
    last: str | None = None
    for commit in reversed(list(repo.iter_commits(head, first_parent=True))):
        tree = _oncall_tree(commit, prefix)
        if tree != last:
            found.append(commit)
            last = tree
    return found


def _version(root: Path, prefix: str, commit: Any, start: datetime,
             end: datetime | None) -> Version:
    source = GitCommit.of(root, commit, prefix, str(commit.hexsha)[:7])
    repo = open_repository(source, only=lambda rel: rel.startswith(_SCHEDULES), catalog=False,
                           stop_on_invalid_config=False)
    schedules = {key: doc.model for key, doc in repo.schedules.items()}
    invalid = frozenset(
        f.path[len(_SCHEDULES):].rsplit(".", 1)[0] for f in repo.findings
        if f.path.startswith(_SCHEDULES)
    ) - set(schedules)
    subject = str(commit.message).strip().split("\n", 1)[0]
    return Version(str(commit.hexsha), subject, start, end, schedules, invalid)


def versions(root: Path, *, start: datetime, end: datetime) -> list[Version]:
    """The versions of the schedules in effect at some time of ``[start, end)``, oldest first.

    A commit dated before the one it follows (a rebase, a wrong clock) takes effect when its
    predecessor did, so the periods never run backwards.
    """
    repo, prefix = _git_repo(root)
    commits = _changes(repo, prefix)
    if not commits:
        raise FatalError("no commit of the current branch has an oncall/ folder: commit the "
                         "schedules first")
    starts: list[datetime] = []
    for commit in commits:
        at = commit.committed_datetime
        starts.append(max(at, starts[-1]) if starts else at)
    if end <= starts[0]:
        raise FatalError(
            f"no schedule was committed before {end.isoformat()}: the first commit that "
            f"changed oncall/ is {str(commits[0].hexsha)[:7]} at {starts[0].isoformat()}; "
            "ask for a range after it")
    found = []
    for i, commit in enumerate(commits):
        begins, ends = starts[i], starts[i + 1] if i + 1 < len(commits) else None
        if begins == ends or (ends is not None and ends <= start) or begins >= end:
            continue
        found.append(_version(root, prefix, commit, begins, ends))
    return found


def _join(rows: Iterable[Row]) -> list[Row]:
    joined: list[Row] = []
    for row in rows:
        last = joined[-1] if joined else None
        if last is not None and last.end == row.start and last.person == row.person and \
                last.source == row.source:
            joined[-1] = replace(last, end=row.end)
        else:
            joined.append(row)
    return joined


def _pieces(version: Version, schedule_id: str, low: datetime, high: datetime) -> list[Row]:
    schedule = version.schedules.get(schedule_id)
    if schedule is None:
        why = INVALID if schedule_id in version.invalid else MISSING
        return [Row(low, high, None, why, version.commit)]
    shifts = final_shifts(schedule, start=low, end=high)
    rows = [Row(s.start, s.end, s.person, s.source, version.commit) for s in shifts]
    moment = low
    holes = []
    for shift in shifts:
        if shift.start > moment:
            holes.append(Row(moment, shift.start, None, "gap", version.commit))
        moment = max(moment, shift.end)
    if moment < high:
        holes.append(Row(moment, high, None, "gap", version.commit))
    return sorted(rows + holes, key=lambda r: (r.start, r.end))


def history(found: Sequence[Version], schedule_ids: Sequence[str], *, start: datetime,
            end: datetime) -> list[ScheduleHistory]:
    """Each schedule's rows over ``[start, end)`` from the :func:`versions` in effect over it;
    every schedule of any of them when ``schedule_ids`` is empty (an unknown id is a usage
    error)."""
    known = sorted({key for v in found for key in [*v.schedules, *v.invalid]})
    unknown = [s for s in schedule_ids if s not in known]
    if unknown:
        raise FatalError(f"no schedule {', '.join(map(repr, unknown))} in the history of "
                         f"this range (known: {', '.join(known) or 'none'})")
    chosen = list(dict.fromkeys(schedule_ids)) or known
    if not chosen:
        raise FatalError("no schedule in oncall/schedules/ was committed in this range")
    result = []
    for schedule_id in chosen:
        rows: list[Row] = []
        periods: list[tuple[Schedule, datetime, datetime]] = []
        if found[0].start > start:
            rows.append(Row(start, found[0].start, None, UNCOMMITTED, None))
        for version in found:
            low = max(start, version.start)
            high = end if version.end is None else min(end, version.end)
            rows += _pieces(version, schedule_id, low, high)
            if schedule_id in version.schedules:
                periods.append((version.schedules[schedule_id], low, high))
        name = periods[-1][0].name if periods else schedule_id
        result.append(ScheduleHistory(schedule_id, name, tuple(_join(rows)), tuple(periods)))
    return result


def schedule_load(item: ScheduleHistory, zones: Mapping[str, str]) -> ScheduleLoad:
    """The load of a schedule's history, as :func:`incidentkit.oncall.load.schedule_load`
    computes it from one version: the members are those of the layers in effect in any
    version over the part of the range it was in effect."""
    members: frozenset[str] = frozenset()
    for schedule, low, high in item.periods:
        members |= members_in_effect(schedule, low, high)
    return shifts_load(item.schedule_id, item.name, item.shifts, members, zones)
