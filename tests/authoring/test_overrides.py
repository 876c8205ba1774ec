"""``oncall override`` and ``oncall swap``: the whole schedule file after the command (comments
kept, the list's own style), ``oncall now`` answering the new person, and bad input refused with
its exit status and not one byte changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

RunCli = Callable[..., Run]
REL = "oncall/schedules/identity-primary.yaml"

PEOPLE = """\
- handle: alice
  name: Alice Ng
- handle: bob
  name: Bob Okafor
- handle: carol
  name: Carol Schmidt
"""

#: Weekly from Monday 2026-01-05 10:00 Berlin: alice, bob, carol, alice, ...
HEAD = """\
# Identity primary rotation.
id: identity-primary
name: Identity primary
timezone: Europe/Berlin   # handoffs at 10:00 local
layers:
  - name: weekly
    start: "2026-01-05T10:00"
    rotation: weekly
    members: [alice, bob, carol]
"""

BLOCK = HEAD + """\
overrides:
  # planned absences
  - from: 2026-01-05T10:00:00+01:00
    to: 2026-01-06T10:00:00+01:00
    person: bob
    replaces: alice
    reason: dentist
# end of file
"""

FLOW = HEAD + """\
overrides: [{from: 2026-01-05T10:00:00+01:00, to: 2026-01-06T10:00:00+01:00, person: bob}]  # one
"""

SCHOOL_RUN = ["oncall", "override", "identity-primary", "--from", "2026-01-13T10:00:00+01:00",
              "--to", "2026-01-14T10:00:00+01:00", "--person", "carol", "--replaces", "bob",
              "--reason", "school run"]


def make(root: Path, schedule: str) -> Path:
    (root / "oncall/schedules").mkdir(parents=True)
    (root / "oncall/people.yaml").write_text(PEOPLE, encoding="utf-8")
    (root / REL).write_text(schedule, encoding="utf-8")
    return root


def read(repo: Path) -> str:
    return (repo / REL).read_bytes().decode("utf-8")


def test_override_into_a_block_list(tmp_path: Path, run: RunCli) -> None:
    repo = make(tmp_path, BLOCK)
    got = run("-C", str(repo), *SCHOOL_RUN)
    assert (got.status, got.err) == (0, "")
    assert got.out.endswith(": added 1 override\n  carol for bob, 2026-01-13T10:00:00+01:00 "
                            "to 2026-01-14T10:00:00+01:00\n")
    assert read(repo) == BLOCK.replace("# end of file", """\
  - from: 2026-01-13T10:00:00+01:00
    to: 2026-01-14T10:00:00+01:00
    person: carol
    replaces: bob
    reason: school run
# end of file""")
    assert run("-C", str(repo), "validate").status == 0


def test_override_adds_the_key_when_there_is_none(tmp_path: Path, run: RunCli) -> None:
    repo = make(tmp_path, HEAD)
    got = run("-C", str(repo), "oncall", "override", "identity-primary", "--from",
              "2026-01-13T10:00:00Z", "--to", "2026-01-13T18:00:00Z", "--person", "alice")
    assert (got.status, got.err) == (0, "")
    assert read(repo) == HEAD + """\
overrides:
  - from: 2026-01-13T10:00:00Z
    to: 2026-01-13T18:00:00Z
    person: alice
"""


def test_override_into_a_flow_list(tmp_path: Path, run: RunCli) -> None:
    repo = make(tmp_path, FLOW)
    assert run("-C", str(repo), *SCHOOL_RUN).status == 0
    assert read(repo) == HEAD + (
        "overrides: [{from: 2026-01-05T10:00:00+01:00, to: 2026-01-06T10:00:00+01:00, "
        "person: bob}, {from: 2026-01-13T10:00:00+01:00, to: 2026-01-14T10:00:00+01:00, "
        "person: carol, replaces: bob, reason: school run}]  # one\n")


def test_override_into_an_empty_flow_list(tmp_path: Path, run: RunCli) -> None:
    repo = make(tmp_path, HEAD + "overrides: []   # none yet\n")
    assert run("-C", str(repo), *SCHOOL_RUN).status == 0
    assert read(repo) == HEAD + """\
overrides:   # none yet
  - from: 2026-01-13T10:00:00+01:00
    to: 2026-01-14T10:00:00+01:00
    person: carol
    replaces: bob
    reason: school run
"""


def test_swap_writes_one_override_per_piece(
    tmp_path: Path, run: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make(tmp_path, BLOCK)
    # alice is on call until Monday 12th 10:00, then bob: the window holds a piece of each.
    got = run("-C", str(repo), "oncall", "swap", "identity-primary", "--from",
              "2026-01-11T10:00:00+01:00", "--to", "2026-01-13T10:00:00+01:00", "alice", "bob")
    assert (got.status, got.err) == (0, "")
    assert got.out.endswith(
        ": added 2 overrides\n"
        "  bob for alice, 2026-01-11T10:00:00+01:00 to 2026-01-12T10:00:00+01:00\n"
        "  alice for bob, 2026-01-12T10:00:00+01:00 to 2026-01-13T10:00:00+01:00\n")
    assert read(repo) == BLOCK.replace("# end of file", """\
  - from: 2026-01-11T10:00:00+01:00
    to: 2026-01-12T10:00:00+01:00
    person: bob
    replaces: alice
    reason: swap of alice and bob
  - from: 2026-01-12T10:00:00+01:00
    to: 2026-01-13T10:00:00+01:00
    person: alice
    replaces: bob
    reason: swap of alice and bob
# end of file""")
    for at, who in [("2026-01-11T12:00:00Z", "Bob Okafor (bob)"),
                    ("2026-01-12T12:00:00Z", "Alice Ng (alice)"),
                    ("2026-01-13T12:00:00Z", "Bob Okafor (bob) through layer 'weekly'")]:
        monkeypatch.setenv("INCIDENTKIT_NOW", at)
        assert who in run("-C", str(repo), "oncall", "now").out
    assert run("-C", str(repo), "validate").status == 0


def test_swap_with_only_one_on_call_hands_that_time_over(tmp_path: Path, run: RunCli) -> None:
    repo = make(tmp_path, FLOW)
    got = run("-C", str(repo), "oncall", "swap", "identity-primary", "--from",
              "2026-01-20T00:00:00Z", "--to", "2026-01-21T00:00:00Z", "carol", "alice")
    assert (got.status, got.err) == (0, "")
    assert read(repo) == HEAD + (
        "overrides: [{from: 2026-01-05T10:00:00+01:00, to: 2026-01-06T10:00:00+01:00, "
        "person: bob}, {from: 2026-01-20T00:00:00Z, to: 2026-01-21T00:00:00Z, "
        "person: alice, replaces: carol, reason: swap of carol and alice}]  # one\n")


def test_override_then_oncall_now_answers_the_new_person(
    tmp_path: Path, run: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make(tmp_path, BLOCK)
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-01-13T12:00:00Z")
    assert "Bob Okafor (bob) through layer" in run("-C", str(repo), "oncall", "now").out
    assert run("-C", str(repo), *SCHOOL_RUN).status == 0
    assert run("-C", str(repo), "oncall", "now").out == (
        "On call at 2026-01-13 12:00 UTC:\n"
        "  identity-primary: Carol Schmidt (carol) through an override, until "
        "2026-01-14 09:00 UTC\n")


def _window(start: str, end: str) -> list[str]:
    return ["--from", start, "--to", end]


WEEK2 = _window("2026-01-13T10:00:00+01:00", "2026-01-14T10:00:00+01:00")


@pytest.mark.parametrize(("args", "status", "message"), [
    (["override", "identity-primary", *WEEK2, "--person", "alice", "--replaces", "carol"], 1,
     f"{REL}: not changed: carol is not on call at any time from 2026-01-13T10:00:00+01:00 to "
     "2026-01-14T10:00:00+01:00 in schedule identity-primary, so this override would never "
     "apply (incidentkit oncall show lists who is on call; leave out --replaces to take over "
     "from whoever is)"),
    (["override", "identity-primary", *_window("2026-01-05T20:00:00Z", "2026-01-07T00:00:00Z"),
      "--person", "carol"], 1,
     f"{REL}: not changed: the override from 2026-01-05T20:00:00Z to 2026-01-07T00:00:00Z "
     "overlaps override 1 (bob from 2026-01-05T10:00:00+01:00 to 2026-01-06T10:00:00+01:00): "
     "edit or remove that one first, or choose a window that does not overlap it"),
    (["override", "identity-primary", *WEEK2, "--person", "bob"], 1,
     f"{REL}: not changed: bob is on call from 2026-01-13T10:00:00+01:00 to "
     "2026-01-14T10:00:00+01:00 in schedule identity-primary already, so this override would "
     "change nothing"),
    (["override", "identity-primay", *WEEK2, "--person", "alice"], 2,
     "no schedule 'identity-primay' in oncall/schedules/ (did you mean identity-primary? "
     "known: identity-primary)"),
    (["override", "identity-primary", *WEEK2, "--person", "alcie"], 2,
     "person 'alcie' is not in oncall/people.yaml: did you mean 'alice'? (add them there or "
     "fix the handle)"),
    (["override", "identity-primary", *WEEK2, "--person", "alice", "--replaces", "dave"], 2,
     "person 'dave' is not in oncall/people.yaml (add them there or fix the handle)"),
    (["override", "identity-primary", *_window("2026-01-14T10:00:00+01:00",
                                               "2026-01-14T09:00:00Z"), "--person", "alice"], 2,
     "--to (2026-01-14T09:00:00Z) must be after --from (2026-01-14T10:00:00+01:00)"),
    (["swap", "identity-primary", *_window("2026-01-20T00:00:00Z", "2026-01-21T00:00:00Z"),
      "alice", "bob"], 1,
     f"{REL}: not changed: neither alice nor bob is on call at any time from "
     "2026-01-20T00:00:00Z to 2026-01-21T00:00:00Z in schedule identity-primary, so there is "
     "nothing to swap (incidentkit oncall show lists who is on call)"),
    (["swap", "identity-primary", *_window("2026-01-05T12:00:00Z", "2026-01-07T00:00:00Z"),
      "bob", "carol"], 1,
     f"{REL}: not changed: the override from 2026-01-05T12:00:00Z to 2026-01-06T09:00:00Z "
     "overlaps override 1 (bob from 2026-01-05T10:00:00+01:00 to 2026-01-06T10:00:00+01:00): "
     "edit or remove that one first, or choose a window that does not overlap it"),
    (["swap", "identity-primary", *_window("2026-01-01T00:00:00Z", "2028-01-03T00:00:00Z"),
      "alice", "bob"], 2,
     "--from (2026-01-01T00:00:00Z) to --to (2028-01-03T00:00:00Z) spans more than 731 days: "
     "swap two years or less at a time"),
    (["swap", "identity-primary", *WEEK2, "bob", "bob"], 2,
     "swap bob with bob? Name two different people"),
    (["swap", "nope", *WEEK2, "alice", "bob"], 2,
     "no schedule 'nope' in oncall/schedules/ (known: identity-primary)"),
    (["swap", "identity-primary", *WEEK2, "alice", "erin"], 2,
     "person 'erin' is not in oncall/people.yaml (add them there or fix the handle)"),
])
def test_bad_input_changes_nothing(tmp_path: Path, run: RunCli, args: list[str], status: int,
                                   message: str) -> None:
    repo = make(tmp_path, BLOCK)
    before = sorted((p, p.read_bytes()) for p in repo.rglob("*") if p.is_file())
    got = run("-C", str(repo), "oncall", *args)
    assert (got.status, got.out, got.err) == (status, "", f"incidentkit: error: {message}\n")
    assert sorted((p, p.read_bytes()) for p in repo.rglob("*") if p.is_file()) == before


def test_an_invalid_schedule_is_refused_at_its_line(tmp_path: Path, run: RunCli) -> None:
    repo = make(tmp_path, BLOCK.replace("person: bob", "person: zed"))
    got = run("-C", str(repo), *SCHOOL_RUN)
    assert got.status == 1
    assert got.err.startswith(f"incidentkit: error: {REL}:14:13: ")
    assert read(repo) == BLOCK.replace("person: bob", "person: zed")


#: carol covers all the time; alice and carol take weekday office hours in daily turns.
LAYERED = """\
id: identity-primary
name: Identity primary
timezone: Europe/Berlin
layers:
  - name: backstop
    start: "2026-01-05T09:00"
    rotation: weekly
    members: [carol]
  - name: office
    start: "2026-01-05T09:00"
    rotation: daily
    members: [alice, carol]
    restrictions:
      - {days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00"}
"""


def test_swap_covers_each_piece_of_both_people(
    tmp_path: Path, run: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Monday: alice 09-17 (office), carol before and after (backstop); Tuesday 09-17: carol
    (office). Swapping alice and carol over Monday 12:00 to Tuesday 12:00 hands alice's
    afternoon to carol, and carol's evening, night and Tuesday morning (pieces of two layers
    that meet: one override) to alice."""
    repo = make(tmp_path, LAYERED)
    got = run("-C", str(repo), "oncall", "swap", "identity-primary", "--from",
              "2026-01-05T12:00:00+01:00", "--to", "2026-01-06T12:00:00+01:00", "alice",
              "carol")
    assert (got.status, got.err) == (0, "")
    assert read(repo) == LAYERED + """\
overrides:
  - from: 2026-01-05T12:00:00+01:00
    to: 2026-01-05T17:00:00+01:00
    person: carol
    replaces: alice
    reason: swap of alice and carol
  - from: 2026-01-05T17:00:00+01:00
    to: 2026-01-06T12:00:00+01:00
    person: alice
    replaces: carol
    reason: swap of alice and carol
"""
    for at, who in [("2026-01-05T13:00:00Z", "Carol Schmidt (carol) through an override"),
                    ("2026-01-05T23:00:00Z", "Alice Ng (alice) through an override"),
                    ("2026-01-06T10:00:00Z", "Alice Ng (alice) through an override"),
                    ("2026-01-06T11:00:00Z", "Carol Schmidt (carol) through layer 'office'")]:
        monkeypatch.setenv("INCIDENTKIT_NOW", at)
        assert who in run("-C", str(repo), "oncall", "now").out
    assert run("-C", str(repo), "validate").status == 0


def test_crlf_and_a_byte_order_mark_are_kept(tmp_path: Path, run: RunCli) -> None:
    repo = make(tmp_path, "")
    (repo / REL).write_bytes(b"\xef\xbb\xbf" + BLOCK.replace("\n", "\r\n").encode())
    assert run("-C", str(repo), *SCHOOL_RUN).status == 0
    assert (repo / REL).read_bytes() == b"\xef\xbb\xbf" + BLOCK.replace("# end of file", """\
  - from: 2026-01-13T10:00:00+01:00
    to: 2026-01-14T10:00:00+01:00
    person: carol
    replaces: bob
    reason: school run
# end of file""").replace("\n", "\r\n").encode()
