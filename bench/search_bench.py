"""Benchmark: the first search on the 10,000-incident knowledge base, Pagefind against the theme.

    python bench/search_bench.py [--out bench/out/search] [--incidents 10000]
                                 [--postmortems 2000] [--rebuild]

In one run:

1. generate (once, seeded) the repository with ``bench/generate.py`` into ``OUT/repo``;
2. build its site twice with ``mkdocs build`` (Material, tags, the ``incidentkit`` plugin, git
   history off, a fixed "now"): with the plugin's ``search: pagefind`` (the default: the theme's
   own index is emptied, a Pagefind index is written after the build) into ``OUT/site-pagefind``,
   and with ``search: theme`` (Material's default search, its whole index) into
   ``OUT/site-theme``. Both builds are kept in ``OUT`` and reused by the next run (a build of
   10,000 incidents takes minutes); ``--rebuild`` builds them again. The Pagefind build's log
   says what the index cost (pages, seconds, size);
3. serve each site from 127.0.0.1 (a threaded ``http.server`` that counts the bytes of every
   response), open its home page in headless Chromium (a fresh profile, empty cache), press
   ``s`` and enter a phrase of one postmortem's body (all but its last character at once, the
   last as a key press, so no result for a part of the phrase counts), and measure the time
   from ``s`` to the first result in the theme's result list (index loading included); then
   check that the
   postmortem (or its incident) is among the results, and count the bytes the search fetched
   (index, worker, script) from the page's load to its answer.

Pagefind is measured in ``--runs`` fresh browsers (5) and judged on the median, Material once
(it takes minutes). It prints both, the ratio, the index's build-time cost, and the goal
(Pagefind's first answer within 1 s); it exits 1 if the goal is missed or the postmortem is not
found. Needs Debian's chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
NOW = "2026-11-01T12:00:00Z"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
CHROMIUM = "/usr/bin/chromium"
GOAL = 1.0
#: Response paths that belong to the search (its index, worker and scripts).
SEARCH_PATHS = ("pagefind/", "search/", "assets/javascripts/workers/", "assets/incidentkit/search")
ENGINES = ("pagefind", "theme")
#: Records when the first key goes down and when the first result item enters the page.
CLOCK = """
document.addEventListener("keydown", function () {
  if (window.__start === undefined) { window.__start = performance.now(); }
}, true);
window.__answer = new Promise(function (resolve) {
  new MutationObserver(function () {
    if (document.querySelector(".md-search-result__item")) { resolve(performance.now()); }
  }).observe(document.documentElement, { childList: true, subtree: true });
});
true;
"""


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a directory and records (path, body bytes) of every response."""

    log: list[tuple[str, int]]

    def copyfile(self, source: Any, outputfile: Any) -> None:
        sent = 0
        while chunk := source.read(1 << 16):
            outputfile.write(chunk)
            sent += len(chunk)
        self.log.append((self.path, sent))

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(directory: Path) -> tuple[str, list[tuple[str, int]], http.server.HTTPServer]:
    log: list[tuple[str, int]] = []
    handler = type("Handler", (CountingHandler,), {"log": log})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", log, server


def mkdocs_yml(engine: str) -> str:
    text = (ROOT / "mkdocs.yml").read_text()
    return text.replace("  - incidentkit\n", f"  - incidentkit:\n      git_history: false\n"
                                             f"      now: \"{NOW}\"\n      search: {engine}\n")


def repository(out: Path, incidents: int, postmortems: int) -> Path:
    repo = out / "repo"
    if not (repo / "postmortems").is_dir():
        shutil.rmtree(repo, ignore_errors=True)
        print(f"generating {incidents} incidents, {postmortems} postmortems …", flush=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(repo), "--incidents",
                        str(incidents), "--postmortems", str(postmortems)], check=True,
                       stdout=subprocess.DEVNULL)
    shutil.rmtree(repo / "docs", ignore_errors=True)
    shutil.copytree(ROOT / "docs", repo / "docs")
    for engine in ENGINES:
        (repo / f"mkdocs-{engine}.yml").write_text(mkdocs_yml(engine))
    return repo


def build(repo: Path, out: Path, engine: str, rebuild: bool) -> tuple[Path, str]:
    """The built site of ``engine`` (reused when it is there) and its build log."""
    site = out / f"site-{engine}"
    log = out / f"site-{engine}.log"
    marker = site / ("pagefind/pagefind-entry.json" if engine == "pagefind"
                     else "search/search_index.json")
    if rebuild or not marker.is_file() or not log.is_file():
        print(f"building the site with search: {engine} (minutes) …", flush=True)
        start = time.perf_counter()
        done = subprocess.run([str(BIN / "mkdocs"), "build", "-f", f"mkdocs-{engine}.yml",
                               "-d", str(site)], cwd=repo, env=ENV, capture_output=True,
                              text=True, check=False)
        if done.returncode != 0:
            sys.stderr.write(done.stderr[-3000:])
            raise SystemExit(f"mkdocs build ({engine}) exited {done.returncode}")
        log.write_text(f"build: {time.perf_counter() - start:.1f} s\n{done.stderr}")
    return site, log.read_text()


def refresh(site: Path) -> None:
    """The search script and stylesheet of this checkout in the (reused) built site."""
    from incidentkit.site.search import assets

    for path, content in assets().items():
        (site / path).write_text(content, encoding="utf-8")


def phrase_of(repo: Path) -> tuple[str, str]:
    """A phrase of one postmortem's body (its impact sentence) and the postmortem's id."""
    names = sorted(p.stem for p in (repo / "postmortems").glob("*.md"))
    ident = names[len(names) // 2]
    body = (repo / "postmortems" / f"{ident}.md").read_text().split("\n---\n", 1)[1]
    found = re.search(r"Impact started at (\d\d:\d\d) UTC on (\d{4}-\d\d-\d\d) and was "
                      r"mitigated", body)
    if not found:
        raise SystemExit(f"postmortems/{ident}.md has no impact sentence to search for")
    return f"impact started at {found.group(1)} UTC on {found.group(2)}", ident


@dataclass
class Answer:
    seconds: float
    search_bytes: int
    total_bytes: int
    requests: int
    found: bool
    results: int


def first_answer(site: Path, phrase: str, ident: str) -> Answer:
    from playwright.sync_api import sync_playwright

    url, log, server = serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
            tab = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            tab.goto(url, wait_until="load")
            # Timed in the page: from the first key down to the first result item in the DOM
            # (Playwright's own waiting polls, at up to 500 ms intervals).
            tab.evaluate(CLOCK)
            tab.keyboard.press("s")
            # The phrase arrives at once (Playwright types a key every few ms, and results for
            # its first words would count as an answer), its last character as a key press.
            tab.keyboard.insert_text(phrase[:-1])
            tab.keyboard.type(phrase[-1])
            items = tab.locator(".md-search-result__item")
            items.first.wait_for(timeout=300_000)
            seconds = tab.evaluate("window.__answer.then(function (t) { "
                                   "return (t - window.__start) / 1000; })")
            hrefs = [items.nth(n).locator("a").first.get_attribute("href") or ""
                     for n in range(items.count())]
            browser.close()
    finally:
        server.shutdown()
    found = any(f"/{ident}/" in h or f"/{ident}.html" in h for h in hrefs)
    search_bytes = sum(size for path, size in log
                       if path.lstrip("/").startswith(SEARCH_PATHS))
    return Answer(seconds, search_bytes, sum(size for _, size in log), len(log),
                  found, len(hrefs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE / "out" / "search")
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--postmortems", type=int, default=2_000)
    parser.add_argument("--rebuild", action="store_true", help="build both sites again")
    parser.add_argument("--runs", type=int, default=5,
                        help="fresh browsers for Pagefind; the median is judged (default 5)")
    args = parser.parse_args()
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    repo = repository(args.out, args.incidents, args.postmortems)
    sites = {engine: build(repo, args.out, engine, args.rebuild) for engine in ENGINES}
    phrase, ident = phrase_of(repo)
    print(f"phrase of postmortems/{ident}.md: {phrase!r}", flush=True)
    refresh(sites["pagefind"][0])
    runs = {"pagefind": args.runs, "theme": 1}
    answers: dict[str, list[Answer]] = {}
    for engine, (site, _) in sites.items():
        answers[engine] = [first_answer(site, phrase, ident) for _ in range(runs[engine])]
        answers[engine].sort(key=lambda answer: answer.seconds)

    log = sites["pagefind"][1]
    cost = re.search(r"search index: (\d+) pages in ([\d.]+) s, ([\d.]+) MiB", log)
    builds = {engine: re.match(r"build: ([\d.]+) s", text) for engine, (_, text) in
              sites.items()}
    theme_index = sites["theme"][0] / "search" / "search_index.json"
    print()
    for engine, tries in answers.items():
        answer = tries[len(tries) // 2]
        spread = (f" (median of {len(tries)} fresh browsers: "
                  f"{', '.join(f'{a.seconds:.2f}' for a in tries)})" if len(tries) > 1 else "")
        print(f"{engine:>8}: first answer {answer.seconds:6.2f} s{spread}, search fetched "
              f"{answer.search_bytes / 2**20:.2f} MiB ({answer.total_bytes / 2**20:.2f} MiB, "
              f"{answer.requests} requests in all), {answer.results} results, postmortem "
              f"{'found' if answer.found else 'NOT found'}")
    pf = answers["pagefind"][len(answers["pagefind"]) // 2]
    th = answers["theme"][0]
    print(f"   ratio: {th.seconds / pf.seconds:.0f}× faster, "
          f"{th.search_bytes / max(pf.search_bytes, 1):.0f}× fewer bytes")
    if theme_index.is_file():
        raw = theme_index.read_bytes()
        print(f"   theme index: {len(raw) / 2**20:.1f} MiB "
              f"({len(gzip.compress(raw, 6)) / 2**20:.1f} MiB gzip-compressed)")
    for engine, match in builds.items():
        if match:
            print(f"   build with search: {engine}: {float(match.group(1)):.0f} s")
    if cost:
        print(f"   Pagefind index: {cost.group(1)} pages in {cost.group(2)} s, "
              f"{cost.group(3)} MiB on disk")
    ok = pf.seconds <= GOAL and all(a.found for a in answers["pagefind"])
    print(("ok    " if ok else "MISSED ") + f"first Pagefind answer {pf.seconds:.2f} s "
          f"(goal ≤ {GOAL:.0f} s), the postmortem {'found' if pf.found else 'not found'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
