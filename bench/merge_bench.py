"""Benchmark of the merge driver: one call as git makes it, against ``git merge-file`` on the
same three files (git's own line merge, which leaves this merge in conflict).

Ours and theirs each logged ``N`` entries (default 50) to an incident at random minutes. Each
command runs ``ROUNDS`` times as a fresh process; the median wall and CPU times are printed.
Run: ``.venv/bin/python bench/merge_bench.py [N] [ROUNDS]``.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from random import Random

BASE = """\
id: 2026-01-15-auth-login-failures
title: Login failures
severity: SEV1   # paged
status: identified
timeline:
  - at: 2026-01-15T14:00:00Z
    kind: change
    text: Deployment completed
updates: []
"""


def side(rng: Random, name: str, count: int) -> str:
    minutes = sorted(rng.randrange(1, 120) for _ in range(count))
    entries = "".join(f"  - at: 2026-01-15T{14 + m // 60:02d}:{m % 60:02d}:00Z\n"
                      f"    kind: note\n    text: {name} {n}\n" for n, m in enumerate(minutes))
    return BASE.replace("updates:", entries + "updates:", 1)


def timed(command: list[str], folder: Path, ours: str, rounds: int, status: int | None = 0
          ) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(rounds):
        (folder / "o").write_text(ours)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, cwd=folder, capture_output=True, check=False)
        assert status is None or done.returncode == status, done.stderr
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 11
    rng = Random(7)
    ours, theirs = side(rng, "ours", count), side(rng, "theirs", count)
    folder = Path(tempfile.mkdtemp(prefix="merge-bench-"))
    try:
        (folder / "b").write_text(BASE)
        (folder / "t").write_text(theirs)
        rel = "incidents/2026/2026-01-15-auth-login-failures.yaml"
        driver = timed([sys.executable, "-m", "incidentkit", "merge-driver", "b", "o", "t", rel],
                       folder, ours, rounds)
        line = timed(["git", "merge-file", "-p", "o", "b", "t"], folder, ours, rounds, None)
        startup = timed([sys.executable, "-c", "pass"], folder, ours, rounds)
    finally:
        shutil.rmtree(folder)
    print(f"{count} entries on each side, median of {rounds} runs (load {os.getloadavg()[0]:.1f})")
    for name, (wall, cpu) in (("incidentkit merge-driver", driver), ("git merge-file", line),
                              ("python -c pass", startup)):
        print(f"  {name:26} wall {wall * 1000:6.0f} ms  cpu {cpu * 1000:6.0f} ms")
    print(f"  driver / git merge-file: {driver[0] / line[0]:.0f}x wall (git leaves a conflict, "
          "the driver merges)")


if __name__ == "__main__":
    main()
