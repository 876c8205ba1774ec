"""Script links in a real browser (issue 8): postmortems, a runbook, a handbook page and a
postmortem drafted by ``new postmortem`` from an incident, all holding every spelling of a
``javascript:`` link found by the hardening pass, built with ``mkdocs build --strict`` and with
``incidentkit site --out`` + ``zensical build``. Every link on those pages is clicked and every
image loaded: no dialog opens.

Chromium and the policy without it are those of :mod:`tests.site.test_browser`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.site.browsing import serve
from tests.site.conftest import copy_repository
from tests.site.test_browser import (
    DIALOGS,
    _mkdocs_build,
    browser,
    tab,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

__all__ = ["browser", "tab"]

#: Every spelling, each alert naming itself. Tab and \x01 are written raw into the files.
SPELLINGS = """

## Links under test

[inline](javascript:alert('inline')) [mixed](JaVaScRiPt:alert('mixed'))
[control](\x01javascript:alert('control')) [tab](java\tscript:alert('tab'))
[spaced]( \njavascript:alert('spaced')) [entity](&#106;avascript:alert('entity'))
[hex](&#x6A;avascript:alert('hex')) [angle](<javascript:alert('angle')>)
![image](javascript:alert('image')) <javascript:alert('autolink')>
[vbscript](vbscript:msgbox('vbscript'))
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgnZGF0YScpPC9zY3JpcHQ+)
<a href="javascript:alert('raw')">raw</a> <img src=x onerror="alert('onerror')">
[attr](https://example.com){: onclick="alert('attr')" }

Shortcut [ref], collapsed [coll][], full [text][ref], image ![img][ref].

| Where | Link |
|---|---|
| cell | [ref] |
| cell image | ![cell][coll] |

[ref]: javascript:alert('ref')
[coll]:
  JAVASCRIPT:alert('coll')
"""
#: The same in YAML (a double-quoted scalar), for the incident that ``new postmortem`` copies.
YAML_TEXT = ('"[inline](javascript:alert(\'pm-inline\')) [c](\\tjavascript:alert(\'pm-c\'))'
             ' ![i](JaVaScRiPt:alert(\'pm-image\')) <a href=\\"javascript:alert(1)\\">raw</a>'
             '\\n\\n[ref]\\n\\n[ref]: javascript:alert(\'pm-ref\')"')
INCIDENT = "2026-02-24-reporting-disk-full"
PAGES = [
    "postmortems/2026-01-15-auth-login-failures/",
    "postmortems/2025-10-08-edge-dns-misconfiguration/",
    "runbooks/db-connection-pool/",
    "handbook/links/",
    f"postmortems/{INCIDENT}/",
    f"incidents/2026/{INCIDENT}/",
]


def _incidentkit(*args: str) -> None:
    done = subprocess.run([str(Path(sys.executable).with_name("incidentkit")), *args],
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def _hostile_repository(root: Path) -> Path:
    copy_repository(root)
    for rel in ("postmortems/2026-01-15-auth-login-failures.md",
                "postmortems/2025-10-08-edge-dns-misconfiguration.md",
                "oncall/runbooks/db-connection-pool.md"):
        path = root / rel
        path.write_text(path.read_text() + SPELLINGS)
    (root / "docs/handbook/links.md").write_text("# Links" + SPELLINGS)
    incident = root / "incidents/2026" / f"{INCIDENT}.yaml"
    text = incident.read_text()
    text = re.sub(r"(?ms)^summary: >\n(  .*?\n)+", lambda _: f"summary: {YAML_TEXT}\n", text,
                  count=1)
    text = text.replace("text: Export job starts logging ENOSPC on /var/lib/reporting and "
                        "retrying", f"text: {YAML_TEXT}")
    incident.write_text(text)
    _incidentkit("-C", str(root), "new", "postmortem", INCIDENT)
    return root


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _hostile_repository(tmp_path_factory.mktemp("links") / "repo")


#: What every link and image of a page resolves to: (tag, protocol, URL).
TARGETS = """els => els.map(e => {
  const url = new URL(e.getAttribute(e.tagName === 'IMG' ? 'src' : 'href'), document.baseURI);
  return [e.tagName, url.protocol, url.href];
})"""


#: Click each link (a DOM click runs a ``javascript:`` URL as a mouse click does), one task
#: after the other; the number of links.
CLICK_ALL = """async els => {
  for (const a of els) { a.click(); await new Promise(done => setTimeout(done, 5)); }
  return els.length;
}"""


#: How many disarmed links per page are clicked with the mouse as well (0.3 s each).
MOUSE = 4


def _click_everything(tab: Page, url: str, *, check: bool = True) -> int:
    """Click every link of the page's content (its images loaded with it), the first disarmed
    ones with the mouse too; the number of links. No link or image may resolve to
    anything but http(s) or mailto.

    Navigations to other documents get "204 No Content", so the page stays and each click is
    quick; a ``javascript:`` URL needs no request and would still run (see the test below).
    """
    tab.goto(url)
    tab.wait_for_load_state("load")
    targets = tab.eval_on_selector_all("article a[href], article img[src]", TARGETS)
    unsafe = [t for t in targets if t[1] not in ("http:", "https:", "mailto:")]
    assert not check or unsafe == [], (url, unsafe)
    tab.route("**/*", lambda route: route.fulfill(status=204)
              if route.request.is_navigation_request() and route.request.url != url
              else route.continue_())
    count = tab.eval_on_selector_all("article a[href]", CLICK_ALL)
    disarmed = tab.locator("article a[href*='unsafe-link-removed']")
    for n in range(min(disarmed.count(), MOUSE)):  # as a person would, with the mouse too
        disarmed.nth(n).click(force=True, no_wait_after=True, timeout=5000)
    tab.wait_for_timeout(200)
    tab.unroute("**/*")
    return count


def test_the_clicking_sees_a_live_script_link(tab: Page, tmp_path: Path) -> None:
    """The method can fail: a live ``javascript:`` link opens a dialog when clicked so."""
    (tmp_path / "live.html").write_text(
        "<article><a href=\"javascript:alert('live')\">x</a> <a href=\"/y\">y</a> "
        "<a href=\"javascript:alert('second')\">z</a></article>")
    assert _click_everything(tab, serve(str(tmp_path)) + "live.html", check=False) == 3
    assert DIALOGS == ["live", "second"]


def test_no_link_runs_a_script_with_mkdocs(hostile: Path, tab: Page) -> None:
    site = serve(str(_mkdocs_build(hostile, hostile / "site")))
    clicked = {page: _click_everything(tab, site + page) for page in PAGES}
    assert DIALOGS == []
    assert all(clicked.values()), clicked
    tab.goto(site + "handbook/links/")
    assert "Links under test" in tab.locator("article").inner_text()


def test_no_link_runs_a_script_with_zensical(hostile: Path, tmp_path: Path, tab: Page) -> None:
    zensical = Path(sys.executable).with_name("zensical")
    if not zensical.exists():
        pytest.fail("zensical is not installed: pip install -e '.[dev]'")
    out = tmp_path / "kb"
    _incidentkit("-C", str(hostile), "site", "--out", str(out))
    built = subprocess.run([str(zensical), "build", "--strict"], cwd=out, capture_output=True,
                           text=True, check=False, timeout=600)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    site = serve(str(out / "site"))
    clicked = {page: _click_everything(tab, site + page) for page in PAGES}
    assert DIALOGS == []
    assert all(clicked.values()), clicked
