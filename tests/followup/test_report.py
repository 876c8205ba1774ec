"""Overdue reports in each format, on items built by hand (a hostile title among them)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from incidentkit.followup.overdue import KINDS, OverdueItem
from incidentkit.followup.report import FORMATS, TITLES, late_by

AT = datetime(2026, 3, 1, 12, tzinfo=UTC)
DUE = datetime(2026, 1, 21, tzinfo=UTC)
ITEMS = [
    OverdueItem("action-item", "AI-1 Fix it\n::error ::x | *y* (P1)", ("carol",), DUE, AT - DUE,
                "2026-01-15-a", "postmortems/2026-01-15-a.md", 7, 5, date(2026, 1, 20)),
    OverdueItem("stale-incident", "2026-03-01-b (SEV1, identified) needs a status update every "
                "30m", ("jane", "bob"), datetime(2026, 3, 1, 10, 35, tzinfo=UTC),
                timedelta(minutes=85), "2026-03-01-b", "incidents/2026/2026-03-01-b,x.yaml", 4, 9),
]
STALE = "2026-03-01-b (SEV1, identified) needs a status update every 30m — jane, bob"


def test_text_keeps_each_item_on_its_line() -> None:
    assert FORMATS["text"](ITEMS, AT) == (
        "2 overdue at 2026-03-01 12:00 UTC:\n\nAction items (1)\n"
        "  postmortems/2026-01-15-a.md:7:5: AI-1 Fix it\\n::error ::x | *y* (P1) — carol — "
        "due 2026-01-20, 39d 12h late\n\nOpen incidents without a recent update (1)\n"
        f"  incidents/2026/2026-03-01-b,x.yaml:4:9: {STALE} — due 2026-03-01 10:35 UTC, "
        "1h 25m late\n")
    assert FORMATS["text"]([], AT) == "Nothing is overdue at 2026-03-01 12:00 UTC.\n"


def test_github_annotations_escape_data_and_properties() -> None:
    assert FORMATS["github"](ITEMS, AT) == (
        "::warning file=postmortems/2026-01-15-a.md,line=7,col=5,title=overdue action-item::"
        "AI-1 Fix it%0A::error ::x | *y* (P1) — carol — due 2026-01-20, 39d 12h late\n"
        "::warning file=incidents/2026/2026-03-01-b%2Cx.yaml,line=4,col=9,title=overdue "
        f"stale-incident::{STALE} — due 2026-03-01 10:35 UTC, 1h 25m late\n"
        "2 overdue at 2026-03-01 12:00 UTC\n")
    assert FORMATS["github"]([], AT) == "0 overdue at 2026-03-01 12:00 UTC\n"


def test_markdown_tables_escape_cells() -> None:
    header = "| What | Owner | Due | Late | Where |\n|---|---|---|---|---|\n"
    assert FORMATS["markdown"](ITEMS, AT) == (
        "## Overdue incident follow-ups\n\nAs of 2026-03-01 12:00 UTC: **2** overdue.\n\n"
        f"### Action items (1)\n\n{header}"
        "| AI-1 Fix it ::error ::x \\| \\*y\\* (P1) | carol | 2026-01-20 | 39d 12h | "
        "postmortems/2026-01-15-a.md:7 |\n\n"
        f"### Open incidents without a recent update (1)\n\n{header}"
        "| 2026-03-01-b (SEV1, identified) needs a status update every 30m | jane, bob | "
        "2026-03-01 10:35 UTC | 1h 25m | incidents/2026/2026-03-01-b,x.yaml:4 |\n")


def test_json() -> None:
    data = json.loads(FORMATS["json"](ITEMS, AT))
    assert (data["at"], data["count"]) == ("2026-03-01T12:00:00Z", 2)
    assert data["items"][0] == {
        "kind": "action-item", "what": "AI-1 Fix it\n::error ::x | *y* (P1)",
        "owners": ["carol"], "due": "2026-01-20", "late_seconds": 3412800, "late": "39d 12h",
        "incident": "2026-01-15-a", "path": "postmortems/2026-01-15-a.md", "line": 7, "col": 5}
    assert (data["items"][1]["due"], data["items"][1]["late_seconds"]) == (
        "2026-03-01T10:35:00Z", 5100)


def test_late_by_and_titles() -> None:
    assert [late_by(d) for d in (timedelta(days=2, minutes=5), timedelta(seconds=59),
                                 timedelta(hours=5, minutes=20, seconds=30))] == [
        "2d", "0m", "5h 20m"]
    assert list(TITLES) == list(KINDS)  # every kind has a heading, in the report's order
    assert list(FORMATS) == ["text", "json", "github", "markdown"]
