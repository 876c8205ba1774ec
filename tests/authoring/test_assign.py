"""``incidentkit assign``: roles added, replaced and removed byte-minimally, in block and flow
style, each with its decision entry; the refusals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from incidentkit.authoring.roles import assign_role
from incidentkit.errors import FatalError
from tests.authoring.sample import INCIDENT as SAMPLE
from tests.authoring.sample import INCIDENT_ID, INCIDENT_REL, make_repo, read
from tests.conftest import Run

RunCli = Callable[..., Run]
FLOW = "roles: {commander: alice, scribe: carol}\n"
#: The sample without its expert, so that adding one is a change (an open SEV1 missing its
#: expert is a warning, which does not stop an edit).
INCIDENT = SAMPLE.replace("roles: {commander: alice, scribe: carol, experts: [bob]}\n", FLOW)
assert INCIDENT != SAMPLE


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path, INCIDENT)
AT = ("--at", "2026-01-15T14:20:00Z")
BLOCK = """\
roles:
  commander: alice   # the IC
  # scribe: pick one at the first sync
  experts:
    - bob   # the pool's author
"""


def entry(text: str, author: str | None = None) -> str:
    """``INCIDENT``'s timeline with a decision entry at 14:20 (before the trailing comment)."""
    by = f"    author: {author}\n" if author else ""
    return f"  - at: 2026-01-15T14:20:00Z\n    kind: decision\n    text: '{text}'\n{by}"


def logged(before: str, text: str, author: str | None = None) -> str:
    return before.replace("  # keep entries", entry(text, author) + "  # keep entries")


def test_assigning_a_new_tech_lead_adds_the_key_in_the_models_order(
    repo: Path, run: RunCli
) -> None:
    got = run("-C", str(repo), "assign", INCIDENT_ID, "tech-lead", "bob", *AT,
              "--author", "alice")
    assert (got.status, got.err) == (0, "")
    assert got.out == f"{repo / INCIDENT_REL}: tech_lead: bob (was: none)\n"
    assert read(repo) == """\
# Login outage after the v2.3.1 deploy.
id: 2026-01-15-auth-login-failures
title: "Login failures for ~30% of users"
severity: SEV1   # paged the identity primary
status: identified               # investigating | identified | monitoring | resolved
summary: >
  Database connection pool exhaustion in auth-api
  after v2.3.1.
services: [auth-api, login-web]
detection: automated
impact:
  summary: Login failures and 503s for ~30% of login attempts
  users_affected: 120000
  percent: 30
  customer_facing: true
roles: {commander: alice, scribe: carol, tech_lead: bob}
started_at: 2026-01-15T14:00:00Z
detected_at: 2026-01-15T14:15:00Z
acknowledged_at: '2026-01-15T14:17:00Z'

timeline:
  - at: 2026-01-15T14:00:00Z
    kind: change
    text: Deployment of auth-api v2.3.1 completed
  - at: 2026-01-15T14:15:00Z   # paged
    kind: alert
    text: "Error-rate alert | fired"
    author: alice
  - at: 2026-01-15T14:20:00Z
    kind: decision
    text: 'tech_lead: bob (was: none)'
    author: alice
  # keep entries in time order
updates:
  - {at: 2026-01-15T14:30:00Z, status: investigating, audience: external, text: Looking into it.}
tags: [database, connection-pool]
links:
  - {title: Dashboard, url: "https://grafana.example.com/d/auth"}
"""
    assert run("-C", str(repo), "validate").status == 0


@pytest.mark.parametrize(
    ("args", "roles", "text"),
    [
        (["communications", "bob"],
         "roles: {commander: alice, communications: bob, scribe: carol}\n",
         "communications: bob (was: none)"),
        (["scribe", "bob"], "roles: {commander: alice, scribe: bob}\n",
         "scribe: bob (was: carol)"),
        (["commander", "bob"], "roles: {commander: bob, scribe: carol}\n",
         "commander: bob (was: alice)"),
        (["expert", "bob"], "roles: {commander: alice, scribe: carol, experts: [bob]}\n",
         "experts: bob (was: none)"),
        (["scribe", "carol", "--remove"], "roles: {commander: alice}\n",
         "scribe: none (was: carol)"),
    ],
)
def test_flow_roles_change_in_place(
    repo: Path, run: RunCli, args: list[str], roles: str, text: str
) -> None:
    got = run("-C", str(repo), "assign", INCIDENT_ID, *args, *AT)
    assert (got.status, got.out, got.err) == (0, f"{repo / INCIDENT_REL}: {text}\n", "")
    assert read(repo) == logged(INCIDENT.replace(FLOW, roles), text)


@pytest.mark.parametrize(
    ("args", "roles", "text"),
    [
        (["scribe", "carol"], BLOCK.replace("the IC\n", "the IC\n  scribe: carol\n"),
         "scribe: carol (was: none)"),
        (["expert", "carol"], BLOCK + "    - carol\n", "experts: bob, carol (was: bob)"),
        (["expert", "bob", "--remove"],
         "roles:\n  commander: alice   # the IC\n  # scribe: pick one at the first sync\n",
         "experts: none (was: bob)"),
        (["tech-lead", "carol"], BLOCK.replace("the IC\n", "the IC\n  tech_lead: carol\n"),
         "tech_lead: carol (was: none)"),
    ],
)
def test_block_roles_keep_their_comments(
    tmp_path: Path, run: RunCli, args: list[str], roles: str, text: str
) -> None:
    repo = make_repo(tmp_path, INCIDENT.replace(FLOW, BLOCK))
    got = run("-C", str(repo), "assign", INCIDENT_ID, *args, *AT)
    assert (got.status, got.out, got.err) == (0, f"{repo / INCIDENT_REL}: {text}\n", "")
    assert read(repo) == logged(INCIDENT.replace(FLOW, roles), text)


def test_one_expert_of_several_is_removed(tmp_path: Path, run: RunCli) -> None:
    repo = make_repo(tmp_path, INCIDENT.replace(FLOW, BLOCK + "    - carol   # on call\n"))
    got = run("-C", str(repo), "assign", INCIDENT_ID, "expert", "bob", "--remove", *AT)
    assert got.status == 0
    assert read(repo) == logged(INCIDENT.replace(FLOW, BLOCK.replace(
        "    - bob   # the pool's author\n", "    - carol   # on call\n")),
        "experts: carol (was: bob, carol)")


def test_defaults_now_and_the_handle_variable(
    repo: Path, run: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Now is after everything the file records (a time ahead of now is an error).
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-01-15T14:31:00Z")
    monkeypatch.setenv("INCIDENTKIT_HANDLE", "carol")
    assert run("-C", str(repo), "assign", INCIDENT_ID, "expert", "bob").status == 0
    assert read(repo) == logged(
        INCIDENT.replace(FLOW, "roles: {commander: alice, scribe: carol, experts: [bob]}\n"),
        "experts: bob (was: none)", "carol").replace(
        "  - at: 2026-01-15T14:20:00Z\n    kind: decision", "  - at: 2026-01-15T14:31:00Z\n"
        "    kind: decision")


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["scribe", "bobb"], 2,
         "person 'bobb' is not in oncall/people.yaml: did you mean 'bob'? (add them there or "
         "fix the handle)"),
        (["scribe", "zed"], 2,
         "person 'zed' is not in oncall/people.yaml (add them there or fix the handle)"),
        (["scribe", "carol"], 1, f"{INCIDENT_REL}: scribe is already carol: nothing was written"),
        (["scribe", "bob", "--remove"], 1,
         f"{INCIDENT_REL}: scribe is carol, not bob: nothing was written"),
        (["tech-lead", "bob", "--remove"], 1,
         f"{INCIDENT_REL}: tech_lead is nobody, not bob: nothing was written"),
        (["expert", "bob", "--remove"], 1,
         f"{INCIDENT_REL}: bob is not an expert of this incident: nothing was written"),
        (["commander", "alice", "--remove"], 2,
         "an incident always has a commander: assign another one instead of removing this one"),
        (["scribe", "bob", "--at", "2026-01-15T13:00:00Z"], 1,
         f"{INCIDENT_REL}: not changed: the assignment at 2026-01-15T13:00:00Z is before "
         "started_at (2026-01-15T14:00:00Z): give --at a later time"),
    ],
)
def test_assign_refuses_and_changes_nothing(
    repo: Path, run: RunCli, args: list[str], status: int, message: str
) -> None:
    before = (repo / INCIDENT_REL).read_bytes()
    if "--at" not in args:
        args = [*args, *AT]
    got = run("-C", str(repo), "assign", INCIDENT_ID, *args)
    assert (got.status, got.out, got.err) == (status, "", f"incidentkit: error: {message}\n")
    assert (repo / INCIDENT_REL).read_bytes() == before


def test_an_expert_twice_and_an_unknown_role_are_refused(tmp_path: Path, run: RunCli) -> None:
    repo = make_repo(tmp_path, INCIDENT.replace(FLOW, BLOCK))
    before = (repo / INCIDENT_REL).read_bytes()
    got = run("-C", str(repo), "assign", INCIDENT_ID, "expert", "bob", *AT)
    assert (got.status, got.err) == (
        1, f"incidentkit: error: {INCIDENT_REL}: bob is already an expert: nothing was written\n")
    got = run("-C", str(repo), "assign", INCIDENT_ID, "lead", "bob")
    assert got.status == 2
    assert got.err.endswith("Error: Invalid value for 'ROLE': 'lead' is not one of "
                            "'commander', 'communications', 'scribe', 'tech-lead', 'expert'.\n")
    assert (repo / INCIDENT_REL).read_bytes() == before
    with pytest.raises(FatalError, match="'lead' is not a role: use one of commander, "
                                         "communications, scribe, tech-lead, expert"):
        assign_role(root=repo, incident_id=INCIDENT_ID, role="lead", handle="bob")


@pytest.mark.parametrize(
    ("people", "message"),
    [
        ("- handle: alice\n  name: [\n",
         "oncall/people.yaml cannot be read, so 'bob' cannot be checked: fix it first "
         "(incidentkit validate oncall/people.yaml)"),
        ("- handle: [not, a, handle]\n",
         f"{INCIDENT_REL}:16:20: person 'alice' does not exist: add it to oncall/people.yaml "
         "or fix the name [unknown-person]; fix this first (incidentkit validate lists every "
         "problem)"),
    ],
)
def test_a_broken_people_file_stops_the_assignment(
    repo: Path, run: RunCli, people: str, message: str
) -> None:
    (repo / "oncall/people.yaml").write_text(people)
    before = (repo / INCIDENT_REL).read_bytes()
    got = run("-C", str(repo), "assign", INCIDENT_ID, "scribe", "bob", *AT)
    assert (got.status, got.out, got.err) == (1, "", f"incidentkit: error: {message}\n")
    assert (repo / INCIDENT_REL).read_bytes() == before
