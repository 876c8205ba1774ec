"""The public status page in headless Chromium (Debian's, through Playwright): at desktop
(1280 px) and phone (375 px) widths no page scrolls sideways, axe-core (bundled by
axe-playwright-python) finds no serious or critical violation, nothing is requested from
another host, and the page works without JavaScript. Screenshots of both widths are saved in
the test's temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.site.browsing import chromium, require_chromium, serve
from tests.statuspage.conftest import DURING_MAINTENANCE, build

if TYPE_CHECKING:
    from playwright.sync_api import Browser

require_chromium()
pytest.importorskip("playwright.sync_api")

WIDTHS = (1280, 375)
PAGES = ("index.html", "history.html")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from chromium()


@pytest.fixture(scope="module")
def sites(example: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    during = build(tmp_path_factory.mktemp("during") / "site", at=DURING_MAINTENANCE)
    return [example, during]


def _pages(site: Path) -> list[str]:
    first_incident = sorted((site / "incidents").iterdir())[0].name
    first_maintenance = sorted((site / "maintenance").iterdir())[0].name
    return [*PAGES, f"incidents/{first_incident}", f"maintenance/{first_maintenance}"]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_overflow_and_no_serious_axe_violation(browser: Browser, sites: list[Path],
                                                  width: int, tmp_path: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for n, site in enumerate(sites):
        base = serve(str(site))
        for rel in _pages(site):
            page = browser.new_page(viewport={"width": width, "height": 900},
                                    java_script_enabled=True)
            requested: list[str] = []
            page.on("request", lambda r, seen=requested: seen.append(r.url))
            page.goto(base + rel)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{rel} at {width}px scrolls sideways by {overflow}px"
            results = axe.run(page)
            bad = [(v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3])
                   for v in results.response["violations"]
                   if v["impact"] in ("serious", "critical")]
            assert bad == [], f"{rel} at {width}px"
            assert [url for url in requested if not url.startswith(base)] == []
            if rel == "index.html":
                page.screenshot(path=str(tmp_path / f"status-{n}-{width}.png"), full_page=True)
            page.close()
    assert sorted(p.name for p in tmp_path.glob("*.png")) == [
        f"status-0-{width}.png", f"status-1-{width}.png"]


def test_bars_have_a_size_and_the_page_reads_without_javascript(browser: Browser,
                                                                 sites: list[Path]) -> None:
    example, during = sites
    page = browser.new_page(viewport={"width": 375, "height": 900}, java_script_enabled=False)
    page.goto(serve(str(example)) + "index.html")
    assert page.locator("h1").first.inner_text() == "Partial outage"
    bars = page.locator("ol.bars").first.locator("li")
    assert bars.count() == 90
    box = bars.nth(89).bounding_box()
    assert box is not None and box["width"] > 1 and box["height"] > 10
    assert "Payments database upgrade" in page.locator("#upcoming").locator("..").inner_text()
    page.goto(serve(str(during)) + "index.html")
    assert "Payments database upgrade" in page.locator(
        "#active-maintenance").locator("..").inner_text()
    page.close()
