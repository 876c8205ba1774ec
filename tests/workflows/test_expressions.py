"""The expression evaluator of the workflow runner: what it knows, and that it refuses the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.workflows.expressions import (
    Unknown,
    condition,
    evaluate,
    expressions_in,
    interpolate,
)
from tests.workflows.scaffold import ROOT, WORKFLOWS

CONTEXT: dict[str, Any] = {
    "github": {"event": {"pull_request": {"number": 7, "base": {"sha": "abc"}}}},
    "inputs": {"args": "", "python-version": "3.11"},
    "steps": {"install": {"outcome": "success", "outputs": {"python-path": "/py"}}},
    "secrets": {"GITHUB_TOKEN": "t"},
}
RUNNING = {"success": lambda: True, "failure": lambda: False, "cancelled": lambda: False,
           "always": lambda: True}
FAILED = {**RUNNING, "success": lambda: False, "failure": lambda: True}


@pytest.mark.parametrize(("expression", "value"), [
    ("github.event.pull_request.number", 7),
    ("inputs.python-version", "3.11"),
    ("steps.install.outputs.python-path", "/py"),
    ("secrets.GITHUB_TOKEN", "t"),
    ("inputs.args != ''", False),
    ("steps.install.outcome == 'SUCCESS'", True),  # strings compare without case
    ("'it''s'", "it's"),
    ("!cancelled() && steps.install.outcome == 'success'", True),
    ("inputs.args || 'none'", "none"),
    ("(1 == 1) && null", None),
    ("true && 2.5", 2.5),
])
def test_what_it_evaluates(expression: str, value: Any) -> None:
    assert evaluate(expression, CONTEXT, RUNNING) == value


@pytest.mark.parametrize(("expression", "message"), [
    ("github.event.pull_request.title", "github.event.pull_request has no 'title' (in "
     "'github.event.pull_request.title')"),
    ("env.HOME", "unknown context 'env' in 'env.HOME'"),
    ("toJSON(github)", "unsupported function toJSON() in 'toJSON(github)'"),
    ("github.event['pull_request']",
     "unsupported character '[' in \"github.event['pull_request']\""),
    ("1 < 2", "unsupported character '<' in '1 < 2'"),
    ("github.event.pull_request.number == '7'", "comparison of int and str in "
     "\"github.event.pull_request.number == '7'\""),
    ("inputs.args ==", "expected more in 'inputs.args =='"),
    ("(true", "expected ) in '(true'"),
    ("true false", "unexpected 'false' in 'true false'"),
])
def test_what_it_refuses(expression: str, message: str) -> None:
    with pytest.raises(Unknown) as caught:
        evaluate(expression, CONTEXT, RUNNING)
    assert str(caught.value) == message


def test_interpolation() -> None:
    assert interpolate("validate-${{ github.event.pull_request.number }}", CONTEXT) == "validate-7"
    assert interpolate("${{ inputs.args == '' }}/${{ null }}", CONTEXT) == "true/"
    with pytest.raises(Unknown, match="an object or array in a string"):
        interpolate("${{ github.event }}", CONTEXT)


@pytest.mark.parametrize(("text", "running", "failed"), [
    (None, True, False),
    ("inputs.args != ''", False, False),
    ("${{ inputs.args == '' }}", True, False),  # success() && (…) without a status function
    ("${{ !cancelled() }}", True, True),
    ("always()", True, True),
    ("failure()", False, True),
])
def test_conditions(text: str | None, running: bool, failed: bool) -> None:
    assert condition(text, CONTEXT, RUNNING) is running
    assert condition(text, CONTEXT, FAILED) is failed


def test_a_condition_that_mixes_text_and_expressions_is_refused() -> None:
    with pytest.raises(Unknown, match="mixes text and expressions"):
        condition("${{ true }} && ${{ true }}", CONTEXT, RUNNING)


def _documents() -> list[Path]:
    return [ROOT / "action.yml", *sorted(WORKFLOWS.glob("*.yml"))]


def test_the_expressions_the_workflows_and_the_action_use() -> None:
    """The list the evaluator was made for: a new one must be taught to it (and looked at)."""
    used = {(path.name, expression.strip()) for path in _documents()
            for expression in expressions_in(yaml.safe_load(path.read_text(encoding="utf-8")))}
    assert sorted(used) == [
        ("action.yml", "inputs.args"),
        ("action.yml", "inputs.python-version"),
        ("action.yml", "inputs.working-directory"),
        ("action.yml", "steps.python.outputs.python-path"),
        ("notify.yml", "!cancelled()"),
        ("notify.yml", "github.event.before"),
        ("notify.yml", "github.sha"),
        ("notify.yml", "secrets.GITHUB_TOKEN"),
        ("notify.yml", "secrets.PAGERDUTY_ROUTING_KEY"),
        ("notify.yml", "secrets.SLACK_BOT_TOKEN"),
        ("notify.yml", "secrets.SLACK_WEBHOOK_URL"),
        ("notify.yml", "secrets.SMTP_PASSWORD"),
        ("notify.yml", "secrets.SMTP_USERNAME"),
        ("notify.yml", "secrets.STATUS_WEBHOOK_SECRET"),
        ("notify.yml", "secrets.STATUS_WEBHOOK_URL"),
        ("notify.yml", "secrets.TEAMS_WEBHOOK_URL"),
        ("overdue.yml", "secrets.GITHUB_TOKEN"),
        ("publish.yml", "steps.deployment.outputs.page_url"),
        ("review.yml", "secrets.GITHUB_TOKEN"),
        ("review.yml", "secrets.SLACK_BOT_TOKEN"),
        ("review.yml", "secrets.SLACK_WEBHOOK_URL"),
        ("review.yml", "secrets.SMTP_PASSWORD"),
        ("review.yml", "secrets.SMTP_USERNAME"),
        ("review.yml", "secrets.STATUS_WEBHOOK_SECRET"),
        ("review.yml", "secrets.STATUS_WEBHOOK_URL"),
        ("review.yml", "secrets.TEAMS_WEBHOOK_URL"),
        ("review.yml", "vars.REVIEW_NOTIFY"),
        ("status-page.yml", "secrets.STATUS_PAGE_TOKEN"),
        ("status-page.yml", "vars.STATUS_PAGE_REPOSITORY"),
        ("status-page.yml", "vars.STATUS_PAGE_TITLE"),
        ("status-page.yml", "vars.STATUS_PAGE_URL"),
        ("sync.yml", "!cancelled()"),
        ("sync.yml", "secrets.GITHUB_TOKEN"),
        ("validate.yml", "!cancelled() && steps.install.outcome == 'success'"),
        ("validate.yml", "github.event.pull_request.base.sha"),
        ("validate.yml", "github.event.pull_request.head.sha"),
        ("validate.yml", "github.event.pull_request.number"),
    ]
