"""An Opsgenie account as its API would answer, written out by hand.

Schedule "Payments on-call" (Europe/London; the clocks go forward on Sunday 2026-03-29 at
01:00 UTC, inside the compared weeks 2026-03-25 12:00 UTC to 2026-04-22 12:00 UTC):

- rotation "Work week": daily at 09:00 local from Monday 2026-02-02, Ana, Bob, Carol, restricted
  to ONE weekday-and-time-of-day window, monday 09:00 to friday 17:00 (nights included);
- rotation "Weekend": weekly at 17:00 local from Friday 2026-02-06, Dave, Erin, restricted to
  friday 17:00 to monday 09:00 (across the end of the week);
- overrides: Erin for Carol on Thursday 2026-04-02 12:00-18:00 BST, Bob for Dave from Saturday
  2026-04-04 10:00 to Sunday 10:00 BST, and one that ended before the compared weeks.

The final timeline below is worked out by hand from those rules (a restriction does not pause a
rotation; handoffs at local time: 09:00 GMT is 09:00Z before the change, 09:00 BST is 08:00Z
after it): the work week's turn on Wednesday 2026-03-25 is turn 51 since 2026-02-02,
51 mod 3 = 0: Ana; the weekend's turn from Friday 2026-03-27 is turn 7, odd: Erin.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from tests.imports.fake_opsgenie import FakeOpsgenie

ANA, BOB, CAROL, DAVE, ERIN, FRANK = "u-ana", "u-bob", "u-carol", "u-dave", "u-erin", "u-frank"
LOGIN = {ANA: "ana@example.com", BOB: "bob.jones@example.com", CAROL: "carol@example.com",
         DAVE: "dave@example.com", ERIN: "erin@example.com", FRANK: "frank@example.com"}
PAYMENTS, LEGACY = "8ad2c1e4-0a51-4bd1-9d3e-payments0001", "8ad2c1e4-0a51-4bd1-9d3e-legacy000001"
WORK_WEEK, WEEKEND = "rot-work-week", "rot-weekend"
TEAM_PAY = {"id": "team-payments", "name": "Payments"}
TEAM_DB = {"id": "team-databases", "name": "Databases"}


def user(ident: str, name: str, zone: str) -> dict[str, Any]:
    return {"id": ident, "username": LOGIN[ident], "fullName": name, "timeZone": zone,
            "role": {"id": "User", "name": "User"}, "blocked": False, "verified": True,
            "locale": "en_GB", "createdAt": "2024-05-02T08:00:00.000Z"}


def who(ident: str) -> dict[str, Any]:
    return {"type": "user", "id": ident, "username": LOGIN[ident]}


def period(start: str, end: str, ident: str, kind: str = "default") -> dict[str, Any]:
    return {"startDate": start, "endDate": end, "type": kind,
            "recipient": {"type": "user", "id": ident, "name": LOGIN[ident]}}


WORK_WEEK_PERIODS = [
    period("2026-03-25T09:00:00Z", "2026-03-26T09:00:00Z", ANA),
    period("2026-03-26T09:00:00Z", "2026-03-27T09:00:00Z", BOB),
    period("2026-03-27T09:00:00Z", "2026-03-27T17:00:00Z", CAROL),
    period("2026-03-30T08:00:00Z", "2026-03-31T08:00:00Z", CAROL),
    period("2026-03-31T08:00:00Z", "2026-04-01T08:00:00Z", ANA),
    period("2026-04-01T08:00:00Z", "2026-04-02T08:00:00Z", BOB),
    period("2026-04-02T08:00:00Z", "2026-04-02T11:00:00Z", CAROL),
    period("2026-04-02T11:00:00Z", "2026-04-02T17:00:00Z", ERIN, "override"),
    period("2026-04-02T17:00:00Z", "2026-04-03T08:00:00Z", CAROL),
    period("2026-04-03T08:00:00Z", "2026-04-03T16:00:00Z", ANA),
    period("2026-04-06T08:00:00Z", "2026-04-07T08:00:00Z", ANA),
    period("2026-04-07T08:00:00Z", "2026-04-08T08:00:00Z", BOB),
    period("2026-04-08T08:00:00Z", "2026-04-09T08:00:00Z", CAROL),
    period("2026-04-09T08:00:00Z", "2026-04-10T08:00:00Z", ANA),
    period("2026-04-10T08:00:00Z", "2026-04-10T16:00:00Z", BOB),
    period("2026-04-13T08:00:00Z", "2026-04-14T08:00:00Z", BOB),
    period("2026-04-14T08:00:00Z", "2026-04-15T08:00:00Z", CAROL),
    period("2026-04-15T08:00:00Z", "2026-04-16T08:00:00Z", ANA),
    period("2026-04-16T08:00:00Z", "2026-04-17T08:00:00Z", BOB),
    period("2026-04-17T08:00:00Z", "2026-04-17T16:00:00Z", CAROL),
    period("2026-04-20T08:00:00Z", "2026-04-21T08:00:00Z", CAROL),
    period("2026-04-21T08:00:00Z", "2026-04-22T08:00:00Z", ANA),
    period("2026-04-22T08:00:00Z", "2026-04-23T08:00:00Z", BOB),
]
WEEKEND_PERIODS = [
    period("2026-03-27T17:00:00Z", "2026-03-30T08:00:00Z", ERIN),
    period("2026-04-03T16:00:00Z", "2026-04-04T09:00:00Z", DAVE),
    period("2026-04-04T09:00:00Z", "2026-04-05T09:00:00Z", BOB, "override"),
    period("2026-04-05T09:00:00Z", "2026-04-06T08:00:00Z", DAVE),
    period("2026-04-10T16:00:00Z", "2026-04-13T08:00:00Z", ERIN),
    period("2026-04-17T16:00:00Z", "2026-04-20T08:00:00Z", DAVE),
]


def account(key: str) -> FakeOpsgenie:
    """The whole account, answered with the API key ``key``."""
    return FakeOpsgenie(
        key=key,
        users=[user(ANA, "Ana Silva", "Europe/Lisbon"), user(BOB, "Bob Jones", "Europe/London"),
               user(CAROL, "Carol Díaz", "Europe/London"),
               user(DAVE, "Dave Okafor", "Europe/London"),
               user(ERIN, "Erin Walsh", "America/New_York"),
               user(FRANK, "Frank Li", "Asia/Singapore")],
        schedules=[
            {"id": PAYMENTS, "name": "Payments on-call", "description": "",
             "timezone": "Europe/London", "enabled": True, "ownerTeam": TEAM_PAY,
             "rotations": [
                 {"id": WORK_WEEK, "name": "Work week", "startDate": "2026-02-02T09:00:00Z",
                  "type": "daily", "length": 1,
                  "participants": [who(ANA), who(BOB), who(CAROL)],
                  "timeRestriction": {"type": "weekday-and-time-of-day", "restrictions": [
                      {"startDay": "monday", "startHour": 9, "startMin": 0,
                       "endDay": "friday", "endHour": 17, "endMin": 0}]}},
                 {"id": WEEKEND, "name": "Weekend", "startDate": "2026-02-06T17:00:00Z",
                  "type": "weekly", "length": 1, "participants": [who(DAVE), who(ERIN)],
                  "timeRestriction": {"type": "weekday-and-time-of-day", "restrictions": [
                      {"startDay": "friday", "startHour": 17, "startMin": 0,
                       "endDay": "monday", "endHour": 9, "endMin": 0}]}},
             ]},
            {"id": LEGACY, "name": "Legacy database", "description": "the old cluster",
             "timezone": "America/New_York", "enabled": False, "ownerTeam": TEAM_DB,
             "rotations": [
                 {"id": "rot-legacy", "name": "Nights", "startDate": "2025-06-02T13:00:00Z",
                  "type": "weekly", "length": 2, "participants": [who(FRANK)]}]},
        ],
        overrides={PAYMENTS: [
            {"_parent": {"id": PAYMENTS, "name": "Payments on-call", "enabled": True},
             "alias": "ov-erin-thu", "user": who(ERIN),
             "startDate": "2026-04-02T11:00:00Z", "endDate": "2026-04-02T17:00:00Z",
             "rotations": []},
            {"_parent": {"id": PAYMENTS, "name": "Payments on-call", "enabled": True},
             "alias": "ov-bob-weekend", "user": who(BOB),
             "startDate": "2026-04-04T09:00:00Z", "endDate": "2026-04-05T09:00:00Z",
             "rotations": [{"id": WORK_WEEK, "name": "Work week"},
                           {"id": WEEKEND, "name": "Weekend"}]},
            {"_parent": {"id": PAYMENTS, "name": "Payments on-call", "enabled": True},
             "alias": "ov-past", "user": who(FRANK),
             "startDate": "2026-02-10T09:00:00Z", "endDate": "2026-02-11T09:00:00Z",
             "rotations": []},
        ]},
        timelines={PAYMENTS: [
            {"id": WORK_WEEK, "name": "Work week", "order": 1.0,
             "periods": deepcopy(WORK_WEEK_PERIODS)},
            {"id": WEEKEND, "name": "Weekend", "order": 2.0, "periods": deepcopy(WEEKEND_PERIODS)},
        ]},
        escalations=[
            {"id": "esc-payments", "name": "Payments_escalation", "description": "",
             "ownerTeam": TEAM_PAY,
             "rules": [
                 {"condition": "if-not-acked", "notifyType": "default",
                  "delay": {"timeAmount": 0, "timeUnit": "minutes"},
                  "recipient": {"type": "schedule", "id": PAYMENTS, "name": "Payments on-call"}},
                 {"condition": "if-not-acked", "notifyType": "next",
                  "delay": {"timeAmount": 5, "timeUnit": "minutes"},
                  "recipient": {"type": "schedule", "id": PAYMENTS, "name": "Payments on-call"}},
                 {"condition": "if-not-acked", "notifyType": "default",
                  "delay": {"timeAmount": 15, "timeUnit": "minutes"}, "recipient": who(FRANK)},
                 {"condition": "if-not-acked", "notifyType": "default",
                  "delay": {"timeAmount": 1, "timeUnit": "hours"},
                  "recipient": {"type": "team", "id": TEAM_PAY["id"], "name": "Payments"}},
             ],
             "repeat": {"waitInterval": 0, "count": 2, "resetRecipientStates": False,
                        "closeAlertAfterAll": False}},
            {"id": "esc-legacy", "name": "Legacy_escalation", "description": "",
             "ownerTeam": TEAM_DB,
             "rules": [{"condition": "if-not-acked", "notifyType": "default",
                        "delay": {"timeAmount": 0, "timeUnit": "minutes"},
                        "recipient": {"type": "schedule", "id": LEGACY,
                                      "name": "Legacy database"}}]},
            {"id": "esc-db-day", "name": "Databases_daytime", "description": "",
             "ownerTeam": TEAM_DB,
             "rules": [{"condition": "if-not-acked", "notifyType": "default",
                        "delay": {"timeAmount": 0, "timeUnit": "minutes"},
                        "recipient": who(DAVE)}]},
        ],
        services=[
            {"id": "svc-checkout", "name": "Checkout", "teamId": TEAM_PAY["id"],
             "description": "Card payments and order confirmation.", "tags": [],
             "visibility": "TEAM_MEMBERS"},
            {"id": "svc-billing", "name": "Billing", "teamId": TEAM_PAY["id"], "description": "",
             "tags": ["finance"], "visibility": "OPSGENIE_USERS"},
            {"id": "svc-postgres", "name": "Postgres fleet", "teamId": TEAM_DB["id"],
             "description": "", "tags": [], "visibility": "TEAM_MEMBERS"},
        ],
    )


PLATFORM = "sched-platform"


def add_platform(account: FakeOpsgenie) -> None:
    """Schedule "Platform" (America/New_York, on EDT, UTC-4, in the compared week 2026-03-25
    12:00 UTC to 2026-04-01 12:00 UTC), with what Opsgenie does and incidentkit cannot:

    - "Around the clock": Frank, weekly from Monday 2026-03-02 09:00 EST, no restriction;
    - "Daytime": Dave, daily, time-of-day 09:00-17:00 (13:00Z-21:00Z): on call at the same
      time as Frank, and Opsgenie notifies both (rotations are cumulative);
    - "Backup": Erin and nobody (participant none), weekly: Erin's turns are weeks 0, 2, 4 from
      2026-03-02, so nobody from Monday 2026-03-23 and Erin from Monday 2026-03-30 13:00Z;
    - an override for Ana on Friday 2026-03-27 09:00-17:00 EDT of the "Daytime" rotation only.
    """
    start = "2026-03-02T14:00:00Z"
    account.schedules.append(
        {"id": PLATFORM, "name": "Platform", "description": "", "timezone": "America/New_York",
         "enabled": True, "ownerTeam": {"id": "team-platform", "name": "Platform"},
         "rotations": [
             {"id": "rot-atc", "name": "Around the clock", "startDate": start, "type": "weekly",
              "length": 1, "participants": [who(FRANK)]},
             {"id": "rot-day", "name": "Daytime", "startDate": start, "type": "daily",
              "length": 1, "participants": [who(DAVE)],
              "timeRestriction": {"type": "time-of-day", "restriction": {
                  "startHour": 9, "startMin": 0, "endHour": 17, "endMin": 0}}},
             {"id": "rot-backup", "name": "Backup", "startDate": start, "type": "weekly",
              "length": 1, "participants": [who(ERIN), {"type": "none"}]},
         ]})
    account.overrides[PLATFORM] = [
        {"_parent": {"id": PLATFORM, "name": "Platform", "enabled": True},
         "alias": "ov-ana-day", "user": who(ANA),
         "startDate": "2026-03-27T13:00:00Z", "endDate": "2026-03-27T21:00:00Z",
         "rotations": [{"id": "rot-day", "name": "Daytime"}]}]
    days = [f"2026-03-{day:02d}" for day in range(25, 32)]
    account.timelines[PLATFORM] = [
        {"id": "rot-atc", "name": "Around the clock", "order": 1.0, "periods": [
            period("2026-03-23T13:00:00Z", "2026-03-30T13:00:00Z", FRANK),
            period("2026-03-30T13:00:00Z", "2026-04-06T13:00:00Z", FRANK)]},
        {"id": "rot-day", "name": "Daytime", "order": 2.0, "periods": [
            period(f"{day}T13:00:00Z", f"{day}T21:00:00Z",
                   ANA if day == "2026-03-27" else DAVE,
                   "override" if day == "2026-03-27" else "default") for day in days]},
        {"id": "rot-backup", "name": "Backup", "order": 3.0, "periods": [
            period("2026-03-30T13:00:00Z", "2026-04-06T13:00:00Z", ERIN)]},
    ]


def odd(key: str) -> FakeOpsgenie:
    """An account of the rarer shapes: a zone that is not one, an hourly rotation of a user
    known only by login, rotations of an unknown type, without participants, with an unknown
    restriction and disabled, an override of nobody, a forwarded period; escalations that
    escalate until closed, repeat often or notify an escalation; services of a team without an
    escalation and of one whose escalation could not be imported."""
    ghost = {"type": "user", "username": "ghost@example.com"}
    start = "2026-03-01T00:00:00Z"
    return FakeOpsgenie(
        key=key,
        users=[user(FRANK, "Frank Li", "Asia/Singapore")],
        schedules=[
            {"id": "sched-mars", "name": "Mars", "timezone": "Mars/Olympus", "enabled": True,
             "rotations": []},
            {"id": "sched-teams", "name": "Teams only", "timezone": "UTC", "enabled": True,
             "rotations": [
                 {"id": "rot-t", "name": "Team", "startDate": start, "type": "weekly",
                  "length": 1, "participants": [{"type": "team", "id": "team-odd",
                                                 "name": "Odd squad"}]}]},
            {"id": "sched-hourly", "name": "Hourly", "timezone": "UTC", "enabled": True,
             "rotations": [
                 {"id": "rot-h", "name": "Days in hours", "startDate": start, "type": "hourly",
                  "length": 24, "participants": [ghost], "endDate": "2026-05-01T00:00:00Z"},
                 {"id": "rot-m", "name": "Monthly", "startDate": start, "type": "monthly",
                  "length": 1, "participants": [who(FRANK)]},
                 {"id": "rot-e", "name": "", "startDate": start, "type": "daily", "length": 1,
                  "participants": []},
                 {"id": "rot-w", "name": "Odd hours", "startDate": start, "type": "daily",
                  "length": 1, "participants": [who(FRANK)],
                  "timeRestriction": {"type": "day-of-month", "restrictions": []}},
                 {"id": "rot-off", "name": "Paused", "startDate": start, "type": "daily",
                  "length": 1, "participants": [who(FRANK)], "enabled": False},
             ]},
        ],
        overrides={"sched-hourly": [
            {"alias": "quiet", "user": {"type": "none"}, "startDate": "2026-03-26T00:00:00Z",
             "endDate": "2026-03-26T06:00:00Z", "rotations": []}]},
        timelines={"sched-hourly": [
            {"id": "rot-h", "name": "Days in hours", "order": 1.0, "periods": [
                {"startDate": "2026-03-25T00:00:00Z", "endDate": "2026-03-26T00:00:00Z",
                 "type": "default", "recipient": {"type": "user", "name": "ghost@example.com"}},
                {"startDate": "2026-03-26T06:00:00Z", "endDate": "2026-04-02T00:00:00Z",
                 "type": "forwarding",
                 "recipient": {"type": "user", "name": "ghost@example.com"}}]}]},
        escalations=[
            {"id": "esc-odd", "name": "Odd_escalation", "ownerTeam": {"id": "team-odd"},
             "rules": [
                 {"condition": "if-not-closed", "notifyType": "default",
                  "delay": {"timeAmount": 10, "timeUnit": "minutes"}, "recipient": who(FRANK)},
                 {"condition": "if-not-acked", "notifyType": "default",
                  "delay": {"timeAmount": 2, "timeUnit": "hours"},
                  "recipient": {"type": "escalation", "id": "esc-other", "name": "Other"}}],
             "repeat": {"waitInterval": 5, "count": 12}},
            {"id": "esc-legacy", "name": "Legacy_only", "ownerTeam": {"id": "team-legacy"},
             "rules": [{"condition": "if-not-acked", "notifyType": "default",
                        "delay": {"timeAmount": 0, "timeUnit": "minutes"},
                        "recipient": {"type": "schedule", "id": "sched-mars", "name": "Mars"}}]},
        ],
        services=[
            {"id": "svc-lonely", "name": "Lonely", "teamId": "team-none"},
            {"id": "svc-orphan", "name": "Orphan", "teamId": "team-legacy"},
        ],
    )
