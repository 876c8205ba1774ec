"""The handoff engine: the shift under way (joined across layers and overrides), the next one,
gaps, and what the services paging the schedule hand over."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from incidentkit.report.handoff import HORIZON, Handoff, handoff, markdown, services_paging
from incidentkit.schedule.shifts import Shift
from tests.conftest import EXAMPLES
from tests.repos import copy_base, opened, write

SCHEDULE = "oncall/schedules/identity-primary.yaml"
PM = "postmortems/2026-01-15-auth-login-failures.md"


def _utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_the_current_and_next_shift() -> None:
    repo = opened(EXAMPLES / "base")
    note = handoff(repo, "identity-primary", at=_utc(2026, 2, 1, 12))
    assert note.current == Shift("jane", _utc(2026, 1, 26, 9), _utc(2026, 2, 2, 9), "weekly")
    # bob's week begins with carol's override (replaces: bob).
    assert note.next == Shift("carol", _utc(2026, 2, 2, 9), _utc(2026, 2, 3, 9), "override")
    assert note.gap is None
    assert [s.id for s in note.services] == ["auth-api", "login-web"]
    assert (note.incidents, note.overdue) == ((), ())


def test_the_same_person_through_an_override_is_one_shift(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    write(root, SCHEDULE, (root / SCHEDULE).read_text().replace(
        "    person: carol\n", "    person: jane\n"))
    note = handoff(opened(root), "identity-primary", at=_utc(2026, 1, 27))
    assert note.current == Shift("jane", _utc(2026, 1, 26, 9), _utc(2026, 2, 3, 9), "weekly")
    assert note.next == Shift("bob", _utc(2026, 2, 3, 9), _utc(2026, 2, 9, 9), "weekly")


def test_gaps_before_and_after(tmp_path: Path) -> None:
    repo = opened(EXAMPLES / "base")
    early = handoff(repo, "identity-primary", at=_utc(2026, 1, 1))
    assert early.current is None
    assert early.gap == (_utc(2026, 1, 1), _utc(2026, 1, 5, 9))
    assert ("Nobody is on call now (a gap in the schedule); **Jane Doe (jane)** takes over at "
            "Mon 2026-01-05 10:00 CET.") in markdown([early], repo.people, at=_utc(2026, 1, 1))
    between = Handoff(early.schedule, _utc(2026, 1, 1), early.next, Shift(
        "bob", _utc(2026, 1, 12, 21), _utc(2026, 1, 19, 9), "weekly"), (), (), ())
    text = markdown([between], repo.people, at=_utc(2026, 1, 1), zone=UTC)
    assert ("**Jane Doe (jane)** hands over at Mon 2026-01-12 09:00 UTC, then nobody is on "
            "call for 12.00 h (a gap in the schedule), until **Bob Stone (bob)** takes over at "
            "Mon 2026-01-12 21:00 UTC.") in text
    assert ("| Now | **Jane Doe (jane)** | Mon 2026-01-05 09:00 UTC | Mon 2026-01-12 09:00 UTC "
            "| layer weekly |\n| Gap | nobody | Mon 2026-01-12 09:00 UTC | Mon 2026-01-12 21:00 "
            "UTC | — |\n| Next | **Bob Stone (bob)** |") in text
    root = copy_base(tmp_path)
    write(root, SCHEDULE, (root / SCHEDULE).read_text().replace(
        "    members: [jane, bob, carol]\n",
        "    members: [jane, bob, carol]\n    effective_until: \"2026-01-12T10:00\"\n"))
    ending = handoff(opened(root), "identity-primary", at=_utc(2026, 1, 6))
    assert (ending.current is not None, ending.next) == (True, None)
    assert ending.gap == (_utc(2026, 1, 12, 9), _utc(2026, 1, 12, 9) + HORIZON)
    assert "hands over at Mon 2026-01-12 10:00 CET; after that nobody is on call for at least " \
        "90 days." in markdown([ending], {}, at=_utc(2026, 1, 6))
    nobody = Handoff(ending.schedule, _utc(2026, 6, 1), None, None, (), (), ())
    text = markdown([nobody], {}, at=_utc(2026, 6, 1), zone=UTC)
    assert "Nobody is on call now, and nobody is on call for at least 90 days." in text
    assert "| Gap | nobody | Mon 2026-06-01 00:00 UTC | Sun 2026-08-30 00:00 UTC | — |" in text


def test_open_incidents_and_overdue_items_of_the_paged_services(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    incident = (root / "incidents/2026/2026-01-15-auth-login-failures.yaml").read_text()
    write(root, "incidents/2026/2026-01-20-open.yaml", incident.replace(
        "2026-01-15-auth-login-failures", "2026-01-20-open").replace(
        "status: resolved", "status: identified").replace(
        "resolved_at: 2026-01-15T15:30:00Z\n", "").replace("2026-01-15T", "2026-01-20T"))
    write(root, PM, (root / PM).read_text().replace("    status: done\n", "    status: open\n"))
    repo = opened(root)
    at = _utc(2026, 1, 22)
    note = handoff(repo, "identity-primary", at=at)
    assert [i.id for i in note.incidents] == ["2026-01-20-open"]
    assert [(o.what, o.incident) for o in note.overdue] == [
        ("AI-1 Add connection timeout to all database configs (P1)",
         "2026-01-15-auth-login-failures")]
    text = markdown([note], repo.people, at=at)
    assert ("| `2026-01-20-open` | SEV1 | identified | Login failures for \\~30% of users | "
            "auth-api, login-web | Tue 2026-01-20 15:00 CET |") in text
    assert ("| AI-1 Add connection timeout to all database configs (P1) | carol | "
            "`2026-01-15-auth-login-failures` | 2026-01-20 | 1d |") in text
    # A schedule no policy pages has no services, so nothing to hand over.
    write(root, "oncall/schedules/spare.yaml", (root / SCHEDULE).read_text().replace(
        "id: identity-primary", "id: spare"))
    repo = opened(root)
    assert services_paging(repo, "spare") == ()
    spare = handoff(repo, "spare", at=at, overdue=[])
    assert (spare.services, spare.incidents, spare.overdue) == ((), (), ())
    assert "Services paged through this schedule: none." in markdown(
        [spare], repo.people, at=at)
    # The overdue items given are used as they are (several schedules share them).
    assert handoff(repo, "identity-primary", at=at, overdue=[]).overdue == ()
    assert timedelta(days=90) == HORIZON
