"""Service pages (the escalation policy resolved to who is on call now) and runbook review
states."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from incidentkit.site.catalog import review_state
from incidentkit.site.generator import Generator, SiteOptions
from tests.conftest import EXAMPLES
from tests.repos import copy_base, opened, write

NOW = datetime(2026, 2, 2, 12, tzinfo=UTC)  # inside the base schedule's override: carol


def _pages(root: Path) -> dict[str, str]:
    return Generator(root).generate(opened(root), SiteOptions(now=NOW))


def test_each_step_names_who_is_on_call_now(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    write(root, "oncall/escalation-policies.yaml", """\
- id: identity
  name: Identity escalation
  steps:
    - after: 0m
      notify: [schedule:identity-primary, schedule:broken]
    - after: 5m
      notify: [schedule:ended]
    - after: 10m
      notify: [schedule:quiet]
    - after: 1h
      notify: [person:bob]
""")
    write(root, "oncall/schedules/broken.yaml", "id: broken\nname: [not text]\n")
    write(root, "oncall/schedules/ended.yaml", """\
id: ended
name: Ended
timezone: UTC
layers:
  - name: l
    start: "2026-01-05T10:00"
    rotation: weekly
    members: [jane]
    effective_until: "2026-01-20T10:00"
""")
    write(root, "oncall/schedules/quiet.yaml", """\
id: quiet
name: Quiet
timezone: UTC
layers:
  - name: l
    start: "2026-01-05T10:00"
    rotation: weekly
    members: [jane]
overrides:
  - from: 2026-02-02T00:00:00Z
    to: 2026-02-03T00:00:00Z
    person: null
    reason: offsite <i>
""")
    page = _pages(root)["services/auth-api.md"]
    assert ("| 0m | [Identity primary](../oncall/identity-primary.md), schedule broken (not "
            "found) | Carol Lim (carol) |\n"
            "| 5m | [Ended](../oncall/ended.md) | nobody (a gap) |\n"
            "| 10m | [Quiet](../oncall/quiet.md) | nobody — uncovered on purpose: offsite "
            "&lt;i&gt; |\n"
            "| 1h | Bob Stone (bob) | Bob Stone (bob) |\n") in page
    assert "**Identity escalation** (identity)" in page


def test_the_service_index_counts_open_incidents(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    text = (root / "incidents/2026/2026-01-15-auth-login-failures.yaml").read_text()
    write(root, "incidents/2026/2026-02-01-open.yaml", text.replace(
        "2026-01-15-auth-login-failures", "2026-02-01-open").replace(
        "status: resolved", "status: monitoring").replace("services: [auth-api, login-web]",
                                                          "services: [auth-api]").replace(
        "resolved_at: 2026-01-15T15:30:00Z\n", ""))
    index = _pages(root)["services/index.md"]
    assert ("| [Auth API](auth-api.md) | identity | 1 | Identity escalation | 1 | 2 |\n"
            "| [Login web](login-web.md) | identity | 2 | Identity escalation | 0 | 1 |\n") in index


def test_runbook_review_state() -> None:
    meta = opened(EXAMPLES / "base").runbooks["db-connection-pool"].model
    every = timedelta(days=180)
    assert review_state(meta, every, date(2027, 3, 30)) == ("review due 2027-03-30", False)
    assert review_state(meta, every, date(2027, 3, 31)) == (
        "review overdue since 2027-03-30", True)
    assert review_state(meta, timedelta(days=1, hours=23), date(2026, 10, 3)) == (
        "review overdue since 2026-10-02", True)  # whole days of the period count
