"""A clock the tests control: ``sleep`` moves time forward at once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

#: 2026-03-01T12:00:00Z
START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC).timestamp()


class FakeClock:
    def __init__(self, start: float = START) -> None:
        self._now = start
        self._lock = threading.Lock()
        self.sleeps: list[float] = []

    def now(self) -> float:
        with self._lock:
            return self._now

    def __call__(self) -> float:
        return self.now()

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self._now += max(0.0, seconds)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += seconds
