"""``incidentkit new incident``: the id, the whole first version of the file, the refusals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from incidentkit.authoring import repository
from incidentkit.authoring.declare import allocate_id, declare_incident, slugify
from tests.conftest import Run

RunCli = Callable[..., Run]
NEW_ID = "2026-03-01-checkout-500s-on-pay-for-eu"
NEW_REL = f"incidents/2026/{NEW_ID}.yaml"


def _incidents(repo: Path) -> list[str]:
    return sorted(p.relative_to(repo).as_posix() for p in (repo / "incidents").rglob("*.yaml"))


def test_new_incident_writes_the_whole_file_and_prints_its_path(
    repo: Path, run: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    got = run("new", "incident", "--title", "Checkout: 500s on /pay for EU users",
              "--severity", "sev1", "--service", "auth-api", "--service", "login-web",
              "--commander", "bob", "--at", "2026-03-01T10:00:00+01:00",
              "--summary", "Payments fail with 500s.", "--detection", "customer",
              "--impact", "EU users cannot pay", "--customer-facing")
    assert (got.status, got.out, got.err) == (0, f"{NEW_REL}\n", "")
    assert (repo / NEW_REL).read_text() == """\
id: 2026-03-01-checkout-500s-on-pay-for-eu
title: 'Checkout: 500s on /pay for EU users'
severity: SEV1
status: investigating
summary: Payments fail with 500s.
services: [auth-api, login-web]
detection: customer
impact:
  summary: EU users cannot pay
  customer_facing: true
roles:
  commander: bob
started_at: 2026-03-01T10:00:00+01:00
detected_at: 2026-03-01T10:00:00+01:00
timeline:
  - at: 2026-03-01T10:00:00+01:00
    kind: note
    text: Incident declared
    author: bob
updates: []
tags: []
runbooks: []
related: []
links: []
"""
    assert run("validate").status == 0


def test_defaults_now_in_utc_and_the_handle_variable(
    repo: Path, run: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repository, "now", lambda: datetime(2026, 4, 2, 9, 30, tzinfo=UTC))
    monkeypatch.setenv("INCIDENTKIT_HANDLE", "carol")
    got = run("-C", str(repo), "new", "incident", "--title", "Search is slow",
              "--severity", "SEV3", "--service", "login-web")
    rel = "incidents/2026/2026-04-02-search-is-slow.yaml"
    assert (got.status, got.out, got.err) == (0, f"{repo / rel}\n", "")
    assert (repo / rel).read_text() == """\
id: 2026-04-02-search-is-slow
title: Search is slow
severity: SEV3
status: investigating
summary: Search is slow
services: [login-web]
detection: manual
impact:
  summary: Under investigation.
  customer_facing: false
roles:
  commander: carol
started_at: 2026-04-02T09:30:00Z
detected_at: 2026-04-02T09:30:00Z
timeline:
  - at: 2026-04-02T09:30:00Z
    kind: note
    text: Incident declared
    author: carol
updates: []
tags: []
runbooks: []
related: []
links: []
"""


def test_the_id_takes_the_day_in_the_timestamps_own_offset(repo: Path) -> None:
    written = declare_incident(root=repo, title="Late night", severity="SEV2",
                               services=["auth-api"], commander="alice",
                               at=datetime.fromisoformat("2026-01-31T23:30:00-05:00"))
    assert written.rel == "incidents/2026/2026-01-31-late-night.yaml"


def test_a_taken_id_gets_a_number(repo: Path) -> None:
    at = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    rels = [declare_incident(root=repo, title="Auth: login failures!", severity="SEV2",
                             services=["auth-api"], commander="alice", at=at).rel
            for _ in range(2)]
    assert rels == ["incidents/2026/2026-01-15-auth-login-failures-2.yaml",
                    "incidents/2026/2026-01-15-auth-login-failures-3.yaml"]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Login failures for ~30% of users", "login-failures-for-30-of-users"),
        ("Can't log in: SSO returns 502 after the v2.3.1 deploy", "cant-log-in-sso-returns-502"),
        ("Zürich DC — Störung", "zurich-dc-storung"),
        ("ログイン障害", "incident"),
        ("a" * 70, "a" * 50),
        ("internationalization-localization-misconfiguration in every notification",
         "internationalization-localization-misconfiguration"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_allocate_id() -> None:
    taken = {"2026-01-15-x", "2026-01-15-x-2"}
    assert allocate_id(date(2026, 1, 15), "x", taken) == "2026-01-15-x-3"
    assert allocate_id(date(2026, 1, 16), "x", taken) == "2026-01-16-x"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--severity", "SEV9", "--service", "auth-api", "--commander", "alice"],
         "severity 'SEV9' is not configured: use one of SEV0, SEV1, SEV2, SEV3"),
        (["--severity", "SEV1", "--service", "auth-apii", "--commander", "alice"],
         "service 'auth-apii' does not exist: did you mean 'auth-api'? add it to "
         "oncall/services.yaml or fix the name"),
        (["--severity", "SEV1", "--service", "auth-api", "--commander", "dana"],
         "person 'dana' does not exist: add it to oncall/people.yaml or fix the name"),
        (["--severity", "SEV9", "--service", "nope", "--commander", "dana"],
         "severity 'SEV9' is not configured: use one of SEV0, SEV1, SEV2, SEV3 (and 2 more)"),
    ],
)
def test_invalid_declarations_write_nothing(
    repo: Path, run: RunCli, args: list[str], message: str
) -> None:
    before = _incidents(repo)
    got = run("-C", str(repo), "new", "incident", "--title", "Broken",
              "--at", "2026-03-01T10:00:00Z", *args)
    rel = "incidents/2026/2026-03-01-broken.yaml"
    assert (got.status, got.out, got.err) == (
        1, "", f"incidentkit: error: {rel}: not written: {message}\n")
    assert _incidents(repo) == before


def test_a_commander_is_needed(repo: Path, run: RunCli) -> None:
    got = run("-C", str(repo), "new", "incident", "--title", "T", "--severity", "SEV1",
              "--service", "auth-api")
    assert got.status == 2
    assert got.err.endswith(
        "Error: Missing option '--commander' (env var: 'INCIDENTKIT_HANDLE').\n")


def test_a_missing_repository_is_refused(tmp_path: Path, run: RunCli) -> None:
    got = run("-C", str(tmp_path / "nowhere"), "new", "incident", "--title", "T",
              "--severity", "SEV1", "--service", "auth-api", "--commander", "alice")
    assert (got.status, got.err) == (
        2, f"incidentkit: error: repository {tmp_path / 'nowhere'} does not exist: "
           "pass --repo DIR\n")
    assert not (tmp_path / "nowhere").exists()


def test_started_detected_and_acknowledged_apart(repo: Path, run: RunCli) -> None:
    got = run("-C", str(repo), "new", "incident", "--title", "Queue backlog", "--severity",
              "SEV2", "--service", "auth-api", "--commander", "alice",
              "--started-at", "2026-03-01T09:40:00Z", "--detected-at", "2026-03-01T09:52:00Z",
              "--acknowledged-at", "2026-03-01T09:55:00Z")
    rel = "incidents/2026/2026-03-01-queue-backlog.yaml"
    assert (got.status, got.out, got.err) == (0, f"{repo / rel}\n", "")
    assert (repo / rel).read_text() == """\
id: 2026-03-01-queue-backlog
title: Queue backlog
severity: SEV2
status: investigating
summary: Queue backlog
services: [auth-api]
detection: manual
impact:
  summary: Under investigation.
  customer_facing: false
roles:
  commander: alice
started_at: 2026-03-01T09:40:00Z
detected_at: 2026-03-01T09:52:00Z
acknowledged_at: 2026-03-01T09:55:00Z
timeline:
  - at: 2026-03-01T09:52:00Z
    kind: note
    text: Incident declared
    author: alice
  - at: 2026-03-01T09:55:00Z
    kind: action
    text: Acknowledged
    author: alice
updates: []
tags: []
runbooks: []
related: []
links: []
"""
    assert run("-C", str(repo), "validate").status == 0


def test_at_is_the_default_of_started_and_detected(repo: Path, run: RunCli,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-01T10:30:00Z")
    args = ["-C", str(repo), "new", "incident", "--severity", "SEV2", "--service", "auth-api",
            "--commander", "alice"]
    got = run(*args, "--title", "A", "--at", "2026-03-01T10:00:00Z",
              "--detected-at", "2026-03-01T10:05:00Z", "--acknowledged-at", "now")
    text = (repo / "incidents/2026/2026-03-01-a.yaml").read_text()
    assert got.status == 0
    assert ("started_at: 2026-03-01T10:00:00Z\ndetected_at: 2026-03-01T10:05:00Z\n"
            "acknowledged_at: 2026-03-01T10:30:00Z\n") in text
    got = run(*args, "--title", "B", "--detected-at", "2026-03-01T10:05:00Z")
    text = (repo / "incidents/2026/2026-03-01-b.yaml").read_text()
    assert got.status == 0
    assert "started_at: 2026-03-01T10:05:00Z\ndetected_at: 2026-03-01T10:05:00Z\ntimeline:" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--at", "2026-03-01T10:00:00Z", "--detected-at", "2026-03-01T09:00:00Z"],
         "detected at 2026-03-01T09:00:00Z (--detected-at) is before the impact started at "
         "2026-03-01T10:00:00Z (--at): an incident is detected after its impact starts; give "
         "--started-at or --detected-at"),
        (["--started-at", "2026-03-01T10:31:00Z"],
         "detected at 2026-03-01T10:30:00Z (now) is before the impact started at "
         "2026-03-01T10:31:00Z (--started-at): an incident is detected after its impact "
         "starts; give --started-at or --detected-at"),
        (["--at", "2026-03-01T10:00:00Z", "--acknowledged-at", "2026-03-01T09:59:00Z"],
         "acknowledged at 2026-03-01T09:59:00Z (--acknowledged-at) is before it was detected at "
         "2026-03-01T10:00:00Z (--at): fix one of them"),
    ],
)
def test_milestones_out_of_order_write_nothing(
    repo: Path, run: RunCli, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-01T10:30:00Z")
    before = _incidents(repo)
    got = run("-C", str(repo), "new", "incident", "--title", "T", "--severity", "SEV1",
              "--service", "auth-api", "--commander", "alice", *args)
    assert (got.status, got.out, got.err) == (2, "", f"incidentkit: error: {message}\n")
    assert _incidents(repo) == before
