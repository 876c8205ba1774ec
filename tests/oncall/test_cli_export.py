"""``incidentkit oncall export``: the calendar feed on the command line (exact output)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from icalendar import Calendar

from tests.conftest import EXAMPLES, Run

BASE = str(EXAMPLES / "base")
AT = ("--at", "2026-01-30T00:00:00Z")


def _event(person: str, start: str, end: str, via: str) -> str:
    description = (f"DESCRIPTION:{person} is on call for schedule identity-primary through "
                   f"{via}.")
    assert 74 < len(description) <= 74 + 73  # icalendar folds lines at 74 characters
    folded = f"{description[:74]}\r\n {description[74:]}"
    return (
        "BEGIN:VEVENT\r\n"
        f"SUMMARY:On call: Identity primary ({person})\r\n"
        f"DTSTART:{start}\r\n"
        f"DTEND:{end}\r\n"
        "DTSTAMP:20260130T000000Z\r\n"
        f"UID:identity-primary/{person}/{start}@incidentkit\r\n"
        f"{folded}\r\n"
        "TRANSP:TRANSPARENT\r\n"
        "END:VEVENT\r\n"
    )


HEADER = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//incidentkit//on-call calendar//EN\r\n"
    "CALSCALE:GREGORIAN\r\n"
    "METHOD:PUBLISH\r\n"
)


def test_feed_on_standard_output(run: Callable[..., Run]) -> None:
    """Ten days from Friday 30 January: jane's whole turn (begun on the 26th), carol's
    override day, then bob's turn, whole, though the horizon ends before it does."""
    result = run("-C", BASE, "oncall", "export", *AT, "--days", "10")
    assert result.status == 0
    assert result.out == (
        HEADER
        + "X-WR-CALNAME:On call: Identity primary\r\n"
        + _event("jane", "20260126T090000Z", "20260202T090000Z", "layer 'weekly'")
        + _event("carol", "20260202T090000Z", "20260203T090000Z", "an override")
        + _event("bob", "20260203T090000Z", "20260209T090000Z", "layer 'weekly'")
        + "END:VCALENDAR\r\n"
    )


def test_out_file_is_written_and_a_second_export_is_identical(
    tmp_path: Path, run: Callable[..., Run]
) -> None:
    out = tmp_path / "feeds" / "identity.ics"
    first = run("-C", BASE, "oncall", "export", *AT, "--out", str(out))
    assert first.out == f"Wrote 15 shifts to {out}\n"
    data = out.read_bytes()
    run("-C", BASE, "oncall", "export", *AT, "--out", str(out))
    assert out.read_bytes() == data
    assert [p.name for p in out.parent.iterdir()] == ["identity.ics"]  # no temporary left
    stdout = run("-C", BASE, "oncall", "export", *AT)
    assert stdout.out.encode() == data
    events = Calendar.from_ical(data).walk("VEVENT")
    # jane's turn from 26 January, carol's override day, bob's rest of the week, then the 12
    # turns that begin by the end of April.
    assert len(events) == 15


def test_one_persons_feed(run: Callable[..., Run]) -> None:
    result = run("-C", BASE, "oncall", "export", *AT, "--days", "21", "--person", "carol")
    assert result.out == (
        HEADER
        + "X-WR-CALNAME:On call: carol (Identity primary)\r\n"
        + _event("carol", "20260202T090000Z", "20260203T090000Z", "an override")
        + _event("carol", "20260209T090000Z", "20260216T090000Z", "layer 'weekly'")
        + "END:VCALENDAR\r\n"
    )


def test_errors(tmp_path: Path, run: Callable[..., Run]) -> None:
    person = run("-C", BASE, "oncall", "export", "--person", "zed")
    assert (person.status, person.err) == (
        2, "incidentkit: error: no person 'zed' in oncall/people.yaml (known: bob, carol, "
        "jane)\n")
    schedule = run("-C", BASE, "oncall", "export", "--schedule", "nope")
    assert (schedule.status, schedule.err) == (
        2, "incidentkit: error: no schedule 'nope' (known: identity-primary)\n")
    blocker = tmp_path / "file"
    blocker.write_text("")
    unwritable = run("-C", BASE, "oncall", "export", *AT, "--out", str(blocker / "x.ics"))
    assert unwritable.status == 2
    assert unwritable.err.startswith(f"incidentkit: error: cannot write {blocker / 'x.ics'}: ")
    for result in (person, schedule, unwritable):
        assert "Traceback" not in result.err
