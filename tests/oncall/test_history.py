"""``incidentkit oncall history``: who was on call as the schedules were committed at the time,
from a real git repository (exact output)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Run
from tests.repos import write

SCHEDULE = "oncall/schedules/identity-primary.yaml"


def _schedule(members: str) -> str:
    return ("id: identity-primary\nname: Identity primary\ntimezone: UTC\nlayers:\n"
            "  - name: daily\n    start: \"2026-03-01T09:00\"\n    rotation: daily\n"
            f"    members: [{members}]\n")


def _git(cwd: Path, *args: str, at: str = "2026-01-01T00:00:00Z") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": at, "GIT_COMMITTER_DATE": at}
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid",
         "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, capture_output=True, text=True, check=True, env=env,
    ).stdout.strip()


def _commit(cwd: Path, message: str, at: str) -> str:
    _git(cwd, "add", "-A")
    _git(cwd, "commit", "-q", "-m", message, at=at)
    return _git(cwd, "rev-parse", "--short=7", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, list[str]]:
    """``main``: the schedule committed on March 1st (jane, bob), changed on the 3rd at 12:00
    (bob, carol), and by a branch committed on the 4th but merged on the 5th at 12:00 (carol).
    The README is changed on the 6th: not an on-call change."""
    top = tmp_path / "git"
    top.mkdir()
    _git(top, "init", "-q")
    shutil.copytree(EXAMPLES / "base", top / "ops")
    write(top / "ops", SCHEDULE, _schedule("jane, bob"))
    first = _commit(top, "rotation: jane and bob", "2026-03-01T00:00:00Z")
    write(top / "ops", SCHEDULE, _schedule("bob, carol"))
    second = _commit(top, "rotation: bob and carol", "2026-03-03T12:00:00Z")
    _git(top, "checkout", "-q", "-b", "carol-alone")
    write(top / "ops", SCHEDULE, _schedule("carol"))
    _commit(top, "rotation: carol alone", "2026-03-04T00:00:00Z")
    _git(top, "checkout", "-q", "main")
    _git(top, "merge", "-q", "--no-ff", "-m", "Merge carol-alone", "carol-alone",
         at="2026-03-05T12:00:00Z")
    merged = _git(top, "rev-parse", "--short=7", "HEAD")
    write(top, "README.md", "hello\n")
    _commit(top, "readme", "2026-03-06T00:00:00Z")
    return top / "ops", [first, second, merged]


def test_each_change_takes_effect_when_it_was_committed_or_merged(
    repo: tuple[Path, list[str]], run: Callable[..., Run]
) -> None:
    root, (first, second, merged) = repo
    result = run("-C", str(root), "oncall", "history",
                 "--from", "2026-03-02T00:00:00Z", "--to", "2026-03-07T00:00:00Z")
    assert (result.status, result.err) == (0, "")
    assert result.out == (
        "On call as committed at the time, from Mon 2026-03-02 00:00 UTC to Sat 2026-03-07 "
        "00:00 UTC (times in UTC)\n"
        "\n"
        "Versions of oncall/ in effect (first-parent history of HEAD):\n"
        "  from                      commit   subject\n"
        f"  Sun 2026-03-01 00:00 UTC  {first}  rotation: jane and bob\n"
        f"  Tue 2026-03-03 12:00 UTC  {second}  rotation: bob and carol\n"
        f"  Thu 2026-03-05 12:00 UTC  {merged}  Merge carol-alone\n"
        "\n"
        "identity-primary (Identity primary)\n"
        "  start                     end                       hours  person  layer/override"
        "  commit\n"
        f"  Mon 2026-03-02 00:00 UTC  Mon 2026-03-02 09:00 UTC   9.00  jane    daily"
        f"           {first}\n"
        f"  Mon 2026-03-02 09:00 UTC  Tue 2026-03-03 09:00 UTC  24.00  bob     daily"
        f"           {first}\n"
        f"  Tue 2026-03-03 09:00 UTC  Tue 2026-03-03 12:00 UTC   3.00  jane    daily"
        f"           {first}\n"
        f"  Tue 2026-03-03 12:00 UTC  Wed 2026-03-04 09:00 UTC  21.00  bob     daily"
        f"           {second}\n"
        f"  Wed 2026-03-04 09:00 UTC  Thu 2026-03-05 09:00 UTC  24.00  carol   daily"
        f"           {second}\n"
        f"  Thu 2026-03-05 09:00 UTC  Thu 2026-03-05 12:00 UTC   3.00  bob     daily"
        f"           {second}\n"
        f"  Thu 2026-03-05 12:00 UTC  Sat 2026-03-07 00:00 UTC  36.00  carol   daily"
        f"           {merged}\n"
    )
    today = run("-C", str(root), "oncall", "show",
                "--from", "2026-03-02T00:00:00Z", "--to", "2026-03-03T00:00:00Z")
    assert "carol" in today.out and "jane" not in today.out  # today's files rewrite the past


def test_json_and_the_time_before_the_first_commit(
    repo: tuple[Path, list[str]], run: Callable[..., Run]
) -> None:
    root, (first, _, _) = repo
    result = run("-C", str(root), "oncall", "history", "--format", "json",
                 "--from", "2026-02-28T12:00:00Z", "--to", "2026-03-01T12:00:00Z")
    assert result.status == 0
    data = json.loads(result.out)
    assert [v["subject"] for v in data["versions"]] == ["rotation: jane and bob"]
    assert data["versions"][0]["to"] == "2026-03-03T12:00:00Z"
    assert data["versions"][0]["commit"].startswith(first)
    rows = [(r["start"], r["end"], r["person"], r["source"], (r["commit"] or "")[:7])
            for r in data["schedules"][0]["rows"]]
    assert rows == [
        ("2026-02-28T12:00:00Z", "2026-03-01T00:00:00Z", None, "not committed yet", ""),
        ("2026-03-01T00:00:00Z", "2026-03-01T09:00:00Z", None, "gap", first),
        ("2026-03-01T09:00:00Z", "2026-03-01T12:00:00Z", "jane", "daily", first),
    ]


def test_a_range_before_the_first_commit_is_explained(
    repo: tuple[Path, list[str]], run: Callable[..., Run]
) -> None:
    root, (first, _, _) = repo
    result = run("-C", str(root), "oncall", "history",
                 "--from", "2026-02-01T00:00:00Z", "--to", "2026-02-02T00:00:00Z")
    assert (result.status, result.out) == (2, "")
    assert result.err == (
        "incidentkit: error: no schedule was committed before 2026-02-02T00:00:00+00:00: the "
        f"first commit that changed oncall/ is {first} at 2026-03-01T00:00:00+00:00; ask for "
        "a range after it\n")


def test_an_unknown_schedule_is_a_usage_error(
    repo: tuple[Path, list[str]], run: Callable[..., Run]
) -> None:
    root, _ = repo
    result = run("-C", str(root), "oncall", "history", "--schedule", "nope",
                 "--from", "2026-03-02T00:00:00Z", "--to", "2026-03-03T00:00:00Z")
    assert (result.status, result.err) == (
        2, "incidentkit: error: no schedule 'nope' in the history of this range "
        "(known: identity-primary)\n")


def test_a_working_tree_not_in_git_is_a_clear_error(
    tmp_path: Path, run: Callable[..., Run]
) -> None:
    root = tmp_path / "plain"
    shutil.copytree(EXAMPLES / "base", root)
    result = run("-C", str(root), "oncall", "history",
                 "--from", "2026-03-02T00:00:00Z", "--to", "2026-03-03T00:00:00Z")
    assert (result.status, result.out) == (2, "")
    assert result.err == (
        f"incidentkit: error: oncall history reads the schedules from git; {root} is not in a "
        "git repository: commit the repository to git, or use oncall show\n")
    assert "Traceback" not in result.err


def test_load_with_history_counts_what_was_scheduled_at_the_time(
    repo: tuple[Path, list[str]], run: Callable[..., Run]
) -> None:
    root, _ = repo
    span = ("--from", "2026-03-02T00:00:00Z", "--to", "2026-03-07T00:00:00Z", "--format", "json")
    then = json.loads(run("-C", str(root), "oncall", "load", "--history", *span).out)
    now = json.loads(run("-C", str(root), "oncall", "load", *span).out)
    schedule = then["schedules"][0]
    assert [(p["person"], p["total"]) for p in schedule["people"]] == [
        ("carol", 60.0), ("bob", 48.0), ("jane", 12.0)]
    assert schedule["members"] == ["bob", "carol", "jane"]
    assert schedule["spread"] == {"hours": 48.0, "most": "carol", "least": "jane"}
    assert [(p["person"], p["total"]) for p in now["schedules"][0]["people"]] == [
        ("carol", 120.0)]


def test_load_with_history_needs_git(tmp_path: Path, run: Callable[..., Run]) -> None:
    root = tmp_path / "plain"
    shutil.copytree(EXAMPLES / "base", root)
    result = run("-C", str(root), "oncall", "load", "--history",
                 "--from", "2026-03-02T00:00:00Z", "--to", "2026-03-03T00:00:00Z")
    assert (result.status, result.out) == (2, "")
    assert "is not in a git repository" in result.err


def test_a_schedule_added_later_and_once_invalid(tmp_path: Path, run: Callable[..., Run]) -> None:
    """At the top of the git repository (no prefix): ``extra`` did not exist, then was committed
    broken, then fixed; each stretch says so."""
    root = tmp_path / "top"
    shutil.copytree(EXAMPLES / "base", root)
    _git(root, "init", "-q")
    first = _commit(root, "base", "2026-03-01T00:00:00Z")
    extra = _schedule("jane").replace("identity-primary", "extra").replace(
        "Identity primary", "Extra")
    write(root, "oncall/schedules/extra.yaml", extra.replace("rotation: daily", "rotation: often"))
    broken = _commit(root, "extra, broken", "2026-03-02T00:00:00Z")
    write(root, "oncall/schedules/extra.yaml", extra)
    fixed = _commit(root, "extra, fixed", "2026-03-02T12:00:00Z")
    result = run("-C", str(root), "oncall", "history", "--schedule", "extra",
                 "--from", "2026-03-01T12:00:00Z", "--to", "2026-03-03T00:00:00Z")
    assert (result.status, result.err) == (0, "")
    assert result.out.split("\n\n")[-1] == (
        "extra (Extra)\n"
        "  start                     end                       hours  person    layer/override"
        "  commit\n"
        f"  Sun 2026-03-01 12:00 UTC  Mon 2026-03-02 00:00 UTC  12.00  (nobody)  no schedule"
        f"     {first}\n"
        f"  Mon 2026-03-02 00:00 UTC  Mon 2026-03-02 12:00 UTC  12.00  (nobody)  invalid file"
        f"    {broken}\n"
        f"  Mon 2026-03-02 12:00 UTC  Tue 2026-03-03 00:00 UTC  12.00  jane      daily"
        f"           {fixed}\n"
    )
