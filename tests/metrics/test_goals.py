"""``incidentkit.yaml`` ``targets``: each figure against its floor, every shortfall with its
incident, and ``--fail-under``.

The corpus of ``test_metrics_cli`` (its table) in [2026-01-01, 2026-04-01), with a runbook for
the API: 3 of the 6 incidents (outage, latency, failover) have a service with a runbook. MTBF:
api (tier 1) 27d 7h 15m, db (tier 1) 39d 16h 30m, web (tier 2) 37d 1h. Every resolved incident
met its severity's default targets (acknowledged 5 of 5, resolved 4 of 4: SEV3 has no resolve
target); postmortems final 1 of 3 (db-slow's is a draft, latency's is missing); action items
done 2 of 7.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Run
from tests.metrics.test_metrics_cli import CORPUS, Q1

TARGETS = """\
targets:
  ack_compliance: 95
  resolve_compliance: 90
  postmortem_completion: 100
  action_item_completion: 25
  runbook_coverage: 60
  mtbf:
    1: 30d
    2: 20d
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(CORPUS, root)
    services = root / "oncall" / "services.yaml"
    services.write_text(services.read_text().replace(
        "  escalation_policy: platform\n", "  escalation_policy: platform\n  runbooks: [restart]\n",
        1))
    runbook = (EXAMPLES / "base" / "oncall" / "runbooks" / "db-connection-pool.md").read_text()
    (root / "oncall" / "runbooks").mkdir()
    (root / "oncall" / "runbooks" / "restart.md").write_text(
        runbook.replace("services: [auth-api]", "services: [api]"))
    (root / "incidentkit.yaml").write_text(TARGETS)
    return root


EXPECTED = """\

Targets (incidentkit.yaml targets: the figure must be at least the target)
  target                                       at least  figure
  acknowledged within the severity's target    95.0%     100.0% (5 of 5)  met
  resolved within the severity's target        90.0%     100.0% (4 of 4)  met
  required postmortems final                   100.0%    33.3% (1 of 3)   missed
  action items done (won't do left out)        25.0%     28.6% (2 of 7)   met
  incidents with a service that has a runbook  60.0%     50.0% (3 of 6)   missed
  MTBF of every tier-1 service                 30d       27d 7h           missed
  MTBF of every tier-2 service                 20d       37d 1h           met

Short of the targets
  required postmortems final: 2026-01-20-db-slow — postmortem not final
  required postmortems final: 2026-02-14-api-latency — postmortem not final
  incidents with a service that has a runbook: 2026-01-20-db-slow — none of its services has \
a runbook
  incidents with a service that has a runbook: 2026-02-10-web-errors — none of its services \
has a runbook
  incidents with a service that has a runbook: 2026-03-20-web-typo — none of its services has \
a runbook
  MTBF of every tier-1 service: service api — MTBF 27d 7h over 3 incidents: \
2026-01-05-api-outage, 2026-02-14-api-latency, 2026-03-01-db-failover
"""


def test_each_target_met_or_missed_with_its_shortfalls(repo: Path,
                                                        run: Callable[..., Run]) -> None:
    result = run("-C", str(repo), "metrics", *Q1)
    assert (result.status, result.err) == (0, "")
    text = result.out
    start = text.index("\nTargets (incidentkit.yaml")
    end = text.index("\nMTBF per service")
    assert text[start:end] == EXPECTED
    assert text.endswith("\nRunbooks: 6 incidents\n"
                         "  with a service that has a runbook  50.0%  (3 of 6)\n"
                         "  linking a runbook                   0.0%  (0 of 6)\n")


def test_fail_under_exits_1_naming_the_missed_targets(repo: Path,
                                                      run: Callable[..., Run]) -> None:
    result = run("-C", str(repo), "metrics", *Q1, "--fail-under", "--format", "json")
    assert result.status == 1
    assert result.err == ("incidentkit: 3 targets missed: postmortem_completion, "
                          "runbook_coverage, mtbf_tier_1\n")
    goals = {g["name"]: g for g in json.loads(result.out)["goals"]}
    assert goals["mtbf_tier_1"] == {
        "name": "mtbf_tier_1", "label": "MTBF of every tier-1 service", "unit": "seconds",
        "target": 2592000.0, "actual": 2358900.0, "part": None, "whole": None, "met": False,
        "shortfalls": [{"subject": "service api", "detail": "MTBF 27d 7h over 3 incidents: "
                        "2026-01-05-api-outage, 2026-02-14-api-latency, 2026-03-01-db-failover"}]}
    assert (goals["action_item_completion"]["part"], goals["action_item_completion"]["whole"],
            goals["action_item_completion"]["met"]) == (2, 7, True)
    assert len(goals["action_item_completion"]["shortfalls"]) == 5
    csv_rows = run("-C", str(repo), "metrics", *Q1, "--format", "csv").out.splitlines()
    assert "goals,runbook_coverage,met,0" in csv_rows
    assert "goal_shortfalls,runbook_coverage,2026-03-20-web-typo,none of its services has a " \
           "runbook" in csv_rows


def test_without_targets_nothing_is_said_and_fail_under_passes(
        run: Callable[..., Run]) -> None:
    result = run("-C", str(CORPUS), "metrics", *Q1, "--fail-under")
    assert (result.status, result.err) == (0, "")
    assert "Targets (incidentkit.yaml" not in result.out


def test_lowering_the_floors_passes(repo: Path, run: Callable[..., Run]) -> None:
    (repo / "incidentkit.yaml").write_text(
        "targets:\n  postmortem_completion: 30\n  runbook_coverage: 50\n  mtbf:\n    1: 27d\n")
    assert run("-C", str(repo), "metrics", *Q1, "--fail-under").status == 0


def test_a_bad_target_is_a_configuration_error(repo: Path, run: Callable[..., Run]) -> None:
    (repo / "incidentkit.yaml").write_text("targets:\n  runbook_coverage: 120\n  mtbf:\n"
                                           "    4: 1d\n")
    result = run("-C", str(repo), "validate")
    assert result.status == 1
    assert "incidentkit.yaml:2:21: error" in result.out
    assert "incidentkit.yaml:4:8: error [invalid-value] '4' is not allowed for '[key]': use " \
        "'1', '2' or '3'" in result.out
