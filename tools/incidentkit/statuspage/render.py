"""Every file of the public status page: HTML from the Jinja2 templates of
``templates/status_page/`` (a repository's own ``templates/status_page/`` overrides them, file
by file), the stylesheet, the feeds and the Statuspage-shaped JSON."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from incidentkit import present
from incidentkit.statuspage import api, feeds
from incidentkit.statuspage.state import WORDS, PublicIncident, StatusPage
from incidentkit.statuspage.uptime import Day

BUILTIN = Path(__file__).resolve().parent.parent / "templates" / "status_page"
STYLESHEET = "style.css"

_IMPACT = {"minor": "Minor impact", "major": "Major impact", "critical": "Critical impact"}
_STATUS = {"investigating": "Investigating", "identified": "Identified",
           "monitoring": "Monitoring", "resolved": "Resolved", "scheduled": "Scheduled",
           "in-progress": "In progress", "completed": "Completed"}
_PHASE = {"scheduled": "Scheduled", "in-progress": "In progress", "completed": "Completed"}


def _day(d: Day) -> str:
    if d.level is None:
        return f"{d.day.isoformat()}: no incidents"
    words = WORDS[d.level].lower()
    return f"{d.day.isoformat()}: {words} for {present.duration(d.affected)}"


def _percent(value: float) -> str:
    return f"{value:.2f} %"


def environment(override: Path | None = None) -> Environment:
    loaders = [FileSystemLoader(str(override))] if override and override.is_dir() else []
    env = Environment(loader=ChoiceLoader([*loaders, FileSystemLoader(str(BUILTIN))]),
                      autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    env.globals.update(
        time=present.utc_minute, duration=lambda d: present.duration(d, most=2),
        iso=lambda m: m.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        impact_words=_IMPACT.__getitem__, status_words=lambda s: _STATUS.get(s, s),
        phase_words=_PHASE.__getitem__, day_words=_day, percent=_percent)
    return env


def _months(incidents: list[PublicIncident]) -> list[tuple[date, list[PublicIncident]]]:
    by_month: dict[date, list[PublicIncident]] = defaultdict(list)
    for i in incidents:
        start = i.started_at.astimezone(UTC)
        by_month[date(start.year, start.month, 1)].append(i)
    return sorted(by_month.items(), reverse=True)


def files(page: StatusPage, *, templates: Path | None = None) -> dict[str, str]:
    """Every file of the site, by path under the output folder."""
    env = environment(templates)

    def render(name: str, root: str, **context: Any) -> str:
        return env.get_template(name).render(page=page, root=root, **context)

    out = {
        "index.html": render("index.html.j2", ""),
        "history.html": render(
            "history.html.j2", "", months=_months(page.resolved),
            past_maintenance=[m for m in page.maintenance if m.phase == "completed"]),
        STYLESHEET: env.loader.get_source(env, STYLESHEET)[0] if env.loader else "",
        feeds.RSS: feeds.rss(page),
        feeds.ATOM: feeds.atom(page),
        **api.files(page),
    }
    for i in page.incidents:
        out[f"incidents/{i.id}.html"] = render("incident.html.j2", "../", incident=i)
    for m in page.maintenance:
        out[f"maintenance/{m.id}.html"] = render("maintenance.html.j2", "../", m=m)
    return out

