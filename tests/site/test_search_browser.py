"""Search in a real browser (Debian's Chromium, driven by Playwright): the theme's own search box
answers from the Pagefind index, on a MkDocs build and on a Zensical build.

The sites are served on 127.0.0.1 by a small http.server in a thread. Without Chromium these
tests are skipped, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote_plus, urlsplit

import pytest

from tests.site.browsing import chromium, require_chromium, serve
from tests.site.conftest import ROOT, copy_repository

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
#: Words that only the body of one postmortem has (not its title, nor any other page).
PHRASE = "synchronous audit query"
POSTMORTEM = "postmortems/2026-01-15-auth-login-failures"
TITLE = "Postmortem: Login failures for ~30% of users"
INCIDENT = "incidents/2026/2026-01-15-auth-login-failures.yaml"
MARKUP_TITLE = '<img src=x onerror="window.__xss = 1"> & <b>bold</b>'

require_chromium()

sync_api = pytest.importorskip("playwright.sync_api")


def _run(args: list[str], cwd: Path) -> None:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, env=ENV,
                          timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory: pytest.TempPathFactory) -> str:
    """This repository's site (directory URLs), an incident's title full of markup."""
    root = copy_repository(tmp_path_factory.mktemp("mkdocs") / "repo")
    path = root / INCIDENT
    path.write_text(re.sub(r"(?m)^title: .*$", f"title: '{MARKUP_TITLE}'", path.read_text()))
    _run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(root / "site")], root)
    return serve(str(root / "site"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from chromium()


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    hosts: set[str] = set()
    opened.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or ""))
    yield opened
    context.close()
    assert hosts <= {"127.0.0.1"}, f"requests to other hosts: {sorted(hosts)}"


def _results(tab: Page, query: str, count: int) -> list[tuple[str, str, list[str]]]:
    """(link, title, highlighted words) of each result, once the results of the whole ``query``
    are shown (those of its first words may show while it is typed): there are ``count``."""
    tab.locator(f".md-search-result__item a[href*='h={quote_plus(query)}']").first.wait_for(
        timeout=30_000)
    items = tab.locator(".md-search-result__item")
    assert items.count() == count
    return [(items.nth(n).locator("a").first.get_attribute("href") or "",
             items.nth(n).locator("h1").inner_text(),
             items.nth(n).locator("mark").all_inner_texts()) for n in range(count)]


def test_material_search_box_finds_a_postmortem_by_a_phrase_of_its_body(mkdocs_site: str,
                                                                       tab: Page) -> None:
    tab.goto(mkdocs_site)
    tab.keyboard.press("s")
    tab.keyboard.type(PHRASE)
    [(link, title, marked)] = _results(tab, PHRASE, 1)
    assert link == (f"{mkdocs_site}{POSTMORTEM}/?h=synchronous+audit+query")
    assert title == TITLE
    assert marked == ["synchronous", "audit", "query"]
    assert tab.locator(".md-search-result__meta").inner_text() == "1 matching document"
    # Material's own search (an empty index) answers too: its "no result" must not stay.
    tab.wait_for_timeout(700)
    assert tab.locator(".md-search-result__item").count() == 1
    assert tab.locator(".md-search-result__meta").inner_text() == "1 matching document"
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"{mkdocs_site}{POSTMORTEM}/?h=*")
    assert tab.locator("h1").first.inner_text().rstrip("¶") == TITLE


def test_markup_in_a_result_is_text(mkdocs_site: str, tab: Page) -> None:
    tab.goto(mkdocs_site)
    tab.keyboard.press("s")
    tab.keyboard.type("onerror bold")
    tab.locator(".md-search-result__item a[href*='h=onerror+bold']").first.wait_for(
        timeout=30_000)
    titles = tab.locator(".md-search-result__item h1").all_inner_texts()
    assert MARKUP_TITLE in titles
    texts = " ".join(tab.locator(".md-search-result__item p").all_inner_texts())
    assert '<img src=x onerror="window.__xss = 1"> & <b>' in texts
    assert tab.locator(".md-search-result__list img, .md-search-result__list b").count() == 0
    assert tab.evaluate("window.__xss") is None


def test_material_search_box_clears_and_says_when_nothing_matches(mkdocs_site: str, tab: Page
                                                                  ) -> None:
    tab.goto(mkdocs_site + "handbook/roles/")
    tab.keyboard.press("s")
    tab.keyboard.type("zzqxv")
    meta = tab.locator(".md-search-result__meta")
    tab.wait_for_function("document.querySelector('.md-search-result__meta').textContent"
                          ".trim() === 'No matching documents'")
    assert tab.locator(".md-search-result__item").count() == 0
    for _ in range(5):
        tab.keyboard.press("Backspace")
    tab.wait_for_function("document.querySelector('.md-search-result__meta').textContent"
                          ".trim() === 'Type to start searching'")
    assert meta.inner_text() == "Type to start searching"


def test_html_urls_under_a_sub_path(tmp_path: Path, tab: Page) -> None:
    """A GitHub Pages project site: served under /kb/, with ``use_directory_urls: false``."""
    root = copy_repository(tmp_path / "repo")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "\nsite_url: https://example.org/kb/\n"
                      "use_directory_urls: false\n")
    _run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(tmp_path / "www" / "kb")], root)
    site = serve(str(tmp_path / "www")) + "kb/"
    tab.goto(site + "incidents/index.html")
    tab.keyboard.press("s")
    tab.keyboard.type(PHRASE)
    [(link, title, _)] = _results(tab, PHRASE, 1)
    assert link == f"{site}{POSTMORTEM}.html?h=synchronous+audit+query"
    assert title == TITLE
    tab.locator(".md-search-result__link").first.click()
    tab.wait_for_url(f"{site}{POSTMORTEM}.html?h=*")
    assert tab.locator("h1").first.inner_text().rstrip("¶") == TITLE


def test_zensical_search_button_finds_a_postmortem_by_a_phrase_of_its_body(tmp_path: Path,
                                                                           tab: Page) -> None:
    zensical = BIN / "zensical"
    if not zensical.exists():
        pytest.fail("zensical is not installed: pip install -e '.[dev]'")
    out = tmp_path / "kb"
    _run([str(BIN / "incidentkit"), "-C", str(ROOT), "site", "--out", str(out)], ROOT)
    _run([str(zensical), "build", "--strict"], out)
    _run([str(BIN / "incidentkit"), "search-index", str(out / "site")], out)
    assert len((out / "site" / "search.json").read_bytes()) < 1000
    site = serve(str(out / "site"))
    tab.goto(site + "services/")
    tab.click(".md-search__button")
    dialog = tab.locator(".ik-search")
    assert dialog.is_visible()
    tab.keyboard.type(PHRASE)
    [(link, title, marked)] = _results(tab, PHRASE, 1)
    assert link == f"{site}{POSTMORTEM}/?h=synchronous+audit+query"
    assert title == TITLE
    assert marked == ["synchronous", "audit", "query"]
    assert dialog.locator(".md-search-result__meta").inner_text() == "1 matching document"
    tab.keyboard.press("Escape")
    assert not dialog.is_visible()
    tab.keyboard.press("Control+k")
    assert dialog.is_visible()
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"{site}{POSTMORTEM}/?h=*")
    assert tab.locator("h1").first.inner_text().rstrip("¶") == TITLE
