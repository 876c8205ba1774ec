"""The vendor-independent part of imports: handles, ids, file edits, the comparison, saved
responses."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from incidentkit.errors import FatalError
from incidentkit.imports.api import HttpApi, SavedApi, relative, response_name
from incidentkit.imports.compare import Difference, compare
from incidentkit.imports.people import People, slug
from incidentkit.imports.plan import Translation, VendorShift
from incidentkit.imports.write import Status, apply, dump, plan
from tests.imports.fakeapi import FakeApi
from tests.schedule.test_engine import build


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def test_people_keep_existing_handles_and_make_new_ones_unique() -> None:
    people = People([{"handle": "alice", "name": "Alice Ng", "email": "Alice@Example.com"},
                     {"handle": "bob", "name": "Bob Stone"}])
    assert people.add("P1", "Alice N.", "alice@example.com") == "alice"
    assert people.add("P2", "Bob  Stone") == "bob"
    assert people.add("P3", "Zoë Bob", "bob@elsewhere.org", "Europe/Paris") == "bob-2"
    assert people.add("P4", "Zoë Ångström", None, "Not/A Zone!") == "zoe-angstrom"
    assert people.add("P3", "ignored") == "bob-2"
    assert people.handle("P4") == "zoe-angstrom" and people.handle("P9") is None
    assert people.added == [
        {"handle": "bob-2", "name": "Zoë Bob", "email": "bob@elsewhere.org",
         "timezone": "Europe/Paris"},
        {"handle": "zoe-angstrom", "name": "Zoë Ångström"},
    ]


def test_slugs_are_unique_within_one_import() -> None:
    taken: set[str] = set()
    assert [slug(t, taken) for t in ("Identity — Primary", "identity primary", "!!!")] == [
        "identity-primary", "identity-primary-2", "imported"]


def test_a_plan_appends_keeps_every_byte_and_a_second_run_changes_nothing(
        tmp_path: Path) -> None:
    people = tmp_path / "oncall" / "people.yaml"
    people.parent.mkdir()
    original = "# who we are\n- handle: alice   # the lead\n  name: Alice Ng\n"
    people.write_text(original, encoding="utf-8")
    found = Translation("test", (at("2026-03-01T00:00:00Z"), at("2026-03-29T00:00:00Z")))
    found.people = [{"handle": "alice", "name": "Alice N."},
                    {"handle": "bob", "name": "Bob Stone", "timezone": "UTC"}]
    found.schedules = [{"id": "primary", "name": "Primary", "timezone": "UTC",
                        "layers": [{"name": "weekly", "start": "2026-03-02T09:00",
                                    "rotation": "weekly", "members": ["alice", "bob"]}]}]
    first = plan(tmp_path, found)
    assert [(o.subject, o.status) for o in first.outcomes] == [
        ("person alice", Status.KEPT), ("person bob", Status.CREATED),
        ("schedule primary", Status.CREATED)]
    apply(tmp_path, first.edits)
    assert people.read_text(encoding="utf-8") == original + (
        "- handle: bob\n  name: Bob Stone\n  timezone: UTC\n")
    assert (tmp_path / "oncall/schedules/primary.yaml").read_text(encoding="utf-8") == (
        "id: primary\nname: Primary\ntimezone: UTC\nlayers:\n  - name: weekly\n"
        "    start: 2026-03-02T09:00\n    rotation: weekly\n    members:\n      - alice\n"
        "      - bob\n")
    again = plan(tmp_path, found)
    assert again.edits == ()
    assert [o.status for o in again.outcomes] == [Status.KEPT, Status.UNCHANGED,
                                                  Status.UNCHANGED]


def test_an_empty_list_file_is_replaced_keeping_its_comments(tmp_path: Path) -> None:
    (tmp_path / "oncall").mkdir()
    (tmp_path / "oncall/services.yaml").write_text("# the catalog\n[]\n", encoding="utf-8")
    found = Translation("test", (at("2026-03-01T00:00:00Z"), at("2026-03-02T00:00:00Z")))
    found.services = [{"id": "api", "name": "API", "team": "core", "tier": 2,
                       "escalation_policy": "core", "runbooks": []}]
    apply(tmp_path, plan(tmp_path, found).edits)
    assert (tmp_path / "oncall/services.yaml").read_text(encoding="utf-8") == (
        "# the catalog\n- id: api\n  name: API\n  team: core\n  tier: 2\n"
        "  escalation_policy: core\n  runbooks: []\n")


def test_a_file_changed_since_the_plan_is_not_overwritten(tmp_path: Path) -> None:
    found = Translation("test", (at("2026-03-01T00:00:00Z"), at("2026-03-02T00:00:00Z")))
    found.people = [{"handle": "bob", "name": "Bob"}]
    edits = plan(tmp_path, found).edits
    (tmp_path / "oncall").mkdir()
    (tmp_path / "oncall/people.yaml").write_text("- handle: x\n  name: X\n", encoding="utf-8")
    with pytest.raises(FatalError, match="changed while the import ran"):
        apply(tmp_path, edits)
    assert (tmp_path / "oncall/people.yaml").read_text(encoding="utf-8") == (
        "- handle: x\n  name: X\n")


def test_dump_quotes_what_yaml_would_misread() -> None:
    assert dump({"from": "09:00", "to": "2026-03-02T09:00:00+01:00", "on": "yes"}) == (
        "from: 09:00\nto: '2026-03-02T09:00:00+01:00'\n'on': 'yes'\n")


def test_the_comparison_reports_only_where_people_differ() -> None:
    schedule = build({"name": "weekly", "start": "2026-03-23T10:00", "rotation": "weekly",
                      "members": ["alice", "bob"]})
    start, end = at("2026-03-23T09:00:00Z"), at("2026-04-06T08:00:00Z")
    same = [VendorShift(start, at("2026-03-26T00:00:00Z"), "alice"),  # split differently
            VendorShift(at("2026-03-26T00:00:00Z"), at("2026-03-30T08:00:00Z"), "alice"),
            VendorShift(at("2026-03-30T08:00:00Z"), end, "bob")]
    assert compare(schedule, same, start, end).differences == ()
    assert compare(schedule, same, start, end).shifts == 2
    other = [VendorShift(start, at("2026-03-30T09:00:00Z"), "alice"),
             VendorShift(at("2026-04-01T00:00:00Z"), end, "carol")]
    assert compare(schedule, other, start, end).differences == (
        Difference(at("2026-03-30T08:00:00Z"), at("2026-03-30T09:00:00Z"), "bob", "alice"),
        Difference(at("2026-03-30T09:00:00Z"), at("2026-04-01T00:00:00Z"), "bob", None),
        Difference(at("2026-04-01T00:00:00Z"), end, "bob", "carol"),
    )


def test_saved_responses_are_named_by_path_and_sorted_query(tmp_path: Path) -> None:
    assert response_name("/v2/schedules/abc/timeline", {"interval": 4, "date": "x y"}) == (
        "v2_schedules_abc_timeline@date=x_y_interval=4.json")
    assert response_name("users", {"include[]": ["a", "b"]}) == (
        "users@include_5B_5D=a_include_5B_5D=b.json")
    assert relative("https://h/oncall/api/v1/users/?page=2&x=", "https://h/oncall") == (
        "/api/v1/users/", {"page": ["2"], "x": [""]})
    with pytest.raises(FatalError, match="is missing: the saved responses do not include"):
        SavedApi("Test", tmp_path).get("users", {"offset": 0})


def test_http_saves_what_it_reads_and_never_prints_the_token(tmp_path: Path) -> None:
    fake = FakeApi(lambda headers: headers.get("authorization") == "Bearer s3cret")

    @fake.route(r"/v1/things")
    def things(match: object, query: dict[str, list[str]]) -> tuple[int, object]:
        return 200, {"things": [1, 2], "page": query.get("page", ["1"])[0]}

    with fake.serving():
        api = HttpApi("Test", fake.url + "/", {"Authorization": "Bearer s3cret"},
                      save_to=tmp_path / "saved")
        assert api.get("/v1/things", {"page": 2}) == {"things": [1, 2], "page": "2"}
        with pytest.raises(FatalError) as missing:
            api.get("/v1/nothing")
        wrong = HttpApi("Test", fake.url, {"Authorization": "Bearer wrong-s3cret"})
        with pytest.raises(FatalError) as refused:
            wrong.get("/v1/things")
    assert str(missing.value).endswith("/v1/nothing answered 404: "
                                       '{"error": {"message": "Not Found", "code": 2100}}')
    assert "401: the token is missing, wrong or lacks read access" in str(refused.value)
    assert "s3cret" not in str(refused.value) + str(missing.value)
    saved = SavedApi("Test", tmp_path / "saved")
    assert saved.get("v1/things", {"page": 2}) == {"things": [1, 2], "page": "2"}
    assert json.loads((tmp_path / "saved" / "v1_things@page=2.json").read_text()) == {
        "page": "2", "things": [1, 2]}
