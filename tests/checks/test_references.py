"""Dangling references: one error per unknown id, with the closest known one suggested."""

from __future__ import annotations

from incidentkit.checks.finding import Finding, Severity
from incidentkit.checks.located import Located
from incidentkit.checks.references import dangling
from incidentkit.store.yamlload import load_text

REL = "incidents/2026/x.yaml"


def _source() -> Located:
    return Located.of(REL, load_text("roles:\n  commander: jnae\n  experts: [bob, zed]\n"))


def test_unknown_ids_with_and_without_a_suggestion() -> None:
    refs = [(("roles", "commander"), "jnae"), (("roles", "experts", 0), "bob"),
            (("roles", "experts", 1), "zed")]
    assert dangling(_source(), "person", refs, frozenset({"jane", "bob"})) == [
        Finding(REL, 2, 14, Severity.ERROR, "unknown-person",
                "person 'jnae' does not exist: did you mean 'jane'? add it to "
                "oncall/people.yaml or fix the name"),
        Finding(REL, 3, 18, Severity.ERROR, "unknown-person",
                "person 'zed' does not exist: add it to oncall/people.yaml or fix the name"),
    ]


def test_each_kind_names_its_home() -> None:
    homes = {kind: dangling(_source(), kind, [(("roles",), "nope")], frozenset())[0]
             for kind in ("service", "runbook", "schedule", "policy", "incident")}
    assert {kind: (f.code, f.message) for kind, f in homes.items()} == {
        "service": ("unknown-service", "service 'nope' does not exist: add it to "
                    "oncall/services.yaml or fix the name"),
        "runbook": ("unknown-runbook", "runbook 'nope' does not exist: add it to "
                    "oncall/runbooks/ or fix the name"),
        "schedule": ("unknown-schedule", "schedule 'nope' does not exist: add it to "
                     "oncall/schedules/ or fix the name"),
        "policy": ("unknown-policy", "policy 'nope' does not exist: add it to "
                   "oncall/escalation-policies.yaml or fix the name"),
        "incident": ("unknown-incident", "incident 'nope' does not exist: add it to "
                     "incidents/ or fix the name"),
    }


def test_an_unreadable_catalog_checks_nothing() -> None:
    assert dangling(_source(), "person", [(("roles", "commander"), "jnae")], None) == []


def test_a_large_catalog_suggests_nothing() -> None:
    known = frozenset(f"person-{n}" for n in range(5000))
    found = dangling(_source(), "person", [(("roles", "commander"), "person-1x")], known)
    assert [f.message for f in found] == [
        "person 'person-1x' does not exist: add it to oncall/people.yaml or fix the name"]
