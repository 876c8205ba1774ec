"""The driver on files given directly (as git gives them): which merge each file gets, the
notes it prints, its exit status."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.authoring.sample import INCIDENT
from tests.conftest import Run

REL = "incidents/2026/2026-01-15-auth-login-failures.yaml"
END = "  # keep entries in time order\n"
ENTRY = "  - at: 2026-01-15T14:20:00Z\n    kind: note\n    text: {}\n"


def _files(tmp_path: Path, base: str | bytes, ours: str | bytes, theirs: str | bytes
           ) -> list[str]:
    paths = []
    for name, data in (("base", base), ("ours", ours), ("theirs", theirs)):
        path = tmp_path / f".merge_file_{name}"
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        paths.append(str(path))
    return paths


def test_a_clean_merge_writes_ours_and_exits_0(tmp_path: Path, run: Callable[..., Run]) -> None:
    ours = INCIDENT.replace(END, ENTRY.format("ours") + END)
    theirs = INCIDENT.replace("status: identified ", "status: monitoring ")
    paths = _files(tmp_path, INCIDENT, ours, theirs)
    result = run("merge-driver", *paths, REL)
    assert (result.status, result.out, result.err) == (0, "", "")
    assert Path(paths[1]).read_text() == ours.replace("status: identified ",
                                                      "status: monitoring ")


def test_a_conflict_exits_1_and_names_the_field(tmp_path: Path, run: Callable[..., Run]) -> None:
    paths = _files(tmp_path, INCIDENT, INCIDENT.replace("detection: automated",
                                                        "detection: manual"),
                   INCIDENT.replace("detection: automated", "detection: customer"))
    result = run("merge-driver", *paths, REL)
    assert (result.status, result.out) == (1, "")
    assert result.err == (f"{REL}: detection changed on both sides (automated → manual here, "
                          "automated → customer there): resolve by hand\n")
    assert "<<<<<<< ours\ndetection: manual\n=======\ndetection: customer\n>>>>>>> theirs\n" \
        in Path(paths[1]).read_text()


def test_bytes_that_are_not_utf8_are_merged_by_git_with_their_place(
        tmp_path: Path, run: Callable[..., Run]) -> None:
    bad = INCIDENT.encode().replace(b"Login outage", b"Login \xff outage")
    paths = _files(tmp_path, INCIDENT, bad, INCIDENT.replace("SEV1", "SEV2"))
    result = run("merge-driver", *paths, REL)
    assert result.status == 0
    assert result.err == (f"{REL}:1:9: in our version: byte 0xff is not UTF-8: save the file "
                          "as UTF-8; merged line by line by git\n")
    assert Path(paths[1]).read_bytes() == bad.replace(b"SEV1", b"SEV2")


def test_a_file_added_on_both_sides_is_merged_by_git(
        tmp_path: Path, run: Callable[..., Run]) -> None:
    paths = _files(tmp_path, "", INCIDENT, INCIDENT.replace("SEV1", "SEV2"))
    result = run("merge-driver", *paths, REL)
    assert result.status == 1
    assert result.err == (f"{REL}: added on both sides (no common ancestor); merged line by "
                          "line by git\n")
    assert "<<<<<<< ours\n" in Path(paths[1]).read_text()


def test_a_document_that_is_not_a_mapping_is_merged_by_git(
        tmp_path: Path, run: Callable[..., Run]) -> None:
    paths = _files(tmp_path, "- a\n- b\n", "- a\n- b\n- c\n", "- z\n- a\n- b\n")
    result = run("merge-driver", *paths, REL)
    assert result.status == 0
    assert result.err == (f"{REL}:1:1: in the common ancestor: the document is not a mapping "
                          "of keys; merged line by line by git\n")
    assert Path(paths[1]).read_text() == "- z\n- a\n- b\n- c\n"


def test_a_structure_beyond_the_merge_is_left_to_git(
        tmp_path: Path, run: Callable[..., Run]) -> None:
    timeline = INCIDENT[INCIDENT.index("timeline:\n") : INCIDENT.index("updates:")]
    emptied = INCIDENT.replace(timeline, "timeline: []\n")
    paths = _files(tmp_path, INCIDENT, emptied, INCIDENT.replace(END, ENTRY.format("x") + END))
    result = run("merge-driver", *paths, REL)
    assert result.status == 1
    assert result.err == (f"{REL}: items were added to a list that is empty on this side; "
                          "merged line by line by git\n")


def test_missing_files_are_a_usage_error(tmp_path: Path, run: Callable[..., Run]) -> None:
    result = run("merge-driver", str(tmp_path / "a"), str(tmp_path / "b"), str(tmp_path / "c"))
    assert result.status == 2
    assert "does not exist" in result.err
    assert "Traceback" not in result.err


def test_python_m_incidentkit_runs_the_driver_as_git_calls_it(tmp_path: Path) -> None:
    """git's call starts without click; anything else goes through the command line."""
    ours = INCIDENT.replace(END, ENTRY.format("ours") + END)
    paths = _files(tmp_path, INCIDENT, ours, INCIDENT.replace("SEV1", "SEV2"))
    command = [sys.executable, "-m", "incidentkit", "merge-driver"]
    done = subprocess.run([*command, *paths, REL], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert Path(paths[1]).read_text() == ours.replace("SEV1", "SEV2")
    helped = subprocess.run([*command, "--help"], capture_output=True, text=True, check=False)
    assert helped.returncode == 0
    assert helped.stdout.startswith("Usage: incidentkit merge-driver [OPTIONS] ANCESTOR OURS "
                                    "THEIRS [PATH]\n")
    missing = subprocess.run([*command, "a", "b", "c"], capture_output=True, text=True,
                             check=False, cwd=tmp_path)
    assert missing.returncode == 2
    assert "Error: Invalid value for 'ANCESTOR': File 'a' does not exist." in missing.stderr


PM_REL = "postmortems/2026-01-15-auth-login-failures.md"
PM = """\
---
incident: 2026-01-15-auth-login-failures
status: draft
action_items:
  - id: AI-1
    title: One
---
# Postmortem

## Summary

The pool ran dry.

## Impact

Logins failed.
"""


def test_a_postmortem_merges_its_front_matter_and_its_body(
        tmp_path: Path, run: Callable[..., Run]) -> None:
    ours = PM.replace("    title: One\n", "    title: One\n  - id: AI-2\n    title: Two\n"
                      ).replace("ran dry", "ran dry at 14:00")
    theirs = PM.replace("status: draft", "status: in-review").replace("Logins failed.",
                                                                      "30% of logins failed.")
    paths = _files(tmp_path, PM, ours, theirs)
    result = run("merge-driver", *paths, PM_REL)
    assert (result.status, result.err) == (0, "")
    assert Path(paths[1]).read_text() == ours.replace("status: draft", "status: in-review"
                                                      ).replace("Logins failed.",
                                                                "30% of logins failed.")


def test_a_postmortem_conflict_in_the_front_matter_and_the_body(
        tmp_path: Path, run: Callable[..., Run]) -> None:
    ours = PM.replace("status: draft", "status: final").replace("Logins", "Sign-ins")
    theirs = PM.replace("status: draft", "status: in-review").replace("Logins", "All logins")
    paths = _files(tmp_path, PM, ours, theirs)
    result = run("merge-driver", *paths, PM_REL)
    assert result.status == 1
    assert result.err == (
        f"{PM_REL}: status changed on both sides (draft → final here, draft → in-review there):"
        f" resolve by hand\n{PM_REL}: the Markdown body changed on both sides in the same place"
        " (1 conflict): resolve by hand\n")
    assert Path(paths[1]).read_text() == PM.replace(
        "status: draft\n", "<<<<<<< ours\nstatus: final\n=======\nstatus: in-review\n"
        ">>>>>>> theirs\n").replace(
        "Logins failed.\n", "<<<<<<< ours\nSign-ins failed.\n=======\nAll logins failed.\n"
        ">>>>>>> theirs\n")


def test_a_postmortem_without_front_matter_is_merged_by_git(
        tmp_path: Path, run: Callable[..., Run]) -> None:
    body = PM.split("---\n", 2)[2]
    paths = _files(tmp_path, PM, body, PM.replace("Logins", "All logins"))
    result = run("merge-driver", *paths, PM_REL)
    assert result.err == (f"{PM_REL}:1:1: in our version: the file does not start with a '---' "
                          "line and YAML front matter; merged line by line by git\n")


def test_other_files_get_gits_line_merge_without_a_note(
        tmp_path: Path, run: Callable[..., Run]) -> None:
    paths = _files(tmp_path, "a\nb\nc\n", "A\nb\nc\n", "a\nb\nC\n")
    result = run("merge-driver", *paths, "notes.txt")
    assert (result.status, result.err) == (0, "")
    assert Path(paths[1]).read_text() == "A\nb\nC\n"
    clash = _files(tmp_path, "a\nb\n", "x\nb\n", "y\nb\n")
    assert run("merge-driver", *clash, "oncall/people.yaml").status == 1
    assert Path(clash[1]).read_text() == "<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\nb\n"


def test_a_conflict_without_lines_of_ours_gets_gits_markers_for_the_file(
        tmp_path: Path, run: Callable[..., Run]) -> None:
    removed = INCIDENT.replace("  percent: 30\n", "")
    paths = _files(tmp_path, INCIDENT, removed, INCIDENT.replace("percent: 30", "percent: 40"))
    result = run("merge-driver", *paths, REL)
    assert result.status == 1
    assert result.err == (f"{REL}: impact.percent changed on both sides (removed here, 30 → 40 "
                          "there): resolve by hand\n")
    assert "  users_affected: 120000\n<<<<<<< ours\n=======\n  percent: 40\n>>>>>>> theirs\n" \
        in Path(paths[1]).read_text()
