"""Text and JSON of ``oncall history``: the rows of each schedule as committed at the time.

The text is ``oncall show``'s table with the commit each row comes from, after the list of the
versions of ``oncall/`` in effect over the range.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo

from incidentkit.oncall.history import ScheduleHistory, Version
from incidentkit.oncall.render import NOBODY, hours, table, when


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def text(found: Sequence[ScheduleHistory], versions: Sequence[Version], *, start: datetime,
         end: datetime, zone: tzinfo, zone_name: str) -> str:
    lines = [f"On call as committed at the time, from {when(start, zone)} to {when(end, zone)} "
             f"(times in {zone_name})", "",
             "Versions of oncall/ in effect (first-parent history of HEAD):"]
    lines += table(("from", "commit", "subject"),
                   [(when(v.start, zone), v.short, v.subject) for v in versions])
    for item in found:
        lines += ["", f"{item.schedule_id} ({item.name})"]
        lines += table(
            ("start", "end", "hours", "person", "layer/override", "commit"),
            [(when(r.start, zone), when(r.end, zone), hours(r.end - r.start),
              r.person or NOBODY, r.source, r.commit[:7] if r.commit else "-")
             for r in item.rows],
            right=frozenset({2}),
        )
    return "\n".join(lines) + "\n"


def as_json(found: Sequence[ScheduleHistory], versions: Sequence[Version], *,
            start: datetime, end: datetime, zone: tzinfo, zone_name: str) -> str:
    del zone, zone_name  # JSON times are UTC
    return json.dumps({
        "from": _stamp(start),
        "to": _stamp(end),
        "versions": [
            {"commit": v.commit, "subject": v.subject, "from": _stamp(v.start),
             "to": None if v.end is None else _stamp(v.end)}
            for v in versions
        ],
        "schedules": [
            {"id": item.schedule_id, "name": item.name, "rows": [
                {"start": _stamp(r.start), "end": _stamp(r.end), "person": r.person,
                 "source": r.source, "commit": r.commit}
                for r in item.rows
            ]}
            for item in found
        ],
    }, indent=2, ensure_ascii=False) + "\n"


FORMATS = {"text": text, "json": as_json}
