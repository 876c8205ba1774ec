"""Benchmark: ``actions sync`` of many action items against the fake GitHub, over real HTTP.

    python bench/sync_bench.py [--postmortems 100] [--items 10] [--one-file 300]

Runs the real sync (PyGithub, retries, throttle, write-back) against tests/fakegithub with a
fake clock, so the throttle's waits are counted, not slept. Prints, for a first run (every issue
created), a second run (nothing to do) and a run after a human closed 10% of the issues:
wall time, requests, writes, and the GitHub time the throttle would have spent. Then the same
first run for one postmortem holding ``--one-file`` items (write-back cost of a large file).
Exits 1 if the second run makes a write or more than ⌈issues/100⌉ + 2 requests.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakegithub import REPOSITORY, TOKEN, FakeClock, FakeGitHub  # noqa: E402
from tests.fakegithub.sample import write_repository  # noqa: E402

from incidentkit.followup.github.sync import sync_actions  # noqa: E402


def _quiet(message: str, *, err: bool = False) -> None:
    if err:
        print(message, file=sys.stderr)


def _run(label: str, root: Path, fake: FakeGitHub, clock: FakeClock) -> tuple[int, int]:
    env = {"GITHUB_TOKEN": TOKEN, "GITHUB_API_URL": fake.url, "GITHUB_REPOSITORY": REPOSITORY}
    fake.clear()
    start, github_start = time.perf_counter(), clock.now()
    outcome = sync_actions(root, environ=env, clock=clock, echo=_quiet)
    status = 0 if outcome.complete else 1
    wall = time.perf_counter() - start
    requests, writes = len(fake.requests), len(fake.writes)
    print(f"{label:<28} exit {status}  {wall:6.2f} s  {requests:5d} requests  {writes:5d} writes"
          f"  {(clock.now() - github_start) / 60:6.1f} min throttled")
    return requests, writes


def bench(postmortems: int, items: int, tmp: Path) -> bool:
    clock = FakeClock()
    fake = FakeGitHub(clock=clock, token=TOKEN).start()
    try:
        fake.add_repo(REPOSITORY)
        root = write_repository(tmp / f"repo-{postmortems}x{items}", postmortems=postmortems,
                                items=items)
        total = postmortems * items
        print(f"{total} action items in {postmortems} postmortems")
        _run("first run", root, fake, clock)
        requests, writes = _run("second run", root, fake, clock)
        gh = fake.repo(REPOSITORY)
        for number in list(gh.issues)[:: 10]:
            gh.edit_issue(number, {"state": "closed", "state_reason": "not_planned"})
        _run("after 10% closed on GitHub", root, fake, clock)
        return writes == 0 and requests <= math.ceil(total / 100) + 2
    finally:
        fake.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postmortems", type=int, default=100)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--one-file", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ok = bench(args.postmortems, args.items, Path(tmp))
        print()
        ok = bench(1, args.one_file, Path(tmp)) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
