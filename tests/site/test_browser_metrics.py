"""The metrics page in headless Chromium, built by both builders (MkDocs with the plugin, and
``incidentkit site --out`` + Zensical) from a copy of this repository with targets configured:
every chart is drawn with a size, the targets are drawn as labelled lines, each chart is an
image named by its caption with a table of its figures, the configured targets' table links
its shortfalls; on a phone the charts keep readable words and scroll sideways."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.site.browsing import chromium, require_chromium, serve
from tests.site.builds import Builds, build_both

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

require_chromium()
sync_api = pytest.importorskip("playwright.sync_api")

TARGETS = """
targets:
  action_item_completion: 80
  postmortem_completion: 100
  ack_compliance: 95
"""
#: This repository's incidents: one SEV0, SEV1, SEV2 and SEV3 incidents each have their MTTA and
#: MTTR trends.
CHARTS = ["chart-incidents-per-month", "chart-incidents-per-week",
          *(f"chart-mtta-trend-sev{n}" for n in range(4)),
          *(f"chart-mttr-trend-sev{n}" for n in range(4)),
          "chart-completion-trend", "chart-action-items"]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    return build_both(tmp_path_factory.mktemp("targets"), config=TARGETS)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from chromium()


@pytest.fixture(params=["mkdocs", "zensical"])
def site(request: pytest.FixtureRequest, builds: Builds) -> str:
    return serve(str(getattr(builds, request.param)))


def _tab(browser: Browser, width: int, height: int) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": width, "height": height})
    yield context.new_page()
    context.close()


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    yield from _tab(browser, 1280, 900)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    yield from _tab(browser, 390, 844)


def test_every_chart_is_drawn_and_named_by_its_caption(site: str, tab: Page) -> None:
    tab.goto(site + "metrics/")
    svgs = tab.locator("article figure.ik-chart svg")
    assert [svgs.nth(n).get_attribute("id") for n in range(svgs.count())] == CHARTS
    for chart_id in CHARTS:
        svg = tab.locator(f"#{chart_id}")
        box = svg.bounding_box()
        assert box is not None and box["width"] > 600 and box["height"] > 300, (chart_id, box)
        caption = tab.locator(f"#{chart_id}-caption")
        assert caption.is_visible()
        assert svg.get_attribute("role") == "img"
        # The accessible name of the image is its caption, which says what it shows.
        assert tab.get_by_role("img", name=caption.inner_text(), exact=True).count() == 1
    assert tab.locator("script", has_text="pygal").count() == 0


def test_the_targets_are_drawn(site: str, tab: Page) -> None:
    tab.goto(site + "metrics/")
    for chart_id, label in (("chart-mttr-trend-sev1", "SEV1 target: resolve within 8h"),
                            ("chart-mtta-trend-sev2", "SEV2 target: acknowledge within 1h"),
                            ("chart-completion-trend", "Target: at least 80% done")):
        line = tab.locator(f"#{chart_id} .ik-target path")
        box = line.bounding_box()
        # A level line across the plot, dashed, with its label written on the chart.
        assert box is not None and box["width"] > 400 and box["height"] < 6, (chart_id, box)
        assert line.evaluate("e => getComputedStyle(e).strokeDasharray") in {
            "14, 6", "14px, 6px"}
        text = tab.locator(f"#{chart_id} .ik-target-label")
        assert text.is_visible() and text.text_content() == label
        assert text.bounding_box()["height"] >= 10  # type: ignore[index]
    # A severity without a resolve target has no line.
    assert tab.locator("#chart-mttr-trend-sev3 .ik-target").count() == 0


def test_each_chart_has_its_figures_in_a_table(site: str, tab: Page) -> None:
    tab.goto(site + "metrics/")
    figure = tab.locator("figure.ik-chart", has=tab.locator("#chart-mttr-trend-sev1"))
    table = figure.locator("table")
    assert not table.is_visible()
    figure.locator("summary").click()
    assert table.is_visible()
    assert [c.strip() for c in table.locator("thead th").all_inner_texts()] == [
        "Month", "SEV1 incidents", "Median", "Within target"]
    rows = table.locator("tbody tr")
    assert rows.count() == figure.locator("svg .axis.x text").count()
    # Every point of the chart is a row with its figure in words.
    points = figure.locator("svg .dots title").all_text_contents()
    shown = [re.sub(r"\s+", " ", r).strip() for r in rows.all_inner_texts()]
    for point in points:
        month, median = re.fullmatch(r"SEV1 median MTTR, (\S+): (.+)", point).groups()  # type: ignore[union-attr]
        assert any(r.startswith(f"{month} 1 {median} ") for r in shown), (point, shown)


def test_the_configured_targets_and_what_is_left_out(site: str, tab: Page) -> None:
    tab.goto(site + "metrics/")
    article = tab.locator("article")
    assert "left out of every figure and chart here: 0 near-misses and 0 drills" in (
        article.inner_text())
    # Material wraps a table in a scrolling <div>: the tables after the heading, in order.
    table = tab.locator("xpath=//h2[@id='targets']/following::table[1]")
    results = [r.split("\t") for r in table.locator("tbody tr").all_inner_texts()]
    assert [(r[0], r[1], r[3]) for r in results] == [
        ("acknowledged within the severity's target", "95.0%", "met"),
        ("required postmortems final", "100.0%", "missed"),
        ("action items done (won't do left out)", "80.0%", "missed"),
    ]
    shortfall = tab.locator("xpath=//h2[@id='targets']/following::table[2]//tbody//a").first
    name = shortfall.inner_text()
    shortfall.click()
    tab.wait_for_load_state()
    assert name in tab.locator("article h1").inner_text() or name in tab.url


def test_on_a_phone_the_words_stay_readable(site: str, phone: Page) -> None:
    phone.goto(site + "metrics/")
    plot = phone.locator("figure.ik-chart .ik-chart-plot").nth(2)
    assert plot.evaluate("e => e.scrollWidth > e.clientWidth")  # it scrolls sideways
    label = phone.locator("#chart-mtta-trend-sev0 .ik-target-label")
    assert label.bounding_box()["height"] >= 9  # type: ignore[index]
    caption = phone.locator("#chart-mtta-trend-sev0-caption").bounding_box()
    assert caption is not None and caption["width"] <= 390
