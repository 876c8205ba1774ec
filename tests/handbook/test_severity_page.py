"""``incidentkit handbook``: the severity page is generated from the configuration, committed,
and checked (``--check``) in this repository and in any other (``-C DIR``)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from incidentkit.config import Config, SeverityLevel
from incidentkit.handbook import SEVERITY_PAGE, severity_page
from tests.conftest import Run

ROOT = Path(__file__).resolve().parents[2]
SEV9 = """\
severities:
  - id: SEV9
    name: Everything
    description: All of it.
    ack_within: 2m
    postmortem: required
"""


def test_committed_page_is_current(run: Callable[..., Run]) -> None:
    result = run("-C", str(ROOT), "handbook", "--check")
    assert (result.status, result.out, result.err) == (
        0, f"{SEVERITY_PAGE} is up to date\n", ""), f"run incidentkit handbook: {result.err}"


def test_page_escapes_configured_text() -> None:
    level = SeverityLevel.model_validate({
        "id": "SEV1", "name": "<b>Big</b> | pipe", "description": "*all* down",
        "ack_within": "5m", "postmortem": "required",
    })
    page = severity_page(Config(severities=[level]))
    assert (
        "| **SEV1** | \\<b\\>Big\\</b\\> \\| pipe | \\*all\\* down | 5m | — | — | required |"
    ) in page


def test_writes_checks_and_names_the_drift(tmp_path: Path, run: Callable[..., Run]) -> None:
    page = tmp_path / SEVERITY_PAGE
    missing = run("-C", str(tmp_path), "handbook", "--check")
    assert (missing.status, missing.out, missing.err) == (
        1, "", f"{SEVERITY_PAGE} is missing: run `incidentkit handbook` and commit the result\n")
    assert not page.exists()

    wrote = run("-C", str(tmp_path), "handbook")
    assert (wrote.status, wrote.out, wrote.err) == (0, f"wrote {SEVERITY_PAGE}\n", "")
    assert page.read_text(encoding="utf-8") == severity_page(Config())

    (tmp_path / "incidentkit.yaml").write_text(SEV9)
    stale = run("-C", str(tmp_path), "handbook", "--check")
    assert (stale.status, stale.out, stale.err) == (
        1, "",
        f"{SEVERITY_PAGE} is out of date: run `incidentkit handbook` and commit the result\n")
    assert page.read_text(encoding="utf-8") == severity_page(Config())

    assert run("-C", str(tmp_path), "handbook").out == f"wrote {SEVERITY_PAGE}\n"
    assert "| **SEV9** | Everything | All of it. | 2m | — | — | required |" in page.read_text()
    again = run("-C", str(tmp_path), "handbook")
    assert (again.status, again.out) == (0, f"{SEVERITY_PAGE} is up to date\n")
    assert run("-C", str(tmp_path), "handbook", "--check").status == 0


def test_an_invalid_configuration_is_reported_at_its_line(
    tmp_path: Path, run: Callable[..., Run]
) -> None:
    (tmp_path / "incidentkit.yaml").write_text(SEV9.replace("ack_within: 2m", "ack_within: soon"))
    for args in (["handbook"], ["handbook", "--check"]):
        result = run("-C", str(tmp_path), *args)
        assert result.status == 1
        assert result.out == ""
        assert result.err.startswith("incidentkit: error: incidentkit.yaml:5:17: ")
        assert result.err.endswith(": fix the configuration first (incidentkit validate lists "
                                   "every problem)\n")
        assert "Traceback" not in result.err
    assert not (tmp_path / SEVERITY_PAGE).exists()


def test_help_writes_nothing(tmp_path: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(tmp_path), "handbook", "--help")
    assert result.status == 0
    assert result.out.startswith("Usage: incidentkit handbook [OPTIONS]\n")
    assert "--check" in result.out
    assert list(tmp_path.iterdir()) == []


def test_a_missing_repository_is_refused(tmp_path: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(tmp_path / "nowhere"), "handbook")
    assert (result.status, result.out, result.err) == (
        2, "", f"incidentkit: error: repository {tmp_path / 'nowhere'} does not exist: pass an "
        "incident repository with -C DIR\n")
    assert list(tmp_path.iterdir()) == []


def test_an_unreadable_page_is_a_message(tmp_path: Path, run: Callable[..., Run]) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "handbook").write_text("not a folder\n")
    for args in (["handbook"], ["handbook", "--check"]):
        result = run("-C", str(tmp_path), *args)
        assert (result.status, result.out) == (2, "")
        assert result.err.startswith(f"incidentkit: error: cannot read {SEVERITY_PAGE}: ")
    assert (tmp_path / "docs" / "handbook").read_text() == "not a folder\n"


def test_the_old_entry_point_names_the_new_one(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "incidentkit.handbook", "--check"], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", "python -m incidentkit.handbook is now `incidentkit handbook [--check]`\n")
    assert list(tmp_path.iterdir()) == []
