"""Benchmark: building the knowledge base for large repositories, against plain MkDocs.

    python bench/site_bench.py [--sizes 2500 5000 10000] [--out bench/out]

For each size N (incidents; N/5 postmortems), in one run:

1. generate (once, seeded) a repository with ``bench/generate.py``;
2. ``mkdocs build`` of it with the ``incidentkit`` plugin (Material, search, tags; the same
   ``mkdocs.yml`` as this repository's, git history off, a fixed "now"): wall time and peak
   memory (RSS) of the build process;
3. ``mkdocs build`` without the plugin of the same number of plain Markdown pages of similar
   size: the pages ``incidentkit site --out`` writes for that repository (the same Markdown, so
   the same size and shape), built as ordinary files. The difference is what the plugin costs:
   loading and checking the repository and generating the pages in memory.

It prints the time per incident (its growth from the smallest to the largest size must stay
within 20%), the plugin's overhead over plain MkDocs (at most 25%) and the peak memory (at most
2 GB), and exits 1 if a goal is missed. Each build runs in its own process. The goals are judged
on CPU time (user + system) of the build, which other work on the machine hardly changes (MkDocs
builds on one core); wall times are printed beside it.
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
ROOT = HERE.parent
BIN = Path(sys.executable).parent
NOW = "2026-11-01T12:00:00Z"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _timed(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (bytes) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.stderr.write(output.decode(errors="replace")[-3000:])
        raise SystemExit(f"{' '.join(args)} exited {proc.returncode}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def _mkdocs_yml(plugin: bool) -> str:
    text = (ROOT / "mkdocs.yml").read_text()
    if plugin:
        return text.replace("  - incidentkit\n",
                            f"  - incidentkit:\n      git_history: false\n      now: \"{NOW}\"\n")
    return text.replace("  - incidentkit\n", "")


def _repository(out: Path, n: int) -> Path:
    repo = out / f"site-repo-{n}"
    if not (repo / "incidents").is_dir():
        if repo.exists():
            shutil.rmtree(repo)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(repo),
                        "--incidents", str(n), "--postmortems", str(n // 5)], check=True,
                       stdout=subprocess.DEVNULL)
    shutil.rmtree(repo / "docs", ignore_errors=True)
    shutil.copytree(ROOT / "docs", repo / "docs")
    (repo / "mkdocs.yml").write_text(_mkdocs_yml(plugin=True))
    return repo


def _plain(repo: Path, out: Path, n: int) -> Path:
    """The same pages as plain Markdown files, and a mkdocs.yml without the plugin."""
    plain = out / f"site-plain-{n}"
    shutil.rmtree(plain, ignore_errors=True)
    subprocess.run([str(BIN / "incidentkit"), "-C", str(repo), "site", "--out", str(plain),
                    "--at", NOW, "--no-git-history"], check=True, env=ENV,
                   stdout=subprocess.DEVNULL)
    (plain / "mkdocs.yml").write_text(_mkdocs_yml(plugin=False))
    return plain


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_500, 5_000, 10_000])
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    mkdocs = str(BIN / "mkdocs")
    rows = []
    for n in args.sizes:
        repo = _repository(args.out, n)
        plain = _plain(repo, args.out, n)
        pages = sum(1 for _ in (plain / "docs").rglob("*.md"))
        size = sum(p.stat().st_size for p in (plain / "docs" / "incidents").rglob("*.md"))
        wall, with_plugin, rss = _timed([mkdocs, "build", "--strict", "-q", "-d",
                                         str(args.out / f"site-{n}")], repo)
        plain_wall, baseline, plain_rss = _timed([mkdocs, "build", "--strict", "-q", "-d",
                                                  str(args.out / f"site-{n}-plain")], plain)
        rows.append((n, pages, size / n, with_plugin, baseline, rss, plain_rss))
        print(f"{n:>6} incidents, {pages} pages (incident pages {size / n / 1024:.1f} KiB on "
              f"average): plugin {with_plugin:7.1f} s CPU ({wall:.1f} s wall), plain MkDocs "
              f"{baseline:7.1f} s CPU ({plain_wall:.1f} s wall), peak RSS "
              f"{rss / 2**20:.0f} MiB (plain {plain_rss / 2**20:.0f} MiB)", flush=True)
    print()
    print(f"{'incidents':>9}  {'CPU ms/incident':>15}  {'overhead':>8}  {'peak MiB':>8}")
    for n, _, _, with_plugin, baseline, rss, _ in rows:
        print(f"{n:>9}  {with_plugin / n * 1000:>15.2f}  "
              f"{(with_plugin / baseline - 1) * 100:>7.1f}%  {rss / 2**20:>8.0f}")
    first, last = rows[0], rows[-1]
    growth = (last[3] / last[0]) / (first[3] / first[0]) - 1
    worst = max(r[3] / r[4] - 1 for r in rows)
    peak = max(r[5] for r in rows)
    goals = [
        (f"cost per incident from {first[0]} to {last[0]}: {growth * 100:+.1f}% (goal ≤ +20%)",
         growth <= 0.20),
        (f"plugin overhead over plain MkDocs: at most {worst * 100:.1f}% (goal ≤ 25%)",
         worst <= 0.25),
        (f"peak memory: {peak / 2**30:.2f} GiB (goal ≤ 2 GiB)", peak <= 2 * 2**30),
    ]
    for text, ok in goals:
        print(("ok    " if ok else "MISSED ") + text)
    return 0 if all(ok for _, ok in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
