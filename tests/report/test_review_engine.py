"""The weekly review's facts (:func:`incidentkit.report.review.review`) on edits of the corpus."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from incidentkit.report.review import Review, review
from incidentkit.repository import open_repository
from incidentkit.store.source import WorkingTree
from tests.report.test_review import CORPUS

AT = datetime(2026, 12, 1, tzinfo=UTC)
WEEK = timedelta(days=7)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(CORPUS, root)
    return root


def facts(root: Path, at: datetime = AT, length: timedelta = WEEK) -> Review:
    repo = open_repository(WorkingTree(root))
    assert repo.invalid_files == []
    return review(repo, at=at, length=length)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def repeats(found: Review) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    return [(r.incident.id, [(e.incident.id, [o.item.id for o in e.items]) for e in r.earlier])
            for r in found.repeats]


def test_repeats_of_the_corpus(root: Path) -> None:
    assert repeats(facts(root)) == [
        ("2026-11-25-api-errors", [("2026-11-10-api-outage", ["AI-1"]),
                                   ("2026-10-01-api-blip", ["AI-1"])]),
        ("2026-11-27-db-failover", [("2026-11-10-api-outage", ["AI-1"])]),
        ("2026-11-30-web-latency", [("2026-11-20-web-errors", ["AI-2", "AI-3"])]),
    ]


def test_an_earlier_incident_whose_items_are_closed_is_no_repeat(root: Path) -> None:
    edit(root / "postmortems/2026-11-10-api-outage.md", "status: in-progress", "status: done")
    assert repeats(facts(root)) == [
        ("2026-11-25-api-errors", [("2026-10-01-api-blip", ["AI-1"])]),
        ("2026-11-30-web-latency", [("2026-11-20-web-errors", ["AI-2", "AI-3"])]),
    ]


def test_a_drill_neither_repeats_nor_is_repeated(root: Path) -> None:
    edit(root / "incidents/2026/2026-11-20-web-errors.yaml", "kind: incident", "kind: drill")
    found = facts(root)
    assert [r.incident.id for r in found.repeats] == [
        "2026-11-25-api-errors", "2026-11-27-db-failover"]
    # The drill's own items are still followed up.
    assert [(i.item.id, i.state) for _, items in found.items for i in items
            if i.incident == "2026-11-20-web-errors"] == [
        ("AI-4", "wont-do"), ("AI-3", "upcoming"), ("AI-1", "done"), ("AI-2", "late")]


def test_a_postmortem_in_review_of_an_open_incident_has_no_due_date(root: Path) -> None:
    path = root / "incidents/2026/2026-11-20-web-errors.yaml"
    edit(path, "status: resolved", "status: monitoring")
    edit(path, "resolved_at: 2026-11-20T18:00:00Z\n", "")
    found = facts(root)
    assert [(p.incident.id, p.state, p.due) for p in found.postmortems] == [
        ("2026-10-01-api-blip", "draft", datetime(2026, 10, 15, 9, tzinfo=UTC)),
        ("2026-11-25-api-errors", "missing", datetime(2026, 11, 27, 12, 10, tzinfo=UTC)),
        ("2026-11-20-web-errors", "in-review", None),
    ]


def test_what_is_due_after_the_next_review_waits(root: Path) -> None:
    # A day's review: the in-review postmortem (due 2026-12-04 18:00) is still listed, being
    # in review; the item due 2026-12-05 is not due before the next review (2026-12-02).
    found = facts(root, length=timedelta(days=1))
    assert [p.incident.id for p in found.postmortems][-1] == "2026-11-20-web-errors"
    assert [(owner, [(i.incident, i.item.id, i.state) for i in items])
            for owner, items in found.items] == [
        ("bob", [("2026-10-01-api-blip", "AI-1", "late")]),
        ("jane", [("2026-11-20-web-errors", "AI-2", "late")]),
    ]
    assert [n.incident.id for n in found.new] == ["2026-11-30-web-latency"]
