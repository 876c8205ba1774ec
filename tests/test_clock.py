"""The present moment: ``INCIDENTKIT_NOW`` when it is set, else the clock; aware either way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from incidentkit import clock
from incidentkit.errors import FatalError


def test_the_variable_stands_in_for_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.NOW_VARIABLE, "  2026-03-02T09:00:00+01:00\n")
    assert clock.now() == datetime(2026, 3, 2, 9, tzinfo=timezone(timedelta(hours=1)))
    assert clock.NOW_VARIABLE == "INCIDENTKIT_NOW"


def test_unset_or_blank_is_the_clock_in_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    for value in (None, "", "   "):
        if value is None:
            monkeypatch.delenv(clock.NOW_VARIABLE, raising=False)
        else:
            monkeypatch.setenv(clock.NOW_VARIABLE, value)
        before = datetime.now(UTC)
        got = clock.now()
        assert got.tzinfo is UTC
        assert before <= got <= datetime.now(UTC)


@pytest.mark.parametrize(("value", "message"), [
    ("2026-03-02T09:00:00", "INCIDENTKIT_NOW: timestamp '2026-03-02T09:00:00' has no offset: "
     "add one, e.g. 2026-03-02T09:00:00Z or 2026-03-02T09:00:00+01:00; fix it or unset it"),
    ("now", "INCIDENTKIT_NOW: 'now' is not an RFC 3339 timestamp: write e.g. "
     "2026-01-15T14:00:00Z; fix it or unset it"),
])
def test_a_bad_value_says_how_to_fix_it(monkeypatch: pytest.MonkeyPatch, value: str,
                                        message: str) -> None:
    monkeypatch.setenv(clock.NOW_VARIABLE, value)
    with pytest.raises(FatalError) as caught:
        clock.now()
    assert (caught.value.message, caught.value.status) == (message, 2)
