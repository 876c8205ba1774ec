"""The status page's records, status.json and the Atom feed, on a repository with open
incidents."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from incidentkit.repository import Repository
from incidentkit.site import status, views
from incidentkit.site.status import Day
from tests.repos import copy_base, opened, write

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
ATOM = "{http://www.w3.org/2005/Atom}"
OPEN = """\
id: {id}
title: "{title}"
severity: {severity}
status: identified
summary: Checkout returns 500s.
services: [{service}]
detection: manual
impact:
  summary: Some checkouts fail
  customer_facing: true
roles:
  commander: jane
started_at: {day}T10:00:00Z
detected_at: {day}T10:05:00Z
"""
UPDATES = """\
updates:
  - at: 2026-03-01T10:30:00Z
    status: identified
    audience: external
    text: "Found <it> "
  - at: 2026-03-01T10:40:00Z
    status: identified
    audience: internal
    text: secret
"""


def _repo(tmp_path: Path) -> Repository:
    root = copy_base(tmp_path)
    write(root, "incidents/2026/2026-03-01-checkout.yaml", OPEN.format(
        id="2026-03-01-checkout", title="Checkout <b>errors</b>", severity="SEV2",
        service="auth-api", day="2026-03-01") + UPDATES)
    write(root, "incidents/2026/2026-02-28-db.yaml", OPEN.format(
        id="2026-02-28-db", title="DB down", severity="SEV0", service="login-web",
        day="2026-02-28"))
    repo = opened(root)
    assert repo.findings == []
    return repo


def test_each_service_now_and_its_days(tmp_path: Path) -> None:
    auth, login = status.services(_repo(tmp_path), NOW, 3)
    assert (auth.state, auth.count, [r.id for r in auth.open]) == (
        "degraded performance", 1, ["2026-03-01-checkout"])
    assert auth.bar == (Day(None, "2026-02-27: no incidents"),
                        Day(None, "2026-02-28: no incidents"),
                        Day("minor", "2026-03-01: incident (minor)"))
    # The resolved SEV1 of January ended before the three days: not counted; the open SEV0
    # runs on to today.
    assert (login.state, login.count) == ("major outage", 1)
    assert [d.level for d in login.bar] == [None, "critical", "critical"]
    quiet = status.services(opened(copy_base(tmp_path, "quiet")), NOW, 1)
    assert [(s.id, s.state, s.count) for s in quiet] == [
        ("auth-api", "operational", 0), ("login-web", "operational", 0)]


def test_open_incidents_with_their_latest_external_update(tmp_path: Path) -> None:
    opened_now = status.open_incidents(_repo(tmp_path))
    assert [(o.row.id, o.update.text if o.update else None) for o in opened_now] == [
        ("2026-03-01-checkout", "Found <it> "), ("2026-02-28-db", None)]


def test_status_json(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    statuses, opened_now = status.services(repo, NOW, 3), status.open_incidents(repo)
    data = json.loads(status.status_json(repo, statuses, opened_now, now=NOW,
                                         base="https://kb.example/ops/", directory_urls=False))
    assert (data["generated_at"], data["status"]) == ("2026-03-01T12:00:00Z", "incident")
    assert data["services"] == [
        {"id": "auth-api", "name": "Auth API", "status": "degraded performance",
         "open_incidents": ["2026-03-01-checkout"]},
        {"id": "login-web", "name": "Login web", "status": "major outage",
         "open_incidents": ["2026-02-28-db"]}]
    assert data["open_incidents"][0] == {
        "id": "2026-03-01-checkout", "title": "Checkout <b>errors</b>", "severity": "SEV2",
        "status": "identified", "services": ["auth-api"], "started_at": "2026-03-01T10:00:00Z",
        "url": "https://kb.example/ops/incidents/2026/2026-03-01-checkout.html",
        "latest_update": {"at": "2026-03-01T10:30:00Z", "status": "identified",
                          "text": "Found <it>"}}
    calm = json.loads(status.status_json(repo, [], [], now=NOW, base=None, directory_urls=True))
    assert (calm["status"], calm["open_incidents"]) == ("operational", [])


def test_the_atom_feed(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    text = status.atom(repo, views.newest_first(repo), now=NOW, title="KB <x>",
                       base="https://kb.example/ops/", directory_urls=True, limit=2)
    feed = ET.fromstring(text)
    assert feed.findtext(f"{ATOM}title") == "KB <x>: incidents"
    assert feed.findtext(f"{ATOM}id") == "https://kb.example/ops/incidents/"
    # The newest change of the incidents in the feed: an update (of any audience) at 10:40.
    assert feed.findtext(f"{ATOM}updated") == "2026-03-01T10:40:00Z"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "[SEV2] Checkout <b>errors</b>", "[SEV0] DB down"]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == (  # type: ignore[union-attr]
        "https://kb.example/ops/incidents/2026/2026-03-01-checkout/")
    assert [c.get("term") for c in first.findall(f"{ATOM}category")] == ["auth-api", "SEV2"]
    assert first.findtext(f"{ATOM}summary") == "identified: Checkout returns 500s."
    assert first.findtext(f"{ATOM}author/{ATOM}name") == "jane"
    bare = ET.fromstring(status.atom(repo, [], now=NOW, title="KB", base=None,
                                     directory_urls=False, limit=5))
    assert bare.findtext(f"{ATOM}id") == "urn:incidentkit:incidents"
    assert bare.findtext(f"{ATOM}updated") == "2026-03-01T12:00:00Z"
    assert [link.get("href") for link in bare.findall(f"{ATOM}link")] == [
        "incidents/index.html", "feed.xml"]
