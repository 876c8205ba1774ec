"""Pydantic errors → findings at the key or value they are about, with what to do."""

from __future__ import annotations

from typing import Any

from incidentkit.checks import incidents, oncall, schema
from incidentkit.checks.finding import Finding, Severity
from incidentkit.checks.located import Located
from incidentkit.store.yamlload import load_text
from tests.conftest import EXAMPLES

BASE = (EXAMPLES / "base/incidents/2026/2026-01-15-auth-login-failures.yaml").read_text()


def _findings(adapter: Any, text: str, rel: str = "i.yaml") -> list[str]:
    loaded = load_text(text)
    model, found = schema.validate(Located.of(rel, loaded), adapter, loaded.data)
    assert model is None
    assert all(f.severity is Severity.ERROR for f in found)
    return [str(f) for f in found]


def test_keys_missing_unknown_and_of_the_wrong_type() -> None:
    text = (BASE.replace("detection: automated", "detecton: automated")
            .replace("  commander: jane\n", "")
            .replace("tags: [database]", "tags: database")
            .replace("impact:\n", "impact:\n  summry: x\n", 1))
    assert sorted(_findings(incidents.ADAPTER, text)) == [
        # A missing key is placed at the mapping it belongs in (line 1 is a comment).
        "i.yaml:11:3: error [unknown-key] unknown key 'summry': did you mean 'summary'?",
        "i.yaml:17:3: error [missing-key] required key 'commander' is missing in roles: add it",
        "i.yaml:2:1: error [missing-key] required key 'detection' is missing: add it",
        "i.yaml:37:7: error [wrong-type] tags must be a list, not str",
        # An unknown key is placed at the key itself.
        "i.yaml:9:1: error [unknown-key] unknown key 'detecton': did you mean 'detection'?",
    ]


def test_values_ids_enums_bounds_and_mappings() -> None:
    text = (BASE.replace("detection: automated", "detection: telepathy")
            .replace("id: 2026-01-15-auth-login-failures", "id: Not An Id")
            .replace("percent: 30", "percent: 130")
            .replace("roles:", "roles: [x]\nxroles:"))
    assert _findings(incidents.ADAPTER, text) == [
        "i.yaml:2:5: error [invalid-id] 'Not An Id' is not valid for 'id': expected an "
        "incident id YYYY-MM-DD-slug (ASCII digits, lowercase letters and '-')",
        "i.yaml:9:12: error [invalid-value] 'telepathy' is not allowed for 'detection': use "
        "'automated', 'manual' or 'customer'",
        "i.yaml:13:12: error [invalid-value] 130 is not valid for 'percent': Input should be "
        "less than or equal to 100",
        "i.yaml:15:8: error [wrong-type] roles must be a mapping of keys to values, not list",
        "i.yaml:16:1: error [unknown-key] unknown key 'xroles': did you mean 'roles'?",
    ]


def test_catalog_items_patterns_time_zones_and_allowed_keys() -> None:
    text = ("- handle: Bad Handle\n  name: x\n  timezone: Mars/Base\n- 3\n"
            "- {handle: a, name: b, colour: red}\n")
    assert _findings(oncall.PEOPLE, text, "oncall/people.yaml") == [
        "oncall/people.yaml:1:11: error [invalid-value] 'Bad Handle' is not valid for "
        "'handle': expected a handle (lowercase letters, digits, '.', '_', '-')",
        "oncall/people.yaml:3:13: error [unknown-timezone] unknown time zone 'Mars/Base': use "
        "an IANA name such as Europe/Berlin or UTC",
        "oncall/people.yaml:4:3: error [wrong-type] the document must be a mapping of keys to "
        "values, not int",
        "oncall/people.yaml:5:24: error [unknown-key] unknown key 'colour': allowed keys here: "
        "handle, name, github, email, timezone",
    ]


def test_many_errors_are_capped_with_a_count_at_the_first_one_not_shown() -> None:
    keys = "".join(f"  k{n:02}: 1\n" for n in range(60))
    loaded = load_text("- handle: a\n  name: b\n" + keys)
    model, found = schema.validate(Located.of("p.yaml", loaded), oncall.PEOPLE, loaded.data)
    assert model is None
    assert len(found) == 51
    assert [(f.line, f.code) for f in found[:2]] == [(3, "unknown-key"), (4, "unknown-key")]
    assert found[49].message.startswith("unknown key 'k49': allowed keys here: handle,")
    assert found[50] == Finding("p.yaml", 53, 3, Severity.ERROR, "too-many-findings",
                                schema.UNDESCRIBED, more=10)


def test_a_valid_document_is_its_model() -> None:
    loaded = load_text("- handle: a\n  name: b\n")
    model, found = schema.validate(Located.of("p.yaml", loaded), oncall.PEOPLE, loaded.data)
    assert found == []
    assert model is not None
    assert [(p.handle, p.name, p.timezone) for p in model] == [("a", "b", "UTC")]
