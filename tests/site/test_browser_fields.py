"""Custom fields in a real browser (Chromium, as test_browser): the incidents index filters by
an enum and a boolean field, and an incident page shows its fields."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.site.browsing import chromium, require_chromium, serve
from tests.site.conftest import copy_repository

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

require_chromium()

sync_api = pytest.importorskip("playwright.sync_api")

CONFIG = """
fields:
  - name: customer_tier
    type: enum
    values: [gold, silver]
  - name: security
    type: boolean
"""
FIELDS = {
    "2026/2026-01-15-auth-login-failures": "{customer_tier: gold, security: true}",
    "2026/2026-06-18-cloud-region-degradation": "{customer_tier: gold}",
    "2025/2025-12-12-payments-provider-timeouts": "{customer_tier: silver, security: false}",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = copy_repository(tmp_path_factory.mktemp("fields") / "repo")
    config = root / "incidentkit.yaml"
    config.write_text(config.read_text() + CONFIG)
    for name, fields in FIELDS.items():
        path = root / "incidents" / f"{name}.yaml"
        path.write_text(path.read_text() + f"fields: {fields}\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "-d", "site"],
        cwd=root, capture_output=True, text=True, check=False, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return serve(str(root / "site"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from chromium()


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_the_index_filters_by_custom_fields(site: str, tab: Page) -> None:
    tab.goto(site + "incidents/")
    heads = tab.locator("article table thead th").all_inner_texts()
    assert heads[-2:] == ["Customer tier", "Security"]
    tab.select_option('select[data-filter="Customer tier"]', "gold")
    visible = tab.locator("article table tbody tr:not([hidden])")
    titles = [visible.nth(n).locator("td").nth(1).inner_text() for n in range(visible.count())]
    assert titles == [
        "Errors and latency across Frankfurt services during a cloud availability-zone "
        "degradation", "Login failures for ~30% of users"]
    assert tab.locator(".ik-count").inner_text() == "2 of 16 incidents"
    assert "customer+tier=gold" in tab.url
    tab.select_option('select[data-filter="Security"]', "true")
    assert tab.locator(".ik-count").inner_text() == "1 of 16 incidents"
    tab.select_option('select[data-filter="Customer tier"]', "")
    tab.select_option('select[data-filter="Security"]', "false")
    assert tab.locator(".ik-count").inner_text() == "1 of 16 incidents"


def test_an_incident_page_shows_its_fields(site: str, tab: Page) -> None:
    tab.goto(site + "incidents/2026/2026-01-15-auth-login-failures/")
    items = tab.locator("article li").all_inner_texts()
    assert "Customer tier: gold" in items
    assert "Security: true" in items
