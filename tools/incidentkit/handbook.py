"""Handbook pages generated from the configuration (kept in ``docs/`` and checked by the tests).

Run ``python -m incidentkit.handbook [--check]`` from the repository root to regenerate them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from incidentkit.config import Config
from incidentkit.markdown import cell
from incidentkit.model.types import format_duration
from incidentkit.store.atomic import write_text

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
        "<!-- Generated from incidentkit.yaml by `python -m incidentkit.handbook`; "
        "do not edit. -->",
        "# Severity levels",
        "",
        "Severity says how bad the impact is *now*; raise or lower it as you learn more. "
        "When in doubt, pick the higher level: downgrading later is cheap.",
        "",
        *rows,
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
        "## Postmortems",
        "",
        f"A required postmortem is due {_human(policy.due_after)} after the incident "
        f"is resolved and should be `final` within {_human(policy.final_within)}. "
        "`incidentkit overdue` reports the ones that are late.",
        "",
    ])


def main(argv: Sequence[str] | None = None) -> int:
    from incidentkit.errors import FatalError
    from incidentkit.repository import open_repository
    from incidentkit.store.source import WorkingTree

    args = list(sys.argv[1:] if argv is None else argv)
    root = Path.cwd()
    try:
        config = open_repository(WorkingTree(root), only=lambda rel: False).config
    except FatalError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    page = severity_page(config)
    target = root / SEVERITY_PAGE
    if "--check" in args:
        if not target.exists() or target.read_text(encoding="utf-8") != page:
            sys.stderr.write(
                f"{SEVERITY_PAGE} is out of date: run python -m incidentkit.handbook\n"
            )
            return 1
        return 0
    write_text(target, page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
