"""A repository whose schedule ``dst`` crosses the start of summer time in Europe/Berlin (Sunday
29 March 2026, 02:00 CET → 03:00 CEST) in the week from :data:`AT`, with time off, a window
left uncovered on purpose, a gap at the end, and names and reasons full of markup."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.repos import copy_base, write

#: The build's "now": Saturday 28 March 2026, 13:00 CET.
AT = datetime(2026, 3, 28, 12, tzinfo=UTC)
NAME = "Jane <b>&\"' Doe"
REASON = "offsite <i>&\"'"

SCHEDULE = """\
id: dst
name: Across DST
timezone: Europe/Berlin
layers:
  - name: daily
    start: "2026-03-27T09:00"
    rotation: daily
    members: [jane, bob]
    effective_until: "2026-04-02T09:00"
overrides:
  - from: 2026-03-30T12:00:00+02:00
    to: 2026-03-30T18:00:00+02:00
    person: null
    reason: 'offsite <i>&"'''
"""

TIME_OFF = """\
- person: bob
  from: 2026-03-30T00:00:00+02:00
  to: 2026-03-31T00:00:00+02:00
  reason: dentist
"""


def dst_repository(tmp_path: Path) -> Path:
    root = copy_base(tmp_path)
    write(root, "oncall/schedules/dst.yaml", SCHEDULE)
    write(root, "oncall/time-off.yaml", TIME_OFF)
    people = root / "oncall/people.yaml"
    people.write_text(people.read_text().replace("name: Jane Doe", "name: 'Jane <b>&\"'' Doe'"))
    return root
