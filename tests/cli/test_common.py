"""What every command shares: the timestamp option type and the guard on option values."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

import click
import pytest
from click.testing import CliRunner

from incidentkit.cli.common import TIMESTAMP, guard_option_values


def test_timestamps_now_and_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-02T09:00:00Z")
    assert TIMESTAMP.convert(" now ", None, None) == datetime(2026, 3, 2, 9, tzinfo=UTC)
    given = datetime(2026, 1, 1, tzinfo=UTC)
    assert TIMESTAMP.convert(given, None, None) is given
    assert TIMESTAMP.convert("2026-01-15T14:00Z", None, None) == datetime(
        2026, 1, 15, 14, tzinfo=UTC)
    with pytest.raises(click.BadParameter) as caught:
        TIMESTAMP.convert("2026-01-15T14:00", None, None)
    assert caught.value.message == ("timestamp '2026-01-15T14:00' has no offset: add one, e.g. "
                                    "2026-01-15T14:00Z or 2026-01-15T14:00+01:00")


def _group() -> click.Group:
    @click.group()
    def top() -> None:
        pass

    @top.command()
    @click.option("--at", type=TIMESTAMP)
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
    @click.option("--fail", is_flag=True)
    @click.option("-v", "--verbose", count=True)
    @click.argument("text", required=False)
    def run(at: datetime | None, fmt: str, fail: bool, verbose: int, text: str | None) -> None:
        click.echo(f"{at} {fmt} {fail} {verbose} {text}")

    return top


def test_option_values_may_not_start_with_a_dash() -> None:
    top = _group()
    assert guard_option_values(top) is top
    runner = CliRunner()
    refused = runner.invoke(top, ["run", "--at", "--format", "json"])
    assert refused.exit_code == 2
    assert ("Invalid value for '--at': '--format' starts with '-', which an option value may "
            "not: give --at a value that does not (did you leave it out?)") in refused.output
    choice = runner.invoke(top, ["run", "--format=-json"])
    assert choice.exit_code == 2
    assert "'-json' starts with '-', which an option value may not: give --format" in (
        choice.output)
    # Flags, counts and arguments (after --) are untouched; the type keeps its class.
    fine = runner.invoke(top, ["run", "--fail", "-vv", "--", "-5% errors"])
    assert (fine.exit_code, fine.output) == (0, "None text True 2 -5% errors\n")
    command = top.commands["run"]
    assert isinstance(command.params[1].type, click.Choice)
    assert "[text|json]" in runner.invoke(top, ["run", "--help"]).output
    # Guarding twice adds nothing.
    first = command.params[0].type
    guard_option_values(top)
    assert command.params[0].type is first


def test_python_dash_m_is_the_command() -> None:
    done = subprocess.run([sys.executable, "-m", "incidentkit", "--help"], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: ")
    assert "validate" in done.stdout
