"""People, services and escalation policies: defaults and limits."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from incidentkit.model.oncall import EscalationPolicy, Person, Service


def _errors(model: type[BaseModel], data: Any) -> list[tuple[tuple[str | int, ...], str]]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return [(tuple(e["loc"]), e["type"]) for e in caught.value.errors()]


def test_a_person_defaults_to_utc_and_checks_logins_and_emails() -> None:
    person = Person.model_validate({"handle": "jane", "name": "Jane"})
    assert (person.github, person.email, person.timezone) == (None, None, "UTC")
    assert _errors(Person, {"handle": "jane", "name": "Jane", "github": "-bad-",
                            "email": "no-at-sign", "timezone": "Nowhere/City"}) == [
        (("github",), "string_pattern_mismatch"), (("email",), "string_pattern_mismatch"),
        (("timezone",), "unknown_timezone")]
    assert _errors(Person, {"handle": "jane", "name": ""})[0][0] == ("name",)
    assert _errors(Person, {"handle": "jane", "name": "J", "nick": "x"}) == [
        (("nick",), "extra_forbidden")]


def test_a_service_tier_is_one_to_three() -> None:
    base = {"id": "auth-api", "name": "Auth", "team": "identity", "escalation_policy": "id"}
    assert Service.model_validate({**base, "tier": 3}).runbooks == []
    assert _errors(Service, {**base, "tier": 4}) == [(("tier",), "literal_error")]
    assert _errors(Service, {**base, "tier": "1"}) == [(("tier",), "literal_error")]


def test_an_escalation_policy_needs_steps_targets_and_a_small_repeat() -> None:
    policy = EscalationPolicy.model_validate({
        "id": "p", "name": "P",
        "steps": [{"after": "5m", "notify": ["schedule:primary", "person:jane"]}]})
    assert policy.repeat == 0
    assert policy.steps[0].notify == ["schedule:primary", "person:jane"]
    assert _errors(EscalationPolicy, {"id": "p", "name": "P", "steps": []}) == [
        (("steps",), "too_short")]
    assert _errors(EscalationPolicy, {"id": "p", "name": "P", "repeat": 11, "steps": [
        {"after": "0m", "notify": ["team:x"]}, {"after": "0m", "notify": []}]}) == [
        (("repeat",), "less_than_equal"),
        (("steps", 0, "notify", 0), "string_pattern_mismatch"),
        (("steps", 1, "notify"), "too_short")]
