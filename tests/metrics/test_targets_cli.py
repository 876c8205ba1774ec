"""``incidentkit metrics`` with time-target breaches, the whole output in every format.

The corpus of ``test_metrics_cli`` (see its table) with tighter targets and the API latency's
``acknowledged_at`` removed; in [2026-01-01, 2026-04-01), resolved:

| incident   | sev  | ack (target)      | resolve from start (target) |
|------------|------|-------------------|-----------------------------|
| outage     | SEV0 | 2m (1m): 1m late  | 1h (4h)                     |
| db-slow    | SEV1 | 5m (2m): 3m late  | 3h (2h): 1h late            |
| latency    | SEV1 | not recorded      | 1h 30m (2h)                 |
| web-errors | SEV2 | 15m (15m): within | 2h 30m (2h): 30m late       |
| web-typo   | SEV3 | 1h (30m): 30m late| 1d (null: no target)        |

The failover (SEV3) is open: measured by ``overdue``, not here.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.metrics.test_metrics_cli import CORPUS, Q1

CONFIG = """\
severities:
  - {id: SEV0, name: Critical, description: Down., ack_within: 1m, update_every: 15m,
     resolve_within: 4h, postmortem: required}
  - {id: SEV1, name: Major, description: Degraded., ack_within: 2m, update_every: 30m,
     resolve_within: 2h, postmortem: required}
  - {id: SEV2, name: Minor, description: Minor., ack_within: 15m, update_every: 2h,
     resolve_within: 2h, postmortem: optional}
  - {id: SEV3, name: Low, description: Cosmetic., ack_within: 30m, resolve_within: null,
     postmortem: optional}
"""

EXPECTED = Path(__file__).parent / "targets_expected"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(CORPUS, root)
    (root / "incidentkit.yaml").write_text(CONFIG)
    latency = root / "incidents/2026/2026-02-14-api-latency.yaml"
    latency.write_text(latency.read_text().replace("acknowledged_at: 2026-02-14T09:21:00Z\n", ""))
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-04-15T00:00:00Z")
    return root


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_breaches_in_every_format(fmt: str, repo: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(repo), "metrics", *Q1, "--format", fmt)
    assert (result.status, result.err) == (0, "")
    assert result.out == (EXPECTED / f"{fmt}.out").read_text(encoding="utf-8")
