"""Option values: never one that starts with '-', times and dates within the documented range.

Every command shares one guard (``cli/common.guard_option_values``): ``--since=--output=x`` is a
usage error naming the option, so no option value reaches git or a parser as an option of its
own. Time options share the files' parser and range (1970-01-01T00:00:00Z to
2999-12-31T23:59:59Z).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest

from incidentkit.cli.main import COMMANDS, cli
from tests.conftest import EXAMPLES, Run

BASE = str(EXAMPLES / "base")
RANGE = ("the time is outside the supported range 1970-01-01T00:00:00Z to "
         "2999-12-31T23:59:59Z (compared in UTC): write a time in that range")


def _usage(result: Run, command: str, message: str) -> None:
    assert result.status == 2
    assert result.out == ""
    assert result.err.endswith(f"\n\nError: {message}\n"), result.err
    assert f"Usage: incidentkit {command} " in result.err
    assert "Traceback" not in result.err
    assert "internal error" not in result.err


def _dash(option: str, value: str, hint: str = "") -> str:
    return (f"Invalid value for {hint or repr(option)}: {value!r} starts with '-', which an "
            f"option value may not: give {option} a value that does not (did you leave it out?)")


def test_validate_since_cannot_smuggle_a_git_option(
    tmp_path: Path, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("-C", BASE, "validate", "--since=--output=out.txt")
    _usage(result, "validate", _dash("--since", "--output=out.txt"))
    assert not (tmp_path / "out.txt").exists()


@pytest.mark.parametrize(("args", "command", "option", "value", "hint"), [
    (["validate", "--since", "--output=x"], "validate", "--since", "--output=x", ""),
    (["validate", "--format", "-x"], "validate", "--format", "-x", ""),
    (["oncall", "show", "--from", "--to", "2026-02-01T00:00Z"], "oncall show", "--from",
     "--to", ""),
    (["oncall", "show", "--from", "2026-01-01T00:00Z", "--to", "2026-02-01T00:00Z",
      "--tz", "-UTC"], "oncall show", "--tz", "-UTC", ""),
    (["oncall", "export", "--out", "-"], "oncall export", "--out", "-", ""),
    (["oncall", "history", "--from", "2026-01-01T00:00Z", "--to", "2026-02-01T00:00Z",
      "--format", "-json"], "oncall history", "--format", "-json", ""),
    (["oncall", "gaps", "--days", "-3"], "oncall gaps", "--days", "-3", ""),
    (["diff", "main", "--weeks", "-3"], "diff", "--weeks", "-3", ""),
    (["oncall", "override", "identity-primary", "--from", "2026-02-01T00:00Z", "--to",
      "2026-02-02T00:00Z", "--person", "--reason"], "oncall override", "--person", "--reason",
     ""),
    (["metrics", "--since", "-2026-01-01"], "metrics", "--since", "-2026-01-01", ""),
    (["new", "incident", "--title", "--severity", "SEV1"], "new incident", "--title",
     "--severity", ""),
    (["status", "2026-01-15-auth-login-failures", "resolved", "-m", "-x"], "status",
     "--message", "-x", "'--message' / '-m'"),
    (["log", "2026-01-15-auth-login-failures", "text", "--author", "--at"], "log",
     "--author", "--at", "'--author' (env var: 'INCIDENTKIT_HANDLE')"),
    (["site", "--out", "--at"], "site", "--out", "--at", ""),
    (["severity", "2026-01-15-auth-login-failures", "SEV0", "--reason", "--at"], "severity",
     "--reason", "--at", "'--reason' / '-r'"),
    (["assign", "2026-01-15-auth-login-failures", "scribe", "bob", "--author", "-x"], "assign",
     "--author", "-x", "'--author' (env var: 'INCIDENTKIT_HANDLE')"),
])
def test_option_values_starting_with_a_dash_are_usage_errors(
    run: Callable[..., Run], args: list[str], command: str, option: str, value: str, hint: str
) -> None:
    before = sorted(p.as_posix() for p in Path(BASE).rglob("*"))
    _usage(run("-C", BASE, *args), command, _dash(option, value, hint))
    assert sorted(p.as_posix() for p in Path(BASE).rglob("*")) == before


def test_the_repository_option_is_guarded_too(run: Callable[..., Run]) -> None:
    result = run("-C", "--version")
    assert result.status == 2
    message = _dash("--repo", "--version", "'--repo' / '-C'")
    assert result.err.endswith(f"\n\nError: {message}\n")


def _options(command: click.Command, path: str) -> Iterator[tuple[str, click.Option]]:
    for param in command.params:
        if isinstance(param, click.Option) and not param.is_flag and not param.count:
            yield path, param
    if isinstance(command, click.Group):
        for name in command.list_commands(click.Context(command)):
            sub = command.get_command(click.Context(command), name)
            assert sub is not None
            yield from _options(sub, f"{path} {name}")


def test_every_option_of_every_command_is_guarded() -> None:
    found = list(_options(cli, "incidentkit"))
    commands = {path.split()[1] for path, _ in found if " " in path}
    # init, actions and handbook take only flags, search-index, merge-driver and setup-git
    # only arguments or nothing
    assert commands == set(COMMANDS) - {"init", "actions", "handbook", "search-index",
                                        "merge-driver", "setup-git"}
    unguarded = [f"{path} {param.opts[0]}" for path, param in found
                 if not getattr(param.type, "_dash_guarded", False)]
    assert unguarded == []
    assert len(found) == 102  # history 5, override 5, swap 2, import 4, --include, --only, --weeks,
    # new incident|postmortem --field, review 5


def test_guarded_options_keep_their_help(run: Callable[..., Run]) -> None:
    result = run("oncall", "gaps", "--help")
    assert "--days INTEGER RANGE  How many days ahead to look.  [default: 14; 1<=x<=731]" \
        in result.out


@pytest.mark.parametrize(("args", "command", "message"), [
    (["oncall", "now", "--at", "9999-12-31T23:00:00-12:00"], "oncall now",
     f"Invalid value for '--at': '9999-12-31T23:00:00-12:00': {RANGE}"),
    (["overdue", "--at", "0001-01-01T00:00:00+14:00"], "overdue",
     f"Invalid value for '--at': '0001-01-01T00:00:00+14:00': {RANGE}"),
    (["metrics", "--since", "0001-01-01"], "metrics",
     "Invalid value for '--since': '0001-01-01': the date is outside the supported range "
     "1970-01-01 to 2999-12-31: write a date in that range"),
    (["metrics", "--until", "3000-01-01T00:00:00Z"], "metrics",
     f"Invalid value for '--until': '3000-01-01T00:00:00Z': {RANGE}"),
    (["oncall", "show", "--from", "1969-12-31T23:59:59Z", "--to", "2026-01-01T00:00Z"],
     "oncall show", f"Invalid value for '--from': '1969-12-31T23:59:59Z': {RANGE}"),
    (["site", "--out", "x", "--at", "2026-01-15T24:00:00Z"], "site",
     "Invalid value for '--at': '2026-01-15T24:00:00Z': 24:00 is not a time of day here: "
     "write 00:00 of the next day"),
    (["render", "-t", "resolved", "--at", "2026-01-15T10:00:00+24:00",
      "2026-01-15-auth-login-failures"], "render",
     "Invalid value for '--at': '2026-01-15T10:00:00+24:00': offset +24:00 is out of range: "
     "write an offset from -23:59 to +23:59"),
    (["oncall", "handoff", "--at", "２０２６-01-15T10:00:00Z"], "oncall handoff",
     "Invalid value for '--at': '２０２６-01-15T10:00:00Z' is not an RFC 3339 timestamp: "
     "write e.g. 2026-01-15T14:00:00Z"),
])
def test_times_out_of_range_are_usage_errors(
    run: Callable[..., Run], args: list[str], command: str, message: str
) -> None:
    _usage(run("-C", BASE, *args), command, message)


def _copy(tmp_path: Path) -> Path:
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", repo)
    return repo


def _files(repo: Path) -> dict[str, bytes]:
    return {p.relative_to(repo).as_posix(): p.read_bytes() for p in repo.rglob("*")
            if p.is_file()}


@pytest.mark.parametrize(("args", "command", "value"), [
    (["new", "incident", "--title", "Down", "--severity", "SEV1", "--service", "auth-api",
      "--commander", "jane", "--at", "0001-01-01T00:00:00+14:00"], "new incident",
     "0001-01-01T00:00:00+14:00"),
    (["log", "2026-01-15-auth-login-failures", "Rolled back", "--at",
      "9999-12-31T23:00:00-12:00"], "log", "9999-12-31T23:00:00-12:00"),
    (["status", "2026-01-15-auth-login-failures", "monitoring", "--at",
      "3000-01-01T00:00:00Z"], "status", "3000-01-01T00:00:00Z"),
])
def test_authoring_times_out_of_range_change_nothing(
    tmp_path: Path, run: Callable[..., Run], args: list[str], command: str, value: str
) -> None:
    repo = _copy(tmp_path)
    before = _files(repo)
    _usage(run("-C", str(repo), *args), command, f"Invalid value for '--at': '{value}': {RANGE}")
    assert _files(repo) == before


def test_time_zone_options_are_real_zones(run: Callable[..., Run]) -> None:
    result = run("-C", BASE, "oncall", "show", "--from", "2026-01-01T00:00Z",
                 "--to", "2026-01-02T00:00Z", "--tz", "Europe")
    assert (result.status, result.err) == (2, (
        "incidentkit: error: --tz: unknown time zone 'Europe': use an IANA name such as "
        "Europe/Berlin or UTC (did you mean Europe/Rome?)\n"))
    long_name = "Europe/" + "x" * 300
    result = run("-C", BASE, "oncall", "handoff", "--tz", long_name)
    assert (result.status, result.err) == (2, (
        f"incidentkit: error: --tz: unknown time zone '{long_name[:79]}…': a time zone name "
        "has at most 255 characters, each an ASCII letter, digit or one of _+-/; use an IANA "
        "name such as Europe/Berlin or UTC\n"))


def test_oncall_ranges_are_capped_at_two_years(run: Callable[..., Run]) -> None:
    result = run("-C", BASE, "oncall", "show", "--from", "2026-01-01T00:00:00Z",
                 "--to", "2028-01-03T00:00:00Z")
    assert (result.status, result.err) == (2, (
        "incidentkit: error: --from (2026-01-01T00:00:00+00:00) to --to "
        "(2028-01-03T00:00:00+00:00) spans more than 731 days: ask for two years or less at "
        "a time\n"))
    result = run("-C", BASE, "oncall", "export", "--days", "732")
    assert result.status == 2
    assert "Error: Invalid value for '--days': 732 is not in the range 1<=x<=731.\n" \
        in result.err
    ok = run("-C", BASE, "oncall", "show", "--from", "2026-01-01T00:00:00Z",
             "--to", "2028-01-02T00:00:00Z")
    assert ok.status == 0
