"""Two responders log to one incident in their own clones and sync through a bare origin, by
merge and by rebase: no conflict, no entry lost or doubled, the timeline in time order, and
every other byte as the two sides wrote it."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from incidentkit.authoring.status import change_status
from incidentkit.authoring.timeline import log_entry
from incidentkit.cli.main import main
from incidentkit.store.edit import format_timestamp
from tests.authoring import sample
from tests.merging.gitrepo import Clone, clone, origin

REL = sample.INCIDENT_REL
END = "  # keep entries in time order\n"
START = datetime(2026, 1, 15, 14, 16, tzinfo=UTC)
ENTRY = re.compile(r"  - at: (\S+)\n    kind: note\n    text: (\S+)\n")
FILES = {"oncall/people.yaml": sample.PEOPLE, "oncall/services.yaml": sample.SERVICES,
         "oncall/escalation-policies.yaml": sample.POLICIES, REL: sample.INCIDENT}


def _log(side: Clone, text: str, at: datetime) -> None:
    log_entry(root=side.path, incident_id=sample.INCIDENT_ID, text=text, at=at)


def _entry(at: str, text: str) -> str:
    """An entry as `incidentkit log` writes it (built here, not read from the result)."""
    return f"  - at: {at}\n    kind: note\n    text: {text}\n"


def _pull(side: Clone, how: str) -> None:
    done = side.git("pull", "-q", how, "origin", "main", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "CONFLICT" not in done.stdout + done.stderr
    side.git("push", "-q", "origin", "HEAD:main")


def _respond(tmp_path: Path, how: str, seed: int) -> tuple[Clone, Clone, dict[str, list[str]]]:
    """Clones a and b log 52 entries each over four rounds, in one or two commits a round,
    at random minutes (many shared, some by both sides), syncing with ``git pull HOW``."""
    bare = origin(tmp_path, FILES)
    a, b = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b")
    rng = random.Random(seed)
    logged: dict[str, list[str]] = {"a": [], "b": []}
    for round_ in range(4):
        for name, side in (("a", a), ("b", b)):
            cuts = rng.sample(range(1, 13), rng.randint(0, 1))
            for n in range(13):
                text = f"{name}{len(logged[name]):02d}"
                _log(side, text, START + timedelta(minutes=rng.randint(0, 40)))
                logged[name].append(text)
                if n + 1 in cuts:
                    side.commit(f"{name}: log, round {round_}")
            side.commit(f"{name}: log, round {round_}")
        first, second = (a, b) if rng.random() < 0.5 else (b, a)
        _pull(first, how)
        _pull(second, how)
    _pull(a, how)
    _pull(b, how)
    return a, b, logged


@pytest.mark.parametrize("how", ["--rebase", "--no-rebase"])
def test_two_responders_log_to_one_incident_and_sync(tmp_path: Path, how: str) -> None:
    a, b, logged = _respond(tmp_path, how, seed=11)
    final = a.read(REL).decode()
    assert b.read(REL).decode() == final
    assert a.status() == b.status() == ""
    entries = ENTRY.findall(final)
    texts = [text for _, text in entries]
    assert Counter(texts) == Counter(logged["a"] + logged["b"])  # none lost, none doubled
    times = [datetime.fromisoformat(at) for at, _ in entries]
    assert times == sorted(times)
    for name in ("a", "b"):  # one side's entries at one minute stay in the order logged
        mine = [(at, text) for at, text in entries if text.startswith(name)]
        assert mine == sorted(mine, key=lambda e: (datetime.fromisoformat(e[0]), e[1]))
    ties = Counter(at for at, _ in entries)
    assert any(n > 1 and {t[0] for a_, t in entries if a_ == at} == {"a", "b"}
               for at, n in ties.items())  # some minutes have entries of both sides
    expected = sample.INCIDENT.replace(END, "".join(_entry(at, t) for at, t in entries) + END)
    assert final == expected
    assert all(at == format_timestamp(datetime.fromisoformat(at)) for at, _ in entries)
    assert main(["-C", str(a.path), "validate", "--strict"]) == 0


def test_rebase_and_cherry_pick_replay_entries_onto_a_changed_timeline(tmp_path: Path) -> None:
    bare = origin(tmp_path, FILES)
    repo = clone(bare, tmp_path / "repo")
    repo.git("switch", "-q", "-c", "side")
    _log(repo, "side-one", START + timedelta(minutes=5))
    repo.commit("side one")
    _log(repo, "side-two", START + timedelta(minutes=20))
    repo.commit("side two")
    two = repo.head()
    repo.git("switch", "-q", "main")
    _log(repo, "main-one", START + timedelta(minutes=5))
    _log(repo, "main-two", START + timedelta(minutes=10))
    repo.commit("main")
    repo.git("switch", "-q", "-c", "picked")
    repo.git("cherry-pick", two)
    assert [t for _, t in ENTRY.findall(repo.read(REL).decode())] == [
        "main-one", "main-two", "side-two"]
    repo.git("switch", "-q", "side")
    repo.git("rebase", "-q", "main")
    assert [t for _, t in ENTRY.findall(repo.read(REL).decode())] == [
        "main-one", "side-one", "main-two", "side-two"]
    assert repo.read(REL).decode() == sample.INCIDENT.replace(END, "".join(
        _entry(format_timestamp(START + timedelta(minutes=m)), t) for m, t in (
            (5, "main-one"), (5, "side-one"), (10, "main-two"), (20, "side-two"))) + END)
    assert repo.status() == ""


def test_one_responder_moves_the_status_while_the_other_logs(tmp_path: Path) -> None:
    """`incidentkit status` (the status, `mitigated_at`, an update) on one side and `log` on
    the other merge without a conflict, both ways round."""
    bare = origin(tmp_path, FILES)
    a, b = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b")
    change_status(root=a.path, incident_id=sample.INCIDENT_ID, status="monitoring",
                  message="Logins work again.", audience="external",
                  at=START + timedelta(minutes=30))
    a.commit("monitoring")
    a.git("push", "-q", "origin", "HEAD:main")
    for n in range(3):
        _log(b, f"b{n}", START + timedelta(minutes=10 * n))
        b.commit(f"log {n}")
    _pull(b, "--rebase")
    _pull(a, "--no-rebase")
    final = a.read(REL).decode()
    assert b.read(REL).decode() == final
    assert [t for _, t in ENTRY.findall(final)] == ["b0", "b1", "b2"]
    assert "status: monitoring " in final and "mitigated_at: 2026-01-15T14:46:00Z\n" in final
    assert "text: Logins work again.}" in final
    assert main(["-C", str(a.path), "validate", "--strict"]) == 0
