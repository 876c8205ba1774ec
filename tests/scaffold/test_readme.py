"""The scaffolded README's commands of the week work, in its order, in a new repository."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

ROW = re.compile(r"^\| [^|]+ \| `incidentkit (?P<args>[^`]+)` \|$", re.M)


def test_the_commands_of_the_week(
    tmp_path: Path, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    run("init", str(tmp_path))
    monkeypatch.setenv("INCIDENTKIT_HANDLE", "ana")
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-30T09:00:00Z")
    readme = (tmp_path / "README.md").read_text()
    assert "export INCIDENTKIT_HANDLE=" in readme
    commands = [shlex.split(m["args"]) for m in ROW.finditer(readme)]
    assert [args[:2] for args in commands] == [
        ["new", "incident"], ["ack", "ID"], ["assign", "ID"], ["log", "ID"], ["status", "ID"],
        ["new", "postmortem"], ["oncall", "now"]]
    incident_id = ""
    for args in commands:
        result = run("-C", str(tmp_path), *(incident_id if a == "ID" else a for a in args))
        assert (result.status, result.err) == (0, ""), args
        if args[:2] == ["new", "incident"]:
            incident_id = Path(result.out.strip()).stem
    assert incident_id == "2026-03-30-card-payments-failing"
    assert (tmp_path / "postmortems" / f"{incident_id}.md").is_file()
    assert "schedule payments-primary: Ana Silva (ana)" in result.out
    checked = run("-C", str(tmp_path), "validate", "--strict")
    # Acknowledged, and the expert a SEV1 requires named: nothing to warn about, nothing late.
    assert (checked.status, checked.out.splitlines()[-1]) == (
        0, "13 files checked: 0 errors, 0 warnings")
    assert incident_id not in run("-C", str(tmp_path), "overdue").out
