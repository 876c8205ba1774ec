"""``incidentkit classify``: every path of the decision tree, by flags and by answering prompts."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from incidentkit.classify import QUESTIONS, Question, classify, decide
from incidentkit.cli.main import main
from tests.authoring.sample import INCIDENT, INCIDENT_ID, INCIDENT_REL, make_repo, read
from tests.conftest import Run

SEV0 = """\
Severity: SEV0 (Critical outage)
  Complete outage or critical data loss.
  Acknowledge within: 5m
  Status updates every: 15m
  Resolve within: 4h
  Postmortem: required
"""
SEV1 = """\
Severity: SEV1 (Major degradation)
  Major functionality degraded for a significant subset of customers.
  Acknowledge within: 15m
  Status updates every: 30m
  Resolve within: 8h
  Postmortem: required
"""
SEV2 = """\
Severity: SEV2 (Minor)
  Minor functionality or a small subset of customers; a workaround exists.
  Acknowledge within: 1h
  Status updates every: 2h
  Resolve within: 3d
  Postmortem: optional
"""
SEV3 = """\
Severity: SEV3 (Low)
  Cosmetic; no customer functionality affected.
  Acknowledge within: 1d
  Status updates every: no fixed cadence
  Resolve within: no target
  Postmortem: optional
"""

#: (flags, expected output): one case per leaf of the tree.
PATHS = [
    (["--down"], SEV0 + "Why: the service is down\n"),
    (["--no-down", "--data-at-risk"],
     SEV0 + "Why: the service is not down, critical data is at risk\n"),
    (["--no-down", "--no-data-at-risk", "--major-degraded", "--workaround"],
     SEV1 + "Why: the service is not down, no critical data is at risk, major functionality is "
     "degraded, there is a workaround\n"),
    (["--no-down", "--no-data-at-risk", "--major-degraded", "--no-workaround"],
     SEV0 + "Why: the service is not down, no critical data is at risk, major functionality is "
     "degraded, there is no workaround\n"),
    (["--no-down", "--no-data-at-risk", "--no-major-degraded", "--customers-impacted"],
     SEV2 + "Why: the service is not down, no critical data is at risk, no major functionality "
     "is degraded, customers are impacted\n"),
    (["--no-down", "--no-data-at-risk", "--no-major-degraded", "--no-customers-impacted"],
     SEV3 + "Why: the service is not down, no critical data is at risk, no major functionality "
     "is degraded, no customers are impacted\n"),
]


@pytest.fixture(autouse=True)
def _no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run without a terminal unless they say otherwise."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("incidentkit.cli.classify.stdin_is_terminal", lambda: True)


def converse(repo: Path, args: list[str], answers: str) -> tuple[int, str, str]:
    """Run with ``answers`` typed at the prompts: (status, stdout, what the terminal shows)."""
    runner = CliRunner()
    with runner.isolation(input=answers) as (out, _err, shown):
        status = main(["-C", str(repo), "classify", *args])
        sys.stdout.flush()
        sys.stderr.flush()
        return status, out.getvalue().decode(), shown.getvalue().decode()


# -- the pure function ---------------------------------------------------------------------------

@pytest.mark.parametrize(("answers", "rank"), [
    ({"down": True}, 0),
    ({"down": False, "data_at_risk": True}, 0),
    ({"down": False, "data_at_risk": False, "major_degraded": True, "workaround": True}, 1),
    ({"down": False, "data_at_risk": False, "major_degraded": True, "workaround": False}, 0),
    ({"down": False, "data_at_risk": False, "major_degraded": False, "customers_impacted": True},
     2),
    ({"down": False, "data_at_risk": False, "major_degraded": False, "customers_impacted": False},
     3),
])
def test_classify_function(answers: dict[str, bool], rank: int) -> None:
    full: dict[str, bool | None] = dict.fromkeys(QUESTIONS, None)
    full.update(answers)
    assert classify(**full) == rank
    # Answers the tree does not reach change nothing.
    every = {k: answers.get(k, not answers.get("down", True)) for k in QUESTIONS}
    assert classify(**every) == rank


def test_classify_function_names_the_missing_answer() -> None:
    with pytest.raises(ValueError, match="'workaround'"):
        classify(down=False, data_at_risk=False, major_degraded=True, workaround=None,
                 customers_impacted=True)


def test_decide_asks_one_question_at_a_time() -> None:
    asked = []
    answers: dict[str, bool | None] = {}
    replies = {"down": False, "data_at_risk": False, "major_degraded": False,
               "customers_impacted": True, "workaround": True}
    while isinstance(got := decide(answers), Question):
        asked.append(got.key)
        answers[got.key] = replies[got.key]
    assert asked == ["down", "data_at_risk", "major_degraded", "customers_impacted"]
    assert got.rank == 2


# -- flags -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("flags", "expected"), PATHS)
def test_flags(flags: list[str], expected: str, tmp_path: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(tmp_path), "classify", *flags)
    assert (result.status, result.out, result.err) == (0, expected, "")


def test_flags_need_no_terminal_and_show_no_prompt(
    tmp_path: Path, terminal: None
) -> None:
    status, out, shown = converse(tmp_path, ["--no-down", "--data-at-risk"], "")
    assert status == 0
    assert shown == out == PATHS[1][1]


def test_json(tmp_path: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(tmp_path), "classify", "--no-down", "--no-data-at-risk",
                 "--major-degraded", "--workaround", "--format", "json")
    assert result.status == 0
    assert result.out == """\
{
  "severity": "SEV1",
  "name": "Major degradation",
  "description": "Major functionality degraded for a significant subset of customers.",
  "ack_within": "15m",
  "update_every": "30m",
  "resolve_within": "8h",
  "postmortem": "required",
  "rank": 1,
  "decision": "SEV1",
  "mapped_by_rank": false,
  "answers": {
    "down": false,
    "data_at_risk": false,
    "major_degraded": true,
    "workaround": true
  }
}
"""


def test_json_of_sev3_has_nulls(tmp_path: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(tmp_path), "classify", "--no-down", "--no-data-at-risk",
                 "--no-major-degraded", "--no-customers-impacted", "--format", "json")
    data = json.loads(result.out)
    assert (data["severity"], data["update_every"], data["resolve_within"]) == (
        "SEV3", None, None)


def test_missing_answer_without_terminal(tmp_path: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(tmp_path), "classify", "--no-down", "--no-data-at-risk",
                 "--major-degraded")
    assert (result.status, result.out) == (2, "")
    assert result.err == (
        "incidentkit: error: the decision tree needs an answer to 'Is there a workaround for the "
        "degraded functionality?': pass --workaround or --no-workaround (stdin is not a "
        "terminal, so classify cannot ask)\n"
    )


def test_no_flags_without_terminal_names_the_first_question(
    tmp_path: Path, run: Callable[..., Run]
) -> None:
    result = run("-C", str(tmp_path), "classify")
    assert result.status == 2
    assert "pass --down or --no-down" in result.err


# -- prompts ---------------------------------------------------------------------------------------

DOWN = "Is the service down for its users? [y/n]: "
DATA = "Is critical data at risk (loss, corruption or exposure)? [y/n]: "
MAJOR = "Is major functionality degraded? [y/n]: "
WORKAROUND = "Is there a workaround for the degraded functionality? [y/n]: "
CUSTOMERS = "Are customers impacted? [y/n]: "


@pytest.mark.parametrize(("typed", "prompts", "expected"), [
    ("y\n", [DOWN], PATHS[0][1]),
    ("n\ny\n", [DOWN, DATA], PATHS[1][1]),
    ("n\nn\ny\ny\n", [DOWN, DATA, MAJOR, WORKAROUND], PATHS[2][1]),
    ("n\nn\ny\nn\n", [DOWN, DATA, MAJOR, WORKAROUND], PATHS[3][1]),
    ("n\nn\nn\ny\n", [DOWN, DATA, MAJOR, CUSTOMERS], PATHS[4][1]),
    ("no\nNO\nn\nn\n", [DOWN, DATA, MAJOR, CUSTOMERS], PATHS[5][1]),
])
def test_interactive(
    typed: str, prompts: list[str], expected: str, tmp_path: Path, terminal: None
) -> None:
    status, out, shown = converse(tmp_path, [], typed)
    answers = typed.splitlines()
    conversation = "".join(f"{p}{a}\n" for p, a in zip(prompts, answers, strict=True))
    assert status == 0
    assert out == expected  # prompts and answers go to stderr: stdout is only the result
    assert shown == conversation + expected


def test_interactive_asks_only_what_flags_leave_open(tmp_path: Path, terminal: None) -> None:
    status, _, shown = converse(tmp_path, ["--no-down", "--no-data-at-risk"], "y\ny\n")
    assert status == 0
    assert shown == f"{MAJOR}y\n{WORKAROUND}y\n" + PATHS[2][1]


def test_interactive_repeats_a_question_until_answered(tmp_path: Path, terminal: None) -> None:
    status, _, shown = converse(tmp_path, ["--format", "json"], "maybe\n\ny\n")
    assert status == 0
    assert shown.startswith(f"{DOWN}maybe\nError: invalid input\n{DOWN}\nError: invalid input\n"
                            f"{DOWN}y\n{{\n")
    assert json.loads(shown[shown.index("{"):])["severity"] == "SEV0"


def test_interactive_end_of_input_aborts(tmp_path: Path, terminal: None) -> None:
    status, out, shown = converse(tmp_path, [], "n\n")
    assert status == 130
    assert (out, shown) == ("", f"{DOWN}n\n{DATA}Aborted.\n")


# -- the repository's severities -------------------------------------------------------------------

FOUR_LEVELS = """\
severities:
  - {id: SEV1, name: Critical, description: Everything is down., ack_within: 5m,
     update_every: 15m, postmortem: required}
  - {id: SEV2, name: Major, description: A major feature is down., ack_within: 15m,
     update_every: 1h, postmortem: required}
  - {id: SEV3, name: Minor, description: Some customers notice., ack_within: 1h,
     postmortem: optional}
  - {id: SEV4, name: Cosmetic, description: Nobody is blocked., ack_within: 1d,
     postmortem: optional}
"""


def test_other_ids_map_by_rank(tmp_path: Path, run: Callable[..., Run]) -> None:
    (tmp_path / "incidentkit.yaml").write_text(FOUR_LEVELS)
    result = run("-C", str(tmp_path), "classify", "--down")
    assert (result.status, result.err) == (0, "")
    assert result.out == """\
Severity: SEV1 (Critical)
  Everything is down.
  Acknowledge within: 5m
  Status updates every: 15m
  Resolve within: no target
  Postmortem: required
Why: the service is down
Mapped by rank: the decision tree's SEV0 is SEV1 in this repository (the first configured \
severity is the most severe).
"""
    result = run("-C", str(tmp_path), "classify", "--no-down", "--no-data-at-risk",
                 "--no-major-degraded", "--customers-impacted", "--format", "json")
    data = json.loads(result.out)
    assert (data["severity"], data["decision"], data["rank"], data["mapped_by_rank"]) == (
        "SEV3", "SEV2", 2, True)


def test_fewer_levels_use_the_least_severe(tmp_path: Path, run: Callable[..., Run]) -> None:
    (tmp_path / "incidentkit.yaml").write_text(
        "severities:\n"
        "  - {id: P1, name: Urgent, description: Wake someone up., ack_within: 5m,"
        " postmortem: required}\n"
        "  - {id: P2, name: Normal, description: Office hours., ack_within: 1d,"
        " postmortem: optional}\n"
    )
    result = run("-C", str(tmp_path), "classify", "--no-down", "--no-data-at-risk",
                 "--no-major-degraded", "--no-customers-impacted")
    assert result.status == 0
    assert result.out.splitlines()[0] == "Severity: P2 (Normal)"
    assert result.out.splitlines()[-1] == (
        "Mapped by rank: the decision tree's SEV3 is P2 in this repository (its least severe "
        "of 2 configured levels)."
    )


def test_invalid_configuration_stops(tmp_path: Path, run: Callable[..., Run]) -> None:
    (tmp_path / "incidentkit.yaml").write_text("severities:\n  - {id: SEV0}\n")
    result = run("-C", str(tmp_path), "classify", "--down")
    assert (result.status, result.out) == (1, "")
    assert result.err == (
        "incidentkit: error: incidentkit.yaml:2:5: required key 'ack_within' is missing in "
        "severities.0: add it (and 3 more): fix the configuration first (incidentkit validate "
        "lists every problem)\n")


def test_incident_gets_the_result_through_the_severity_edit(
    tmp_path: Path, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INCIDENTKIT_HANDLE", "bob")
    repo = make_repo(tmp_path)
    got = run("-C", str(repo), "classify", "--incident", INCIDENT_ID, "--no-down",
              "--data-at-risk", "--at", "2026-01-15T14:20:00Z")
    assert (got.status, got.err) == (0, "")
    assert got.out == (SEV0 + "Why: the service is not down, critical data is at risk\n"
                       f"Applied to {INCIDENT_REL}: SEV1 -> SEV0 (upgraded)\n")
    assert read(repo) == INCIDENT.replace("severity: SEV1 ", "severity: SEV0 ").replace(
        "  # keep entries", """\
  - at: 2026-01-15T14:20:00Z
    kind: decision
    text: 'Severity SEV1 → SEV0: classify: the service is not down, critical data is at risk'
    author: bob
  # keep entries""")


def test_incident_already_at_the_result_is_left_alone(
    tmp_path: Path, run: Callable[..., Run]
) -> None:
    repo = make_repo(tmp_path)
    flags = ["--no-down", "--no-data-at-risk", "--major-degraded", "--workaround"]
    got = run("-C", str(repo), "classify", "--incident", INCIDENT_ID, *flags)
    assert (got.status, got.err) == (0, "")
    assert got.out.endswith(f"\n{INCIDENT_REL} is already SEV1: nothing was written\n")
    got = run("-C", str(repo), "classify", "--incident", INCIDENT_ID, *flags, "--format", "json")
    assert json.loads(got.out)["incident"] == {
        "file": INCIDENT_REL, "previous": "SEV1", "severity": "SEV1", "changed": False,
        "direction": "unchanged",
    }
    assert read(repo) == INCIDENT


def test_an_unknown_incident_is_refused_before_any_question(
    tmp_path: Path, terminal: None
) -> None:
    repo = make_repo(tmp_path)
    status, out, shown = converse(repo, ["--incident", "2026-01-15-nope"], "y\n")
    assert (status, out, shown) == (
        2, "", "incidentkit: error: incident 2026-01-15-nope not found: "
               "incidents/2026/2026-01-15-nope.yaml does not exist\n")
    assert read(repo) == INCIDENT


def test_answering_the_questions_then_applying(tmp_path: Path, terminal: None) -> None:
    repo = make_repo(tmp_path)
    status, out, _ = converse(repo, ["--incident", INCIDENT_ID, "--at",
                                     "2026-01-15T14:20:00Z"], "y\n")
    assert (status, out) == (0, PATHS[0][1] + f"Applied to {INCIDENT_REL}: SEV1 -> SEV0 "
                                              "(upgraded)\n")
    assert "    text: 'Severity SEV1 → SEV0: classify: the service is down'\n" in read(repo)
