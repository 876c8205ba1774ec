"""What the driver does not merge by itself: a value both sides changed differently stops the
merge with markers and its name; files it cannot read, or that are not incidents, get git's own
line merge; files outside ``.gitattributes`` never reach it."""

from __future__ import annotations

from pathlib import Path

from tests.authoring import sample
from tests.merging.gitrepo import ATTRIBUTES, Clone, clone, git, origin

REL = sample.INCIDENT_REL
END = "  # keep entries in time order\n"
FILES = {"oncall/people.yaml": sample.PEOPLE, "oncall/services.yaml": sample.SERVICES,
         "oncall/escalation-policies.yaml": sample.POLICIES, REL: sample.INCIDENT}


def _entry(at: str, text: str) -> str:
    return f"  - at: 2026-01-15T{at}:00Z\n    kind: note\n    text: {text}\n"


def _pair(tmp_path: Path, files: dict[str, str | bytes] = FILES,
          attributes: str = ATTRIBUTES) -> tuple[Clone, Clone]:
    bare = origin(tmp_path, files, attributes=attributes)
    return clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b")


def _change(side: Clone, rel: str, old: str, new: str) -> None:
    text = side.read(rel).decode()
    assert old in text
    side.write(rel, text.replace(old, new, 1))
    side.commit(f"change {rel}")


def test_a_severity_changed_differently_on_both_sides_stops_the_merge(tmp_path: Path) -> None:
    a, b = _pair(tmp_path)
    _change(a, REL, END, _entry("14:20", "a-entry") + END)
    _change(a, REL, "severity: SEV1", "severity: SEV0")
    a.git("push", "-q", "origin", "HEAD:main")
    _change(b, REL, END, _entry("14:25", "b-entry") + END)
    _change(b, REL, "severity: SEV1", "severity: SEV2")
    before, head = b.read(REL), b.head()
    pulled = b.git("pull", "--no-rebase", "origin", "main", check=False)
    assert pulled.returncode != 0
    output = pulled.stdout + pulled.stderr
    assert f"{REL}: severity changed on both sides (SEV1 → SEV2 here, SEV1 → SEV0 there): " \
           "resolve by hand" in output
    assert f"CONFLICT (content): Merge conflict in {REL}" in output
    assert "Traceback" not in output
    assert b.read(REL).decode() == sample.INCIDENT.replace(
        END, _entry("14:20", "a-entry") + _entry("14:25", "b-entry") + END).replace(
        "severity: SEV1   # paged the identity primary\n",
        "<<<<<<< ours\nseverity: SEV2   # paged the identity primary\n=======\n"
        "severity: SEV0   # paged the identity primary\n>>>>>>> theirs\n")
    assert b.status() == f"UU {REL}\n"
    b.git("merge", "--abort")
    assert (b.status(), b.read(REL), b.head()) == ("", before, head)


def test_a_rebase_stops_on_the_conflict_too_and_aborts_cleanly(tmp_path: Path) -> None:
    a, b = _pair(tmp_path)
    _change(a, REL, "roles: {commander: alice,", "roles: {commander: bob,")
    a.git("push", "-q", "origin", "HEAD:main")
    _change(b, REL, "roles: {commander: alice,", "roles: {commander: carol,")
    before = b.read(REL)
    pulled = b.git("pull", "--rebase", "origin", "main", check=False)
    assert pulled.returncode != 0
    assert "roles.commander changed on both sides (alice → bob here, alice → carol there)" \
        in pulled.stdout + pulled.stderr
    b.git("rebase", "--abort")
    assert (b.status(), b.read(REL)) == ("", before)


PM_REL = f"postmortems/{sample.INCIDENT_ID}.md"
PM = """\
---
incident: 2026-01-15-auth-login-failures
status: draft                  # draft | in-review | final
authors: [alice]
action_items:
  - id: AI-1
    title: Add connection timeouts
    owner: alice
    priority: P1
    status: open
---
# Postmortem: Login failures

## Summary

The pool ran dry.

## Impact

Logins failed.
"""
AI2 = "  - id: AI-2\n    title: Alert on pool saturation\n    owner: bob\n    priority: P2\n"
AI3 = "  - id: AI-3  # from the review\n    title: Load test the pool\n    owner: carol\n" \
      "    priority: P3\n"


def test_postmortem_action_items_added_on_both_sides_merge(tmp_path: Path) -> None:
    a, b = _pair(tmp_path, {**FILES, PM_REL: PM})
    _change(a, PM_REL, "    status: open\n---\n", "    status: open\n" + AI2 + "---\n")
    _change(a, PM_REL, "The pool ran dry.", "The connection pool ran dry.")
    a.git("push", "-q", "origin", "HEAD:main")
    _change(b, PM_REL, "    status: open\n---\n", "    status: in-progress\n" + AI3 + "---\n")
    _change(b, PM_REL, "Logins failed.", "About 30% of logins failed.")
    pulled = b.git("pull", "--no-rebase", "origin", "main", check=False)
    assert pulled.returncode == 0, pulled.stderr
    assert b.read(PM_REL).decode() == PM.replace(
        "    status: open\n---\n", "    status: in-progress\n" + AI3 + AI2 + "---\n").replace(
        "The pool ran dry.", "The connection pool ran dry.").replace(
        "Logins failed.", "About 30% of logins failed.")


def test_postmortem_conflicts_name_the_action_item_field_and_the_body(tmp_path: Path) -> None:
    a, b = _pair(tmp_path, {**FILES, PM_REL: PM})
    _change(a, PM_REL, "status: open", "status: done")
    _change(a, PM_REL, "The pool ran dry.", "The connection pool ran dry.")
    a.git("push", "-q", "origin", "HEAD:main")
    _change(b, PM_REL, "status: open", "status: wont-do")
    _change(b, PM_REL, "The pool ran dry.", "The database pool ran dry.")
    before = b.read(PM_REL)
    pulled = b.git("pull", "--no-rebase", "origin", "main", check=False)
    assert pulled.returncode != 0
    output = pulled.stdout + pulled.stderr
    assert (f"{PM_REL}: action_items[AI-1].status changed on both sides (open → wont-do here, "
            "open → done there): resolve by hand") in output
    assert (f"{PM_REL}: the Markdown body changed on both sides in the same place (1 "
            "conflict): resolve by hand") in output
    assert b.read(PM_REL).decode() == PM.replace(
        "    status: open\n",
        "<<<<<<< ours\n    status: wont-do\n=======\n    status: done\n>>>>>>> theirs\n").replace(
        "The pool ran dry.\n", "<<<<<<< ours\nThe database pool ran dry.\n=======\n"
        "The connection pool ran dry.\n>>>>>>> theirs\n")
    b.git("merge", "--abort")
    assert (b.status(), b.read(PM_REL)) == ("", before)


def _git_merge_file(tmp_path: Path, base: bytes, ours: bytes, theirs: bytes) -> tuple[int, bytes]:
    """What ``git merge-file`` makes of three versions (the result the driver must give)."""
    for name, data in (("base", base), ("ours", ours), ("theirs", theirs)):
        (tmp_path / f"mf-{name}").write_bytes(data)
    done = git(tmp_path, "merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs",
               "mf-ours", "mf-base", "mf-theirs", check=False)
    return done.returncode, done.stdout.encode()


def test_a_corrupt_side_is_merged_line_by_line_with_a_note(tmp_path: Path) -> None:
    a, b = _pair(tmp_path)
    base = a.read(REL)
    _change(a, REL, "detection: automated", "detection: [automated")
    a.git("push", "-q", "origin", "HEAD:main")
    _change(b, REL, END, _entry("14:25", "b-entry") + END)
    ours, theirs = b.read(REL), a.read(REL)
    pulled = b.git("pull", "--no-rebase", "origin", "main", check=False)
    output = pulled.stdout + pulled.stderr
    assert pulled.returncode == 0, output
    assert (f"{REL}:11:7: in their version: YAML syntax error: did not find expected ',' or "
            "']' (while parsing a flow sequence): close the list with ']' or separate items "
            "with ','; merged line by line by git\n") in output
    assert "Traceback" not in output
    status, expected = _git_merge_file(tmp_path, base, ours, theirs)
    assert (status, b.read(REL)) == (0, expected)


def test_a_file_that_is_not_an_incident_gets_gits_own_merge(tmp_path: Path) -> None:
    """Routed to the driver by a broader attribute, notes.txt is merged as git merges it;
    oncall/people.yaml, not routed, never reaches the driver (git's labels, not ours)."""
    notes = "one\ntwo\nthree\n"
    a, b = _pair(tmp_path, {**FILES, "notes.txt": notes},
                 ATTRIBUTES + "*.txt merge=incidentkit\n")
    _change(a, "notes.txt", "two", "TWO (a)")
    _change(a, "oncall/people.yaml", "name: Bob Okafor", "name: Bob O.")
    a.git("push", "-q", "origin", "HEAD:main")
    _change(b, "notes.txt", "two", "TWO (b)")
    _change(b, "oncall/people.yaml", "name: Bob Okafor", "name: Robert Okafor")
    ours = b.read("notes.txt")
    pulled = b.git("pull", "--no-rebase", "origin", "main", check=False)
    output = pulled.stdout + pulled.stderr
    assert pulled.returncode != 0
    assert "Traceback" not in output
    status, expected = _git_merge_file(tmp_path, notes.encode(), ours, a.read("notes.txt"))
    assert status == 1
    assert b.read("notes.txt") == expected
    people = b.read("oncall/people.yaml").decode()
    assert "<<<<<<< HEAD\n  name: Robert Okafor\n=======\n  name: Bob O.\n>>>>>>> " in people


def test_without_setup_git_the_same_pull_conflicts_as_before(tmp_path: Path) -> None:
    """The problem the driver solves; and a clone without it merges as git always did."""
    bare = origin(tmp_path, FILES)
    a, b = clone(bare, tmp_path / "a", driver=False), clone(bare, tmp_path / "b", driver=False)
    _change(a, REL, END, _entry("14:20", "a-entry") + END)
    a.git("push", "-q", "origin", "HEAD:main")
    _change(b, REL, END, _entry("14:25", "b-entry") + END)
    pulled = b.git("pull", "--no-rebase", "origin", "main", check=False)
    assert pulled.returncode == 1
    assert f"CONFLICT (content): Merge conflict in {REL}" in pulled.stdout
    assert "<<<<<<< HEAD\n" in b.read(REL).decode()
