"""``incidentkit import opsgenie`` against a stateful Opsgenie API on 127.0.0.1: the written
files, idempotence, saved responses, pagination, what is reported untranslated, the comparison
with Opsgenie's own timeline (worked out by hand in :mod:`tests.imports.opsgenie_data`) and the
token's handling."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.imports import opsgenie_data as data
from tests.imports.fake_opsgenie import FakeOpsgenie
from tests.imports.fakeapi import tree_bytes

KEY = "og-key-5f1c9b7e-not-printed"
NOW = "2026-03-25T12:00:00Z"

OUTPUT = """\
Import from Opsgenie:
  10 created, 0 unchanged, 0 kept as the repository has them
  oncall/people.yaml: person bob.jones created
  oncall/people.yaml: person carol created
  oncall/people.yaml: person dave created
  oncall/people.yaml: person erin created
  oncall/people.yaml: person frank created
  oncall/services.yaml: service checkout created
  oncall/services.yaml: service billing created
  oncall/escalation-policies.yaml: escalation policy payments-escalation created
  oncall/escalation-policies.yaml: escalation policy databases-daytime created
  oncall/schedules/payments-on-call.yaml: schedule payments-on-call created
""" + """
Not translated (7):
  schedule 'Legacy database' (8ad2c1e4-0a51-4bd1-9d3e-legacy000001): disabled in Opsgenie (it \
notifies nobody); not imported
  escalation 'Payments_escalation' (esc-payments): rule 2 notifies the next on-call of schedule \
'Payments on-call': incidentkit notifies who is on call; the rule was left out
  escalation 'Payments_escalation' (esc-payments): rule 4 notifies team 'Payments', and \
incidentkit notifies only schedules and people; the rule was left out
  escalation 'Legacy_escalation' (esc-legacy): rule 1 notifies schedule 'Legacy database', \
which was not imported; the rule was left out
  escalation 'Legacy_escalation' (esc-legacy): no rule could be translated; the escalation was \
not imported
  service 'Postgres fleet' (svc-postgres): its team owns 2 escalations (Legacy_escalation, \
Databases_daytime); an incidentkit service names exactly one escalation policy: not imported
  services: Opsgenie services have no tier: checkout, billing written as tier 3; set each one's \
tier

Compared with Opsgenie's timeline, 2026-03-25 12:00 UTC to 2026-04-22 12:00 UTC:
"""

SCHEDULE = """\
id: payments-on-call
name: Payments on-call
timezone: Europe/London
layers:
  - name: Work week
    start: 2026-02-02T09:00
    rotation: daily
    members:
      - ana
      - bob.jones
      - carol
    restrictions:
      - days:
          - mon
        from: 09:00
        to: '24:00'
      - days:
          - tue
          - wed
          - thu
        from: 00:00
        to: '24:00'
      - days:
          - fri
        from: 00:00
        to: '17:00'
  - name: Weekend
    start: 2026-02-06T17:00
    rotation: weekly
    members:
      - dave
      - erin
    restrictions:
      - days:
          - mon
        from: 00:00
        to: 09:00
      - days:
          - fri
        from: '17:00'
        to: '24:00'
      - days:
          - sat
          - sun
        from: 00:00
        to: '24:00'
overrides:
  - from: '2026-04-02T12:00:00+01:00'
    to: '2026-04-02T18:00:00+01:00'
    person: erin
  - from: '2026-04-04T10:00:00+01:00'
    to: '2026-04-05T10:00:00+01:00'
    person: bob.jones
"""

#: Appended to the example people of ``incidentkit init`` (Ana is there already, by email).
PEOPLE = """\
- handle: bob.jones
  name: Bob Jones
  email: bob.jones@example.com
  timezone: Europe/London
- handle: carol
  name: Carol Díaz
  email: carol@example.com
  timezone: Europe/London
- handle: dave
  name: Dave Okafor
  email: dave@example.com
  timezone: Europe/London
- handle: erin
  name: Erin Walsh
  email: erin@example.com
  timezone: America/New_York
- handle: frank
  name: Frank Li
  email: frank@example.com
  timezone: Asia/Singapore
"""

SERVICES = """\
- id: checkout
  name: Checkout
  team: Payments
  tier: 3
  escalation_policy: payments-escalation
  description: Card payments and order confirmation.
- id: billing
  name: Billing
  team: Payments
  tier: 3
  escalation_policy: payments-escalation
"""

POLICIES = """\
- id: payments-escalation
  name: Payments_escalation
  repeat: 2
  steps:
    - after: 0m
      notify:
        - schedule:payments-on-call
    - after: 15m
      notify:
        - person:frank
- id: databases-daytime
  name: Databases_daytime
  steps:
    - after: 0m
      notify:
        - person:dave
"""


@pytest.fixture
def fake() -> Iterator[FakeOpsgenie]:
    account = data.account(KEY)
    with account.api.serving():
        yield account


@pytest.fixture
def repo(run: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INCIDENTKIT_NOW", NOW)
    monkeypatch.setenv("OPSGENIE_API_KEY", KEY)
    monkeypatch.delenv("OPSGENIE_API_URL", raising=False)
    root = tmp_path / "repo"
    assert run("init", str(root)).status == 0
    return root



def _everything(run: Run) -> str:
    return run.out + run.err


def test_import_writes_schedules_people_services_and_policies(
        run: Callable[..., Run], repo: Path, fake: FakeOpsgenie) -> None:
    before = tree_bytes(repo)
    result = run("-C", str(repo), "import", "opsgenie", "--url", fake.api.url)
    assert (result.status, result.err) == (0, "")
    assert result.out == OUTPUT + "  payments-on-call: the same (29 shifts)\n"
    assert (repo / "oncall/schedules/payments-on-call.yaml").read_text() == SCHEDULE
    for rel, added in (("oncall/people.yaml", PEOPLE), ("oncall/services.yaml", SERVICES),
                       ("oncall/escalation-policies.yaml", POLICIES)):
        assert (repo / rel).read_bytes() == before[rel] + added.encode(), rel
    changed = {rel for rel, text in tree_bytes(repo).items() if before.get(rel) != text}
    assert changed == {"oncall/people.yaml", "oncall/services.yaml",
                       "oncall/escalation-policies.yaml", "oncall/schedules/payments-on-call.yaml"}
    checked = run("-C", str(repo), "validate")
    assert checked.status == 0, checked.out
    assert checked.out.endswith("0 errors, 0 warnings\n")


def test_every_paged_list_is_read_page_by_page(
        run: Callable[..., Run], repo: Path, fake: FakeOpsgenie) -> None:
    assert run("-C", str(repo), "import", "opsgenie", "--url", fake.api.url).status == 0
    assert fake.api.log == [
        ("/v2/users", "limit=100&offset=0"),
        ("/v2/users", "limit=100&offset=2"),
        ("/v2/users", "limit=100&offset=4"),
        ("/v2/schedules", "expand=rotation"),
        (f"/v2/schedules/{data.PAYMENTS}/overrides", ""),
        (f"/v2/schedules/{data.PAYMENTS}/timeline",
         "date=2026-03-25T12%3A00%3A00Z&interval=29&intervalUnit=days"),
        ("/v2/escalations", ""),
        ("/v1/services", "limit=100&offset=0"),
        ("/v1/services", "limit=100&offset=2"),
    ]


def test_a_second_import_changes_nothing(
        run: Callable[..., Run], repo: Path, fake: FakeOpsgenie) -> None:
    assert run("-C", str(repo), "import", "opsgenie", "--url", fake.api.url).status == 0
    after_first = tree_bytes(repo)
    again = run("-C", str(repo), "import", "opsgenie", "--url", fake.api.url)
    assert again.status == 0
    assert tree_bytes(repo) == after_first
    # The people are in the repository now: nobody is added, nobody is listed.
    assert again.out.startswith("Import from Opsgenie:\n"
                                "  0 created, 5 unchanged, 0 kept as the repository has them\n"
                                "\nNot translated (7):\n")
    assert again.out.endswith("  payments-on-call: the same (29 shifts)\n")


def test_saved_responses_import_the_same_offline(
        run: Callable[..., Run], repo: Path, fake: FakeOpsgenie, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    saved = tmp_path / "responses"
    online = run("-C", str(repo), "import", "opsgenie", "--url", fake.api.url,
                 "--save-responses", str(saved))
    assert online.status == 0
    assert sorted(p.name for p in saved.iterdir()) == [
        "v1_services@limit=100_offset=0.json", "v1_services@limit=100_offset=2.json",
        "v2_escalations.json", "v2_schedules@expand=rotation.json",
        f"v2_schedules_{data.PAYMENTS}_overrides.json",
        f"v2_schedules_{data.PAYMENTS}_timeline@date=2026-03-25T12_3A00_3A00Z_interval=29_"
        "intervalUnit=days.json",
        "v2_users@limit=100_offset=0.json", "v2_users@limit=100_offset=2.json",
        "v2_users@limit=100_offset=4.json"]
    assert not any(KEY in p.read_text() for p in saved.iterdir())
    second = tmp_path / "second"
    assert run("init", str(second)).status == 0
    monkeypatch.delenv("OPSGENIE_API_KEY")
    requests = len(fake.api.log)
    offline = run("-C", str(second), "import", "opsgenie", "--responses", str(saved))
    assert (offline.status, offline.out) == (0, online.out)
    assert len(fake.api.log) == requests
    assert tree_bytes(second)["oncall/schedules/payments-on-call.yaml"] == SCHEDULE.encode()
    assert {rel: text for rel, text in tree_bytes(second).items() if rel.startswith("oncall/")} == \
        {rel: text for rel, text in tree_bytes(repo).items() if rel.startswith("oncall/")}


def test_a_different_timeline_is_reported_with_exit_1(
        run: Callable[..., Run], repo: Path, fake: FakeOpsgenie) -> None:
    weekend = fake.timelines[data.PAYMENTS][1]["periods"]
    # Opsgenie says Erin (not Dave) from Friday 2026-04-17 17:00 BST, and nobody on Sunday.
    weekend[-1] = data.period("2026-04-17T16:00:00Z", "2026-04-19T00:00:00Z", data.ERIN)
    before = tree_bytes(repo)
    result = run("-C", str(repo), "import", "opsgenie", "--url", fake.api.url, "--dry-run")
    assert result.status == 1
    assert result.out == OUTPUT.replace("Import from Opsgenie:",
                                        "Import from Opsgenie (dry run: nothing written):") + (
        "  payments-on-call: 2 differences\n"
        "    2026-04-17 16:00 UTC to 2026-04-19 00:00 UTC: incidentkit dave, Opsgenie erin\n"
        "    2026-04-19 00:00 UTC to 2026-04-20 08:00 UTC: incidentkit dave, Opsgenie nobody\n")
    assert tree_bytes(repo) == before


def test_the_token_is_required_checked_and_never_printed(
        run: Callable[..., Run], repo: Path, fake: FakeOpsgenie,
        monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree_bytes(repo)
    monkeypatch.delenv("OPSGENIE_API_KEY")
    missing = run("-C", str(repo), "import", "opsgenie", "--url", fake.api.url)
    assert (missing.status, missing.out) == (2, "")
    assert missing.err == ("incidentkit: error: Opsgenie: set OPSGENIE_API_KEY to an API token "
                           "with read access (or import saved responses with --responses DIR)\n")
    monkeypatch.setenv("OPSGENIE_API_KEY", "wrong-" + KEY)
    wrong = run("-C", str(repo), "import", "opsgenie", "--url", fake.api.url)
    assert (wrong.status, wrong.out) == (2, "")
    assert wrong.err == (f"incidentkit: error: Opsgenie: {fake.api.url}/v2/users answered 401: "
                         "the token is missing, wrong or lacks read access\n")
    assert fake.api.log == []
    monkeypatch.setenv("OPSGENIE_API_URL", fake.api.url)
    monkeypatch.setenv("OPSGENIE_API_KEY", KEY)
    right = run("-C", str(repo), "import", "opsgenie")
    assert right.status == 0
    assert all(KEY not in _everything(r) for r in (missing, wrong, right))
    assert tree_bytes(repo) != before


def test_what_incidentkit_cannot_say_is_reported_and_compared(
        run: Callable[..., Run], repo: Path, fake: FakeOpsgenie) -> None:
    data.add_platform(fake)
    result = run("-C", str(repo), "import", "opsgenie", "--url", fake.api.url, "--weeks", "1")
    assert result.status == 1
    assert (repo / "oncall/schedules/platform.yaml").read_text() == """\
id: platform
name: Platform
timezone: America/New_York
layers:
  - name: Around the clock
    start: 2026-03-02T09:00
    rotation: weekly
    members:
      - frank
  - name: Daytime
    start: 2026-03-02T09:00
    rotation: daily
    members:
      - dave
    restrictions:
      - from: 09:00
        to: '17:00'
overrides:
  - from: '2026-03-27T09:00:00-04:00'
    to: '2026-03-27T17:00:00-04:00'
    person: ana
"""
    subject = "  schedule 'Platform' (sched-platform)"
    notes = result.out.split("\nNot translated (12):\n", 1)[1].split("\n\n", 1)[0]
    assert notes.splitlines()[1:6] == [
        f"{subject}, rotation 'Backup': a turn of nobody (participant none) cannot be a member "
        "of a layer (members are people); the rotation was left out",
        f"{subject}: override ov-ana-day applies only to rotation Daytime; incidentkit overrides "
        "apply to the whole schedule",
        f"{subject}: rotations 'Around the clock' and 'Backup' are on call at the same time for "
        "47 h of the compared weeks (first 2026-03-30 13:00 UTC): Opsgenie notifies both; "
        "incidentkit has one person at a time, the later layer's (compared: 'Backup')",
        f"{subject}: rotations 'Around the clock' and 'Daytime' are on call at the same time for "
        "56 h of the compared weeks (first 2026-03-25 13:00 UTC): Opsgenie notifies both; "
        "incidentkit has one person at a time, the later layer's (compared: 'Daytime')",
        f"{subject}: rotations 'Backup' and 'Daytime' are on call at the same time for "
        "16 h of the compared weeks (first 2026-03-30 13:00 UTC): Opsgenie notifies both; "
        "incidentkit has one person at a time, the later layer's (compared: 'Daytime')",
    ]
    # The restricted "Daytime" comes after the others (it shows over them, in both); at night,
    # Opsgenie's "Backup" (left out here) comes after "Around the clock".
    assert result.out.endswith(
        "Compared with Opsgenie's timeline, 2026-03-25 12:00 UTC to 2026-04-01 12:00 UTC:\n"
        "  payments-on-call: the same (7 shifts)\n"
        "  platform: 2 differences\n"
        "    2026-03-30 21:00 UTC to 2026-03-31 13:00 UTC: incidentkit frank, Opsgenie erin\n"
        "    2026-03-31 21:00 UTC to 2026-04-01 12:00 UTC: incidentkit frank, Opsgenie erin\n")


def _window(start_day: str, start: tuple[int, int], end_day: str, end: tuple[int, int]
            ) -> dict[str, object]:
    return {"startDay": start_day, "startHour": start[0], "startMin": start[1],
            "endDay": end_day, "endHour": end[0], "endMin": end[1]}


@pytest.mark.parametrize(("restriction", "ours"), [
    # Every day, past midnight when the end comes first.
    ({"type": "time-of-day", "restriction": {"startHour": 22, "startMin": 30, "endHour": 6,
                                             "endMin": 0}},
     [{"from": "22:30", "to": "06:00"}]),
    # One continuous window of a few hours inside one day.
    ({"type": "weekday-and-time-of-day", "restrictions": [
        _window("tuesday", (9, 0), "tuesday", (12, 30))]},
     [{"days": ["tue"], "from": "09:00", "to": "12:30"}]),
    # Saturday 20:00 to Monday 08:00: across the end of the week, then a second window.
    ({"type": "weekday-and-time-of-day", "restrictions": [
        _window("saturday", (20, 0), "monday", (8, 0)),
        _window("wednesday", (18, 0), "thursday", (2, 0))]},
     [{"days": ["mon"], "from": "00:00", "to": "08:00"},
      {"days": ["wed"], "from": "18:00", "to": "24:00"},
      {"days": ["thu"], "from": "00:00", "to": "02:00"},
      {"days": ["sat"], "from": "20:00", "to": "24:00"},
      {"days": ["sun"], "from": "00:00", "to": "24:00"}]),
    # The same day and time at both ends: the whole week, from that moment on.
    ({"type": "weekday-and-time-of-day", "restrictions": [
        _window("thursday", (12, 0), "thursday", (12, 0))]},
     [{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "from": "00:00",
       "to": "24:00"}]),
])
def test_restrictions_become_exact_per_day_windows(
        restriction: dict[str, object], ours: list[dict[str, object]]) -> None:
    from incidentkit.imports.opsgenie_translate import restrictions

    assert restrictions(restriction) == ours


def test_the_rarer_shapes_are_translated_or_reported(
        run: Callable[..., Run], repo: Path) -> None:
    account = data.odd(KEY)
    with account.api.serving():
        result = run("-C", str(repo), "import", "opsgenie", "--url", account.api.url,
                     "--weeks", "1", "--dry-run")
    hourly = "  schedule 'Hourly' (sched-hourly)"
    odd = "  escalation 'Odd_escalation' (esc-odd)"
    assert (result.status, result.err) == (0, "")
    assert result.out.split("\n\n", 1)[1] == "\n".join([
        "Not translated (17):",
        "  schedule 'Mars' (sched-mars): time zone 'Mars/Olympus' is not an IANA time zone; not "
        "imported",
        "  schedule 'Teams only' (sched-teams), rotation 'Team': a team participant (Odd squad) "
        "cannot be a member of a layer (members are people); the rotation was left out",
        "  schedule 'Teams only' (sched-teams): no rotation could be translated; not imported",
        f"{hourly}, rotation 'Paused': disabled in Opsgenie; left out",
        f"{hourly}, rotation 'Days in hours': hourly rotation of 24 hours: incidentkit hands a "
        "whole number of days off at the same local time across DST changes; check the "
        "handoffs after one",
        f"{hourly}, rotation 'Monthly': rotation type 'monthly' is not understood; the rotation "
        "was left out",
        f"{hourly}, rotation 'Rotation 3': no participants; the rotation was left out",
        f"{hourly}, rotation 'Odd hours': time restriction of type 'day-of-month' is not "
        "understood; the rotation was left out",
        f"{hourly}: Opsgenie's timeline forwards some shifts to another user (forwarding "
        "rules); incidentkit has no forwarding",
        f"{odd}: rule 1 escalates if-not-closed: incidentkit escalates while the page is not "
        "acknowledged",
        f"{odd}: rule 2 notifies escalation 'Other', and incidentkit notifies only schedules "
        "and people; the rule was left out",
        f"{odd}: repeats 12 times; incidentkit repeats at most 10",
        f"{odd}: waits 5 minutes before each repeat; incidentkit repeats without waiting",
        "  escalation 'Legacy_only' (esc-legacy): rule 1 notifies schedule 'Mars', which was "
        "not imported; the rule was left out",
        "  escalation 'Legacy_only' (esc-legacy): no rule could be translated; the escalation "
        "was not imported",
        "  service 'Lonely' (svc-lonely): its team owns no escalation; an incidentkit service "
        "names exactly one escalation policy: not imported",
        "  service 'Orphan' (svc-orphan): its team's escalation 'Legacy_only' was not "
        "imported; not imported",
        "",
        "Compared with Opsgenie's timeline, 2026-03-25 12:00 UTC to 2026-04-01 12:00 UTC:",
        "  hourly: the same (2 shifts)",
        ""])
    assert result.out.splitlines()[1:5] == [
        "  4 created, 0 unchanged, 0 kept as the repository has them",
        "  oncall/people.yaml: person frank created",
        "  oncall/people.yaml: person ghost created",
        "  oncall/escalation-policies.yaml: escalation policy odd-escalation created"]


def test_a_response_of_another_shape_is_an_error_not_a_crash(
        run: Callable[..., Run], repo: Path, fake: FakeOpsgenie) -> None:
    del fake.overrides[data.PAYMENTS][0]["endDate"]
    before = tree_bytes(repo)
    result = run("-C", str(repo), "import", "opsgenie", "--url", fake.api.url)
    assert (result.status, result.out) == (2, "")
    assert result.err == ("incidentkit: error: Opsgenie: a response is not shaped as Opsgenie's "
                          "API documents it (KeyError: 'endDate'); nothing was written\n")
    assert tree_bytes(repo) == before


def test_a_rotation_of_several_weeks_becomes_a_layer_in_local_time() -> None:
    from zoneinfo import ZoneInfo

    from incidentkit.imports.opsgenie_translate import instant, layer
    from incidentkit.imports.plan import Translation

    found = Translation("opsgenie", (instant("2026-03-25T12:00:00Z"),
                                     instant("2026-04-22T12:00:00Z")))
    rotation = {"name": "Fortnight", "type": "weekly", "length": 2,
                "startDate": "2026-01-05T14:30:00Z", "endDate": "2026-07-06T13:30:00Z",
                "participants": [data.who(data.ANA), data.who(data.BOB)]}
    handles = {data.ANA: "ana", data.BOB: "bob"}
    assert layer(rotation, 1, ZoneInfo("America/New_York"), lambda r: handles[r["id"]], found,
                 "schedule 'S'") == {
        "name": "Fortnight", "start": "2026-01-05T09:30", "rotation": {"every": "2w"},
        "members": ["ana", "bob"], "effective_until": "2026-07-06T09:30"}
    assert found.notes == []
