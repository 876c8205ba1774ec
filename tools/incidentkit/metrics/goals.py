"""The figures against the floors of ``incidentkit.yaml``'s ``targets`` (``metrics``, and its
``--fail-under``).

A goal is met when the figure is at least its floor: a percentage (acknowledged or resolved
within the severity's target, postmortems final, action items done, incidents with a runbook)
or, per service tier, the mean time between a service's incidents (each service of the tier
with at least two incidents in the window is measured; the tier's figure is its worst). A
goal with nothing to measure (no incident, no item, no service with two incidents) is neither
met nor missed. Every shortfall is listed with its incident (or service and its incidents).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from incidentkit.config import Targets
from incidentkit.metrics.compute import Goal, Metrics, Rate, Shortfall
from incidentkit.present import duration


def _late(late: timedelta | None, verb: str, missing: str) -> str:
    return f"{missing} not recorded" if late is None else f"{verb} {duration(late, most=2)} late"


def _percent(name: str, label: str, target: float | None, rate: Rate,
             shortfalls: list[Shortfall]) -> list[Goal]:
    if target is None:
        return []
    value = rate.value
    return [Goal(name, label, "percent", target, None if value is None else 100 * value, rate,
                 tuple(shortfalls))]


def goals(m: Metrics, targets: Targets, tiers: Mapping[str, int]) -> tuple[Goal, ...]:
    """Each configured target with the window's figure; ``tiers``: each service's tier."""
    found: list[Goal] = []
    for name, label, part in (("ack_compliance", "acknowledged within the severity's target",
                               "ack"),
                              ("resolve_compliance", "resolved within the severity's target",
                               "resolve")):
        floor = getattr(targets, name)
        measured = met = 0
        short: list[Shortfall] = []
        for row in m.targets:
            target = getattr(row, part)
            measured += target.measured
            met += target.met
            short += [Shortfall(b.incident, _late(
                b.late, "acknowledged" if part == "ack" else "resolved", "acknowledged_at"))
                for b in target.breaches]
        found += _percent(name, label, floor, Rate(met, measured), short)
    pm, ai = m.postmortems, m.action_items
    found += _percent("postmortem_completion", "required postmortems final",
                      targets.postmortem_completion, pm.final,
                      [Shortfall(i, "postmortem not final") for i in pm.not_final])
    found += _percent("action_item_completion", "action items done (won't do left out)",
                      targets.action_item_completion, ai.completion,
                      [Shortfall(i, f"{item} not done") for i, item in ai.not_done])
    if m.coverage is not None:
        found += _percent("runbook_coverage", "incidents with a service that has a runbook",
                          targets.runbook_coverage, m.coverage.services,
                          [Shortfall(i, "none of its services has a runbook")
                           for i in m.coverage.uncovered])
    for key, floor in sorted(targets.mtbf.items()):
        tier = int(key)
        measured_services = [s for s in m.mtbf if tiers.get(s.service) == tier
                             and s.mean is not None]
        worst = min((s.mean for s in measured_services if s.mean is not None), default=None)
        short = [Shortfall(f"service {s.service}",
                           f"MTBF {duration(s.mean, most=2)} over {s.incidents} incidents: "
                           + ", ".join(s.ids))
                 for s in measured_services if s.mean is not None and s.mean < floor]
        found.append(Goal(f"mtbf_tier_{tier}", f"MTBF of every tier-{tier} service", "seconds",
                          floor.total_seconds(),
                          None if worst is None else worst.total_seconds(), None, tuple(short)))
    return tuple(found)


def missed(found: tuple[Goal, ...]) -> tuple[Goal, ...]:
    return tuple(g for g in found if g.met is False)
