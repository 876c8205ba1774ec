"""On-call pages: who is on call now, the weeks ahead in the schedule's zone, the feed."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from incidentkit.site.oncall import (
    FEED_AFTER,
    FEED_BEFORE,
    ScheduleNow,
    ShiftRow,
    ahead,
    calendar,
    now_on_call,
)
from incidentkit.site.views import Names
from tests.conftest import EXAMPLES
from tests.repos import opened

AT = datetime(2026, 2, 1, 12, tzinfo=UTC)


def test_now_and_the_weeks_ahead() -> None:
    repo = opened(EXAMPLES / "base")
    model, names = repo.schedules["identity-primary"].model, Names.of(repo)
    assert now_on_call(model, names, AT) == ScheduleNow(
        "identity-primary", "Identity primary", "Jane Doe (jane)",
        datetime(2026, 2, 2, 9, tzinfo=UTC), "oncall/identity-primary.md",
        "oncall/identity-primary.ics")
    gap = now_on_call(model, names, datetime(2026, 1, 1, tzinfo=UTC))
    assert (gap.who, gap.until) == ("nobody (a gap)", None)
    assert ahead(model, names, AT, 2) == [
        ShiftRow("Sun 2026-02-01 13:00 CET", "Mon 2026-02-02 10:00 CET", "Jane Doe (jane)",
                 "layer weekly"),
        ShiftRow("Mon 2026-02-02 10:00 CET", "Tue 2026-02-03 10:00 CET", "Carol Lim (carol)",
                 "override"),
        ShiftRow("Tue 2026-02-03 10:00 CET", "Mon 2026-02-09 10:00 CET", "Bob Stone (bob)",
                 "layer weekly"),
        ShiftRow("Mon 2026-02-09 10:00 CET", "Sun 2026-02-15 13:00 CET", "Carol Lim (carol)",
                 "layer weekly"),
    ]


def test_the_feed_covers_a_week_before_and_ninety_days_after() -> None:
    model = opened(EXAMPLES / "base").schedules["identity-primary"].model
    feed = calendar(model, AT)
    assert feed.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert "X-WR-CALNAME:On call: Identity primary\r\n" in feed
    # The first event is the shift under way a week before (carol's, from 19 January).
    assert feed.index("DTSTART:20260119T090000Z") < feed.index("DTSTART:20260126T090000Z")
    assert "UID:identity-primary/jane/20260126T090000Z@incidentkit\r\n" in feed
    assert "DTSTAMP:20260201T120000Z\r\n" in feed
    assert feed.count("BEGIN:VEVENT") == 16
    assert (FEED_BEFORE.days, FEED_AFTER.days) == (7, 90)


def test_a_shift_in_time_off_is_marked(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "base", tmp_path / "repo")
    (tmp_path / "repo" / "oncall" / "time-off.yaml").write_text(
        "- person: bob\n  from: 2026-02-05T00:00:00-05:00\n  to: 2026-02-06T00:00:00-05:00\n"
        "  reason: family holiday\n"
        "- person: jane\n  from: 2026-02-01T00:00:00+01:00\n  to: 2026-02-02T00:00:00+01:00\n")
    repo = opened(tmp_path / "repo")
    model, names = repo.schedules["identity-primary"].model, Names.of(repo)
    assert now_on_call(model, names, AT, repo.time_off).who == "Jane Doe (jane) (on time off)"
    assert [row.who for row in ahead(model, names, AT, 2, repo.time_off)] == [
        "Jane Doe (jane) (on time off)", "Carol Lim (carol)",
        "Bob Stone (bob) (on time off: family holiday)", "Carol Lim (carol)"]
    later = datetime(2026, 2, 2, 0, tzinfo=UTC)  # jane's time off is over; her shift is not
    assert now_on_call(model, names, later, repo.time_off).who == "Jane Doe (jane)"
