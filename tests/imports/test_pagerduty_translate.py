"""PagerDuty's layers, restrictions and rules in our format, piece by piece, with the notes for
what cannot be said exactly."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from incidentkit.imports.pagerduty_translate import layer, policy, restrictions, service
from incidentkit.imports.plan import Note, Translation
from tests.conftest import Run
from tests.imports.fake_pagerduty import FakePagerDuty, ref

BERLIN = ZoneInfo("Europe/Berlin")
WINDOW = (datetime(2026, 3, 25, 12, tzinfo=UTC), datetime(2026, 4, 22, 12, tzinfo=UTC))


def _handle(reference: Mapping[str, Any]) -> str:
    return str(reference["id"]).lower()


def _users(*names: str) -> list[dict[str, Any]]:
    return [{"user": {"id": name, "type": "user_reference"}} for name in names]


def _restricted(*items: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    notes: list[str] = []
    return restrictions(list(items), notes.append), notes


def _weekly(day: int, at: str, seconds: int) -> dict[str, Any]:
    return {"type": "weekly_restriction", "start_day_of_week": day, "start_time_of_day": at,
            "duration_seconds": seconds}


def test_a_daily_restriction_past_midnight_wraps() -> None:
    found = _restricted({"type": "daily_restriction", "start_time_of_day": "22:00:00",
                         "duration_seconds": 36000})
    assert found == ([{"from": "22:00", "to": "08:00"}], [])


def test_weekday_restrictions_of_the_same_hours_are_one() -> None:
    found = _restricted(*(_weekly(day, "09:00:00", 8 * 3600) for day in range(1, 6)))
    assert found == ([{"days": ["mon", "tue", "wed", "thu", "fri"], "from": "09:00",
                       "to": "17:00"}], [])


def test_a_weekly_restriction_of_several_days_is_cut_at_midnights() -> None:
    weekend = _weekly(5, "17:00:00", 64 * 3600)
    whole_days = _weekly(6, "00:00:00", 2 * 86400)
    assert _restricted(weekend) == ([
        {"days": ["fri"], "from": "17:00", "to": "24:00"},
        {"days": ["sat", "sun"], "from": "00:00", "to": "24:00"},
        {"days": ["mon"], "from": "00:00", "to": "09:00"},
    ], [])
    assert _restricted(whole_days) == ([{"days": ["sat", "sun"], "from": "00:00",
                                         "to": "24:00"}], [])


def test_a_weekly_restriction_of_a_day_or_less_wraps_into_the_next_day() -> None:
    assert _restricted(_weekly(7, "22:00:00", 36000), _weekly(7, "20:00:00", 86400)) == ([
        {"days": ["sun"], "from": "22:00", "to": "08:00"},
        {"days": ["sun"], "from": "20:00", "to": "20:00"},
    ], [])


def test_seconds_in_a_restriction_are_rounded_down_and_said() -> None:
    found = _restricted({"type": "daily_restriction", "start_time_of_day": "08:30:30",
                         "duration_seconds": 3600})
    assert found == ([{"from": "08:30", "to": "09:30"}],
                     ["restriction from 08:30:30 for 3600 s is not in whole minutes: rounded "
                      "down to the minute"])


def _layer(raw: dict[str, Any]) -> tuple[dict[str, Any] | None, list[str]]:
    notes: list[str] = []
    made = layer({"end": None, "restrictions": [], **raw}, BERLIN, _handle, WINDOW,
                 notes.append)
    return made, notes


def test_a_layer_starting_before_its_virtual_start_turns_its_members() -> None:
    made = _layer({"name": "Primary", "start": "2026-03-04T10:00:00+01:00",
                   "rotation_virtual_start": "2026-03-09T09:00:00+01:00",
                   "rotation_turn_length_seconds": 604800, "users": _users("A", "B", "C")})
    assert made == ({"name": "Primary", "start": "2026-03-02T09:00", "rotation": "weekly",
                     "members": ["c", "a", "b"]}, [])


def test_a_layer_beginning_later_mid_turn_is_said() -> None:
    made = _layer({"name": "Later", "start": "2026-04-01T12:00:00+02:00",
                   "end": "2026-05-01T09:00:00+02:00",
                   "rotation_virtual_start": "2026-03-02T09:00:00+01:00",
                   "rotation_turn_length_seconds": 3 * 86400, "users": _users("A", "B")})
    # Turns of 3 days from Monday 2026-03-02 09:00, at 09:00 local: the 10th (an even one,
    # member A) starts on Wednesday 2026-04-01 09:00 CEST, after the DST change.
    assert made == ({"name": "Later", "start": "2026-04-01T09:00", "rotation": {"every": "3d"},
                     "members": ["a", "b"], "effective_until": "2026-05-01T09:00"},
                    ["layer 'Later' begins at 2026-04-01T12:00:00+02:00, in the middle of a "
                     "turn: incidentkit starts it at that turn's handoff, 2026-04-01T09:00"])


def test_turns_shorter_than_a_day_keep_their_length_and_say_so() -> None:
    made = _layer({"name": "Shifts", "start": "2026-03-25T07:00:00Z",
                   "rotation_virtual_start": "2026-03-20T08:00:00+01:00",
                   "rotation_turn_length_seconds": 12 * 3600, "users": _users("A", "B", "C")})
    # 2026-03-20 07:00Z + 10 turns of 12 h = 2026-03-25 07:00Z, 08:00 CET; member 10 % 3 = B.
    assert made == ({"name": "Shifts", "start": "2026-03-25T08:00", "rotation": {"every": "12h"},
                     "members": ["b", "c", "a"]},
                    ["layer 'Shifts' hands off every 12h: incidentkit keeps such turns exactly "
                     "that long across daylight-saving changes (PagerDuty does not document "
                     "what it does): see the comparison"])


def test_the_turn_at_start_is_counted_in_instants_around_dst_changes() -> None:
    users = _users("A", "B")
    # Sunday 2026-03-29 02:30 does not exist in Berlin: read as 03:30 CEST (as the engine
    # does), the second handoff is after a start at 03:10 CEST, which is still in turn 0.
    assert _layer({"name": "Gap", "start": "2026-03-29T03:10:00+02:00",
                   "rotation_virtual_start": "2026-03-22T02:30:00+01:00",
                   "rotation_turn_length_seconds": 604800, "users": users}) == (
        {"name": "Gap", "start": "2026-03-22T02:30", "rotation": "weekly",
         "members": ["a", "b"]},
        ["layer 'Gap' begins at 2026-03-29T03:10:00+02:00, in the middle of a turn: "
         "incidentkit starts it at that turn's handoff, 2026-03-22T02:30"])
    # Sunday 2026-10-25 02:30 comes twice: the handoff is the first (00:30Z), before a start
    # at the second 02:10 (01:10Z), which is in turn 1 although its wall clock is earlier.
    assert _layer({"name": "Fold", "start": "2026-10-25T02:10:00+01:00",
                   "rotation_virtual_start": "2026-10-18T02:30:00+02:00",
                   "rotation_turn_length_seconds": 604800, "users": users}) == (
        {"name": "Fold", "start": "2026-10-25T02:30", "rotation": "weekly",
         "members": ["b", "a"]},
        ["layer 'Fold' begins at 2026-10-25T02:10:00+01:00, in the middle of a turn: "
         "incidentkit starts it at that turn's handoff, 2026-10-25T02:30"])


def test_a_daily_layer_handing_off_at_seconds_is_rounded_down_and_said() -> None:
    assert _layer({"name": "D", "start": "2026-03-02T08:00:30+01:00",
                   "rotation_virtual_start": "2026-03-02T08:00:30+01:00",
                   "rotation_turn_length_seconds": 86400, "users": _users("A")}) == (
        {"name": "D", "start": "2026-03-02T08:00", "rotation": "daily", "members": ["a"]},
        ["layer 'D' hands off at 08:00:30: rounded down to the minute"])


def test_a_layer_without_users_or_with_too_short_turns_is_left_out() -> None:
    base = {"name": "L", "start": "2026-03-02T09:00:00+01:00",
            "rotation_virtual_start": "2026-03-02T09:00:00+01:00"}
    assert _layer({**base, "rotation_turn_length_seconds": 86400, "users": []}) == (
        None, ["layer 'L' has no users: not imported"])
    assert _layer({**base, "rotation_turn_length_seconds": 1800, "users": _users("A")}) == (
        None, ["layer 'L' hands off every 1800 s: incidentkit rotations last from 1 hour to "
               "365 days; the layer is not imported"])


def test_a_rule_without_a_target_we_know_is_left_out_and_said() -> None:
    found = Translation("pagerduty", WINDOW)
    raw = {"id": "PPOL9", "name": "Flexible", "num_loops": 0, "escalation_rules": [
        {"escalation_delay_in_minutes": 5,
         "targets": [{"id": "PV3", "type": "schedule_v3_reference", "summary": "New rota"}]}]}
    assert policy(raw, "flexible", _handle, {}, found) is None
    subject = "escalation policy 'Flexible' (PPOL9)"
    assert found.notes == [
        Note(subject, "rule 1 targets a schedule_v3_reference (New rota): incidentkit notifies "
             "schedules and people only; left out"),
        Note(subject, "rule 1 has no target incidentkit can notify: left out"),
        Note(subject, "no rule could be imported: the policy is not imported"),
    ]


def test_round_robin_as_the_reference_example_writes_it_and_many_loops_are_said() -> None:
    found = Translation("pagerduty", WINDOW)
    raw = {"id": "PPOL8", "name": "Loops", "num_loops": 12, "escalation_rules": [
        {"escalation_delay_in_minutes": 5, "targets": [{"id": "PA", "type": "user"}],
         "escalation_rule_assignment_strategy": [{"type": "round_robin"}]}]}
    assert policy(raw, "loops", _handle, {}, found) == {
        "id": "loops", "name": "Loops", "repeat": 10,
        "steps": [{"after": "0m", "notify": ["person:pa"]}]}
    subject = "escalation policy 'Loops' (PPOL8)"
    assert found.notes == [
        Note(subject, "rule 1 assigns its targets round robin: incidentkit notifies all of "
             "them"),
        Note(subject, "repeats 12 times 5 min after its last rule; incidentkit's repeat runs "
             "the steps again without a delay of its own; at most 10 repeats"),
    ]


def test_a_service_needs_its_policy_and_low_urgency_is_said() -> None:
    found = Translation("pagerduty", WINDOW)
    orphan = {"id": "PS1", "name": "Orphan",
              "escalation_policy": {"id": "PX", "summary": "Gone"}}
    quiet = {"id": "PS2", "name": "Quiet", "description": "  Batch\n jobs ",
             "escalation_policy": {"id": "PP"}, "teams": [{"id": "PT", "summary": "Ops"}],
             "incident_urgency_rule": {"type": "constant", "urgency": "low"}}
    alone = {"id": "PS3", "name": "Alone", "escalation_policy": {"id": "PP"}}
    assert service(orphan, "orphan", {"PP": "ops"}, str.lower, found) is None
    assert service(quiet, "quiet", {"PP": "ops"}, str.lower, found) == {
        "id": "quiet", "name": "Quiet", "team": "ops", "tier": 3, "escalation_policy": "ops",
        "description": "Batch jobs"}
    assert service(alone, "alone", {"PP": "ops-policy"}, str.lower, found) == {
        "id": "alone", "name": "Alone", "team": "ops-policy", "tier": 3,
        "escalation_policy": "ops-policy"}
    assert found.notes == [
        Note("service 'Orphan' (PS1)", "its escalation policy 'Gone' was not imported: the "
             "service is not imported"),
        Note("service 'Quiet' (PS2)", "its incidents have low urgency: not translated"),
        Note("service 'Alone' (PS3)", "has no team in PagerDuty, nor has its escalation "
             "policy: team set to 'ops-policy'"),
    ]


def test_a_saved_response_of_another_shape_is_refused(
        tmp_path: Any, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    root, saved = tmp_path / "repo", tmp_path / "saved"
    assert run("init", str(root)).status == 0
    saved.mkdir()
    (saved / "users@limit=100_offset=0.json").write_text('{"user": []}\n')
    first = run("--repo", str(root), "import", "pagerduty", "--responses", str(saved))
    (saved / "users@limit=100_offset=0.json").write_text('{"users": {"id": "P1"}}\n')
    second = run("--repo", str(root), "import", "pagerduty", "--responses", str(saved))
    assert (first.status, first.err) == (
        2, "incidentkit: error: PagerDuty: GET /users did not answer with 'users'\n")
    assert (second.status, second.err) == (
        2, "incidentkit: error: PagerDuty: GET /users did not answer with a list of users\n")


@pytest.fixture
def fake() -> Iterator[FakePagerDuty]:
    server = FakePagerDuty(token="pd-token")  # noqa: S106 - made up
    with server.api.serving():
        yield server


def test_a_schedule_in_a_zone_we_cannot_read_is_left_out_and_said(
        fake: FakePagerDuty, tmp_path: Any, run: Callable[..., Run],
        monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    assert run("init", str(root)).status == 0
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-25T12:00:00Z")
    monkeypatch.setenv("PAGERDUTY_TOKEN", "pd-token")
    fake.account["schedules"][1]["time_zone"] = "Eastern Time (US & Canada)"
    database = fake.account["escalation_policies"][1]
    database["escalation_rules"][0]["targets"] = [ref("PSCHED3", "Database Pager",
                                                      "schedule_reference")]

    result = run("--repo", str(root), "import", "pagerduty", "--url", fake.api.url)

    assert result.status == 0
    assert ("  schedule 'Identity Secondary' (PSCHED2): its time zone 'Eastern Time (US & "
            "Canada)' is not a name of the IANA time zone database: not imported\n"
            in result.out)
    assert ("  escalation policy 'Identity Escalation' (PPOL001): rule 2 targets schedule "
            "'Identity Secondary' (PSCHED2), which was not imported: left out\n" in result.out)
    assert ("  escalation policy 'Database Escalation' (PPOL002): no rule could be imported: "
            "the policy is not imported\n" in result.out)
    assert ("  service 'Orders DB' (PSVC002): its escalation policy 'Database Escalation' was "
            "not imported: the service is not imported\n" in result.out)
    assert ("  services: PagerDuty has no service tier: the 2 services are imported as tier "
            "3; set each one's tier in oncall/services.yaml\n" in result.out)
    assert not (root / "oncall/schedules/identity-secondary.yaml").exists()
    assert "orders-db" not in (root / "oncall/services.yaml").read_text()


def test_someone_only_in_the_final_schedule_is_named_not_added(
        fake: FakePagerDuty, tmp_path: Any, run: Callable[..., Run],
        monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    assert run("init", str(root)).status == 0
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-25T12:00:00Z")
    monkeypatch.setenv("PAGERDUTY_TOKEN", "pd-token")
    final = fake.account["schedules"][1]["final"]
    final[0] = {**final[0], "user": ref("PGONE07", "Olga Former")}

    result = run("--repo", str(root), "import", "pagerduty", "--url", fake.api.url)

    assert result.status == 1
    assert ("  identity-secondary: 1 difference\n    2026-03-25 12:00 UTC to 2026-03-30 07:00 "
            "UTC: incidentkit hana.ito, PagerDuty Olga Former (PGONE07)\n") in result.out
    assert "Olga" not in (root / "oncall/people.yaml").read_text()


def test_a_list_past_what_offsets_reach_is_refused(
        fake: FakePagerDuty, tmp_path: Any, run: Callable[..., Run],
        monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    assert run("init", str(root)).status == 0
    monkeypatch.setenv("PAGERDUTY_TOKEN", "pd-token")
    fake.page_size = 100
    fake.account["users"] = [{"id": f"P{n:06d}", "type": "user", "name": f"User {n}",
                              "email": f"user{n}@example.com"} for n in range(10001)]

    result = run("--repo", str(root), "import", "pagerduty", "--url", fake.api.url)

    assert result.status == 2
    assert result.err == ("incidentkit: error: PagerDuty: GET /users lists more than 10000 "
                          "users, more than PagerDuty's offset pagination reaches\n")
    assert len(fake.api.log) == 100
