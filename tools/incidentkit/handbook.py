"""Handbook pages generated from the configuration: ``incidentkit handbook`` writes them into
``docs/handbook/``; ``incidentkit handbook --check`` (CI, the pre-commit hook) keeps them current.
"""

from __future__ import annotations

from datetime import timedelta

from incidentkit.config import Config
from incidentkit.escape import github as cell
from incidentkit.model.types import format_duration

SEVERITY_PAGE = "docs/handbook/severity-levels.md"


def _human(delta: timedelta) -> str:
    """``48h`` → "48 hours", ``14d`` → "14 days", ``30m`` → "30 minutes"."""
    seconds = int(delta.total_seconds())
    if seconds % 86400 == 0 and seconds >= 3 * 86400:
        count, unit = seconds // 86400, "day"
    elif seconds % 3600 == 0:
        count, unit = seconds // 3600, "hour"
    elif seconds % 60 == 0:
        count, unit = seconds // 60, "minute"
    else:
        count, unit = seconds, "second"
    return f"{count} {unit}{'s' * (count != 1)}"


_ROLE_NAMES = {
    "commander": "incident commander",
    "communications": "communications lead",
    "scribe": "scribe",
    "tech_lead": "technical lead",
}


def _required_roles(config: Config) -> list[str]:
    """One line per level: the roles ``validate`` requires of its incidents."""
    lines = []
    for level in config.severities:
        required = config.required_roles(level.id)
        assert required is not None
        names = [_ROLE_NAMES[role] for role in required.roles]
        if required.experts:
            names.append(f"at least {required.experts} expert{'s' * (required.experts != 1)}")
        lines.append(f"- **{cell(level.id)}**: {', '.join(names) or 'no role'}")
    return lines


def severity_page(config: Config) -> str:
    """The severity levels as a Markdown page, with the decision tree of ``classify``."""
    rows = [
        "| Level | Name | Meaning | Acknowledge within | Update every | Resolve within | "
        "Postmortem |",
        "|---|---|---|---|---|---|---|",
    ]
    for level in config.severities:
        rows.append(
            f"| **{cell(level.id)}** | {cell(level.name)} | {cell(level.description)} | "
            f"{format_duration(level.ack_within)} | "
            f"{format_duration(level.update_every) if level.update_every else '—'} | "
            f"{format_duration(level.resolve_within) if level.resolve_within else '—'} | "
            f"{level.postmortem} |"
        )
    ids = config.severity_ids
    most, second = ids[0], ids[min(1, len(ids) - 1)]
    third, least = ids[min(2, len(ids) - 1)], ids[min(3, len(ids) - 1)]
    policy = config.postmortems
    return "\n".join([
        "<!-- Generated from incidentkit.yaml by `incidentkit handbook`; do not edit. -->",
        "# Severity levels",
        "",
        "Severity says how bad the impact is *now*; raise or lower it as you learn more "
        "(`incidentkit severity ID LEVEL --reason TEXT` records the change and why in the "
        "timeline). When in doubt, pick the higher level: downgrading later is cheap.",
        "",
        *rows,
        "",
        "## Time targets",
        "",
        "The acknowledge and resolve targets are checked. `incidentkit overdue` lists an open "
        "incident not acknowledged within its level's target after `detected_at`, or not "
        "resolved within it after `started_at` (the start of impact, as the MTTR counts). "
        "`incidentkit metrics` shows, per level, the share of resolved incidents that met each "
        "target and every one that missed it, by how much; a resolved incident without "
        "`acknowledged_at` counts as a missed acknowledgement. Exactly at the target is in "
        "time; a level without a resolve target (—) has none to miss.",
        "",
        "## Deciding quickly",
        "",
        "`incidentkit classify` asks these questions in order (or takes them as flags):",
        "",
        f"1. Is the service down, or is critical data at risk? → **{most}**",
        f"2. Is major functionality degraded? → **{second}** if there is a workaround, "
        f"otherwise **{most}**",
        f"3. Are customers impacted at all? → **{third}**",
        f"4. Otherwise → **{least}**",
        "",
        "`incidentkit classify --incident ID` applies the answer to the incident as "
        "`incidentkit severity` does.",
        "",
        "## Required roles",
        "",
        "`incidentkit validate` checks that an incident names these roles under `roles:` "
        "(`required_roles` and `min_experts` of each severity in `incidentkit.yaml`). "
        "While the incident is open a missing role is a warning, so that declaring it never "
        "waits for one; once it is resolved, an error.",
        "",
        *_required_roles(config),
        "",
        "## Postmortems",
        "",
        f"A required postmortem is due {_human(policy.due_after)} after the incident "
        f"is resolved and should be `final` within {_human(policy.final_within)}. "
        "`incidentkit overdue` reports the ones that are late.",
        "",
    ])


if __name__ == "__main__":  # the old entry point: say where it went rather than pass silently
    import sys

    sys.stderr.write("python -m incidentkit.handbook is now `incidentkit handbook [--check]`\n")
    raise SystemExit(2)
