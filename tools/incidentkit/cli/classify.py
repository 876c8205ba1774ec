"""``incidentkit classify``: the severity decision tree, asked question by question or by flags."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import click

from incidentkit.authoring.repository import locate_incident
from incidentkit.authoring.severity import SeverityChange, change_severity
from incidentkit.classify import QUESTIONS, TREE_LEVELS, Outcome, Question, decide, level_for
from incidentkit.cli.author import AT_HELP, HANDLE_VARIABLE
from incidentkit.cli.common import TIMESTAMP, Env, pass_env
from incidentkit.config import Config, SeverityLevel
from incidentkit.errors import FatalError
from incidentkit.model.types import format_duration
from incidentkit.repository import open_repository
from incidentkit.store.source import WorkingTree

F = TypeVar("F", bound=Callable[..., Any])


def stdin_is_terminal() -> bool:
    """Whether a person can answer prompts (the tests replace this)."""
    stream = sys.stdin
    return stream is not None and stream.isatty()


def load_config(root: Path) -> Config:
    """The repository's configuration (the defaults without ``incidentkit.yaml``); an invalid
    one stops the command as it stops every other: guessing severities from a broken file
    would be worse than stopping."""
    return open_repository(WorkingTree(root), only=lambda rel: False).config


def _ask(answers: dict[str, bool | None]) -> Outcome:
    interactive = stdin_is_terminal()
    while True:
        got = decide(answers)
        if isinstance(got, Outcome):
            return got
        if not interactive:
            raise FatalError(
                f"the decision tree needs an answer to {got.text!r}: pass {got.flag} or "
                f"--no-{got.flag[2:]} (stdin is not a terminal, so classify cannot ask)"
            )
        answers[got.key] = click.confirm(got.text, default=None, err=True)


def _duration(value: timedelta | None) -> str | None:
    return format_duration(value) if value is not None else None


def _text(level: SeverityLevel, outcome: Outcome, note: str | None) -> str:
    lines = [
        f"Severity: {level.id} ({level.name})",
        f"  {level.description}",
        f"  Acknowledge within: {format_duration(level.ack_within)}",
        f"  Status updates every: {_duration(level.update_every) or 'no fixed cadence'}",
        f"  Resolve within: {_duration(level.resolve_within) or 'no target'}",
        f"  Postmortem: {level.postmortem}",
        f"Why: {outcome.why()}",
    ]
    if note:
        lines.append(note)
    return "\n".join(lines) + "\n"


def _applied(change: SeverityChange | None) -> str:
    if change is None:
        return ""
    if not change.changed:
        return f"{change.rel} is already {change.severity}: nothing was written\n"
    return (f"Applied to {change.rel}: {change.previous} -> {change.severity} "
            f"({change.direction})\n")


def _json(level: SeverityLevel, outcome: Outcome, note: str | None,
          change: SeverityChange | None) -> str:
    applied = None if change is None else {
        "file": change.rel, "previous": change.previous, "severity": change.severity,
        "changed": change.changed, "direction": change.direction,
    }
    return json.dumps({
        "severity": level.id,
        "name": level.name,
        "description": level.description,
        "ack_within": format_duration(level.ack_within),
        "update_every": _duration(level.update_every),
        "resolve_within": _duration(level.resolve_within),
        "postmortem": level.postmortem,
        "rank": outcome.rank,
        "decision": TREE_LEVELS[outcome.rank],
        "mapped_by_rank": note is not None,
        "answers": dict(outcome.path),
        **({"incident": applied} if change is not None else {}),
    }, indent=2, ensure_ascii=False) + "\n"


def _flag(question: Question) -> Callable[[F], F]:
    name = question.flag[2:]
    return click.option(
        f"--{name}/--no-{name}", question.key, default=None,
        help=question.text,
    )


@click.command()
@_flag(QUESTIONS["down"])
@_flag(QUESTIONS["data_at_risk"])
@_flag(QUESTIONS["major_degraded"])
@_flag(QUESTIONS["workaround"])
@_flag(QUESTIONS["customers_impacted"])
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="How to print the result.")
@click.option("--incident", "incident_id", metavar="ID",
              help="Set incident ID's severity to the result (as `incidentkit severity` does).")
@click.option("--at", type=TIMESTAMP, help=f"With --incident: {AT_HELP}")
@click.option("--author", envvar=HANDLE_VARIABLE, show_envvar=True,
              help="With --incident: your handle, for the timeline entry.")
@pass_env
def classify(env: Env, /, fmt: str, incident_id: str | None, at: datetime | None,
             author: str | None, **answers: bool | None) -> int:
    """Decide an incident's severity with the decision tree.

    \b
    down, or critical data at risk           -> SEV0
    major functionality degraded             -> SEV1 with a workaround, else SEV0
    customers impacted                       -> SEV2
    otherwise                                -> SEV3

    Questions not answered by flags are asked one at a time; without a terminal on stdin, a
    missing answer is an error (exit 2). A repository whose severities use other ids gets its
    own id of the same rank (the first configured level is the most severe).

    With --incident ID the result becomes the incident's severity, through the same edit as
    `incidentkit severity` (the timeline's reason is the answers); an incident that already
    has it is reported and left alone.
    """
    config = load_config(env.root)
    if incident_id is not None:
        locate_incident(env.root, incident_id)  # before asking any question
    outcome = _ask(dict(answers))
    level, note = level_for(config, outcome.rank)
    change = None
    if incident_id is not None:
        change = change_severity(root=env.root, incident_id=incident_id, severity=level.id,
                                 reason=f"classify: {outcome.why()}", at=at,
                                 author=author or None, refuse_same=False)
    if fmt == "json":
        click.echo(_json(level, outcome, note, change), nl=False)
    else:
        click.echo(_text(level, outcome, note) + _applied(change), nl=False)
    return 0


