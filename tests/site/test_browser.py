"""The built site in a real browser: Debian's Chromium, driven by Playwright, against the site
served on 127.0.0.1 by a small http.server in a thread.

Chromium comes from the system (``/usr/bin/chromium``; never ``playwright install``). Without
it these tests are skipped, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.site.browsing import chromium, require_chromium, serve
from tests.site.conftest import ROOT, copy_repository

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ARTIFACTS = ROOT / "test-artifacts"
PHRASE = "HikariCP maximumPoolSize"
XSS_TITLE = '</title><script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'
#: Messages of the dialogs (alert, confirm) a page opened.
DIALOGS: list[str] = []
XSS_INCIDENT = "incidents/2026/2026-11-21-auth-api-elevated-latency.yaml"

require_chromium()

sync_api = pytest.importorskip("playwright.sync_api")


def _mkdocs_build(root: Path, out: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "-d", str(out)],
        cwd=root, capture_output=True, text=True, check=False, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return out




@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> str:
    return serve(str(_mkdocs_build(ROOT, tmp_path_factory.mktemp("site") / "site")))


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = copy_repository(tmp_path_factory.mktemp("xss") / "repo")
    path = root / XSS_INCIDENT
    text = path.read_text()
    path.write_text(re.sub(r"(?m)^title: .*$", f"title: '{XSS_TITLE}'", text))
    return serve(str(_mkdocs_build(root, root / "site")))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from chromium()


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    DIALOGS.clear()
    opened.on("dialog", lambda dialog: (DIALOGS.append(dialog.message), dialog.dismiss()))
    yield opened
    context.close()


def _search(tab: Page, phrase: str) -> None:
    """Open the search box with its keyboard shortcut and type, as a person does."""
    tab.keyboard.press("s")
    tab.keyboard.type(phrase)


def _shot(tab: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_search_finds_an_incident_by_a_phrase_of_its_postmortem(site: str, tab: Page
                                                                 ) -> None:
    tab.goto(site)
    _shot(tab, "home.png")
    _search(tab, PHRASE)
    first = tab.locator(".md-search-result__item").first
    first.wait_for(timeout=30_000)
    link = first.locator("a").first.get_attribute("href")
    assert "postmortems/2026-01-15-auth-login-failures/" in link
    assert "Login failures for ~30% of users" in first.inner_text()


def test_incidents_index_filters_by_severity(site: str, tab: Page) -> None:
    tab.goto(site + "incidents/")
    rows = tab.locator("article table tbody tr")
    total = rows.count()
    assert total == 16
    tab.select_option("select[data-filter=Severity]", "SEV1")
    visible = tab.locator("article table tbody tr:not([hidden])")
    severities = [visible.nth(n).locator("td").nth(2).inner_text()
                  for n in range(visible.count())]
    assert severities == ["SEV1"] * 5
    assert tab.locator(".ik-count").inner_text() == "5 of 16 incidents"
    assert "severity=SEV1" in tab.url
    tab.select_option("select[data-filter=Year]", "2025")
    assert tab.locator(".ik-count").inner_text() == "1 of 16 incidents"


def test_an_incident_page_and_its_milestones(site: str, tab: Page) -> None:
    tab.goto(site + "incidents/2026/2026-01-15-auth-login-failures/")
    assert tab.locator("h1").inner_text().rstrip("¶") == "Login failures for ~30% of users"
    assert tab.title().startswith("Login failures for ~30% of users")
    _shot(tab, "incident.png")


def test_a_script_in_a_title_is_text(xss_site: str, tab: Page) -> None:
    for path in ("incidents/2026/2026-11-21-auth-api-elevated-latency/", "incidents/", "",
                 "status/", "services/auth-api/", "tags/"):
        tab.goto(xss_site + path)
        tab.wait_for_load_state("load")
        assert tab.evaluate("window.__xss") is None, path
        assert tab.locator("img[src=x]").count() == 0, path
        assert "<script>window.__xss = 1</script>" in tab.locator("article").inner_text(), path
    assert DIALOGS == []
    tab.goto(xss_site + "incidents/2026/2026-11-21-auth-api-elevated-latency/")
    assert tab.title().startswith(XSS_TITLE)


def test_metrics_page_shows_its_charts(site: str, tab: Page) -> None:
    tab.goto(site + "metrics/")
    charts = tab.locator("figure.ik-chart svg")
    # By month and week, MTTA and MTTR of each of the four severities, action items twice.
    assert charts.count() == 12
    for n in range(12):
        box = charts.nth(n).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 150
    assert tab.locator("script", has_text="pygal").count() == 0
    _shot(tab, "metrics.png")


def test_zensical_builds_the_same_pages(tmp_path: Path, tab: Page) -> None:
    zensical = Path(sys.executable).with_name("zensical")
    if not zensical.exists():
        pytest.fail("zensical is not installed: pip install -e '.[dev]'")
    out = tmp_path / "kb"
    done = subprocess.run([str(Path(sys.executable).with_name("incidentkit")), "-C", str(ROOT),
                           "site", "--out", str(out)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    built = subprocess.run([str(zensical), "build", "--strict"], cwd=out, capture_output=True,
                           text=True, check=False, timeout=600)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    site = serve(str(out / "site"))
    tab.goto(site + "incidents/2026/2026-01-15-auth-login-failures/")
    assert tab.locator("h1").first.inner_text().rstrip("¶") == "Login failures for ~30% of users"
    # Search on the Zensical build (Pagefind, after `incidentkit search-index`):
    # tests/site/test_search_browser.py.
