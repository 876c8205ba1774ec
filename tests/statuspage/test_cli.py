"""``incidentkit status-page``: the command's options, its output folder, escaping and feeds."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

from tests.conftest import Run
from tests.statuspage.conftest import NOW, ROOT, URL, files

ATOM = "{http://www.w3.org/2005/Atom}"


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for name in ("incidents", "oncall", "maintenance"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy2(ROOT / "incidentkit.yaml", root / "incidentkit.yaml")
    return root


def test_writes_and_replaces_its_own_output(tmp_path: Path, run: Callable[..., Run]) -> None:
    out = tmp_path / "public"
    first = run("-C", str(ROOT), "status-page", "--out", str(out), "--at", NOW)
    assert (first.status, first.err) == (0, "")
    assert first.out == (f"Wrote the status page (28 files, 7 components, 2 current incidents) "
                         f"to {out}\n")
    (out / "stale.html").write_text("old")
    again = run("-C", str(ROOT), "status-page", "--out", str(out), "--at", NOW)
    assert again.status == 0
    assert not (out / "stale.html").exists()
    assert {"index.html", "history.html", "style.css", "history.rss", "history.atom",
            "api/v2/summary.json"} <= set(files(out))


def test_refuses_a_folder_it_did_not_write(tmp_path: Path, run: Callable[..., Run]) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "keep.md").write_text("mine")
    result = run("-C", str(ROOT), "status-page", "--out", str(out))
    assert result.status == 2
    assert "is not an earlier output of incidentkit status-page" in result.err
    assert "Traceback" not in result.err
    assert [p.name for p in out.iterdir()] == ["keep.md"]


def test_url_must_be_http(tmp_path: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(ROOT), "status-page", "--out", str(tmp_path / "o"), "--url",
                 "status.example.com")
    assert result.status == 2
    assert "write the page's address as an http(s) URL" in result.err
    assert not (tmp_path / "o").exists()


def test_title_must_be_visible_text(tmp_path: Path, run: Callable[..., Run]) -> None:
    for title in ("a\x01b", "   ", "bad \udc80 bytes"):
        result = run("-C", str(ROOT), "status-page", "--out", str(tmp_path / "o"), "--title",
                     title)
        assert result.status == 2, title
        assert "Invalid value for '--title'" in result.err
        assert "Traceback" not in result.err
    assert not (tmp_path / "o").exists()


def test_text_is_escaped_everywhere(tmp_path: Path, run: Callable[..., Run]) -> None:
    root = _copy(tmp_path)
    incident = root / "incidents/2026/2026-11-21-auth-api-elevated-latency.yaml"
    text = incident.read_text().replace(
        "public_title: Slow sign-in", "public_title: '<script>alert(1)</script> & <b>x</b>'")
    incident.write_text(text)
    out = tmp_path / "site"
    assert run("-C", str(root), "status-page", "--out", str(out), "--at", NOW).status == 0
    site = files(out)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;x&lt;/b&gt;" in site["index.html"]
    assert all("<script" not in body for body in site.values() if not body.startswith("{"))
    assert '"name": "<script>alert(1)</script> & <b>x</b>"' in site[
        "api/v2/incidents/unresolved.json"]
    ET.fromstring(site["history.rss"])  # still well-formed XML
    ET.fromstring(site["history.atom"])


def test_an_invalid_file_is_left_out_with_a_notice(tmp_path: Path,
                                                   run: Callable[..., Run]) -> None:
    root = _copy(tmp_path)
    bad = root / "maintenance/2026/2026-12-10-payments-database-upgrade.yaml"
    bad.write_text(bad.read_text().replace("ends_at: 2026-12-10T04:00:00Z",
                                           "ends_at: 2026-12-10T01:00:00Z"))
    result = run("-C", str(root), "status-page", "--out", str(tmp_path / "o"), "--at", NOW)
    assert result.status == 0
    assert result.err == (
        "incidentkit: warning: 1 invalid file left out (maintenance/2026/"
        "2026-12-10-payments-database-upgrade.yaml): run incidentkit validate\n")
    assert "Payments database upgrade" not in files(tmp_path / "o")["index.html"]


def test_feeds_link_every_public_incident(example: Path) -> None:
    site = files(example)
    rss = ET.fromstring(site["history.rss"])
    atom = ET.fromstring(site["history.atom"])
    items = rss.findall("channel/item")
    entries = atom.findall(f"{ATOM}entry")
    assert len(items) == len(entries) > 10
    assert items[0].findtext("title") == "Maintenance: Payments database upgrade"
    assert items[0].findtext("link", "").startswith(f"{URL}maintenance/")
    assert rss.findtext("channel/link") == f"{URL}index.html"
    index = site["index.html"]
    assert '<link rel="alternate" type="application/rss+xml"' in index
    assert '<link rel="alternate" type="application/atom+xml"' in index
    assert '<a href="history.rss">RSS</a>' in index and '<a href="history.atom">Atom</a>' in index
    assert "<script" not in index


def test_a_new_repository_has_a_status_page(tmp_path: Path, run: Callable[..., Run]) -> None:
    repo = tmp_path / "team"
    assert run("init", str(repo)).status == 0
    result = run("-C", str(repo), "status-page", "--out", str(tmp_path / "o"), "--at",
                 "2026-03-24T12:00:00Z")
    assert result.out == (f"Wrote the status page (16 files, 2 components, 1 current incident) "
                          f"to {tmp_path / 'o'}\n")
    site = files(tmp_path / "o")
    index = site["index.html"]
    assert "Slow product search on the storefront" in index
    history = site["history.html"]
    assert "Checkout database upgrade" in history  # the example maintenance, completed
