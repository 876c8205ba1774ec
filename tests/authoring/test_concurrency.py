"""Concurrent and interrupted authoring commands: no lost entry, no corrupt file, no leftover.

Real processes of the real command line race on one incident of a copy of the golden corpus's
base repository (the machinery is ``bench/concurrency.py``'s, run here with fewer rounds).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bench.concurrency import INCIDENT_ID, INCIDENT_REL, kill_loop, make_repo, race, texts

from incidentkit.authoring.repository import open_incident
from incidentkit.errors import FatalError
from incidentkit.followup.github.writeback import FileEdits, write_back
from incidentkit.store.edit import EditError
from tests.store.holding import cli, held

BUSY = ("incidentkit: error: {rel}: another incidentkit command is editing files in {folder} "
        "(waited 0.2 s): nothing was written; try again when it has finished\n")


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return make_repo(tmp_path)


@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_log_and_status_writers_lose_no_entry(
    base: Path, monkeypatch: pytest.MonkeyPatch, writers: int
) -> None:
    """Every command lands, or (on a machine too busy to hand the lock over within the wait)
    says it wrote nothing: an entry is never lost silently."""
    monkeypatch.setenv("INCIDENTKIT_LOCK_TIMEOUT", "60")
    before = len(texts(base))
    got = race(base, writers=writers, rounds=2, per_process=10)
    assert (got.commands, got.ok + got.refused, got.lost, got.failed, got.leftover) == (
        writers * 20, writers * 20, 0, [], 0)
    # the base incident is resolved: the first status command reopens it ("Reopened: ...")
    after = texts(base)
    assert sum(t.startswith("Reopened: resolved → ") for t in after) == 1
    assert len(after) == before + got.ok + 1


def test_kill_9_at_any_moment_leaves_the_old_or_the_new_file_and_no_temporary_file(
    base: Path,
) -> None:
    got = kill_loop(base, iterations=20)
    assert got.old + got.new == 20
    assert (got.corrupt, got.next_failed, got.temps_after_next) == ([], [], 0)


def test_the_next_edit_removes_temporary_files_an_interrupted_write_left(base: Path) -> None:
    folder = (base / INCIDENT_REL).parent
    left = [f".{INCIDENT_ID}.yaml.x1y2z3_4.tmp", ".other.yaml.abcdefgh.tmp"]
    for name in left:
        (folder / name).write_text("id: half")
    done = cli("-C", str(base), "validate")  # readers skip them
    assert (done.returncode, done.stderr) == (0, "")
    assert "tmp" not in done.stdout
    assert sorted(os.listdir(folder)) == sorted([*left, f"{INCIDENT_ID}.yaml"])
    done = cli("-C", str(base), "log", INCIDENT_ID, "Rolled back")
    assert (done.returncode, done.stderr) == (0, "")
    assert os.listdir(folder) == [f"{INCIDENT_ID}.yaml"]


@pytest.mark.parametrize("args", [
    ("log", INCIDENT_ID, "Rolled back"),
    ("status", INCIDENT_ID, "monitoring"),
    ("ack", INCIDENT_ID, "--force"),
    ("severity", INCIDENT_ID, "SEV0", "--reason", "worse"),
    ("assign", INCIDENT_ID, "expert", "bob"),
])
def test_an_edit_that_cannot_get_the_lock_in_time_fails_and_changes_nothing(
    base: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.setenv("INCIDENTKIT_LOCK_TIMEOUT", "0.2")
    before = (base / INCIDENT_REL).read_bytes()
    with held((base / INCIDENT_REL).parent):
        done = cli("-C", str(base), *args)
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", BUSY.format(rel=INCIDENT_REL, folder="incidents/2026"))
    assert (base / INCIDENT_REL).read_bytes() == before


def test_new_incident_and_new_postmortem_wait_for_the_lock_too(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INCIDENTKIT_LOCK_TIMEOUT", "0.2")
    rel = "incidents/2026/2026-01-20-cache-stampede.yaml"
    with held(base / "incidents" / "2026"):
        done = cli("-C", str(base), "new", "incident", "--title", "Cache stampede",
                   "--severity", "SEV2", "--service", "auth-api", "--commander", "jane",
                   "--at", "2026-01-20T10:00:00Z")
    assert (done.returncode, done.stderr) == (2, BUSY.format(rel=rel, folder="incidents/2026"))
    assert not (base / rel).exists()
    (base / "postmortems" / f"{INCIDENT_ID}.md").unlink()
    with held(base / "postmortems"):
        done = cli("-C", str(base), "new", "postmortem", INCIDENT_ID)
    rel = f"postmortems/{INCIDENT_ID}.md"
    assert (done.returncode, done.stderr) == (2, BUSY.format(rel=rel, folder="postmortems"))
    assert os.listdir(base / "postmortems") == []


@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_new_incidents_with_one_title_and_day_all_get_their_own_id(
    base: Path, writers: int
) -> None:
    code = ("import sys; from incidentkit.cli.main import main; sys.stdin.read(); "
            "sys.exit(main(sys.argv[1:]))")
    args = ["-C", str(base), "new", "incident", "--title", "Cache stampede", "--severity",
            "SEV2", "--service", "auth-api", "--commander", "jane",
            "--at", "2026-01-20T10:00:00Z"]
    procs = [subprocess.Popen([sys.executable, "-c", code, *args], text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for _ in range(writers)]
    for proc in procs:  # all loaded: go
        assert proc.stdin is not None
        proc.stdin.close()
    results = []
    for proc in procs:
        assert proc.stdout is not None and proc.stderr is not None
        results.append((proc.stdout.read(), proc.stderr.read(), proc.wait(timeout=120)))
        proc.stdout.close()
        proc.stderr.close()
    assert [(err, status) for _, err, status in results] == [("", 0)] * writers
    ids = ["2026-01-20-cache-stampede"] + [f"2026-01-20-cache-stampede-{n}"
                                           for n in range(2, writers + 1)]
    assert sorted(out for out, _, _ in results) == sorted(
        f"{base}/incidents/2026/{i}.yaml\n" for i in ids)
    for incident_id in ids:
        text = (base / "incidents" / "2026" / f"{incident_id}.yaml").read_text()
        assert text.startswith(f"id: {incident_id}\n")
    done = cli("-C", str(base), "validate")
    assert (done.returncode, done.stderr) == (0, "")


def test_a_file_changed_while_it_was_edited_is_not_overwritten(base: Path) -> None:
    """The guard for file systems that cannot lock a folder: compare before replacing."""
    path = base / INCIDENT_REL
    with pytest.raises(FatalError) as caught, open_incident(base, INCIDENT_ID) as doc:
        path.write_text(doc.text + "# edited meanwhile\n")
        doc.save(doc.text.replace("status: identified", "status: monitoring"))
    assert str(caught.value) == (
        f"{INCIDENT_REL}: another program changed the file while it was being edited: nothing "
        "was written; run the command again")
    assert path.read_text().endswith("# edited meanwhile\n")


def test_actions_sync_write_back_waits_for_the_lock_then_writes(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INCIDENTKIT_LOCK_TIMEOUT", "0.2")
    rel = f"postmortems/{INCIDENT_ID}.md"
    before = (base / rel).read_bytes()
    with held(base / "postmortems"), pytest.raises(EditError) as caught:
        write_back(base, FileEdits(rel, issues={"AI-1": 7}))
    assert caught.value.message == (
        "another incidentkit command is editing files in postmortems (waited 0.2 s): nothing "
        "was written; try again when it has finished")
    assert (base / rel).read_bytes() == before
    assert write_back(base, FileEdits(rel, issues={"AI-1": 7})) is True
    assert (base / rel).read_bytes() == before.replace(
        b"    status: done\n", b"    status: done\n    issue: 7\n")
