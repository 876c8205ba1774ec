"""The long fuzz run: mutated repositories, 10^5 executions, no internal error and no hang.

    python bench/fuzz.py [--executions 100000] [--workers 2] [--hang 10] [--template DIR]

The cases are those of ``tests/fuzz`` (hypothesis draws up to three mutations — byte flips,
deleted or repeated lines, truncation, swapped types, extreme times, durations, time zones and
texts, special files, alias amplification, many keys, Markdown attacks, garbage — then one
command: ``validate`` of the repository or of one file, ``log``, ``status``, ``ack``,
``severity``, ``assign``, ``new postmortem``, ``render``, ``metrics``, ``review``, ``overdue``,
``oncall``, ``site --out``, ``status-page --out``). Each worker process mutates its own copy
of the template repository (default: the golden corpus's base) under an address-space limit of
4 GiB, so a command that reads without bound fails with a MemoryError (an internal error)
instead of taking the machine down.

It prints the executions per command, the slowest, every distinct problem with the mutations
that caused it, and exits 1 if there was any problem.
"""

from __future__ import annotations

import argparse
import collections
import faulthandler
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from tests.fuzz.harness import WorkingCopy, execute  # noqa: E402
from tests.fuzz.strategies import CASE  # noqa: E402

MEMORY_LIMIT = 4 << 30

Result = tuple[str, float, str | None, list[tuple[str, int]]]


def _worker(count: int, seed: int, hang: float, template: str, last: Path) -> list[Result]:
    """Run ``count`` cases in this process; ``last`` holds the case being run (if the process
    dies in it, the parent reports that case)."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    where = Path(tempfile.mkdtemp(prefix="incidentkit-fuzz-"))
    shutil.copytree(template, where / "template", symlinks=True)
    copy = WorkingCopy.make(where / "template", where)
    results: list[Result] = []

    @settings(max_examples=count, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=CASE)
    def one(case: tuple[list[tuple[str, int]], str, int]) -> None:
        mutations, command, cmd_seed = case
        last.write_text(json.dumps([command, mutations]))
        # A hang inside C code (where the harness's timer cannot interrupt) ends the process
        # with its traceback on stderr; the parent reports the case.
        faulthandler.dump_traceback_later(hang * 3, exit=True)
        outcome = execute(copy, mutations, command, cmd_seed ^ seed, hang_after=hang)
        faulthandler.cancel_dump_traceback_later()
        results.append((command, outcome.seconds, outcome.problem, mutations))

    one()
    shutil.rmtree(where, ignore_errors=True)
    return results


def _job(count: int, seed: int, hang: float, template: Path) -> list[Result]:
    """One worker process; a worker that dies is reported as a problem of its last case."""
    with tempfile.TemporaryDirectory() as tmp:
        last = Path(tmp) / "last.json"
        done = subprocess.run(
            [sys.executable, __file__, "--worker", str(count), str(seed), str(hang),
             str(template), str(last)],
            capture_output=True, text=True, check=False, env=os.environ,
        )
        if done.returncode == 0:
            return [tuple(r) for r in json.loads(done.stdout)]  # type: ignore[misc]
        command, mutations = json.loads(last.read_text()) if last.exists() else ("?", [])
        why = done.stderr.strip().splitlines()
        return [(command, hang * 3, f"worker died ({done.returncode}): "
                 f"{' | '.join(why[:4])[:400]}", [tuple(m) for m in mutations])]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--executions", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--hang", type=float, default=10.0, help="seconds that count as a hang")
    parser.add_argument("--template", type=Path, default=ROOT / "tests" / "examples" / "base")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--chunk", type=int, default=2_000,
                        help="executions per worker task (a fresh hypothesis run each)")
    args = parser.parse_args()
    jobs = []
    left = args.executions
    n = 0
    while left > 0:
        size = min(args.chunk, left)
        jobs.append((size, args.seed * 1_000_003 + n, args.hang, args.template))
        left -= size
        n += 1
    start = time.perf_counter()
    per_command: collections.Counter[str] = collections.Counter()
    slowest: list[tuple[float, str]] = []
    problems: dict[tuple[str, str], list[list[tuple[str, int]]]] = {}
    done = 0
    with ThreadPoolExecutor(args.workers) as pool:
        for results in pool.map(lambda job: _job(*job), jobs):
            for command, seconds, problem, mutations in results:
                done += 1
                per_command[command] += 1
                slowest.append((seconds, command))
                if problem is not None:
                    problems.setdefault((command, problem[:160]), []).append(mutations)
            slowest = sorted(slowest, reverse=True)[:5]
            print(f"  {done} executions, {len(problems)} distinct problems, "
                  f"{time.perf_counter() - start:.0f} s", flush=True)
    elapsed = time.perf_counter() - start
    print(f"\n{done} executions in {elapsed:.0f} s ({done / elapsed:.1f}/s), "
          f"{args.workers} workers")
    print("per command: " + ", ".join(f"{c} {n}" for c, n in sorted(per_command.items())))
    print("slowest: " + ", ".join(f"{c} {s:.2f} s" for s, c in slowest))
    internal = sum(len(v) for k, v in problems.items() if not k[1].startswith("hang"))
    hangs = sum(len(v) for k, v in problems.items() if k[1].startswith("hang"))
    print(f"internal errors: {internal}; hangs over {args.hang:g} s: {hangs}")
    for (command, problem), cases in sorted(problems.items()):
        print(f"- {len(cases)}× {command}: {problem}\n    e.g. mutations {cases[0]}")
    return 1 if problems else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        count, seed, hang, template, last = sys.argv[2:]
        print(json.dumps(_worker(int(count), int(seed), float(hang), template, Path(last))))
        sys.exit(0)
    sys.exit(main())
