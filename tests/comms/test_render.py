"""``incidentkit render``: every template as Markdown and as Slack Block Kit, exactly; escaping."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run

PEOPLE = """\
- {handle: jane, name: Jane Doe}
- {handle: bob, name: Bob Ray}
- {handle: eve, name: "Eve <admin> & co"}
"""
SERVICES = """\
- {id: auth-api, name: Auth API, team: identity, tier: 1, escalation_policy: identity}
- {id: login-web, name: Login Web, team: identity, tier: 1, escalation_policy: identity}
"""
POLICIES = """\
- {id: identity, name: Identity, steps: [{after: 0m, notify: ["person:jane"]}]}
"""
RESOLVED_ID = "2026-01-15-auth-login-failures"
RESOLVED = """\
id: 2026-01-15-auth-login-failures
title: Login failures for 30% of users
severity: SEV1
status: resolved
summary: Database connection pool exhaustion in auth-api after v2.3.1.
services: [auth-api, login-web]
detection: automated
impact:
  summary: Login failures and 503s for 30% of login attempts
  users_affected: 120000
  percent: 30
  customer_facing: true
roles:
  commander: jane
  communications: bob
  experts: [bob]
started_at: 2026-01-15T14:00:00Z
detected_at: 2026-01-15T14:15:00Z
acknowledged_at: 2026-01-15T15:17:00+01:00
mitigated_at: 2026-01-15T15:00:00Z
resolved_at: 2026-01-15T15:30:00Z
updates:
  - at: 2026-01-15T14:30:00Z
    status: investigating
    audience: external
    text: We are investigating reports of login failures.
  - at: 2026-01-15T14:40:00Z
    status: identified
    audience: internal
    text: Rolling back to v2.2.4.
links:
  - {title: Dashboard, url: "https://grafana.example.com/d/auth"}
"""
EVIL_ID = "2026-02-01-evil"
EVIL = """\
id: 2026-02-01-evil
title: "<script>alert(1)</script> *bold* | pipe"
severity: SEV0
status: investigating
summary: "[click](javascript:alert(1)) & <!channel> _x_ `code` # not a heading"
services: [auth-api]
detection: customer
impact:
  summary: "<img src=x onerror=alert(1)> ~strike~ {attr}"
  customer_facing: false
roles:
  commander: eve
  communications: eve
  scribe: eve
  experts: [eve]
started_at: 2026-02-01T09:00:00Z
detected_at: 2026-02-01T09:05:00Z
updates:
  - at: 2026-02-01T09:10:00Z
    status: investigating
    audience: external
    text: "- a list?\\n1. or a number <b>bold</b>"
links:
  - {title: "Runbook [v2]", url: "https://wiki.example.com/a_(b)|c"}
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "oncall").mkdir()
    (tmp_path / "oncall" / "people.yaml").write_text(PEOPLE)
    (tmp_path / "oncall" / "services.yaml").write_text(SERVICES)
    (tmp_path / "oncall" / "escalation-policies.yaml").write_text(POLICIES)
    (tmp_path / "incidents" / "2026").mkdir(parents=True)
    (tmp_path / "incidents" / "2026" / f"{RESOLVED_ID}.yaml").write_text(RESOLVED)
    (tmp_path / "incidents" / "2026" / f"{EVIL_ID}.yaml").write_text(EVIL)
    return tmp_path


def render(run: Callable[..., Run], repo: Path, *args: str, at: str) -> Run:
    return run("-C", str(repo), "render", *args, "--at", at)


LAYOUT_END = """
- **Affected services:** Auth API, Login Web
- **Started:** 2026-01-15 14:00 UTC
{times}
_Posted 2026-01-15 16:00 UTC_
"""

MARKDOWN = {
    "investigating": """\
## Investigating: Login failures for 30% of users

We are investigating reports of login failures.

**Impact:** Login failures and 503s for 30% of login attempts
""" + LAYOUT_END.format(times=""),
    "identified": """\
## Identified: Login failures for 30% of users

We have identified the cause of the issue affecting Auth API, Login Web and are working on a fix.

**Impact:** Login failures and 503s for 30% of login attempts
""" + LAYOUT_END.format(times=""),
    "monitoring": """\
## Monitoring: Login failures for 30% of users

A fix has been applied and we are monitoring the results.
""" + LAYOUT_END.format(times="- **Mitigated:** 2026-01-15 15:00 UTC\n"),
    "resolved": """\
## Resolved: Login failures for 30% of users

This incident has been resolved and all affected services are operating normally.

**Duration:** 1h 30m
""" + LAYOUT_END.format(times="- **Mitigated:** 2026-01-15 15:00 UTC\n"
                                 "- **Resolved:** 2026-01-15 15:30 UTC\n"),
    "internal": """\
## [SEV1] Login failures for 30% of users

Database connection pool exhaustion in auth-api after v2.3.1.

**Impact:** Login failures and 503s for 30% of login attempts (120,000 users, 30%)

**Customer facing:** yes

**Duration:** 1h 30m

**Last external update** (2026-01-15 14:30 UTC, Investigating): We are investigating reports \
of login failures.

- **Status:** Resolved
- **Severity:** SEV1 (Major degradation)
- **Services:** Auth API, Login Web
- **Commander:** Jane Doe
- **Communications:** Bob Ray
- **Experts:** Bob Ray
- **Started:** 2026-01-15 14:00 UTC
- **Detected:** 2026-01-15 14:15 UTC
- **Acknowledged:** 2026-01-15 14:17 UTC
- **Mitigated:** 2026-01-15 15:00 UTC
- **Resolved:** 2026-01-15 15:30 UTC

**Links:**
- [Dashboard](https://grafana.example.com/d/auth)

_Internal update, 2026-01-15 16:00 UTC_
""",
}

#: The Slack message section of each template: the template's message block, Slack-flavoured.
SLACK_MESSAGES = {
    "investigating": "We are investigating reports of login failures.\n\n"
                     "*Impact:* Login failures and 503s for 30% of login attempts",
    "identified": "We have identified the cause of the issue affecting Auth API, Login Web and "
                  "are working on a fix.\n\n"
                  "*Impact:* Login failures and 503s for 30% of login attempts",
    "monitoring": "A fix has been applied and we are monitoring the results.",
    "resolved": "This incident has been resolved and all affected services are operating "
                "normally.\n\n*Duration:* 1h 30m",
    "internal": "Database connection pool exhaustion in auth-api after v2.3.1.\n\n"
                "*Impact:* Login failures and 503s for 30% of login attempts (120,000 users, "
                "30%)\n\n*Customer facing:* yes\n\n*Duration:* 1h 30m\n\n"
                "*Last external update* (2026-01-15 14:30 UTC, Investigating): We are "
                "investigating reports of login failures.",
}


def resolved_payload(message: str) -> dict[str, Any]:
    return {"blocks": [
        {"type": "header",
         "text": {"type": "plain_text", "text": "[SEV1] Login failures for 30% of users",
                  "emoji": True}},
        {"type": "section", "text": {"type": "mrkdwn", "text": message}},
        {"type": "section", "fields": [
            {"type": "mrkdwn", "text": "*Severity*\nSEV1 · Major degradation"},
            {"type": "mrkdwn", "text": "*Status*\nResolved"},
            {"type": "mrkdwn", "text": "*Services*\nAuth API, Login Web"},
            {"type": "mrkdwn", "text": "*Commander*\nJane Doe"},
        ]},
        {"type": "context", "elements": [{
            "type": "mrkdwn",
            "text": "Started <!date^1768485600^{date_short_pretty} {time}|2026-01-15 14:00 UTC> "
                    "· Resolved <!date^1768491000^{date_short_pretty} {time}|2026-01-15 15:30 "
                    "UTC> · Duration 1h 30m · 2026-01-15-auth-login-failures",
        }]},
    ]}


def as_output(payload: dict[str, Any]) -> str:
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("template", sorted(MARKDOWN))
def test_markdown(template: str, repo: Path, run: Callable[..., Run]) -> None:
    result = render(run, repo, RESOLVED_ID, "--template", template, at="2026-01-15T16:00:00Z")
    assert (result.status, result.err) == (0, "")
    assert result.out == MARKDOWN[template]


@pytest.mark.parametrize("template", sorted(SLACK_MESSAGES))
def test_slack(template: str, repo: Path, run: Callable[..., Run]) -> None:
    result = render(run, repo, RESOLVED_ID, "-t", template, "--format", "slack",
                    at="2026-01-15T16:00:00Z")
    assert (result.status, result.err) == (0, "")
    assert result.out == as_output(resolved_payload(SLACK_MESSAGES[template]))


def test_markdown_escapes_data(repo: Path, run: Callable[..., Run]) -> None:
    result = render(run, repo, EVIL_ID, "-t", "internal", at="2026-02-01T09:30:00Z")
    assert (result.status, result.err) == (0, "")
    assert result.out == """\
## [SEV0] &lt;script&gt;alert(1)&lt;/script&gt; \\*bold\\* \\| pipe

\\[click\\](javascript:alert(1)) &amp; &lt;\\!channel&gt; \\_x\\_ \\`code\\` \\# not a heading

**Impact:** &lt;img src=x onerror=alert(1)&gt; \\~strike\\~ \\{attr\\}

**Customer facing:** no

**Duration:** 30m so far

**Last external update** (2026-02-01 09:10 UTC, Investigating): \\- a list?
1\\. or a number &lt;b&gt;bold&lt;/b&gt;

Next update due by 2026-02-01 09:45 UTC.

- **Status:** Investigating
- **Severity:** SEV0 (Critical outage)
- **Services:** Auth API
- **Commander:** Eve &lt;admin&gt; &amp; co
- **Communications:** Eve &lt;admin&gt; &amp; co
- **Scribe:** Eve &lt;admin&gt; &amp; co
- **Experts:** Eve &lt;admin&gt; &amp; co
- **Started:** 2026-02-01 09:00 UTC
- **Detected:** 2026-02-01 09:05 UTC

**Links:**
- [Runbook \\[v2\\]](https://wiki.example.com/a_%28b%29%7Cc)

_Internal update, 2026-02-01 09:30 UTC_
"""


def test_markdown_escapes_data_in_external_updates(repo: Path, run: Callable[..., Run]) -> None:
    result = render(run, repo, EVIL_ID, "-t", "investigating", at="2026-02-01T09:30:00Z")
    assert result.out == """\
## Investigating: &lt;script&gt;alert(1)&lt;/script&gt; \\*bold\\* \\| pipe

\\- a list?
1\\. or a number &lt;b&gt;bold&lt;/b&gt;

**Impact:** &lt;img src=x onerror=alert(1)&gt; \\~strike\\~ \\{attr\\}

We will post the next update by 2026-02-01 09:45 UTC.

- **Affected services:** Auth API
- **Started:** 2026-02-01 09:00 UTC

_Posted 2026-02-01 09:30 UTC_
"""


def test_slack_escapes_data(repo: Path, run: Callable[..., Run]) -> None:
    result = render(run, repo, EVIL_ID, "-t", "internal", "--format", "slack",
                    at="2026-02-01T09:30:00Z")
    assert (result.status, result.err) == (0, "")
    assert result.out == as_output({"blocks": [
        {"type": "header", "text": {
            "type": "plain_text",
            "text": "[SEV0] &lt;script&gt;alert(1)&lt;/script&gt; *bold* | pipe",
            "emoji": True}},
        {"type": "section", "text": {"type": "mrkdwn", "text": (
            "[click](javascript:alert(1)) &amp; &lt;!channel&gt; _x_ `code` # not a heading\n\n"
            "*Impact:* &lt;img src=x onerror=alert(1)&gt; ~strike~ {attr}\n\n"
            "*Customer facing:* no\n\n*Duration:* 30m so far\n\n"
            "*Last external update* (2026-02-01 09:10 UTC, Investigating): - a list?\n"
            "1. or a number &lt;b&gt;bold&lt;/b&gt;\n\n"
            "Next update due by 2026-02-01 09:45 UTC."
        )}},
        {"type": "section", "fields": [
            {"type": "mrkdwn", "text": "*Severity*\nSEV0 · Critical outage"},
            {"type": "mrkdwn", "text": "*Status*\nInvestigating"},
            {"type": "mrkdwn", "text": "*Services*\nAuth API"},
            {"type": "mrkdwn", "text": "*Commander*\nEve &lt;admin&gt; &amp; co"},
        ]},
        {"type": "context", "elements": [{
            "type": "mrkdwn",
            "text": "Started <!date^1769936400^{date_short_pretty} {time}|2026-02-01 09:00 UTC> "
                    "· Ongoing for 30m · 2026-02-01-evil",
        }]},
    ]})


# -- overrides from the repository -----------------------------------------------------------------

def _override(repo: Path, name: str, text: str) -> None:
    folder = repo / "templates" / "comms"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md.j2").write_text(text)


def test_repository_template_wins(repo: Path, run: Callable[..., Run]) -> None:
    _override(repo, "investigating", (
        '{% extends "_external.md.j2" %}\n'
        "{% block heading %}Looking into it{% endblock %}\n"
        "{% block message %}\n"
        "{{ incident.title }} / {{ incident.title|safe }} / {{ incident.roles.commander.id }}\n"
        "{% endblock %}\n"
    ))
    result = render(run, repo, EVIL_ID, "-t", "investigating", at="2026-02-01T09:30:00Z")
    assert (result.status, result.err) == (0, "")
    assert result.out == """\
## Looking into it: &lt;script&gt;alert(1)&lt;/script&gt; \\*bold\\* \\| pipe

&lt;script&gt;alert(1)&lt;/script&gt; \\*bold\\* \\| pipe / <script>alert(1)</script> *bold* \
| pipe / eve

- **Affected services:** Auth API
- **Started:** 2026-02-01 09:00 UTC

_Posted 2026-02-01 09:30 UTC_
"""
    slack = render(run, repo, EVIL_ID, "-t", "investigating", "--format", "slack",
                   at="2026-02-01T09:30:00Z")
    assert json.loads(slack.out)["blocks"][1]["text"]["text"] == (
        "&lt;script&gt;alert(1)&lt;/script&gt; *bold* | pipe / <script>alert(1)</script> *bold* "
        "| pipe / eve"
    )


def test_whole_template_override_is_used_for_slack_too(
    repo: Path, run: Callable[..., Run]
) -> None:
    _override(repo, "monitoring", "{{ format }}: {{ incident.services|join(' & ') }}\n")
    result = render(run, repo, RESOLVED_ID, "-t", "monitoring", at="2026-01-15T16:00:00Z")
    assert result.out == "markdown: Auth API &amp; Login Web\n"
    result = render(run, repo, RESOLVED_ID, "-t", "monitoring", "--format", "slack",
                    at="2026-01-15T16:00:00Z")
    assert json.loads(result.out)["blocks"][1]["text"]["text"] == (
        "slack: Auth API &amp; Login Web")


@pytest.mark.parametrize(("text", "error"), [
    ("line one\n{% if %}\n",
     "incidentkit: error: templates/comms/resolved.md.j2:2: template syntax error: Expected an "
     "expression, got 'end of statement block': fix the template\n"),
    ("line one\n{{ incident.no_such_thing }}\n",
     "incidentkit: error: templates/comms/resolved.md.j2:2: template resolved.md.j2 failed: "
     "UndefinedError: 'incidentkit.comms.view.IncidentView object' has no attribute "
     "'no_such_thing': fix the template\n"),
    ("{{ incident.__class__.__mro__ }}\n",
     "incidentkit: error: templates/comms/resolved.md.j2:1: template resolved.md.j2 failed: "
     "SecurityError: access to attribute '__class__' of 'IncidentView' object is unsafe: fix "
     "the template\n"),
])
def test_broken_template(text: str, error: str, repo: Path, run: Callable[..., Run]) -> None:
    _override(repo, "resolved", text)
    result = render(run, repo, RESOLVED_ID, "-t", "resolved", at="2026-01-15T16:00:00Z")
    assert (result.status, result.out, result.err) == (2, "", error)


# -- errors ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [
    "../../etc/passwd", "2026-01-15-auth-login-failures\n", "2026-01-15-Auth", "2026-01-15-",
    "٢٠٢٦-01-15-auth", "2026-01-15-../x", "incidents/2026/2026-01-15-auth-login-failures.yaml",
])
def test_id_is_checked_before_the_file_system(
    bad: str, tmp_path: Path, run: Callable[..., Run]
) -> None:
    missing = tmp_path / "no-such-repository"
    result = run("-C", str(missing), "render", bad, "-t", "internal")
    assert (result.status, result.out) == (2, "")
    assert result.err == (
        f"incidentkit: error: {bad!r} is not an incident id: write YYYY-MM-DD-slug (lowercase "
        "letters, digits and '-'), e.g. 2026-01-15-auth-login-failures\n"
    )
    assert not missing.exists()


def test_unknown_incident(repo: Path, run: Callable[..., Run]) -> None:
    result = render(run, repo, "2026-03-01-nothing", "-t", "internal", at="2026-03-01T00:00:00Z")
    assert (result.status, result.out, result.err) == (
        2, "", "incidentkit: error: no incident 2026-03-01-nothing: expected "
        "incidents/2026/2026-03-01-nothing.yaml\n")


def test_invalid_incident_prints_its_findings(repo: Path, run: Callable[..., Run]) -> None:
    path = repo / "incidents" / "2026" / f"{RESOLVED_ID}.yaml"
    path.write_text(RESOLVED.replace("commander: jane", "commander: janet"))
    result = render(run, repo, RESOLVED_ID, "-t", "internal", at="2026-01-15T16:00:00Z")
    assert (result.status, result.out) == (1, "")
    assert result.err == (
        "incidents/2026/2026-01-15-auth-login-failures.yaml:14:14: error [unknown-person] person "
        "'janet' does not exist: did you mean 'jane'? add it to oncall/people.yaml or fix the "
        "name\n"
        "incidentkit: error: incident 2026-01-15-auth-login-failures has errors: fix them, then "
        "render again\n"
    )


@pytest.mark.parametrize(("at", "error"), [
    ("2026-01-15T16:00:00", "timestamp '2026-01-15T16:00:00' has no offset: add one, e.g. "
                            "2026-01-15T16:00:00Z or 2026-01-15T16:00:00+01:00"),
    ("yesterday", "'yesterday' is not an RFC 3339 timestamp: write e.g. 2026-01-15T14:00:00Z"),
])
def test_bad_at(at: str, error: str, repo: Path, run: Callable[..., Run]) -> None:
    """--at is parsed as every command parses it (the message validate gives for files)."""
    result = render(run, repo, RESOLVED_ID, "-t", "internal", at=at)
    assert (result.status, result.out) == (2, "")
    assert result.err.endswith(f"Error: Invalid value for '--at': {error}\n")


def test_renders_the_scaffold_example(tmp_path: Path, run: Callable[..., Run]) -> None:
    assert run("init", str(tmp_path / "new")).status == 0
    result = run("-C", str(tmp_path / "new"), "render", "2026-03-02-example-checkout-errors",
                 "-t", "resolved", "--at", "2026-03-02T11:00:00Z")
    assert (result.status, result.err) == (0, "")
    assert result.out == """\
## Resolved: Card payments failing for some customers at checkout

Card payments have been working normally since 10:12 UTC.

**Duration:** 1h

- **Affected services:** Checkout API
- **Started:** 2026-03-02 09:40 UTC
- **Mitigated:** 2026-03-02 10:12 UTC
- **Resolved:** 2026-03-02 10:40 UTC

_Posted 2026-03-02 11:00 UTC_
"""
