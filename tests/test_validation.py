"""``validate`` and its cache (incidentkit.validation): a warm run answers as a cold one, and
nothing makes it stale."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from incidentkit.store import cache as cache_module
from incidentkit.validation import validate

EXAMPLES = Path(__file__).resolve().parent / "examples"
SCHEDULE = EXAMPLES / "base" / "oncall" / "schedules" / "identity-primary.yaml"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", root)
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-02T00:00:00Z")
    return root


def _settle(root: Path) -> None:
    """Age every file past the racy window, as files are between two commits."""
    old = time.time() - 60
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (old, old))


def _lines(root: Path, **options: object) -> list[str]:
    return [str(f) for f in validate(root, **options).findings]  # type: ignore[arg-type]


def test_a_warm_run_takes_every_file_from_the_cache(repo: Path) -> None:
    shutil.copy(EXAMPLES / "invalid" / "bad-enum" / "incidents" / "2026" /
                "2026-03-01-checkout-errors.yaml",
                repo / "incidents" / "2026" / "2026-03-01-checkout-errors.yaml")
    _settle(repo)
    cold = validate(repo)
    warm = validate(repo)
    assert cold.cached == 0
    assert warm.cached == warm.checked == cold.checked
    assert warm.findings == cold.findings
    assert any(f.code == "invalid-value" for f in warm.findings)
    assert _lines(repo, cache=False) == [str(f) for f in cold.findings]


def test_the_same_size_and_mtime_set_back_is_still_seen(repo: Path) -> None:
    """ctime cannot be set back: a file rewritten to the same size with its old mtime is read
    again."""
    _settle(repo)
    assert validate(repo).findings == []
    path = next((repo / "incidents").rglob("*.yaml"))
    before = path.stat()
    text = path.read_text()
    changed = text.replace("severity: SEV", "severity: SEZ", 1)
    assert len(changed) == len(text) and changed != text
    time.sleep(0.01)
    path.write_text(changed)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    again = validate(repo)
    assert again.cached == again.checked - 1
    assert [f.code for f in again.findings] == ["unknown-severity"]


def test_a_file_edited_within_the_racy_window_is_hashed(repo: Path) -> None:
    assert validate(repo).findings == []  # files are fresh: every one is racy next time
    warm = validate(repo)
    assert warm.cached == warm.checked  # hashed, same bytes: still hits
    path = next((repo / "incidents").rglob("*.yaml"))
    path.write_text(path.read_text().replace("severity: SEV", "severity: SEZ", 1))
    assert [f.code for f in validate(repo).findings] == ["unknown-severity"]


def test_a_catalog_change_checks_everything_again(repo: Path) -> None:
    _settle(repo)
    assert validate(repo).findings == []
    people = repo / "oncall" / "people.yaml"
    people.write_text(people.read_text().replace("handle: bob", "handle: robert"))
    again = validate(repo)
    assert again.cached == 0
    assert {f.code for f in again.findings} >= {"unknown-person"}


def test_a_schedule_is_kept_only_while_its_next_gap_is_far(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = SCHEDULE.read_text().replace(
        "    members: [jane, bob, carol]\n",
        "    members: [jane, bob, carol]\n    effective_until: \"2026-06-01T10:00\"\n")
    (repo / "oncall" / "schedules" / "identity-primary.yaml").write_text(text)
    _settle(repo)
    assert validate(repo).findings == []
    assert validate(repo).cached == validate(repo).checked
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-05-25T00:00:00Z")  # the gap is 7 days away
    later = validate(repo)
    assert later.cached == later.checked - 1
    assert [f.code for f in later.findings] == ["schedule-gap"]
    assert validate(repo).cached == later.checked - 1  # a gap warning is never kept


def test_a_schedule_is_kept_only_while_the_next_shift_in_time_off_is_far(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # jane is on call from 9 March 2026 09:00 UTC and away from 11 March 23:00 UTC.
    (repo / "oncall" / "time-off.yaml").write_text(
        "- person: jane\n  from: 2026-03-12T00:00:00+01:00\n  to: 2026-03-14T00:00:00+01:00\n")
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-02-20T00:00:00Z")  # 20 days before
    _settle(repo)
    assert validate(repo).findings == []
    assert validate(repo).cached == validate(repo).checked
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-02T00:00:00Z")  # 10 days before
    later = validate(repo)
    assert later.cached == later.checked - 1
    assert [f.code for f in later.findings] == ["shift-in-time-off"]
    assert validate(repo).cached == later.checked - 1  # the warning is never kept


def test_a_time_off_change_checks_the_schedules_again(repo: Path) -> None:
    _settle(repo)
    assert validate(repo).findings == []
    (repo / "oncall" / "time-off.yaml").write_text(
        "- person: jane\n  from: 2026-03-12T00:00:00+01:00\n  to: 2026-03-14T00:00:00+01:00\n"
        "  reason: holiday\n")
    again = validate(repo)
    assert again.cached == 0
    assert [f.code for f in again.findings] == ["shift-in-time-off"]


def test_an_incident_in_the_future_is_checked_until_its_time_has_come(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-01-15T14:00:00Z")  # before it was resolved
    _settle(repo)
    early = validate(repo)
    assert {f.code for f in early.findings} == {"future-time"}
    assert validate(repo).cached == early.checked - 1  # never kept, never vouched for
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-02T00:00:00Z")
    later = validate(repo)
    assert (later.cached, later.findings) == (later.checked - 1, [])
    assert validate(repo).cached == later.checked  # valid from now on: kept
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-01-15T14:00:00Z")  # a clock set back
    again = validate(repo)
    assert again.cached == again.checked - 1
    assert [str(f) for f in again.findings] == [str(f) for f in early.findings]


@pytest.mark.parametrize("content", [
    b"not json", b"[]", b'{"format": 1}',
    b'{"format": 1, "scope": "SCOPE", "written_ns": 1, "entries": {"x": [1, 2]}}',
    b'{"format": 1, "scope": "SCOPE", "written_ns": 9e99, "entries": {}}',
])
def test_a_damaged_cache_is_an_empty_one(repo: Path, content: bytes) -> None:
    _settle(repo)
    validate(repo)
    (stored,) = cache_module.folder().glob("validate-*.json")
    scope = json.loads(stored.read_bytes())["scope"]
    stored.write_bytes(content.replace(b"SCOPE", scope.encode()))
    again = validate(repo)
    assert (again.cached, again.findings) == (0, [])


def test_entries_that_are_not_findings_are_checked_again(repo: Path) -> None:
    _settle(repo)
    validate(repo)
    (stored,) = cache_module.folder().glob("validate-*.json")
    data = json.loads(stored.read_bytes())
    rel = next(r for r in data["entries"] if r.startswith("incidents/"))
    data["entries"][rel][2] = [["x", "1", 1, "error", "c", "m", 0]]
    stored.write_text(json.dumps(data))
    again = validate(repo)
    assert (again.cached, again.findings) == (again.checked - 1, [])


def test_an_unwritable_cache_folder_costs_only_speed(
        repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("INCIDENTKIT_CACHE_DIR", str(blocker / "cache"))
    assert validate(repo).findings == validate(repo).findings == []
    assert validate(repo).cached == 0


def test_the_cache_lives_outside_the_repository(repo: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INCIDENTKIT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    validate(repo)
    assert len(list((tmp_path / "xdg" / "incidentkit").glob("validate-*.json"))) == 1
    assert not any(p.name.startswith("validate-") for p in repo.rglob("*"))


def test_a_warm_run_imports_no_model(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The warm path stays light: neither pydantic nor the checks are imported (on the real
    clock: INCIDENTKIT_NOW, when set, is read by the timestamp parser of the models)."""
    monkeypatch.delenv("INCIDENTKIT_NOW")
    _settle(repo)
    validate(repo)
    code = ("import sys; from pathlib import Path; "
            "from incidentkit.cli.main import main; "
            f"status = main(['-C', {str(repo)!r}, 'validate']); "
            "print(status, 'pydantic' in sys.modules, 'incidentkit.checks.files' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=os.environ.copy())
    assert done.stdout.splitlines()[-1] == "0 False False"


def test_no_cache_and_the_environment_switch(repo: Path, run: object) -> None:
    from incidentkit.cli.main import main

    _settle(repo)
    assert main(["-C", str(repo), "validate", "--no-cache"]) == 0
    assert not list(cache_module.folder().glob("validate-*.json"))
    os.environ["INCIDENTKIT_CACHE"] = "off"
    try:
        assert main(["-C", str(repo), "validate"]) == 0
    finally:
        del os.environ["INCIDENTKIT_CACHE"]
    assert not list(cache_module.folder().glob("validate-*.json"))
    assert main(["-C", str(repo), "validate"]) == 0
    assert len(list(cache_module.folder().glob("validate-*.json"))) == 1
