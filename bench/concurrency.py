"""Benchmark: concurrent writers on one incident, and ``kill -9`` in the middle of a write.

    python bench/concurrency.py [--rounds 200] [--kills 300] [--writers 2 4] [--per-process 1]

1. copies ``tests/examples/base`` into a temporary folder;
2. for each writer count, ``--rounds`` rounds: that many processes of the real command line
   started together on one incident, half ``log`` and half ``status`` (each with a unique
   text), then counts the entries of the runs that exited 0 but are not in the file (lost),
   the runs refused because the wait for the lock ran out, any other failure, and the
   temporary files left in the incident's folder;
3. ``--kills`` times: starts a ``log`` (its process loaded, waiting for a go), lets it run for a
   random time between 0 and 1.2 times what a ``log`` takes, kills it with SIGKILL, checks that
   the file holds exactly the old bytes or the old entries plus the new one (it parses),
   counts the temporary files left, then runs the next ``log`` in another process (it must
   succeed: it validates the file first) and checks that no temporary file remains;
4. prints the figures, and exits 1 if an entry was lost, a file was corrupt, a command failed
   other than by the lock's clear refusal, or a temporary file outlived the next command.

The tests (tests/authoring/test_concurrency.py) run the same functions with fewer rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
BASE = HERE.parent / "tests" / "examples" / "base"
INCIDENT_ID = "2026-01-15-auth-login-failures"
INCIDENT_REL = f"incidents/2026/{INCIDENT_ID}.yaml"
#: The lock's refusal: a clear failure that wrote nothing, not a lost write.
REFUSAL = "another incidentkit command is editing files in"

#: The console script's body: what ``incidentkit ARGS`` runs, with three ways to drive it:
#: ``--many OUT JSON`` runs several commands one after the other and writes their statuses to
#: OUT; ``--go ARGS`` loads the command's code, says "ready", and runs it when a line arrives
#: (so a kill lands in the command, not in Python's start-up); ``--serve`` runs the commands
#: it reads, one JSON list a line, and answers each with its status.
WRITER = """\
import contextlib, io, json, sys
from incidentkit.cli.main import main
if sys.argv[1] == "--many":
    statuses = [main(args) for args in json.loads(sys.argv[3])]
    with open(sys.argv[2], "w") as out:
        json.dump(statuses, out)
    sys.exit(0)
if sys.argv[1] == "--go":
    import incidentkit.cli.author, incidentkit.authoring.timeline
    print("ready", flush=True)
    sys.stdin.readline()
    sys.exit(main(sys.argv[2:]))
if sys.argv[1] == "--serve":
    for line in sys.stdin:
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            status = main(json.loads(line))
        print(json.dumps([status, err.getvalue()]), flush=True)
    sys.exit(0)
sys.exit(main(sys.argv[1:]))
"""


@dataclass
class Race:
    """What concurrent writers did to one incident."""

    writers: int
    rounds: int
    commands: int = 0
    ok: int = 0
    lost: int = 0
    refused: int = 0
    failed: list[str] = field(default_factory=list)
    leftover: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (f"{self.writers} writers x {self.rounds} commands each: {self.commands} in all, "
                f"{self.ok} exited 0, {self.lost} entries lost, {self.refused} refused by the "
                f"lock timeout, {len(self.failed)} other failures, {self.leftover} temporary "
                f"files left ({self.seconds:.1f} s)")


@dataclass
class Kills:
    """What ``kill -9`` during ``log`` left behind."""

    iterations: int
    old: int = 0
    new: int = 0
    corrupt: list[str] = field(default_factory=list)
    temps_after_kill: int = 0
    temps_after_next: int = 0
    next_failed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        return (f"kill -9 x {self.iterations}: file old {self.old}, new {self.new}, corrupt "
                f"{len(self.corrupt)}; temporary files left by the kill {self.temps_after_kill},"
                f" after the next command {self.temps_after_next}; next command failed "
                f"{len(self.next_failed)} ({self.seconds:.1f} s)")


def make_repo(folder: Path) -> Path:
    """A copy of the golden corpus's base repository in ``folder``."""
    repo = folder / "repo"
    shutil.copytree(BASE, repo)
    return repo


def command(repo: Path, writer: int, mark: str) -> list[str]:
    """``log`` for even writers, ``status`` (identified/investigating) for odd ones."""
    if writer % 2 == 0:
        return ["-C", str(repo), "log", INCIDENT_ID, mark]
    status = "identified" if writer % 4 == 1 else "investigating"
    return ["-C", str(repo), "status", INCIDENT_ID, status, "-m", mark]


def texts(repo: Path) -> list[str]:
    """The texts of the incident's timeline entries and updates (parsing the file)."""
    data = yaml.safe_load((repo / INCIDENT_REL).read_bytes())
    return [str(e["text"]) for key in ("timeline", "updates") for e in data.get(key) or []]


def temporaries(repo: Path) -> list[str]:
    return sorted(p.name for p in (repo / INCIDENT_REL).parent.iterdir()
                  if p.name.startswith(".") and p.name.endswith(".tmp"))


def _env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("INCIDENTKIT_HANDLE", "INCIDENTKIT_REPO", "INCIDENTKIT_NOW", "GITHUB_ACTIONS"):
        env.pop(name, None)
    return env


def race(repo: Path, *, writers: int, rounds: int, per_process: int = 1,
         progress: bool = False) -> Race:
    """``rounds`` rounds of ``writers`` processes started together on one incident.

    With ``per_process`` > 1 each process runs that many commands one after the other (the
    real entry point, without paying for Python's start-up each time), so the writers
    contend all the time instead of once per round.
    """
    result = Race(writers, rounds * per_process)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        for n in range(rounds):
            marks: list[list[str]] = []
            procs: list[tuple[subprocess.Popen[str], Path | None, list[list[str]]]] = []
            for w in range(writers):
                mine = [f"mark-w{w}-r{n}-c{c}" for c in range(per_process)]
                marks.append(mine)
                cmds = [command(repo, w, m) for m in mine]
                if per_process == 1:
                    args, out = cmds[0], None
                else:
                    out = Path(scratch) / f"w{w}-r{n}.json"
                    args = ["--many", str(out), json.dumps(cmds)]
                procs.append((subprocess.Popen(
                    [sys.executable, "-c", WRITER, *args], env=_env(), text=True,
                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE), out, cmds))
            statuses: list[list[int]] = []
            for proc, out, _cmds in procs:
                _, err = proc.communicate()
                if out is None:
                    got = [proc.returncode]
                elif proc.returncode == 0:
                    got = json.loads(out.read_text())
                else:
                    got = [proc.returncode] * per_process
                statuses.append(got)
                result.refused += err.count(REFUSAL)
                other = [line for line in err.splitlines() if line and REFUSAL not in line]
                result.failed.extend(other)
            present = set(texts(repo))
            for mine, got in zip(marks, statuses, strict=True):
                for mark, status in zip(mine, got, strict=True):
                    result.commands += 1
                    if status == 0:
                        result.ok += 1
                        result.lost += mark not in present
            result.leftover += len(temporaries(repo))
            if progress and (n + 1) % 25 == 0:
                print(f"  ... round {n + 1}: {result.line()}", file=sys.stderr, flush=True)
    result.seconds = time.perf_counter() - start
    return result


class Server:
    """A process of the command line that runs the commands it is sent (see ``WRITER``)."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", WRITER, "--serve"], env=_env(),
                                     text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def run(self, args: list[str]) -> tuple[int, str, float]:
        """The command's exit status, what it printed on stderr, and how long it took."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        start = time.perf_counter()
        self.proc.stdin.write(json.dumps(args) + "\n")
        self.proc.stdin.flush()
        status, err = json.loads(self.proc.stdout.readline())
        return int(status), str(err), time.perf_counter() - start

    def close(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=60)
        self.proc.stdout.close()


def _kill_one(repo: Path, mark: str, delay: float) -> None:
    """Start ``log``, let it run ``delay`` seconds, then SIGKILL it."""
    proc = subprocess.Popen([sys.executable, "-c", WRITER, "--go", *command(repo, 0, mark)],
                            env=_env(), text=True, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdin is not None and proc.stdout is not None
    if proc.stdout.readline() == "ready\n":
        proc.stdin.write("go\n")
        proc.stdin.flush()
        time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdin.close()
    proc.stdout.close()


def kill_loop(repo: Path, *, iterations: int, seed: int = 1, progress: bool = False) -> Kills:
    """``log`` killed at a random moment of its run, ``iterations`` times; see the module."""
    rng = random.Random(seed)
    result = Kills(iterations)
    start = time.perf_counter()
    server = Server()
    try:
        # How long a log takes here, to pick moments within it (and a little after).
        took = [server.run(command(repo, 0, f"warm-{n}"))[2] for n in range(5)]
        span = statistics.median(took) * 1.2
        for n in range(iterations):
            old = (repo / INCIDENT_REL).read_bytes()
            old_texts = texts(repo)
            mark = f"killed-{n}"
            _kill_one(repo, mark, rng.uniform(0, span))
            raw = (repo / INCIDENT_REL).read_bytes()
            if raw == old:
                result.old += 1
            else:
                try:
                    now_texts = texts(repo)
                except Exception as exc:  # a corrupt file is what this loop looks for
                    now_texts = [f"unparseable: {exc}"]
                if sorted(now_texts) == sorted([*old_texts, mark]):
                    result.new += 1
                else:
                    result.corrupt.append(f"iteration {n}: {raw[-200:]!r}")
            result.temps_after_kill += len(temporaries(repo))
            status, err, _ = server.run(command(repo, 0, f"next-{n}"))
            if status != 0:
                result.next_failed.append(err.strip())
            result.temps_after_next += len(temporaries(repo))
            if progress and (n + 1) % 25 == 0:
                print(f"  ... iteration {n + 1}: {result.line()}", file=sys.stderr, flush=True)
    finally:
        server.close()
    result.seconds = time.perf_counter() - start
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--kills", type=int, default=300)
    parser.add_argument("--writers", type=int, nargs="*", default=[2, 4])
    parser.add_argument("--per-process", type=int, default=1,
                        help="commands each writer process runs one after the other (with more "
                        "than 1 the writers contend all the time and start-up costs less)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    bad = False
    with tempfile.TemporaryDirectory() as scratch:
        for writers in args.writers:
            repo = make_repo(Path(scratch) / f"race-{writers}")
            got = race(repo, writers=writers, rounds=args.rounds, per_process=args.per_process,
                       progress=True)
            print(got.line(), flush=True)
            for line in got.failed[:5]:
                print(f"  failure: {line}")
            bad |= bool(got.lost or got.failed or got.leftover)
        if args.kills:
            kills = kill_loop(make_repo(Path(scratch) / "kills"), iterations=args.kills,
                              seed=args.seed, progress=True)
            print(kills.line(), flush=True)
            for line in [*kills.corrupt, *kills.next_failed][:5]:
                print(f"  problem: {line}")
            bad |= bool(kills.corrupt or kills.next_failed or kills.temps_after_next)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
