"""The one reader of repository files: regular files inside the repository, bounded."""

from __future__ import annotations

import os
from pathlib import Path

from incidentkit.store.reading import read_file
from incidentkit.store.yamlload import Problem


def test_reads_a_regular_file_and_a_link_to_one_inside(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(b"x: 1\n")
    os.symlink("a.yaml", tmp_path / "b.yaml")
    assert read_file(tmp_path, "a.yaml") == b"x: 1\n"
    assert read_file(tmp_path, "b.yaml") == b"x: 1\n"


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(b"x" * 11)
    assert read_file(tmp_path, "a.yaml", cap=10) == Problem(
        1, 1, "file-too-large", "file is 11 bytes; the limit is 10: split it or remove data")
    assert read_file(tmp_path, "a.yaml", cap=11) == b"x" * 11


def test_a_link_through_a_folder_outside_is_refused(tmp_path: Path) -> None:
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    repo.mkdir()
    outside.mkdir()
    (outside / "a.yaml").write_text("secret: 1\n")
    os.symlink(outside, repo / "linked")
    got = read_file(repo, "linked/a.yaml")
    assert isinstance(got, Problem)
    assert (got.code, got.message) == (
        "outside-repository",
        f"this path leads outside the repository (to {outside / 'a.yaml'}): copy the file "
        "into the repository instead of linking to it",
    )


def test_a_directory_and_a_missing_file(tmp_path: Path) -> None:
    (tmp_path / "d.yaml").mkdir()
    assert read_file(tmp_path, "d.yaml") == Problem(
        1, 1, "not-a-regular-file",
        "this is a directory, not a regular file: replace it with a regular file or remove it")
    assert read_file(tmp_path, "none.yaml") == Problem(
        1, 1, "unreadable",
        "cannot read the file: No such file or directory: check that it exists and that you "
        "may read it")
