"""A schedule's timeline in headless Chromium, in a time zone other than the schedule's: the
script lays the rows out by the viewer's days (New York's, where summer time began three weeks
before Berlin's) and writes the viewer's local times; without JavaScript the schedule's own rows
show. Both builders: MkDocs with the plugin (whose HTML cleaning keeps the pieces' places) and
``incidentkit site --out`` + Zensical."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.site.browsing import chromium, require_chromium, serve
from tests.site.timelines import NAME, REASON, dst_repository

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

require_chromium()
sync_api = pytest.importorskip("playwright.sync_api")

BIN = Path(sys.executable).parent
CONFIG = """\
site_name: Incidents
theme:
  name: material
  font: false
plugins:
  - search
  - incidentkit:
      now: '2026-03-28T12:00:00Z'
      oncall_weeks: 1
"""
#: What each row shows: the day, then each piece's class, label and times, left and width.
ROWS = """\
() => Array.from(document.querySelectorAll(".ik-tl-day")).map(day => [
  day.querySelector(".ik-tl-date").textContent,
  day.querySelector(".ik-tl-date").getAttribute("datetime"),
  Array.from(day.querySelectorAll(".ik-tl-seg")).map(piece => [
    piece.className.replace("ik-tl-seg ", ""),
    (piece.querySelector(".ik-tl-label") || {}).textContent || "",
    (piece.querySelector(".ik-tl-when") || {}).textContent || "",
    piece.style.left, piece.style.width])])
"""
JANE = f"{NAME} (jane)"
BOB = "Bob Stone (bob)"
AWAY = f"{BOB} (on time off: dentist)"
UNCOVERED = f"uncovered on purpose: {REASON}"


def _run(args: list[str], cwd: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, env=env,
                          timeout=600)
    assert done.returncode == 0, (args, done.stdout[-3000:], done.stderr[-3000:])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    base = tmp_path_factory.mktemp("timeline")
    root = dst_repository(base)
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(CONFIG)
    _run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(base / "mkdocs")], root)
    _run([str(BIN / "incidentkit"), "-C", str(root), "site", "--out", str(base / "kb")], root)
    _run([str(BIN / "zensical"), "build", "--strict"], base / "kb")
    return {"mkdocs": serve(str(base / "mkdocs")), "zensical": serve(str(base / "kb/site"))}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from chromium()


def _page(browser: Browser, **options: Any) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US",
                                  **options)
    yield context.new_page()
    context.close()


@pytest.fixture
def new_york(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, timezone_id="America/New_York")


@pytest.fixture
def no_script(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, timezone_id="America/New_York", java_script_enabled=False)


NEW_YORK = [
    ["Sat, Mar 28", "2026-03-28", [
        ["ik-tl-out", "", "", "0%", "33.333%"],
        ["ik-tl-p1", BOB, "from 08:00", "33.333%", "66.667%"]]],
    ["Sun, Mar 29", "2026-03-29", [
        ["ik-tl-p1", BOB, "until 03:00", "0%", "12.5%"],
        ["ik-tl-p0", JANE, "from 03:00", "12.5%", "87.5%"]]],
    ["Mon, Mar 30", "2026-03-30", [
        ["ik-tl-p0", JANE, "until 03:00", "0%", "12.5%"],
        ["ik-tl-p1 ik-tl-off", AWAY, "03:00–06:00", "12.5%", "12.5%"],
        ["ik-tl-uncovered", UNCOVERED, "06:00–12:00", "25%", "25%"],
        ["ik-tl-p1 ik-tl-off", AWAY, "from 12:00", "50%", "50%"],
        ["ik-tl-away", "on time off: dentist", "03:00–06:00", "12.5%", "12.5%"],
        ["ik-tl-away", "on time off: dentist", "12:00–18:00", "50%", "25%"]]],
    ["Tue, Mar 31", "2026-03-31", [
        ["ik-tl-p1 ik-tl-off", AWAY, "until 03:00", "0%", "12.5%"],
        ["ik-tl-p0", JANE, "from 03:00", "12.5%", "87.5%"]]],
    ["Wed, Apr 1", "2026-04-01", [
        ["ik-tl-p0", JANE, "until 03:00", "0%", "12.5%"],
        ["ik-tl-p1", BOB, "from 03:00", "12.5%", "87.5%"]]],
    ["Thu, Apr 2", "2026-04-02", [
        ["ik-tl-p1", BOB, "until 03:00", "0%", "12.5%"],
        ["ik-tl-gap", "gap", "from 03:00", "12.5%", "87.5%"]]],
    ["Fri, Apr 3", "2026-04-03", [["ik-tl-gap", "gap", "", "0%", "100%"]]],
    ["Sat, Apr 4", "2026-04-04", [
        ["ik-tl-gap", "gap", "until 08:00", "0%", "33.333%"],
        ["ik-tl-out", "", "", "33.333%", "66.667%"]]],
]


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_the_timeline_in_the_viewers_time_zone(built: dict[str, str], new_york: Page,
                                               builder: str) -> None:
    new_york.goto(built[builder] + "oncall/dst/")
    timeline = new_york.locator(".ik-timeline")
    assert timeline.get_attribute("data-zone") == "America/New_York"
    assert new_york.locator(".ik-tl-zone").inner_text() == (
        "Times in your time zone, America/New_York.")
    assert new_york.evaluate(ROWS) == NEW_YORK
    gap = new_york.locator(".ik-tl-gap").first
    assert gap.get_attribute("title") == (
        "gap, Thu, Apr 2, 2026, 03:00 EDT – Sat, Apr 4, 2026, 08:00 EDT")
    box = gap.bounding_box()
    track = new_york.locator(".ik-tl-track").nth(5).bounding_box()
    assert box is not None and track is not None
    assert box["width"] == pytest.approx(track["width"] * 0.875, abs=1)
    assert box["x"] == pytest.approx(track["x"] + track["width"] * 0.125, abs=1)
    # The table below, its text version, stays in the schedule's zone.
    assert new_york.locator("article table tbody tr").nth(7).inner_text().split("\t") == [
        "Thu 2026-04-02 09:00 CEST", "Sat 2026-04-04 14:00 CEST", "nobody (a gap)", "—"]


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_without_javascript_the_schedules_days(built: dict[str, str], no_script: Page,
                                               builder: str) -> None:
    no_script.goto(built[builder] + "oncall/dst/")
    assert no_script.locator(".ik-tl-zone").inner_text() == (
        "Times in Europe/Berlin, the schedule's time zone.")
    days = no_script.locator(".ik-tl-date").all_inner_texts()
    assert days[:2] == ["Sat 28 Mar", "Sun 29 Mar"] and len(days) == 8
    sunday = no_script.locator(".ik-tl-day").nth(1)
    assert sunday.locator(".ik-tl-when").all_inner_texts() == ["until 09:00", "from 09:00"]
    jane = sunday.locator(".ik-tl-p0").bounding_box()
    track = sunday.locator(".ik-tl-track").bounding_box()
    assert jane is not None and track is not None  # 8 of Sunday's 23 hours are before 09:00
    assert jane["x"] == pytest.approx(track["x"] + track["width"] * 8 / 23, abs=1)
    assert no_script.locator(".ik-tl-gap").first.inner_text().split("\n") == ["gap", "from 09:00"]
