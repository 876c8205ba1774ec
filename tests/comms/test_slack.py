"""Slack Block Kit: the payload's shape, values escaped once, limits kept, localised dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from incidentkit.comms.slack import FIELD_MAX, HEADER_MAX, SECTION_MAX, blocks, date
from incidentkit.comms.view import IncidentView, Named, build
from tests.conftest import EXAMPLES
from tests.repos import opened

ID = "2026-01-15-auth-login-failures"
NOW = datetime(2026, 1, 15, 16, 0, tzinfo=UTC)
STARTED = "<!date^1768485600^{date_short_pretty} {time}|2026-01-15 14:00 UTC>"
RESOLVED = "<!date^1768491000^{date_short_pretty} {time}|2026-01-15 15:30 UTC>"


def _view(**changes: object) -> IncidentView:
    repo = opened(EXAMPLES / "base")
    incident = repo.incidents[ID].model.model_copy(update=changes)
    return build(incident, repo.config, now=NOW, people=repo.people.values(),
                 services=repo.services.values())


def test_the_whole_payload() -> None:
    view = _view(title="Login <fail> & *bold*")
    assert blocks(view, "Already *escaped* &amp; kept\n\n") == {"blocks": [
        {"type": "header", "text": {"type": "plain_text",
                                    "text": "[SEV1] Login &lt;fail&gt; &amp; *bold*",
                                    "emoji": True}},
        {"type": "section", "text": {"type": "mrkdwn",
                                     "text": "Already *escaped* &amp; kept"}},
        {"type": "section", "fields": [
            {"type": "mrkdwn", "text": "*Severity*\nSEV1 · Major degradation"},
            {"type": "mrkdwn", "text": "*Status*\nResolved"},
            {"type": "mrkdwn", "text": "*Services*\nAuth API, Login web"},
            {"type": "mrkdwn", "text": "*Commander*\nJane Doe"},
        ]},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": (
            f"Started {STARTED} · Resolved {RESOLVED} · Duration 1h 30m · {ID}")}]},
    ]}


def test_an_open_incident_without_a_message() -> None:
    view = _view(status="identified", resolved_at=None, mitigated_at=None, severity="SEV9")
    view = replace(view, roles=replace(view.roles, commander=Named("eve", "Eve <admin> & co")))
    payload = blocks(view, "  \n")
    assert [b["type"] for b in payload["blocks"]] == ["header", "section", "context"]
    fields = payload["blocks"][1]["fields"]
    assert fields[0]["text"] == "*Severity*\nSEV9"  # no name of its own: the id once
    assert fields[3]["text"] == "*Commander*\nEve &lt;admin&gt; &amp; co"
    assert payload["blocks"][2]["elements"][0]["text"] == (
        f"Started {STARTED} · Ongoing for 2h · {ID}")


def test_long_values_are_cut_never_inside_an_entity() -> None:
    def header(n: int) -> str:
        text = blocks(_view(title="x" * n + "&&&&&&&&"), "")["blocks"][0]["text"]["text"]
        assert isinstance(text, str) and len(text) <= HEADER_MAX
        return text

    # "[SEV1] " and n x's, then "&amp;" as long as it fits whole.
    assert header(HEADER_MAX - 13) == "[SEV1] " + "x" * (HEADER_MAX - 13) + "&amp;…"
    assert header(HEADER_MAX - 12) == "[SEV1] " + "x" * (HEADER_MAX - 12) + "…"
    message = blocks(_view(), "y" * 5000)["blocks"][1]["text"]["text"]
    assert (len(message), message[-1]) == (SECTION_MAX, "…")
    view = _view()
    long = replace(view, services=(Named("s", "<" * 1000),))
    field = blocks(long, "")["blocks"][1]["fields"][2]["text"]
    assert len(field) <= FIELD_MAX
    assert field.endswith("&lt;…")


def test_dates_fall_back_to_utc() -> None:
    assert date(datetime.fromisoformat("2026-01-15T15:00:00+01:00")) == STARTED
