"""Time: staying below GitHub's limit on content creation (80 a minute, 500 an hour), reading
``Retry-After``, and the run's deadline.

The clock is injected everywhere (``now``, ``sleep``) so tests run a 300-issue sync, a one-minute
``Retry-After`` and an hour of throttling in milliseconds.

A token bucket holding at most ``burst`` tokens, refilled at ``rate`` a second, lets at most
``burst + rate·T`` requests through in any window of ``T`` seconds. Two buckets in series keep
every write below both of GitHub's documented secondary limits:

* a minute bucket, burst 20, refilled 59 a minute: at most 79 in any minute;
* an hour bucket, burst 300, refilled 199 an hour: at most 499 in any hour.

So a first sync of 300 items creates its issues in about five minutes, and a long run settles
at about 3 writes a minute. GitHub does not say which requests are "content-generating", so
every write (POST, PATCH, PUT, DELETE) takes a token. A new process starts with full buckets:
it cannot know what an earlier run did in the same hour; the server's own ``Retry-After`` is the
backstop (:mod:`.pygithub` honours it).

:class:`Deadline` wraps the clock: a sleep that would end after the run's deadline raises
:class:`OutOfTime` instead, so no wait (throttle, backoff, rate limit) can outlast the run.
"""

from __future__ import annotations

import re
import time
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the epoch."""
        ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class TokenBucket:
    def __init__(self, *, burst: int, per_window: int, window: float, clock: Clock) -> None:
        """``burst`` tokens at first; ``per_window`` more every ``window`` seconds."""
        self.burst = float(burst)
        self.rate = per_window / window
        self._clock = clock
        self._tokens = float(burst)
        self._last = clock.now()

    def _refill(self) -> None:
        now = self._clock.now()
        self._tokens = min(self.burst, self._tokens + max(0.0, now - self._last) * self.rate)
        self._last = now

    def wait_time(self) -> float:
        """Seconds until a token is there (0 if one is there now)."""
        self._refill()
        missing = 1 - self._tokens
        # Below a microsecond's worth the clock cannot move (an epoch float has ~0.2 µs steps).
        return 0.0 if missing * 1e6 <= self.rate else missing / self.rate

    def take(self) -> None:
        self._refill()
        self._tokens -= 1


class ContentThrottle:
    """Both buckets: :meth:`acquire` before every write."""

    def __init__(self, clock: Clock, *, per_minute: int = 80, per_hour: int = 500) -> None:
        self._clock = clock
        minute_burst = per_minute // 4
        hour_burst = per_hour * 3 // 5
        self.buckets = (
            TokenBucket(burst=minute_burst, per_window=per_minute - 1 - minute_burst,
                        window=60, clock=clock),
            TokenBucket(burst=hour_burst, per_window=per_hour - 1 - hour_burst,
                        window=3600, clock=clock),
        )
        #: Seconds spent waiting, in all.
        self.waited = 0.0

    def acquire(self) -> None:
        while True:
            wait = max(bucket.wait_time() for bucket in self.buckets)
            if wait <= 0:
                for bucket in self.buckets:
                    bucket.take()
                return
            self.waited += wait
            self._clock.sleep(wait)


_DELAY_SECONDS = re.compile(r"[0-9]+")


def retry_after(value: str, now: float) -> float | None:
    """Seconds to wait for a ``Retry-After`` value (RFC 9110 §10.2.3): ``delay-seconds`` or an
    HTTP-date; ``None`` when it is neither."""
    value = value.strip()
    if _DELAY_SECONDS.fullmatch(value):
        digits = value.lstrip("0")
        return float(int(digits or "0")) if len(digits) <= 12 else 1e12  # ~31,700 years
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:  # "-0000": UTC, as RFC 5322 says
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, moment.timestamp() - now)


class OutOfTime(Exception):
    """A wait or a request would end after the run's deadline."""


class Deadline:
    """A :class:`Clock` that refuses to sleep past ``at`` (clock time; ``None``: no deadline)."""

    def __init__(self, clock: Clock, seconds: float | None) -> None:
        self.clock = clock
        self.seconds = seconds
        self.at = None if seconds is None else clock.now() + seconds

    def now(self) -> float:
        return self.clock.now()

    def remaining(self) -> float | None:
        return None if self.at is None else self.at - self.clock.now()

    def sleep(self, seconds: float) -> None:
        left = self.remaining()
        if left is not None and seconds > left:
            raise OutOfTime(f"comes before a {seconds:.0f} s wait ends")
        self.clock.sleep(seconds)
