"""``incidentkit new incident|postmortem --field NAME=VALUE``: custom fields typed by their
declaration, required ones asked for, bad values refused with validate's words, nothing written."""

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


PM_CONFIG = """\
fields:
  - name: ticket
    type: text
    applies_to: both
  - name: legal_reviewed
    type: boolean
    required: true
    applies_to: postmortems
"""


def test_a_postmortem_takes_the_incidents_shared_fields_and_its_own(
    repo: Path, run: RunCli
) -> None:
    (repo / "incidentkit.yaml").write_text(PM_CONFIG)
    assert run("-C", str(repo), *ARGS, "--field", "ticket=OPS-9").status == 0
    ident = REL.rsplit("/", 1)[1].removesuffix(".yaml")
    asked = run("-C", str(repo), "new", "postmortem", ident)
    assert (asked.status, asked.err) == (
        2, "incidentkit: error: incidentkit.yaml requires legal_reviewed: pass --field "
           "legal_reviewed=VALUE\n")
    got = run("-C", str(repo), "new", "postmortem", ident, "--field", "legal_reviewed=false")
    assert (got.status, got.err) == (0, "")
    text = (repo / "postmortems" / f"{ident}.md").read_text()
    assert text.startswith(f"""\
---
incident: {ident}
status: draft
authors: [bob]
action_items: []
fields:
  ticket: OPS-9
  legal_reviewed: false
---
""")
    assert run("-C", str(repo), "validate", str(repo / "postmortems" / f"{ident}.md"),
               str(repo / REL)).status == 0
