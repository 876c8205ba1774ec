"""A small incident repository: people, services, a policy and one incident.

The incident has comments and odd but valid formatting (a comment after the last timeline item,
a trailing comment on the status line, flow-style lists and mappings, a quoted timestamp) so the
round-trip tests show that edits leave every other byte alone.
"""

from __future__ import annotations

from pathlib import Path

PEOPLE = """\
# Everyone who can hold an incident role.
- handle: alice
  name: Alice Ng
  github: alice-ng
- handle: bob
  name: Bob Okafor
- handle: carol
  name: Carol Schmidt
"""

SERVICES = """\
- id: auth-api
  name: Auth API
  team: identity
  tier: 1
  escalation_policy: identity

- id: login-web   # the SPA
  name: Login Web
  team: identity
  tier: 1
  escalation_policy: identity
"""

POLICIES = """\
- id: identity
  name: Identity escalation
  steps:
    - after: 0m
      notify: [person:alice]
"""

INCIDENT_ID = "2026-01-15-auth-login-failures"
INCIDENT_REL = f"incidents/2026/{INCIDENT_ID}.yaml"

INCIDENT = """\
# Login outage after the v2.3.1 deploy.
id: 2026-01-15-auth-login-failures
title: "Login failures for ~30% of users"
severity: SEV1   # paged the identity primary
status: identified               # investigating | identified | monitoring | resolved
summary: >
  Database connection pool exhaustion in auth-api
  after v2.3.1.
services: [auth-api, login-web]
detection: automated
impact:
  summary: Login failures and 503s for ~30% of login attempts
  users_affected: 120000
  percent: 30
  customer_facing: true
roles: {commander: alice, scribe: carol, experts: [bob]}
started_at: 2026-01-15T14:00:00Z
detected_at: 2026-01-15T14:15:00Z
acknowledged_at: '2026-01-15T14:17:00Z'

timeline:
  - at: 2026-01-15T14:00:00Z
    kind: change
    text: Deployment of auth-api v2.3.1 completed
  - at: 2026-01-15T14:15:00Z   # paged
    kind: alert
    text: "Error-rate alert | fired"
    author: alice
  # keep entries in time order
updates:
  - {at: 2026-01-15T14:30:00Z, status: investigating, audience: external, text: Looking into it.}
tags: [database, connection-pool]
links:
  - {title: Dashboard, url: "https://grafana.example.com/d/auth"}
"""


def make_repo(root: Path, incident: str | bytes = INCIDENT) -> Path:
    files = {
        "oncall/people.yaml": PEOPLE,
        "oncall/services.yaml": SERVICES,
        "oncall/escalation-policies.yaml": POLICIES,
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    path = root / INCIDENT_REL
    path.parent.mkdir(parents=True)
    if isinstance(incident, bytes):
        path.write_bytes(incident)
    else:
        path.write_text(incident, encoding="utf-8", newline="")
    return root


def read(repo: Path, rel: str = INCIDENT_REL) -> str:
    return (repo / rel).read_bytes().decode("utf-8")
