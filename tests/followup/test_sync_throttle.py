"""The content-creation throttle stays below 80 writes a minute and 500 an hour."""

from __future__ import annotations

from bisect import bisect_left

from incidentkit.followup.github.throttle import ContentThrottle, TokenBucket
from tests.fakegithub import FakeClock


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
