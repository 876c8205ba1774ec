"""Checks of one runbook: its file name, owner, services and the seven sections."""

from __future__ import annotations

from incidentkit.checks import runbooks
from incidentkit.checks.context import Catalog, Context
from incidentkit.checks.files import parse
from incidentkit.checks.located import Located
from incidentkit.config import Config
from incidentkit.store.layout import Kind
from tests.conftest import EXAMPLES

TEXT = (EXAMPLES / "base" / "oncall" / "runbooks" / "db-connection-pool.md").read_text()
CTX = Context(Config(), Catalog(people=frozenset({"jane"}), services=frozenset({"auth-api"})))


def _check(text: str, rel: str = "oncall/runbooks/db-connection-pool.md") -> tuple[bool,
                                                                                    list[str]]:
    got = parse(rel, Kind.RUNBOOK, text)
    assert isinstance(got, tuple)
    loaded, split = got
    assert split is not None
    model, found = runbooks.check(Located.of(rel, loaded), loaded.data, split, CTX)
    return model is not None, [str(f) for f in found]


def test_the_base_runbook_passes() -> None:
    assert _check(TEXT) == (True, [])


def test_every_finding_at_its_place() -> None:
    text = (TEXT.replace("owner: jane", "owner: jan")
            .replace("services: [auth-api]", "services: [auth-api, billing]")
            .replace("## Rollback\n", "## Rollback\n\n<!-- x -->\n\n## Old\nx\n")
            .replace("## Escalation", "## Escalations"))
    rel = "oncall/runbooks/DB_pool.md"
    assert _check(text, rel) == (True, [f"{rel}:{where}" for where in (
        "1:1: error [invalid-id] runbook file name 'DB_pool' is not a slug: rename it to "
        "lowercase letters, digits and '-'",
        "4:8: error [unknown-person] person 'jan' does not exist: did you mean 'jane'? add it "
        "to oncall/people.yaml or fix the name",
        "3:22: error [unknown-service] service 'billing' does not exist: add it to "
        "oncall/services.yaml or fix the name",
        "25:1: error [empty-section] runbook section '## Rollback' is empty: write what the "
        "responder does",
        # A missing section is placed where the body begins.
        "8:1: error [missing-section] runbook section '## Escalation' is missing: add it with "
        "its text",
    )])


def test_headings_match_in_any_case_and_a_schema_error_stops_the_rest() -> None:
    assert _check(TEXT.replace("## Trigger", "## TRIGGER")) == (True, [])
    assert _check(TEXT.replace("owner: jane", "owner: 3").replace("## Steps", "## Stepz"),
                  "oncall/runbooks/Bad.md") == (False, [
        "oncall/runbooks/Bad.md:4:8: error [invalid-value] 3 is not valid for 'owner': Input "
        "should be a valid string",
        "oncall/runbooks/Bad.md:1:1: error [invalid-id] runbook file name 'Bad' is not a slug: "
        "rename it to lowercase letters, digits and '-'"])
