"""The workflow runner itself: environment files between steps, outcomes, refusals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.workflows.expressions import Unknown
from tests.workflows.runner import Job, Setting, _key_value_file


def _job(tmp_path: Path, steps: list[dict[str, Any]]) -> Job:
    workflow = tmp_path / "workflow.yml"
    workflow.write_text(yaml.safe_dump({"jobs": {"job": {"steps": steps}}}), encoding="utf-8")
    setting = Setting(origin=tmp_path, runner_temp=tmp_path / "temp", action_path=tmp_path,
                      action_repository="incidentkit/incidentkit", repository="acme/incidents",
                      api_url="http://127.0.0.1:9", token="fake-token")
    return Job(setting, workflow, "job", event_name="push", event={"after": "abc"},
               sha="abc", ref="refs/heads/main", workspace=tmp_path / "work")


def test_environment_files_reach_the_next_steps(tmp_path: Path) -> None:
    (tmp_path / "bin").mkdir()
    tool = tmp_path / "bin" / "hello-tool"
    tool.write_text("#!/bin/sh\necho hello from the tool\n")
    tool.chmod(0o755)
    steps = _job(tmp_path, [
        {"name": "write", "id": "first", "run": "\n".join([
            f'echo "{tool.parent}" >> "$GITHUB_PATH"',
            'echo "GREETING=hello" >> "$GITHUB_ENV"',
            'printf "NOTE<<EOF\\ntwo\\nlines\\nEOF\\n" >> "$GITHUB_ENV"',
            'echo "answer=42" >> "$GITHUB_OUTPUT"',
            'echo "# Summary" >> "$GITHUB_STEP_SUMMARY"'])},
        {"name": "read", "env": {"ANSWER": "${{ steps.first.outputs.answer }}"},
         "run": 'hello-tool; echo "$GREETING $ANSWER"; echo "$NOTE"; echo "$GITHUB_EVENT_NAME"'},
    ]).run()
    assert [step.line() for step in steps] == [("write", "run", "success"),
                                              ("read", "run", "success")]
    assert steps[0].outputs == {"answer": "42"}
    assert steps[0].summary == "# Summary\n"
    assert steps[1].stdout == "hello from the tool\nhello 42\ntwo\nlines\npush\n"


def test_a_failed_step_skips_the_next_unless_its_condition_says(tmp_path: Path) -> None:
    steps = _job(tmp_path, [
        {"name": "fails", "run": "echo no >&2; exit 3"},
        {"name": "skipped", "run": "echo never"},
        {"name": "still runs", "if": "${{ !cancelled() }}",
         "env": {"T": "${{ secrets.GITHUB_TOKEN }}"}, "run": 'echo "token of ${#T} characters"'},
    ]).run()
    assert [step.line() for step in steps] == [
        ("fails", "run", "failure"), ("skipped", "run", "skipped"),
        ("still runs", "run", "success")]
    assert (steps[0].stderr, steps[2].stdout) == ("no\n", "token of 10 characters\n")


def test_a_shell_without_pipefail_unless_asked(tmp_path: Path) -> None:
    steps = _job(tmp_path, [
        {"name": "default", "run": "false | true"},
        {"name": "bash", "shell": "bash", "run": "false | true"},
    ]).run()
    assert [step.outcome for step in steps] == ["success", "failure"]


@pytest.mark.parametrize(("step", "message"), [
    ({"name": "x", "uses": "someone/else@" + "a" * 40}, "x: no stand-in for someone/else@"),
    ({"name": "x", "uses": "actions/checkout@v7"}, "actions/checkout@v7: not pinned"),
    ({"name": "x", "shell": "pwsh", "run": "echo"}, "x: shell 'pwsh' is not one"),
    ({"name": "x", "run": "echo", "env": {"A": "${{ env.B }}"}}, "unknown context 'env'"),
])
def test_what_it_refuses(tmp_path: Path, step: dict[str, Any], message: str) -> None:
    with pytest.raises(Unknown, match=message.replace("(", r"\(").replace("$", r"\$")):
        _job(tmp_path, [step]).run()


def test_key_value_files() -> None:
    assert _key_value_file("a=1\n\nb=x=y\nc<<END\nline 1\nline 2\nEND\nd=\n") == {
        "a": "1", "b": "x=y", "c": "line 1\nline 2", "d": ""}
