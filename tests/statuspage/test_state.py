"""The rules of the page's state (README, "Public status page"): maintenance alone puts the
banner under maintenance, an incident outweighs it, and a page built for an earlier moment
shows what customers saw then."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from incidentkit.repository import open_repository
from incidentkit.statuspage.state import build
from incidentkit.store.source import WorkingTree
from tests.statuspage.conftest import ROOT

PAYMENTS = "incidents/2026/2026-11-19-payments-provider-timeouts.yaml"


def _page(root: Path, at: datetime) -> object:
    return build(open_repository(WorkingTree(root)), now=at, title="Status")


def _without_open_incidents(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for name in ("incidents", "oncall", "maintenance"):
        shutil.copytree(ROOT / name, root / name)
    for rel in (PAYMENTS, "incidents/2026/2026-11-21-auth-api-elevated-latency.yaml",
                "incidents/2026/2026-11-22-reporting-exports-delayed.yaml"):
        (root / rel).unlink()
    return root


def test_maintenance_alone_is_under_maintenance(tmp_path: Path) -> None:
    root = _without_open_incidents(tmp_path)
    during = build(open_repository(WorkingTree(root)),
                   now=datetime(2026, 12, 10, 3, tzinfo=UTC), title="Status")
    assert (during.state, during.banner, during.indicator) == (
        "under_maintenance", "Under maintenance", "maintenance")
    states = {c.id: c.state for c in during.components}
    assert states["payments-api"] == states["checkout-web"] == "under_maintenance"
    assert states["auth-api"] == "operational"
    after = build(open_repository(WorkingTree(root)),
                  now=datetime(2026, 12, 10, 4, tzinfo=UTC), title="Status")
    assert (after.state, after.banner, after.indicator) == (
        "operational", "All systems operational", "none")
    assert [m.phase for m in after.maintenance] == ["completed"]


def test_an_earlier_moment_shows_what_customers_saw_then() -> None:
    repo = open_repository(WorkingTree(ROOT))
    # 2026-10-14 17:00 UTC: the notifications incident (resolved 18:30) was open, its first
    # external update (16:45) published and the later ones not yet.
    page = build(repo, now=datetime(2026, 10, 14, 17, tzinfo=UTC), title="Status")
    [current] = page.current
    assert current.title == "Password-reset emails delayed after a notifications-worker upgrade"
    assert (current.status, current.resolved_at) == ("investigating", None)
    assert [u.status for u in current.updates] == ["investigating"]
    assert all(i.started_at <= page.now for i in page.incidents)


def test_a_drill_or_a_near_miss_never_reaches_customers(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    for name in ("incidents", "oncall", "maintenance"):
        shutil.copytree(ROOT / name, root / name)
    at = datetime(2026, 11, 20, 12, tzinfo=UTC)
    before = build(open_repository(WorkingTree(root)), now=at, title="Status")
    path = root / PAYMENTS
    text = path.read_text(encoding="utf-8")
    for kind in ("drill", "near-miss"):
        path.write_text(text.replace("\ntitle:", f"\nkind: {kind}\ntitle:", 1),
                        encoding="utf-8")
        page = build(open_repository(WorkingTree(root)), now=at, title="Status")
        assert len(page.incidents) == len(before.incidents) - 1
        assert {i.title for i in before.incidents} - {i.title for i in page.incidents} == {
            "Some card payments failing"}
