"""The driver's start-up path without click: git's call, and what it leaves to the command
line."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentkit.cli.merge_run import fast


def _three(tmp_path: Path, *texts: bytes) -> list[str]:
    paths = []
    for name, data in zip(("base", "ours", "theirs"), texts, strict=True):
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    return paths


def test_gits_call_merges(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = _three(tmp_path, b"a\nb\nc\n", b"A\nb\nc\n", b"a\nb\nC\n")
    assert fast([*paths, "notes.txt"]) == 0
    assert (tmp_path / "ours").read_bytes() == b"A\nb\nC\n"
    assert capsys.readouterr().err == ""


def test_binary_files_stay_ours_with_git_s_reason(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = _three(tmp_path, b"a\0b\n", b"a\0c\n", b"a\0d\n")
    assert fast(paths) == 2
    assert (tmp_path / "ours").read_bytes() == b"a\0c\n"
    assert capsys.readouterr().err == (
        f"incidentkit: error: git merge-file failed: error: Cannot merge binary files: "
        f"{paths[1]}\n")


@pytest.mark.parametrize("args", [["--help"], ["a", "b"], ["a", "b", "c", "d", "e"],
                                  ["missing-1", "missing-2", "missing-3"]])
def test_anything_else_is_left_to_the_command_line(args: list[str]) -> None:
    assert fast(args) is None
