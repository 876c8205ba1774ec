"""On-call changes in words, from records: what a real branch cannot show yet (a schedule brought
in by a person's change, a window no longer uncovered on purpose, a schedule added), escaped once
in Markdown."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from incidentkit.changes.compare import Delta
from incidentkit.changes.oncall import (
    Action,
    Area,
    Entry,
    FirstShift,
    OnCall,
    PersonHours,
    ScheduleChange,
    Spread,
    Window,
)
from incidentkit.changes.render import as_json, markdown, text
from incidentkit.changes.report import Report

H = 3_600_000_000
START = datetime(2026, 10, 19, 8, 0, tzinfo=UTC)
# Berlin goes back to winter time on Sunday 2026-10-25: that Saturday-to-Monday is 49 hours.
SAT = datetime(2026, 10, 23, 22, 0, tzinfo=UTC)
MON = datetime(2026, 10, 25, 23, 0, tzinfo=UTC)


def _schedule(**changes: object) -> ScheduleChange:
    fields: dict[str, object] = {
        "id": "ops", "name": "Ops *night*", "path": "oncall/schedules/ops.yaml",
        "timezone": "Europe/Berlin", "action": Action.CHANGED, "because": (), "hours": (),
        "gaps_opened": (), "gaps_closed": (), "uncovered_opened": (), "uncovered_closed": (),
        "spread_before": None, "spread_after": None, "newly": (),
    }
    fields.update(changes)
    return ScheduleChange(**fields)  # type: ignore[arg-type]


ON_CALL = OnCall(START, START + timedelta(weeks=1), 1, (
    _schedule(because=("a_b",), hours=(PersonHours("a_b", 49 * H, 0),),
              uncovered_closed=(Window(SAT, MON, "Freeze <all>"),),
              spread_before=Spread(49 * H, "a_b", 49 * H, "c", 0),
              spread_after=Spread(0, "c", 0, "c", 0)),
    _schedule(id="new", name="New", action=Action.ADDED, timezone="UTC",
              hours=(PersonHours("c", 0, 168 * H),), spread_after=Spread(0, "c", 168 * H, "c",
                                                                          168 * H),
              newly=(FirstShift("c", SAT, MON),)),
), (
    Entry(Area.PERSON, Action.CHANGED, "a_b", "A *B*", "oncall/people.yaml",
          (Delta("timezone", "UTC", "Europe/Berlin"),)),
    Entry(Area.TIME_OFF, Action.CHANGED, "a_b", "A *B*", "oncall/time-off.yaml",
          (Delta("time off", "x", None),)),
))
REPORT = Report("main", "0" * 40, "b", "1" * 40, (), (), ON_CALL)


def test_text() -> None:
    assert text(REPORT) == (
        "Changes from main (merge base 000000000000) to b (111111111111): 1 schedule added, "
        "1 schedule changed, 1 person changed, 1 person's time off changed.\n"
        "\n"
        "Schedules (2), the next 1 week, 2026-10-19 08:00 UTC to 2026-10-26 08:00 UTC\n"
        "  ops Ops *night* — not edited, but a_b changed; times in Europe/Berlin\n"
        "    hours: a_b 49.00 → 0.00 h (-49.00 h)\n"
        "    no longer uncovered on purpose: Sat 2026-10-24 00:00 CEST to Mon 2026-10-26 00:00 "
        "CET (49.00 h): Freeze <all>\n"
        "    spread: 49.00 h (a_b 49.00 h the most, c 0.00 h the least) → 0.00 h (c 0.00 h the "
        "most, c 0.00 h the least)\n"
        "  new New — added; times in UTC\n"
        "    hours: c 0.00 → 168.00 h (+168.00 h)\n"
        "    newly on call: c, first Fri 2026-10-23 22:00 UTC to Sun 2026-10-25 23:00 UTC\n"
        "    spread: none (no member in effect) → 0.00 h (c 168.00 h the most, c 168.00 h the "
        "least)\n"
        "\n"
        "People (1)\n"
        "  a_b A *B* — changed: timezone UTC → Europe/Berlin\n"
        "\n"
        "Time off (1)\n"
        "  a_b A *B* — time off removed: x\n")


def test_markdown_escapes_data_once() -> None:
    out = markdown(REPORT)
    assert "- **ops** Ops \\*night\\* — not edited, but a\\_b changed; times in Europe/Berlin\n" \
        in out
    assert ("  - no longer uncovered on purpose: Sat 2026-10-24 00:00 CEST to Mon 2026-10-26 "
            "00:00 CET (49.00 h): Freeze \\<all\\>\n") in out
    assert "- **a\\_b** A \\*B\\* — changed: timezone UTC → Europe/Berlin\n" in out
    assert "\\\\" not in out


def test_json() -> None:
    got = json.loads(as_json(REPORT))["on_call"]
    assert got["schedules"][0]["because"] == ["a_b"]
    assert got["schedules"][0]["uncovered_closed"] == [
        {"from": "2026-10-23T22:00:00Z", "to": "2026-10-25T23:00:00Z", "hours": 49.0,
         "reason": "Freeze <all>"}]
    assert got["schedules"][1]["newly_on_call"] == [
        {"person": "c", "from": "2026-10-23T22:00:00Z", "to": "2026-10-25T23:00:00Z"}]
    assert got["changes"][1] == {
        "area": "time-off", "action": "changed", "id": "a_b", "name": "A *B*",
        "path": "oncall/time-off.yaml", "changes": [{"field": "time off", "before": "x",
                                                     "after": None}], "facts": {}}
