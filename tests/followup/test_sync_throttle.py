"""The content-creation throttle stays below 80 writes a minute and 500 an hour; ``Retry-After``
is read per RFC 9110; no wait outlasts the run's deadline."""

from __future__ import annotations

from bisect import bisect_left

import pytest

from incidentkit.followup.github.throttle import (
    ContentThrottle,
    Deadline,
    OutOfTime,
    TokenBucket,
    retry_after,
)
from tests.fakegithub import FakeClock
from tests.fakegithub.clock import START


def most_in_any_window(times: list[float], window: float) -> int:
    """The most events in any half-open window ``[t, t + window)``."""
    return max(i - bisect_left(times, t - window + 1e-9) + 1 for i, t in enumerate(times))


def test_bounds_over_two_hours_of_writes() -> None:
    clock = FakeClock()
    throttle = ContentThrottle(clock)
    times = []
    for _ in range(1200):
        throttle.acquire()
        times.append(clock.now())
    assert most_in_any_window(times, 60) == 79
    assert most_in_any_window(times, 3600) == 499
    start = times[0]
    assert times[19] == start  # a burst of 20 goes at once
    assert times[299] - start < 5 * 60  # a first sync of 300 issues takes under five minutes


def test_no_wait_while_tokens_last() -> None:
    clock = FakeClock()
    bucket = TokenBucket(burst=3, per_window=60, window=60, clock=clock)
    for _ in range(3):
        assert bucket.wait_time() == 0
        bucket.take()
    assert bucket.wait_time() == 1.0
    clock.advance(0.5)
    assert bucket.wait_time() == 0.5


@pytest.mark.parametrize(("value", "seconds"), [
    ("120", 120.0),
    (" 0 ", 0.0),
    ("000000000000000000007", 7.0),
    ("9" * 5000, 1e12),  # no float overflow, no int-parsing limit
    ("Sun, 01 Mar 2026 12:00:30 GMT", 30.0),  # IMF-fixdate
    ("Sunday, 01-Mar-26 12:01:00 GMT", 60.0),  # the obsolete RFC 850 form
    ("Sun Mar  1 12:02:00 2026", 120.0),  # asctime, no zone: UTC
    ("Sat, 28 Feb 2026 12:00:00 GMT", 0.0),  # past: go on at once
])
def test_retry_after_reads_seconds_and_http_dates(value: str, seconds: float) -> None:
    assert retry_after(value, START) == seconds


@pytest.mark.parametrize("value", [
    "soon", "", "-5", "1.5", "٣٠", "12 s", "Sun, 32 Mar 2026 12:00:00 GMT", "\x00",
])
def test_retry_after_that_is_neither_is_none(value: str) -> None:
    assert retry_after(value, START) is None


def test_the_deadline_refuses_a_sleep_past_it() -> None:
    clock = FakeClock()
    deadline = Deadline(clock, 100)
    deadline.sleep(60)
    assert deadline.remaining() == 40
    with pytest.raises(OutOfTime, match="^comes before a 41 s wait ends$"):
        deadline.sleep(41)
    assert clock.sleeps == [60]
    throttle = ContentThrottle(deadline)  # the throttle's waits count too
    with pytest.raises(OutOfTime):
        for _ in range(100):
            throttle.acquire()
    assert clock.now() - START <= 100
