"""Slack Block Kit messages, built from the incident view (never by templating JSON).

A header with the severity and title, the template's message as a ``mrkdwn`` section, the
severity, status, services and commander as section fields, and a context line with the times.
Every value from the files is escaped (``&``, ``<``, ``>``); times use Slack's date token, so
each reader sees their own time zone, with the UTC time as the fallback text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from incidentkit.comms.view import IncidentView, format_time
from incidentkit.escape import slack as esc

#: Block Kit limits (characters).
HEADER_MAX = 150
SECTION_MAX = 3000
FIELD_MAX = 2000


def fit(text: str, limit: int) -> str:
    """Escaped text cut to ``limit`` characters with an ellipsis, never inside an entity."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&")
    if amp > cut.rfind(";"):
        cut = cut[:amp]
    return cut + "…"


def date(moment: datetime) -> str:
    """Slack's localised date token; readers without it see the UTC time."""
    epoch = int(moment.timestamp())
    return f"<!date^{epoch}^{{date_short_pretty}} {{time}}|{format_time(moment)}>"


def _field(label: str, value: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": fit(f"*{label}*\n{esc(value)}", FIELD_MAX)}


def blocks(view: IncidentView, message: str) -> dict[str, Any]:
    """The Block Kit payload; ``message`` is ``mrkdwn`` whose data is already escaped."""
    severity = view.severity
    timing = [f"Started {date(view.started)}"]
    if view.resolved is not None:
        timing.append(f"Resolved {date(view.resolved)}")
        timing.append(f"Duration {view.duration}")
    else:
        timing.append(f"Ongoing for {view.duration}")
    timing.append(esc(view.id))
    result: list[dict[str, Any]] = [{
        "type": "header",
        "text": {
            "type": "plain_text",
            "text": fit(esc(f"[{severity.id}] {view.title}"), HEADER_MAX),
            "emoji": True,
        },
    }]
    if message.strip():
        result.append({
            "type": "section",
            "text": {"type": "mrkdwn", "text": fit(message.strip("\n"), SECTION_MAX)},
        })
    result.append({
        "type": "section",
        "fields": [
            _field("Severity", f"{severity.id} · {severity.name}"
                   if severity.name != severity.id else severity.id),
            _field("Status", view.status_label),
            _field("Services", ", ".join(s.name for s in view.services)),
            _field("Commander", view.roles.commander.name),
        ],
    })
    result.append({
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": " · ".join(timing)}],
    })
    return {"blocks": result}
