"""Atomic writes: whole files or nothing, creation that two processes cannot both win, and the
sweep of temporary files an interrupted write left."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from incidentkit.store import atomic

CREATE = """\
import sys
from pathlib import Path
from incidentkit.store import atomic
sys.stdin.read()  # start together
try:
    atomic.create_text(Path(sys.argv[1]), sys.argv[2])
except FileExistsError:
    sys.exit(3)
"""


def test_write_text_replaces_the_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("old\n")
    path.chmod(0o640)
    atomic.write_text(path, "new\r\n")
    assert path.read_bytes() == b"new\r\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(os.listdir(tmp_path)) == ["a.yaml"]


def test_create_text_refuses_an_existing_file_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("mine\n")
    with pytest.raises(FileExistsError):
        atomic.create_text(path, "theirs\n")
    assert path.read_text() == "mine\n"
    assert sorted(os.listdir(tmp_path)) == ["a.yaml"]


def test_create_text_creates_folders_and_the_file_with_the_usual_mode(tmp_path: Path) -> None:
    path = tmp_path / "incidents" / "2027" / "a.yaml"
    atomic.create_text(path, "text\n")
    umask = os.umask(0)
    os.umask(umask)
    assert path.read_text() == "text\n"
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    assert sorted(os.listdir(path.parent)) == ["a.yaml"]


@pytest.mark.parametrize("writers", [2, 6])
def test_of_processes_creating_one_file_at_once_exactly_one_wins(
    tmp_path: Path, writers: int
) -> None:
    path = tmp_path / "a.yaml"
    procs = [subprocess.Popen([sys.executable, "-c", CREATE, str(path), f"writer {n}\n"],
                              stdin=subprocess.PIPE, text=True) for n in range(writers)]
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.close()
    statuses = [proc.wait(timeout=60) for proc in procs]
    assert sorted(statuses) == [0] + [3] * (writers - 1)
    assert path.read_text() == f"writer {statuses.index(0)}\n"
    assert sorted(os.listdir(tmp_path)) == ["a.yaml"]


def test_sweep_removes_only_temporary_files_of_interrupted_writes(tmp_path: Path) -> None:
    names = [".a.yaml.k2_9x0qz.tmp", ".b.md.abcdefgh.tmp",  # what mkstemp names them
             ".a.yaml.tmp", ".a.yaml.toolong99.tmp", "a.yaml.abcdefgh.tmp", ".keep", "a.yaml"]
    for name in names:
        (tmp_path / name).write_text("x")
    (tmp_path / ".dir.abcdefgh.tmp").mkdir()
    assert atomic.sweep(tmp_path) == [".a.yaml.k2_9x0qz.tmp", ".b.md.abcdefgh.tmp"]
    assert sorted(os.listdir(tmp_path)) == [".a.yaml.tmp", ".a.yaml.toolong99.tmp",
                                            ".dir.abcdefgh.tmp", ".keep", "a.yaml",
                                            "a.yaml.abcdefgh.tmp"]


def test_sweep_of_a_missing_folder_removes_nothing(tmp_path: Path) -> None:
    assert atomic.sweep(tmp_path / "missing") == []


def test_sweep_recognises_the_names_write_text_gives_its_temporary_files(
    tmp_path: Path,
) -> None:
    names = [Path(atomic._temporary(tmp_path / "a.yaml", "x", 0o644)).name for _ in range(20)]
    assert atomic.sweep(tmp_path) == sorted(names)
    assert os.listdir(tmp_path) == []
