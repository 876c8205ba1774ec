"""The metrics page's time targets: the same figures and breaches as ``incidentkit metrics``."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.site.conftest import BASE, generate

#: SEV0 (ack within 5m, resolve within 4h), resolved: never acknowledged, resolved 5h 30m after
#: its start (1h 30m late). The corpus' SEV1 met both of its targets (2m and 1h 30m).
RESOLVED_LATE = """\
id: 2026-01-10-queue-lag
title: Queue lag
severity: SEV0
status: resolved
summary: The queue lagged.
services: [auth-api]
detection: automated
impact:
  summary: Slow logins
  customer_facing: true
roles:
  commander: carol
  communications: jane
  scribe: bob
  experts: [jane]
started_at: 2026-01-10T10:00:00Z
detected_at: 2026-01-10T10:20:00Z
resolved_at: 2026-01-10T15:30:00Z
"""

#: Text from the engine is escaped for Python-Markdown (``0\.0%``), as everywhere on the site.
TARGETS = """\
## Time targets

Resolved incidents acknowledged within their severity's target after detection, and resolved
within it after the start of impact. `incidentkit overdue` lists the open incidents past them.

| Severity | Resolved | Acknowledge within | Acknowledged in time | Resolve within | Resolved in time |
|---|---|---|---|---|---|
| SEV0 | 1 | 5m | 0\\.0% (0 of 1) | 4h | 0\\.0% (0 of 1) |
| SEV1 | 1 | 15m | 100\\.0% (1 of 1) | 8h | 100\\.0% (1 of 1) |
| SEV2 | 0 | 1h | — | 3d | — |
| SEV3 | 0 | 1d | — | — | — |

{breaches}
## Mean time between failures
"""  # noqa: E501


def _targets(page: str) -> str:
    return page[page.index("## Time targets"):page.index("## Mean time between failures") + 30]


def test_breaches_link_their_incidents(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    (root / "incidents/2026/2026-01-10-queue-lag.yaml").write_text(RESOLVED_LATE)
    page = generate(root)["metrics/index.md"]
    assert _targets(page) == TARGETS.format(breaches="""\
| Incident | Severity | Target | Late |
|---|---|---|---|
| [2026-01-10-queue-lag](../incidents/2026/2026-01-10-queue-lag.md) | SEV0 | acknowledge | acknowledged\\_at not recorded |
| [2026-01-10-queue-lag](../incidents/2026/2026-01-10-queue-lag.md) | SEV0 | resolve | 1h 30m |
""")  # noqa: E501


def test_no_breach() -> None:
    page = generate()["metrics/index.md"]
    assert _targets(page) == TARGETS.replace(
        "| SEV0 | 1 | 5m | 0\\.0% (0 of 1) | 4h | 0\\.0% (0 of 1) |",
        "| SEV0 | 0 | 5m | — | 4h | — |",
    ).format(breaches="No target was missed.\n")
