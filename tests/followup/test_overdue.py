"""``incidentkit overdue`` at a fixed time on the base corpus plus one item of every kind."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Run

OPEN_INCIDENT = """\
id: 2026-03-01-checkout-errors
title: Checkout errors
severity: SEV1
status: identified
summary: Checkout returns 500s.
services: [auth-api]
detection: manual
impact:
  summary: Some checkouts fail
  customer_facing: true
roles:
  commander: jane
  communications: bob
started_at: 2026-03-01T10:00:00Z
detected_at: 2026-03-01T10:05:00Z
updates:
  - at: 2026-03-01T10:10:00Z
    status: investigating
    audience: internal
    text: Looking.
"""

RESOLVED_NO_PM = """\
id: 2026-02-10-dns-outage
title: DNS outage
severity: SEV0
status: resolved
summary: Nothing resolved.
services: [login-web]
detection: customer
impact:
  summary: Everything down
  customer_facing: true
roles:
  commander: carol
  communications: bob
  scribe: jane
  experts: [bob]
started_at: 2026-02-10T08:00:00Z
detected_at: 2026-02-10T08:10:00Z
resolved_at: 2026-02-10T09:00:00Z
"""

#: Open past its resolve target (SEV2: 72h from started_at); acknowledged, though 30m after its
#: ack target (1h from detected_at), which is not an item while it is open.
OPEN_PAST_TARGET = """\
id: 2026-02-25-report-delays
title: Report delays
severity: SEV2
status: monitoring
summary: Reports arrive late.
services: [login-web]
detection: automated
impact:
  summary: Reports late
  customer_facing: false
roles:
  commander: bob
started_at: 2026-02-25T09:00:00Z
detected_at: 2026-02-25T09:30:00Z
acknowledged_at: 2026-02-25T11:00:00Z
updates:
  - at: 2026-03-01T11:30:00Z
    status: monitoring
    audience: internal
    text: Watching the backlog drain.
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", root)
    (root / "incidents/2026/2026-03-01-checkout-errors.yaml").write_text(OPEN_INCIDENT)
    (root / "incidents/2026/2026-02-10-dns-outage.yaml").write_text(RESOLVED_NO_PM)
    (root / "incidents/2026/2026-02-25-report-delays.yaml").write_text(OPEN_PAST_TARGET)
    pm = root / "postmortems/2026-01-15-auth-login-failures.md"
    text = pm.read_text().replace("status: final", "status: in-review", 1)
    text = text.replace("    status: done\n", "    status: open\n", 1)
    pm.write_text(text)
    runbook = root / "oncall/runbooks/db-connection-pool.md"
    runbook.write_text(runbook.read_text().replace("last_reviewed: 2026-10-01",
                                                   "last_reviewed: 2025-08-01"))
    return root


AT = "2026-03-01T12:00:00Z"


EXPECTED = Path(__file__).parent / "overdue_expected"


@pytest.mark.parametrize("fmt", ["text", "json", "github", "markdown"])
def test_every_kind_in_every_format(fmt: str, repo: Path, run: Callable[..., Run]) -> None:
    """One item of each of the seven kinds, the whole output compared (checked by hand once:
    AI-1 is due by the end of 2026-01-20, so 39 days 12 hours late at 2026-03-01 12:00; the
    checkout incident, detected at 10:05 and never acknowledged, passed its SEV1 ack target
    of 15m at 10:20, 1h 40m before; the report delays, started 2026-02-25 09:00, passed the
    SEV2 resolve target of 72h on 2026-02-28 09:00, 1d 3h before)."""
    result = run("-C", str(repo), "overdue", "--at", AT, "--format", fmt)
    assert result.status == 0
    assert result.out == (EXPECTED / f"{fmt}.out").read_text(encoding="utf-8")


def test_fail_and_step_summary(
    repo: Path, run: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run("-C", str(repo), "overdue", "--at", AT, "--fail", "--format", "github")
    assert result.status == 1
    assert result.out.splitlines()[0] == (
        "::warning file=postmortems/2026-01-15-auth-login-failures.md,line=7,col=5,"
        "title=overdue action-item::AI-1 Add connection timeout to all database configs (P1) "
        "— carol — due 2026-01-20, 39d 12h late"
    )
    written = summary.read_text()
    assert written.startswith("# earlier step\n## Overdue incident follow-ups\n")
    assert "| AI-1 Add connection timeout to all database configs (P1) | carol | 2026-01-20 " \
        "| 39d 12h | postmortems/2026-01-15-auth-login-failures.md:7 |" in written


def test_runbook_review_and_nothing_overdue(run: Callable[..., Run]) -> None:
    base = str(EXAMPLES / "base")
    assert run("-C", base, "overdue", "--at", "2026-03-01T00:00:00Z").out == (
        "Nothing is overdue at 2026-03-01 00:00 UTC.\n"
    )
    late = run("-C", base, "overdue", "--at", "2027-05-01T00:00:00Z", "--format", "json")
    assert '"kind": "runbook-review"' in late.out
    assert '"due": "2027-03-30"' in late.out


def test_naive_at_is_a_usage_error(run: Callable[..., Run]) -> None:
    result = run("-C", str(EXAMPLES / "base"), "overdue", "--at", "2026-03-01T00:00:00")
    assert result.status == 2
    assert "has no offset" in result.err


def test_markdown_escapes_text_from_the_files(repo: Path, run: Callable[..., Run]) -> None:
    pm = repo / "postmortems/2026-01-15-auth-login-failures.md"
    pm.write_text(pm.read_text().replace(
        "title: Add connection timeout to all database configs",
        "title: \"Fix <script>x</script> | *now* ~~gone~~ $math$\""))
    result = run("-C", str(repo), "overdue", "--at", AT, "--format", "markdown")
    assert (
        "| AI-1 Fix \\<script\\>x\\</script\\> \\| \\*now\\* \\~\\~gone\\~\\~ \\$math\\$ (P1) "
        "| carol | 2026-01-20 | 39d 12h | postmortems/2026-01-15-auth-login-failures.md:7 |"
    ) in result.out
    assert "<script>" not in result.out
