"""Generated pages of the golden corpus, compared as whole strings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.site.conftest import BASE, generate

INCIDENT = """\
---
title: "Login failures for ~30% of users"
tags:
  - "SEV1"
  - "auth-api"
  - "login-web"
  - "database"
---

# Login failures for &#126;30% of users

- **Incident:** 2026-01-15-auth-login-failures
- **Severity:** SEV1 — Major degradation
- **Status:** Resolved
- **Services:** [Auth API](../../services/auth-api.md), [Login web](../../services/login-web.md)
- **Detection:** automated
- **Postmortem:** [Postmortem (final)](../../postmortems/2026-01-15-auth-login-failures.md)

## Summary

Database connection pool exhaustion in auth-api after v2.3.1.

## Impact

Login failures and 503s for &#126;30% of login attempts

- **Users affected:** 120,000
- **Share affected:** 30%
- **Customer-facing:** yes

## Roles

| Role | Person |
|---|---|
| Commander | Jane Doe (jane) |
| Communications | Bob Stone (bob) |
| Expert | Carol Lim (carol) |

## Milestones

| Milestone | At (UTC) | Since start | |
|---|---|---|---|
| Started | 2026-01-15 14:00 | 0m | impact began |
| Detected | 2026-01-15 14:15 | 15m | time to detect 15m |
| Acknowledged | 2026-01-15 14:17 | 17m | time to acknowledge 2m |
| Mitigated | 2026-01-15 15:00 | 1h | time to mitigate 1h |
| Resolved | 2026-01-15 15:30 | 1h 30m | time to resolve 1h 30m |

## Timeline

| At (UTC) | Kind | What | By |
|---|---|---|---|
| 2026-01-15 14:00 | change | Deployment of v2.3.1 completed |  |
| 2026-01-15 14:15 | alert | Error-rate alert fired | Jane Doe (jane) |

## Updates

| At (UTC) | Status | Audience | Update |
|---|---|---|---|
| 2026-01-15 14:30 | Investigating | external | We are investigating reports of login failures. |

## Action items

| Item | Owner | Priority | Due | Status | Issue |
|---|---|---|---|---|---|
| AI-1 Add connection timeout to all database configs | Carol Lim (carol) | P1 | 2026-01-20 \
| done | — |

## Runbooks

- [Database connection pool exhaustion](../../runbooks/db-connection-pool.md)

## Links

- [Dashboard](https://grafana.example.com/d/auth)
"""

INDEX_ROWS = """\
| Date | Incident | Severity | Status | Services | Year |
|---|---|---|---|---|---|
| 2026-01-15 | [Login failures for &#126;30% of users](2026/2026-01-15-auth-login-failures.md) \
| SEV1 | resolved | auth-api, login-web | 2026 |
"""

FILTERS = """\
<form class="ik-filters" hidden>
<label>Severity <select data-filter="Severity"><option value="">all</option>\
<option>SEV0</option><option>SEV1</option><option>SEV2</option><option>SEV3</option>\
</select></label>
<label>Service <select data-filter="Services"><option value="">all</option>\
<option>auth-api</option><option>login-web</option></select></label>
<label>Status <select data-filter="Status"><option value="">all</option>\
<option>investigating</option><option>identified</option><option>monitoring</option>\
<option>resolved</option></select></label>
<label>Year <select data-filter="Year"><option value="">all</option>\
<option>2026</option></select></label>
<output class="ik-count"></output>
</form>
"""


def test_incident_page() -> None:
    assert generate()["incidents/2026/2026-01-15-auth-login-failures.md"] == INCIDENT


def test_incidents_index() -> None:
    page = generate()["incidents/index.md"]
    assert page.startswith("# Incidents\n\n1 incident, newest first.")
    assert INDEX_ROWS in page
    assert FILTERS in page
    # The filter script comes from extra_javascript in both builders (site.assets), not from
    # the page: a script tag here would run it twice under Zensical, which keeps page HTML.
    assert "<script" not in page


def test_every_page_and_file() -> None:
    assert sorted(generate()) == [
        "assets/incidentkit/filter.js",
        "assets/incidentkit/site.css",
        "assets/incidentkit/timeline.js",
        "feed.xml",
        "incidents/2026/2026-01-15-auth-login-failures.md",
        "incidents/index.md",
        "index.md",
        "metrics/index.md",
        "oncall/identity-primary.ics",
        "oncall/identity-primary.md",
        "oncall/index.md",
        "postmortems/2026-01-15-auth-login-failures.md",
        "postmortems/index.md",
        "runbooks/db-connection-pool.md",
        "runbooks/index.md",
        "services/auth-api.md",
        "services/index.md",
        "services/login-web.md",
        "status.json",
        "status/index.md",
        "tags.md",
    ]


HOME = """\
# Incident knowledge base

## Open incidents

No open incidents.

See the [status page](status/index.md) and [all incidents](incidents/index.md).

## On call now

| Schedule | On call | Until (UTC) |
|---|---|---|
| [Identity primary](oncall/identity-primary.md) | Bob Stone (bob) | 2026-01-19 09:00 |

As of 2026-01-15 14:30 UTC, when the site was built. See [on-call schedules](oncall/index.md).

## Overdue follow-ups

Nothing is overdue.
"""


def test_home_page_without_a_hand_written_one() -> None:
    assert generate()["index.md"] == HOME


def test_atom_feed_with_absolute_links() -> None:
    feed = generate(site_url="https://kb.example.com/")["feed.xml"]
    assert feed == """\
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Incident knowledge base: incidents</title>
  <id>https://kb.example.com/incidents/</id>
  <updated>2026-01-15T15:30:00Z</updated>
  <link href="https://kb.example.com/incidents/" />
  <link rel="self" href="https://kb.example.com/feed.xml" />
  <entry>
    <title>[SEV1] Login failures for ~30% of users</title>
    <id>urn:incidentkit:incident:2026-01-15-auth-login-failures</id>
    <link href="https://kb.example.com/incidents/2026/2026-01-15-auth-login-failures/" />
    <updated>2026-01-15T15:30:00Z</updated>
    <published>2026-01-15T14:00:00Z</published>
    <category term="auth-api" />
    <category term="login-web" />
    <category term="SEV1" />
    <summary>resolved: Database connection pool exhaustion in auth-api after v2.3.1.</summary>
    <author>
      <name>jane</name>
    </author>
  </entry>
</feed>
"""


def test_status_json() -> None:
    assert json.loads(generate()["status.json"]) == {
        "generated_at": "2026-01-15T14:30:00Z",
        "status": "operational",
        "services": [
            {"id": "auth-api", "name": "Auth API", "status": "operational",
             "open_incidents": []},
            {"id": "login-web", "name": "Login web", "status": "operational",
             "open_incidents": []},
        ],
        "open_incidents": [],
    }


def test_a_repository_overrides_a_template(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    (root / "templates/site").mkdir(parents=True)
    (root / "templates/site/tags.md.j2").write_text("# Our tags {{ '<b>' }}\n")
    (root / "templates/site/incident.md.j2").write_text(
        "# {{ i.title }}\n\n{{ link('auth', paths.service('auth-api')) }}\n")
    pages = generate(root)
    assert pages["tags.md"] == "# Our tags &lt;b&gt;\n"
    assert pages["incidents/2026/2026-01-15-auth-login-failures.md"] == (
        "# Login failures for &#126;30% of users\n\n[auth](../../services/auth-api.md)\n")


def test_status_page_lists_open_incidents_by_service(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    path = root / "incidents/2026/2026-01-15-auth-login-failures.yaml"
    path.write_text(path.read_text().replace("status: resolved", "status: monitoring")
                    .replace("resolved_at: 2026-01-15T15:30:00Z\n", ""))
    page = generate(root)["status/index.md"]
    assert page.startswith("# Status\n\n**1 open incident.** As of 2026-01-15 14:30 UTC.\n")
    assert ("| [Auth API](../services/auth-api.md) | partial outage | [SEV1 Login failures for "
            "&#126;30% of users](../incidents/2026/2026-01-15-auth-login-failures.md) | "
            '<span class="ik-days">') in page
    assert page.endswith(
        "## Open incidents\n\n"
        "### Login failures for &#126;30% of users\n\n"
        "[Incident page](../incidents/2026/2026-01-15-auth-login-failures.md) · SEV1 · "
        "Monitoring · since 2026-01-15 14:00 UTC · auth-api, login-web\n\n"
        "> **2026-01-15 14:30 UTC, Investigating:** We are investigating reports of login "
        "failures.\n\n")


def test_schedule_calendar_feed() -> None:
    from icalendar import Calendar

    feed = generate()["oncall/identity-primary.ics"]
    assert feed.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    events = Calendar.from_ical(feed).walk("VEVENT")
    # From a week before the build (jane's turn, begun on 5 January) to 90 days after it.
    assert [str(e["UID"]) for e in events[:3]] == [
        "identity-primary/jane/20260105T090000Z@incidentkit",
        "identity-primary/bob/20260112T090000Z@incidentkit",
        "identity-primary/carol/20260119T090000Z@incidentkit",
    ]
    assert str(events[0]["SUMMARY"]) == "On call: Identity primary (jane)"
