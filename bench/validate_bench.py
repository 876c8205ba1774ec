"""Benchmark: validating a large repository, against check-jsonschema in the same run.

    python bench/validate_bench.py [--incidents 10000] [--postmortems 2000] [--out bench/out]

1. generates (once, seeded) a repository of N incidents over 10 years and M postmortems;
2. exports the JSON Schemas with ``incidentkit schema``;
3. times, as whole commands (start-up included), each the best of ``--repeat`` runs:
   * ``incidentkit validate`` of the whole repository (every check, not only the schema):
     cold (no cache), ``--no-cache``, warm (nothing changed since the last run) and with one
     file changed since the last run (the cache of :mod:`incidentkit.store.cache`);
   * ``check-jsonschema --schemafile incident.schema.json`` over the incident files (the peer:
     schema checks only, incidents only);
   * ``incidentkit validate ONE-FILE``: what the pre-commit hook does for one staged file;
4. prints the times and the ratio, and exits 1 if a goal is missed (cold run ≤ 5 s, ≥ 8× faster
   than check-jsonschema, warm ≤ 0.5 s, one changed file ≤ 0.6 s, one file ≤ 1 s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def _run(args: list[str], *, expect: int = 0, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != expect:
        sys.stderr.write(done.stdout[-2000:] + done.stderr[-2000:])
        raise SystemExit(f"{args[0]} exited {done.returncode}")
    return elapsed


def _best(args: list[str], repeat: int, env: dict[str, str] | None = None) -> float:
    return min(_run(args, env=env) for _ in range(repeat))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--postmortems", type=int, default=2_000)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    repo = args.out / f"repo-{args.incidents}-{args.postmortems}"
    if not (repo / "incidents").is_dir():
        if repo.exists():
            shutil.rmtree(repo)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(repo),
                        "--incidents", str(args.incidents),
                        "--postmortems", str(args.postmortems)], check=True)
    schemas = args.out / "schemas"
    subprocess.run([str(BIN / "incidentkit"), "schema", "--out", str(schemas)], check=True,
                   capture_output=True)
    incidents = sorted(str(p) for p in (repo / "incidents").rglob("*.yaml"))
    files = sum(1 for p in repo.rglob("*") if p.is_file())
    one = incidents[len(incidents) // 2]

    incidentkit = [str(BIN / "incidentkit"), "-C", str(repo), "validate"]
    cache = args.out / "cache"
    env = {**os.environ, "INCIDENTKIT_CACHE_DIR": str(cache)}

    def cold() -> float:
        shutil.rmtree(cache, ignore_errors=True)
        return _run(incidentkit, env=env)

    ours = min(cold() for _ in range(args.repeat))
    no_cache = _best([*incidentkit, "--no-cache"], args.repeat, env=env)
    _run(incidentkit, env=env)
    time.sleep(2.5)  # files modified within 2 s of a run are hashed, not trusted by stamp
    warm = _best(incidentkit, args.repeat, env=env)
    edited = Path(one)
    original = edited.read_bytes()
    changed = []
    try:
        for n in range(args.repeat):
            edited.write_bytes(original + f"# edit {n}\n".encode())
            changed.append(_run(incidentkit, env=env))
    finally:
        edited.write_bytes(original)
    one_changed = min(changed)
    peer = _best([str(BIN / "check-jsonschema"), "--schemafile",
                  str(schemas / "incident.schema.json"), *incidents], 1)
    single = _best([*incidentkit, "--no-cache", one], args.repeat, env=env)

    ratio = peer / ours
    print(f"machine: {os.cpu_count()} cores; repository: {files} files "
          f"({len(incidents)} incidents, {args.postmortems} postmortems)")
    print(f"incidentkit validate, cold (all files, all checks)  {ours:7.2f} s")
    print(f"incidentkit validate --no-cache                     {no_cache:7.2f} s")
    print(f"incidentkit validate, warm (nothing changed)        {warm:7.2f} s")
    print(f"incidentkit validate, warm (one file changed)       {one_changed:7.2f} s")
    print(f"check-jsonschema (incidents, schema only)           {peer:7.2f} s")
    print(f"ratio check-jsonschema / incidentkit cold           {ratio:7.1f}x")
    print(f"ratio check-jsonschema / incidentkit warm           {peer / warm:7.1f}x")
    print(f"incidentkit validate ONE-FILE (pre-commit, no cache) {single:6.2f} s")
    goals = [("cold run <= 5 s", ours <= 5.0), ("ratio >= 8x", ratio >= 8.0),
             ("warm <= 0.5 s", warm <= 0.5), ("one changed <= 0.6 s", one_changed <= 0.6),
             ("one file <= 1 s", single <= 1.0)]
    for name, ok in goals:
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    return 0 if all(ok for _, ok in goals) else 1

if __name__ == "__main__":
    raise SystemExit(main())
