"""Files git cannot hold: FIFOs, links to devices and outside the repository, linked folders,
files over the size cap. Each is a finding at 1:1; nothing blocks or is read whole.

``validate`` runs in a subprocess with a timeout: a FIFO read the ordinary way blocks forever
(the timeout is generous for a busy machine; a blocked read never ends).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

INCIDENTS = "incidents/2026"


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", repo)
    return repo


def _validate(repo: Path, *args: str, timeout: float = 120) -> tuple[int, list[str]]:
    done = subprocess.run(
        [sys.executable, "-m", "incidentkit", "-C", str(repo), *args, "validate", "--format",
         "json"],
        capture_output=True, text=True, timeout=timeout, check=False,
        env={**os.environ, "INCIDENTKIT_NOW": "2026-03-02T00:00:00Z"},
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    found = [f"{f['path']}:{f['line']}:{f['col']} {f['severity']} {f['code']} {f['message']}"
             for f in json.loads(done.stdout)["findings"]]
    return done.returncode, found


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs need a POSIX system")
def test_special_files_are_findings_and_nothing_blocks(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    outside = tmp_path / "secret.md"
    outside.write_text("---\nincident: x\n---\nTOP SECRET\n")
    os.mkfifo(repo / INCIDENTS / "2026-03-01-pipe.yaml")
    os.symlink("/dev/zero", repo / INCIDENTS / "2026-03-02-zero.yaml")
    os.symlink(outside, repo / "postmortems" / "2026-03-03-leak.md")
    os.mkfifo(repo / "oncall" / ".pipe")  # hidden: never listed
    os.symlink("../.pipe", repo / "oncall" / "schedules" / "piped.yaml")
    os.symlink("missing.md", repo / "oncall" / "runbooks" / "gone.md")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "2025-01-01-x.yaml").write_text("id: 2025-01-01-x\n")
    os.symlink(tmp_path / "elsewhere", repo / "incidents" / "2025")
    os.symlink("2026", repo / "incidents" / "2027")
    with open(repo / INCIDENTS / "2026-03-04-huge.yaml", "wb") as handle:
        handle.truncate(6 * 1024 * 1024)  # sparse: 6 MiB of size, nothing to read first

    status, found = _validate(repo)

    assert sorted(found) == sorted([
        "incidents/2025:1:1 error outside-repository this folder is a link leading outside "
        "the repository: copy the files into the repository instead of linking to them",
        "incidents/2027:1:1 error linked-folder this folder is a symbolic link, which "
        "incidentkit does not follow: replace it with the folder itself",
        "incidents/2026/2026-03-01-pipe.yaml:1:1 error not-a-regular-file this is a named "
        "pipe (FIFO), not a regular file: replace it with a regular file or remove it",
        "incidents/2026/2026-03-02-zero.yaml:1:1 error outside-repository this path leads "
        "outside the repository (to /dev/zero): copy the file into the repository instead "
        "of linking to it",
        f"postmortems/2026-03-03-leak.md:1:1 error outside-repository this path leads outside "
        f"the repository (to {outside}): copy the file into the repository instead of "
        "linking to it",
        "oncall/schedules/piped.yaml:1:1 error not-a-regular-file this is a symbolic link to "
        "a named pipe (FIFO), not a regular file: replace it with a regular file or remove it",
        "oncall/runbooks/gone.md:1:1 error broken-link this symbolic link leads nowhere (to "
        "missing.md): fix its target or remove it",
        "incidents/2026/2026-03-04-huge.yaml:1:1 error file-too-large file is 6291456 bytes; "
        "the limit is 5242880: split it or remove data",
    ])
    assert status == 1


def test_link_to_a_file_inside_the_repository_is_read(tmp_path: Path) -> None:
    """A symbolic link to a regular file in the repository is read like that file."""
    repo = _repo(tmp_path)
    incident = next((repo / "incidents" / "2026").glob("*.yaml"))
    incident.rename(repo / "incidents" / "real.yaml.txt")
    os.symlink("../real.yaml.txt", incident)
    status, found = _validate(repo)
    assert (status, found) == (0, [])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs need a POSIX system")
def test_outside_file_is_not_published(tmp_path: Path) -> None:
    """The text of a file linked from outside the repository never reaches the site, and a
    FIFO among the hand-written docs is left out instead of blocking the copy."""
    repo = _repo(tmp_path)
    outside = tmp_path / "secret.md"
    runbook = (repo / "oncall" / "runbooks" / "db-connection-pool.md").read_text()
    outside.write_text(runbook + "\nTOP SECRET\n")  # a valid runbook, but not ours
    os.symlink(outside, repo / "oncall" / "runbooks" / "leak.md")
    (repo / "docs").mkdir()
    (repo / "docs" / "guide.md").write_text("# Guide\n")
    os.symlink(outside, repo / "docs" / "leak.md")
    os.mkfifo(repo / "docs" / "pipe.md")
    done = subprocess.run(
        [sys.executable, "-m", "incidentkit", "-C", str(repo), "site", "--out",
         str(tmp_path / "site"), "--no-git-history"],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "INCIDENTKIT_NOW": "2026-03-02T00:00:00Z"},
    )
    assert "Traceback" not in done.stdout + done.stderr
    published = [p for p in (tmp_path / "site").rglob("*") if p.is_file()]
    assert published
    assert "oncall/runbooks/leak.md" in done.stderr
    assert not [p for p in published if b"TOP SECRET" in p.read_bytes()]
    docs = {p.name for p in (tmp_path / "site" / "docs").iterdir()}
    assert "guide.md" in docs
    assert not docs & {"leak.md", "pipe.md"}


def test_not_a_repository_is_a_usage_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "incidentkit", "-C", str(empty), "validate"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"incidentkit: error: {empty} is not an incident repository (it has none of "
        "incidentkit.yaml, incidents/, postmortems/, oncall/): run validate in one, pass it "
        "with -C DIR, or create one with incidentkit init DIR\n"
    )
