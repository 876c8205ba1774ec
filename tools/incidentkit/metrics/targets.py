"""Compliance with the severities' time targets (``ack_within``, ``resolve_within``).

Over the *resolved* incidents of the window (an open incident's targets are
``incidentkit overdue``'s business), per severity:

* **acknowledge**: ``acknowledged_at − detected_at <= ack_within`` (the clock of the MTTA);
* **resolve**: ``resolved_at − started_at <= resolve_within`` (the clock of the MTTR); a
  severity whose ``resolve_within`` is null has no resolve target, so none of its incidents
  is measured against one.

Exactly at the limit is within it. A resolved incident without ``acknowledged_at`` counts as a
breach of the acknowledge target whose lateness is unknown (``late`` is ``None``): a target
the file cannot show was met is not met, and leaving such incidents out would let a missing
field raise the compliance. A severity that is not configured has no targets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from incidentkit.config import Config
from incidentkit.model.incident import Incident


@dataclass(frozen=True, slots=True)
class Breach:
    incident: str
    #: By how much the target was missed; ``None`` when ``acknowledged_at`` is not recorded.
    late: timedelta | None


@dataclass(frozen=True, slots=True)
class Target:
    """One target of one severity, over its resolved incidents."""

    #: The configured duration; ``None`` when the severity has no such target.
    within: timedelta | None
    #: Resolved incidents measured against it (none without a target).
    measured: int
    #: Those that met it.
    met: int
    #: The others, in order of their start.
    breaches: tuple[Breach, ...]


@dataclass(frozen=True, slots=True)
class SeverityTargets:
    severity: str
    #: Resolved incidents of this severity in the window.
    resolved: int
    ack: Target
    resolve: Target


def _target(within: timedelta | None,
            taken: Sequence[tuple[Incident, timedelta | None]]) -> Target:
    """``taken``: each incident with how long it took (``None``: not recorded)."""
    if within is None:
        return Target(None, 0, 0, ())
    breaches = tuple(
        Breach(incident.id, None if took is None else took - within)
        for incident, took in taken if took is None or took > within
    )
    return Target(within, len(taken), len(taken) - len(breaches), breaches)


def _took(start: datetime, end: datetime | None) -> timedelta | None:
    return None if end is None else end - start


def compliance(*, incidents: Sequence[Incident], severities: Sequence[str], config: Config
               ) -> tuple[SeverityTargets, ...]:
    """One row per severity of ``severities`` (in that order) over the resolved ones among
    ``incidents`` (taken in the order given)."""
    rows = []
    for severity in severities:
        level = config.severity(severity)
        resolved = [i for i in incidents if i.severity == severity and i.resolved_at is not None]
        if level is None:
            rows.append(SeverityTargets(severity, len(resolved), _target(None, []),
                                        _target(None, [])))
            continue
        rows.append(SeverityTargets(
            severity,
            len(resolved),
            _target(level.ack_within,
                    [(i, _took(i.detected_at, i.acknowledged_at)) for i in resolved]),
            _target(level.resolve_within,
                    [(i, _took(i.started_at, i.resolved_at)) for i in resolved]),
        ))
    return tuple(rows)
