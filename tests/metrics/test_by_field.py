"""``incidentkit metrics --by FIELD``: the fixed corpus of test_metrics_cli with custom fields.

Of the six incidents in Q1 (their times in test_metrics_cli's table):

| incident    | customer_tier | regions  | security | MTTD | MTTA | MTTR   |
|-------------|---------------|----------|----------|------|------|--------|
| outage      | gold          | eu, us   | true     | 10m  | 2m   | 1h     |
| db-slow     | silver        | eu       | false    | 30m  | 5m   | 3h     |
| web-errors  | gold          | —        | —        | 5m   | 15m  | 2h 30m |
| api-latency | —             | us       | —        | 20m  | 1m   | 1h 30m |
| failover    | bronze        | [] (none)| —        | 1h   | —    | (open) |
| typo        | —             | —        | —        | 0s   | 1h   | 1d     |

By tier: gold 7m 30s / 8m 30s / 1h 45m; silver 30m / 5m / 3h; bronze 1h / — / —;
(none) 10m / 30m 30s / 12h 45m. By region the outage counts in eu and us.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.metrics.test_metrics_cli import CORPUS, HEAD, Q1, TAIL

CONFIG = """\
fields:
  - name: customer_tier
    type: enum
    values: [gold, silver, bronze, platinum]
  - name: regions
    type: list
  - name: security
    type: boolean
  - name: legal_reviewed
    type: boolean
    applies_to: postmortems
"""
FIELDS = {
    "2026-01-05-api-outage": "{customer_tier: gold, regions: [eu, us], security: true}",
    "2026-01-20-db-slow": "{customer_tier: silver, regions: [eu], security: false}",
    "2026-02-10-web-errors": "{customer_tier: gold}",
    "2026-02-14-api-latency": "{regions: [us]}",
    "2026-03-01-db-failover": "{customer_tier: bronze, regions: []}",
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(CORPUS, root)
    (root / "incidentkit.yaml").write_text(CONFIG)
    for ident, fields in FIELDS.items():
        path = root / "incidents" / ident[:4] / f"{ident}.yaml"
        path.write_text(path.read_text() + f"fields: {fields}\n")
    return root


def metrics(run: Callable[..., Run], repo: Path, *args: str) -> str:
    result = run("-C", str(repo), "metrics", *Q1, *args)
    assert (result.status, result.err) == (0, "")
    return result.out


def test_the_corpus_validates(repo: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(repo), "validate", "--format", "json")
    assert [f for f in json.loads(result.out)["findings"] if f["severity"] == "error"] == []


def test_text_by_enum(repo: Path, run: Callable[..., Run]) -> None:
    # The enum's values in their order (platinum has none), then the incidents without it.
    assert metrics(run, repo, "--by", "customer_tier") == HEAD + """\
  customer_tier  incidents  MTTD                 MTTA                   MTTR
  all                    6  20m 50s / 15m (6)    16m 36s / 5m (5)       6h 24m / 2h 30m (5)
  gold                   2  7m 30s / 7m 30s (2)  8m 30s / 8m 30s (2)    1h 45m / 1h 45m (2)
  silver                 1  30m / 30m (1)        5m / 5m (1)            3h / 3h (1)
  bronze                 1  1h / 1h (1)          —                      —
  platinum               0  —                    —                      —
  (none)                 2  10m / 10m (2)        30m 30s / 30m 30s (2)  12h 45m / 12h 45m (2)
""" + TAIL


def test_text_by_list(repo: Path, run: Callable[..., Run]) -> None:
    # The outage counts in eu and in us; an empty list is (none).
    assert metrics(run, repo, "--by", "regions") == HEAD + """\
  regions  incidents  MTTD               MTTA                   MTTR
  all              6  20m 50s / 15m (6)  16m 36s / 5m (5)       6h 24m / 2h 30m (5)
  eu               2  20m / 20m (2)      3m 30s / 3m 30s (2)    2h / 2h (2)
  us               2  15m / 15m (2)      1m 30s / 1m 30s (2)    1h 15m / 1h 15m (2)
  (none)           3  21m 40s / 5m (3)   37m 30s / 37m 30s (2)  13h 15m / 13h 15m (2)
""" + TAIL


def test_json_by_boolean(repo: Path, run: Callable[..., Run]) -> None:
    data = json.loads(metrics(run, repo, "--by", "security", "--format", "json"))
    assert data["by"] == "security"
    assert [(g["key"], g["incidents"], g["mttr"]) for g in data["groups"]] == [
        ("true", 1, {"count": 1, "mean_seconds": 3600, "median_seconds": 3600}),
        ("false", 1, {"count": 1, "mean_seconds": 10800, "median_seconds": 10800}),
        ("(none)", 4, {"count": 3, "mean_seconds": 33600, "median_seconds": 9000}),
    ]


def test_csv_by_enum(repo: Path, run: Callable[..., Run]) -> None:
    out = metrics(run, repo, "--by", "customer_tier", "--format", "csv")
    assert [line for line in out.splitlines()
            if line.startswith("by_customer_tier,") and ",incidents," in line] == [
        "by_customer_tier,gold,incidents,2",
        "by_customer_tier,silver,incidents,1",
        "by_customer_tier,bronze,incidents,1",
        "by_customer_tier,platinum,incidents,0",
        "by_customer_tier,(none),incidents,2",
    ]
    assert [line for line in out.splitlines() if line.startswith("by_customer_tier,gold,")] == [
        "by_customer_tier,gold,incidents,2",
        "by_customer_tier,gold,mttd_count,2",
        "by_customer_tier,gold,mttd_mean_seconds,450",
        "by_customer_tier,gold,mttd_median_seconds,450",
        "by_customer_tier,gold,mtta_count,2",
        "by_customer_tier,gold,mtta_mean_seconds,510",
        "by_customer_tier,gold,mtta_median_seconds,510",
        "by_customer_tier,gold,mttr_count,2",
        "by_customer_tier,gold,mttr_mean_seconds,6300",
        "by_customer_tier,gold,mttr_median_seconds,6300",
    ]


CHOICES = ("use severity, service, month, person, or a custom field: customer_tier, regions, "
           "security\n")


@pytest.mark.parametrize(("key", "err"), [
    ("region", f"incidentkit: error: cannot group by 'region': {CHOICES}"),
    # A field of postmortems is not a grouping of incidents.
    ("legal_reviewed", f"incidentkit: error: cannot group by 'legal_reviewed': {CHOICES}"),
])
def test_unknown_key_is_a_usage_error(repo: Path, run: Callable[..., Run], key: str,
                                      err: str) -> None:
    result = run("-C", str(repo), "metrics", "--by", key)
    assert (result.status, result.out, result.err) == (2, "", err)


def test_without_fields_the_choices_say_so(run: Callable[..., Run]) -> None:
    result = run("-C", str(CORPUS), "metrics", "--by", "region")
    assert (result.status, result.err) == (
        2, "incidentkit: error: cannot group by 'region': use severity, service, month, person "
           "(no custom field of incidents is declared in incidentkit.yaml)\n")
