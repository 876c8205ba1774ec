"""Where each kind of file lives (store.layout's registry), and what is misplaced."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentkit.store.layout import Kind, Layout, kind_of, misplaced, stem


@pytest.mark.parametrize(("rel", "kind"), [
    ("incidentkit.yaml", Kind.CONFIG),
    ("oncall/people.yaml", Kind.PEOPLE),
    ("oncall/services.yaml", Kind.SERVICES),
    ("oncall/escalation-policies.yaml", Kind.POLICIES),
    ("incidents/2026/2026-01-15-x.yaml", Kind.INCIDENT),
    ("incidents/2026/deeper/2026-01-15-x.yml", Kind.INCIDENT),  # read, then told to rename
    ("postmortems/2026-01-15-x.md", Kind.POSTMORTEM),
    ("oncall/schedules/primary.yaml", Kind.SCHEDULE),
    ("oncall/runbooks/restart.md", Kind.RUNBOOK),
    ("maintenance/2026/2026-12-10-db.yaml", Kind.MAINTENANCE),
    ("maintenance/2026-12-10-db.yaml", Kind.MAINTENANCE),  # read, then told to move
    ("postmortems/2026/2026-01-15-x.md", None),
    ("oncall/runbooks/restart.markdown", None),
    ("incidents.yaml", None),
    ("docs/index.md", None),
    ("oncall/schedulesx/primary.yaml", None),
])
def test_kind_of(rel: str, kind: Kind | None) -> None:
    assert kind_of(rel) is kind


def _advice(rel: str) -> str:
    stray = misplaced(rel)
    assert stray is not None and stray.code == "misplaced-file", rel
    return stray.message


def test_misplaced_files_say_where_they_belong() -> None:
    assert _advice("incidents/2026/x.YAML") == (
        "incidentkit reads incidents only from '.yaml' files: rename it to incidents/2026/x.yaml")
    assert _advice("postmortems/2026/x.md") == (
        "postmortems are read only directly from postmortems/, not from a subfolder: move it "
        "to postmortems/x.md")
    assert _advice("oncall/runbooks/r.markdown") == (
        "incidentkit reads runbooks only from '.md' files: rename it to oncall/runbooks/r.md")
    assert _advice("maintenance/2026/x.Yml") == (
        "incidentkit reads maintenance files only from '.yaml' files: rename it to "
        "maintenance/2026/x.yaml")
    assert misplaced("postmortems/x.md") is None
    assert misplaced("docs/x.md") is None


@pytest.mark.parametrize(("rel", "expected"), [
    ("incidents/2026/x.yaml", "x"), ("a/b.c.d", "b.c"), ("x", "x"), (".hidden", ".hidden"),
    ("a/..yaml", "..yaml"), ("a/b.", "b"), ("a/", ""),
])
def test_stem(rel: str, expected: str) -> None:
    assert stem(rel) == expected


def test_a_scan_and_a_list_of_paths_agree(tmp_path: Path) -> None:
    rels = ["incidentkit.yaml", "incidents/2026/2026-01-15-x.yaml", "postmortems/2026-01-15-x.md",
            "oncall/people.yaml", "oncall/schedules/p.yaml", "oncall/runbooks/r.md",
            "docs/index.md", "postmortems/sub/y.md"]
    for rel in rels:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    scanned = Layout.scan(tmp_path)
    listed = Layout.of_paths(tmp_path, rels)
    assert scanned.files == listed.files
    assert scanned.all() == sorted(rels[:6])
    assert list(scanned.strays) == ["postmortems/sub/y.md"]
    assert listed.strays == {}
