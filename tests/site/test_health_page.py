"""The metrics page's responder-health table: the figures of ``metrics --by person`` over all
incidents, names escaped once.

On the corpus of :mod:`tests.metrics.test_health`, all time rather than the first quarter: jane
also commands the 2025-12-31 blip (nobody on call yet: the rotation starts 2026-01-01) and the
2026-04-02 restart (carol's week from Thu 03-26: 06:03Z = 11:33 IST, business hours), so jane
holds 8 of 8 + 5 + 1 + 0 + 0 = 14 role-holdings (57.1 %) and carol has 5 pages; the
near-miss stays out, as in every other figure of the page.
"""

from __future__ import annotations

from pathlib import Path

from tests.metrics.test_health import health_corpus
from tests.site.conftest import generate

HEALTH = """\
## Responder health

Over all incidents: the incidents in which each person held a role, and the pages the first
step of their services' escalation policies sent them at detection, placed in the person's own
time zone (business hours Mon-Fri 09:00-18:00). `incidentkit metrics --by person --since …`
gives the same figures for a period.

| Person | Time zone | Incidents | Commanded | Pages | Out of hours | Nights interrupted | Weekends interrupted |
|---|---|---|---|---|---|---|---|
| Jane Doe (jane) | Europe/Berlin | 8 | 8 | 3 | 0 | 0 | 0 |
| Bob Stone (bob) | America/New\\_York | 5 | 2 | 2 | 2 | 1 | 0 |
| Carol Iyer (carol) | Asia/Kolkata | 1 | 0 | 5 | 2 | 0 | 2 |
| Dave Ng (dave) | UTC | 0 | 0 | 0 | 0 | 0 | 0 |
| Erin &lt;b&gt;Moss&lt;/b&gt; \\| \\*ops\\* (erin) | UTC | 0 | 0 | 0 | 0 | 0 | 0 |

Concentration: the most-involved 20% of people (1 of 5: jane) held 8 of 14 role-holdings (57.1%).
"""  # noqa: E501


def test_metrics_page_shows_responder_health(tmp_path: Path) -> None:
    page = generate(health_corpus(tmp_path / "repo"))["metrics/index.md"]
    assert page[page.index("## Responder health"):] == HEALTH
