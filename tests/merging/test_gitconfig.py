"""``setup-git`` and ``init``: the driver goes into the clone's own git configuration, once."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from pathlib import Path

from incidentkit.cli.init import SCAFFOLD
from incidentkit.merging.gitconfig import ATTRIBUTES, NAME
from tests.conftest import Run
from tests.merging.gitrepo import git

DRIVER = f"{shlex.quote(sys.executable)} -m incidentkit merge-driver %O %A %B %P"


def _config(repo: Path) -> str:
    return git(repo, "config", "--local", "--get-regexp", r"^merge\.").stdout


def test_setup_git_writes_the_driver_into_the_local_configuration_once(
        tmp_path: Path, run: Callable[..., Run]) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / ".gitattributes").write_text("".join(f"{line}\n" for line in ATTRIBUTES))
    first = run("-C", str(tmp_path), "setup-git")
    assert (first.status, first.err) == (0, "")
    assert first.out == (f"set: git config merge.incidentkit.name {NAME!r}\n"
                         f"set: git config merge.incidentkit.driver {DRIVER!r}\n")
    assert _config(tmp_path) == (f"merge.incidentkit.name {NAME}\n"
                                 f"merge.incidentkit.driver {DRIVER}\n")
    again = run("-C", str(tmp_path), "setup-git")
    assert again.out == first.out.replace("set: ", "already set: ")
    assert _config(tmp_path) == (f"merge.incidentkit.name {NAME}\n"
                                 f"merge.incidentkit.driver {DRIVER}\n")
    assert git(tmp_path, "status", "--porcelain").stdout == "?? .gitattributes\n"


def test_setup_git_says_when_gitattributes_does_not_route_files(
        tmp_path: Path, run: Callable[..., Run]) -> None:
    git(tmp_path, "init", "-q")
    result = run("-C", str(tmp_path), "setup-git")
    assert result.status == 0
    assert result.out.splitlines()[-1] == (
        f"note: {tmp_path.resolve() / '.gitattributes'} does not route files to the driver yet; "
        "add the lines: incidents/**/*.yaml merge=incidentkit; postmortems/*.md "
        "merge=incidentkit")


def test_setup_git_outside_a_repository_is_a_clear_error(
        tmp_path: Path, run: Callable[..., Run]) -> None:
    result = run("-C", str(tmp_path), "setup-git")
    assert (result.status, result.out) == (2, "")
    assert result.err == (
        f"incidentkit: error: {tmp_path} is not in a git repository: run `git init` (or clone "
        "the repository) first, then `incidentkit setup-git` in it\n")


def test_init_in_a_git_work_tree_installs_the_driver(
        tmp_path: Path, run: Callable[..., Run]) -> None:
    git(tmp_path, "init", "-q")
    result = run("init", str(tmp_path))
    assert result.status == 0
    assert (f"merge driver: set: git config merge.incidentkit.driver {DRIVER!r}"
            in result.out.splitlines())
    assert _config(tmp_path).endswith(f"merge.incidentkit.driver {DRIVER}\n")
    assert "note:" not in result.out
    again = run("init", str(tmp_path))
    assert (f"merge driver: already set: git config merge.incidentkit.driver {DRIVER!r}"
            in again.out.splitlines())


def test_the_scaffold_routes_incidents_and_postmortems_to_the_driver() -> None:
    lines = (SCAFFOLD / "dot_gitattributes").read_text().splitlines()
    assert [line for line in lines if not line.startswith("#")] == list(ATTRIBUTES)


def test_init_in_a_folder_of_another_work_tree_installs_nothing(
        tmp_path: Path, run: Callable[..., Run]) -> None:
    git(tmp_path, "init", "-q")
    result = run("init", str(tmp_path / "sub"))
    assert (f"merge driver: not installed: {tmp_path / 'sub'} is inside the git work tree "
            f"{tmp_path.resolve()}, whose .gitattributes would have to route its files; in a "
            f"git repository of its own, run `incidentkit -C {tmp_path / 'sub'} setup-git`"
            in result.out.splitlines())
    assert git(tmp_path, "config", "--local", "--get-regexp", r"^merge\.", check=False
               ).stdout == ""
