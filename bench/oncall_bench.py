"""Benchmark of the schedule engine: one year of final shifts for 50 random schedules.

Each schedule has 3 layers (random zone, rotation, members and restrictions) and 20 overrides
(half of them with ``replaces``). Run: ``.venv/bin/python bench/oncall_bench.py [seed]``.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta
from random import Random
from typing import Any

from incidentkit.model.schedule import WEEKDAYS, Schedule
from incidentkit.schedule import final_shifts, gaps

ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Asia/Tokyo",
    "Australia/Sydney",
    "UTC",
    "Asia/Kolkata",
    "America/Los_Angeles",
    "Europe/London",
]
ROTATIONS: list[Any] = ["daily", "weekly", {"every": "12h"}, {"every": "8h"}, {"every": "3d"}]
PEOPLE = [f"p{n}" for n in range(40)]
YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)
YEAR_END = datetime(2027, 1, 1, tzinfo=UTC)


def clock(rng: Random) -> str:
    return f"{rng.randrange(24):02d}:{rng.choice((0, 30)):02d}"


def layer(rng: Random, number: int) -> dict[str, Any]:
    restrictions = [
        {
            "days": sorted(rng.sample(WEEKDAYS, rng.randint(1, 7)), key=WEEKDAYS.index),
            "from": clock(rng),
            "to": clock(rng),
        }
        for _ in range(rng.choice((0, 0, 1, 2, 3)))
    ]
    offset = timedelta(days=rng.randrange(30), hours=rng.randrange(24))
    start = datetime(2025, 12, 1, tzinfo=UTC) + offset  # only its wall-clock digits are used
    return {
        "name": f"layer-{number}",
        "timezone": rng.choice(ZONES),
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "rotation": rng.choice(ROTATIONS),
        "members": rng.sample(PEOPLE, rng.randint(2, 8)),
        "restrictions": restrictions,
    }


def override(rng: Random, people: list[str]) -> dict[str, Any]:
    start = YEAR_START + timedelta(minutes=rng.randrange(365 * 24 * 60))
    end = start + timedelta(minutes=rng.randrange(60, 3 * 24 * 60))
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "person": rng.choice(PEOPLE),
        "replaces": rng.choice(people) if rng.random() < 0.5 else None,
        "reason": "bench",
    }


def schedule(rng: Random, number: int) -> Schedule:
    layers = [layer(rng, n) for n in range(3)]
    people = sorted({p for item in layers for p in item["members"]})
    return Schedule.model_validate(
        {
            "id": f"schedule-{number}",
            "name": f"Schedule {number}",
            "timezone": rng.choice(ZONES),
            "layers": layers,
            "overrides": [override(rng, people) for _ in range(20)],
        }
    )


def main() -> None:
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 2026
    rng = Random(seed)
    schedules = [schedule(rng, n) for n in range(50)]
    began = time.perf_counter()
    shifts = [final_shifts(s, start=YEAR_START, end=YEAR_END) for s in schedules]
    took = time.perf_counter() - began
    count = sum(map(len, shifts))
    print(
        f"final_shifts: 50 schedules x 3 layers x 20 overrides, one year: {took:.3f} s "
        f"({count} shifts)"
    )
    began = time.perf_counter()
    holes = sum(len(gaps(s, start=YEAR_START, end=YEAR_END)) for s in schedules)
    print(f"gaps: {time.perf_counter() - began:.3f} s ({holes} gaps)")


if __name__ == "__main__":
    main()
