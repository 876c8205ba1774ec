"""Both builds of the site (:mod:`tests.site.builds`: MkDocs with the plugin, and
``incidentkit site --out`` + Zensical, from a ``mkdocs.yml`` without ``extra_css``) in headless
Chromium: the stylesheet applies, so the status page's 90-day bars and the metrics charts
have a size, and the incidents filter works once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.site.browsing import chromium, require_chromium, serve
from tests.site.builds import Builds

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

require_chromium()
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from chromium()


@pytest.fixture(params=["mkdocs", "zensical"])
def site(request: pytest.FixtureRequest, builds: Builds) -> str:
    return serve(str(getattr(builds, request.param)))


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_status_bars_have_a_size(site: str, tab: Page) -> None:
    tab.goto(site + "status/")
    bars = tab.locator("article .ik-days")
    assert bars.count() == 8
    for n in range(bars.count()):
        box = bars.nth(n).bounding_box()
        assert box is not None and box["width"] >= 90 * 3 and box["height"] > 8, (n, box)
    day = tab.locator("article .ik-day").first.bounding_box()
    assert day is not None and day["width"] == 3 and day["height"] > 8
    colour = tab.locator("article .ik-day").first.evaluate(
        "e => getComputedStyle(e).backgroundColor")
    assert colour in {"rgb(46, 125, 50)", "rgb(249, 168, 37)", "rgb(239, 108, 0)",
                      "rgb(198, 40, 40)"}


def test_each_chart_has_a_size(site: str, tab: Page) -> None:
    tab.goto(site + "metrics/")
    charts = tab.locator("figure.ik-chart svg")
    assert charts.count() == 12
    for n in range(12):
        box = charts.nth(n).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 150, (n, box)


def test_the_incidents_filter_runs_once(site: str, tab: Page) -> None:
    tab.goto(site + "incidents/")
    assert tab.locator("form.ik-filters").is_visible()
    assert tab.locator(".ik-count").inner_text() == "16 of 16 incidents"
    tab.select_option("select[data-filter=Severity]", "SEV1")
    assert tab.locator(".ik-count").inner_text() == "5 of 16 incidents"
    assert tab.locator("article table tbody tr:not([hidden])").count() == 5
    assert tab.evaluate("performance.getEntriesByType('resource')"
                        ".filter(r => r.name.endsWith('/filter.js')).length") == 1
