"""The home page's overdue counts mirror ``incidentkit overdue``, the open incidents past their
severity's targets included."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.site.conftest import BASE, generate

#: SEV0 (ack within 5m, resolve within 4h, an update every 15m), open at the site's NOW
#: (2026-01-15 14:30): not acknowledged since 10:25, not resolved since 14:00, no update since
#: 10:35.
OPEN_SEV0 = """\
id: 2026-01-15-queue-lag
title: Queue lag
severity: SEV0
status: investigating
summary: The queue lags.
services: [auth-api]
detection: automated
impact:
  summary: Slow logins
  customer_facing: true
roles:
  commander: carol
started_at: 2026-01-15T10:00:00Z
detected_at: 2026-01-15T10:20:00Z
"""


def test_home_page_counts_the_target_breaches(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    (root / "incidents/2026/2026-01-15-queue-lag.yaml").write_text(OPEN_SEV0)
    home = generate(root)["index.md"]
    assert home.split("## Overdue follow-ups\n")[1] == """
| What | Overdue |
|---|---|
| Open incidents not acknowledged in time | 1 |
| Open incidents past their resolution target | 1 |
| Open incidents without a recent update | 1 |

Run `incidentkit overdue` for the list.
"""
