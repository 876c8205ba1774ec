"""``incidentkit new incident --field NAME=VALUE``: custom fields typed by their declaration,
required ones asked for, bad values refused with validate's message and nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run

RunCli = Callable[..., Run]
CONFIG = """\
fields:
  - name: region
    type: enum
    values: [eu-west-1, us-east-1]
    required: true
  - name: revenue_impact
    type: number
  - name: security
    type: boolean
  - name: regulators
    type: list
  - name: account_owner
    type: person
"""
ARGS = ("new", "incident", "--title", "Checkout errors", "--severity", "SEV2",
        "--service", "auth-api", "--commander", "bob", "--at", "2026-03-01T10:00:00Z")
REL = "incidents/2026/2026-03-01-checkout-errors.yaml"


def test_fields_are_written_typed(repo: Path, run: RunCli) -> None:
    (repo / "incidentkit.yaml").write_text(CONFIG)
    got = run("-C", str(repo), *ARGS, "--field", "region=eu-west-1",
              "--field", "revenue_impact=12000.5", "--field", "security=false",
              "--field", "regulators=BaFin, FCA", "--field", "account_owner=alice")
    assert (got.status, got.err) == (0, "")
    assert (repo / REL).read_text().endswith("""\
links: []
fields:
  region: eu-west-1
  revenue_impact: 12000.5
  security: false
  regulators: [BaFin, FCA]
  account_owner: alice
""")
    assert run("-C", str(repo), "validate", str(repo / REL)).status == 0


def test_a_required_field_is_asked_for(repo: Path, run: RunCli) -> None:
    (repo / "incidentkit.yaml").write_text(CONFIG)
    got = run("-C", str(repo), *ARGS)
    assert (got.status, got.err) == (
        2, "incidentkit: error: incidentkit.yaml requires region: pass --field region=VALUE\n")
    assert not (repo / REL).exists()


def test_a_bad_value_is_refused_with_validates_words(repo: Path, run: RunCli) -> None:
    (repo / "incidentkit.yaml").write_text(CONFIG)
    got = run("-C", str(repo), *ARGS, "--field", "region=eu", "--field", "revenu_impact=1")
    assert got.status == 1
    assert got.err == (
        f"incidentkit: error: {REL}: not written: 'eu' is not a value of field 'region': use "
        "one of eu-west-1, us-east-1 (and 1 more)\n")
    assert not (repo / REL).exists()


def test_a_pair_without_equals(repo: Path, run: RunCli) -> None:
    got = run("-C", str(repo), *ARGS, "--field", "region")
    assert (got.status, got.err) == (
        2, "incidentkit: error: --field 'region': write NAME=VALUE, e.g. --field "
           "region=eu-west-1\n")


def test_without_fields_the_file_is_as_before(repo: Path, run: RunCli) -> None:
    assert run("-C", str(repo), *ARGS).status == 0
    assert (repo / REL).read_text().endswith("links: []\n")
