"""Where a maintenance stands at a moment: the stored status, moved on by the clock only from
``scheduled``."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from incidentkit.model.maintenance import Maintenance, phase

START = datetime(2026, 12, 10, 2, tzinfo=UTC)
END = datetime(2026, 12, 10, 4, tzinfo=UTC)


def _maintenance(status: str) -> Maintenance:
    return Maintenance.model_validate({
        "id": "2026-12-10-db", "title": "DB", "starts_at": "2026-12-10T02:00:00Z",
        "ends_at": "2026-12-10T04:00:00+00:00", "components": ["db"], "status": status})


@pytest.mark.parametrize(("status", "at", "expected"), [
    ("scheduled", datetime(2026, 12, 10, 1, 59, tzinfo=UTC), "scheduled"),
    ("scheduled", START, "in-progress"),
    ("scheduled", END, "completed"),
    ("in-progress", datetime(2026, 12, 10, 1, tzinfo=UTC), "in-progress"),  # started early
    ("in-progress", datetime(2026, 12, 10, 6, tzinfo=UTC), "in-progress"),  # overran
    ("completed", datetime(2026, 12, 10, 3, tzinfo=UTC), "completed"),  # finished early
])
def test_phase(status: str, at: datetime, expected: str) -> None:
    assert phase(_maintenance(status), at) == expected
