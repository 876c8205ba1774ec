"""Bad input to ``ack``, ``severity``, ``assign`` (and ``classify --incident``): a clear message,
exit 1 or 2, and not one byte of the repository changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.authoring.sample import INCIDENT, INCIDENT_ID, INCIDENT_REL, make_repo
from tests.conftest import Run

RunCli = Callable[..., Run]
AT = ["--at", "2026-01-15T15:00:00Z"]

#: Each new command with arguments that would succeed on the sample incident.
COMMANDS = {
    "ack": ["ack", "{id}", "--force", *AT],
    "severity": ["severity", "{id}", "SEV0", "--reason", "worse", *AT],
    "assign": ["assign", "{id}", "tech-lead", "bob", *AT],
    "classify": ["classify", "--incident", "{id}", "--down", *AT],
}


def snapshot(repo: Path) -> dict[str, bytes]:
    return {p.relative_to(repo).as_posix(): p.read_bytes()
            for p in sorted(repo.rglob("*")) if p.is_file()}


def argv(command: str, incident_id: str = INCIDENT_ID) -> list[str]:
    return [a.format(id=incident_id) for a in COMMANDS[command]]


@pytest.fixture(autouse=True)
def _no_handle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INCIDENTKIT_HANDLE", raising=False)


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_succeeds_on_the_sample(tmp_path: Path, run: RunCli, command: str) -> None:
    repo = make_repo(tmp_path)
    got = run("-C", str(repo), *argv(command))
    assert (got.status, got.err) == (0, "")
    assert snapshot(repo)[INCIDENT_REL] != INCIDENT.encode()
    assert run("-C", str(repo), "validate").status == 0


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("case", "status", "message"),
    [
        ("unknown id", 2,
         "incident 2026-01-15-auth-login-failure not found: incidents/2026/"
         "2026-01-15-auth-login-failure.yaml does not exist (did you mean "
         "2026-01-15-auth-login-failures?)"),
        ("not an id", 2,
         "'../etc/passwd' is not an incident id: ids are YYYY-MM-DD-slug, such as "
         "2026-01-15-auth-login-failures"),
        ("invalid configuration", 1,
         "incidentkit.yaml:1:13: severities must be a list, not int: fix the configuration "
         "first (incidentkit validate lists every problem)"),
        ("invalid incident", 1,
         f"{INCIDENT_REL}:9:12: service 'auth-apx' does not exist: did you mean 'auth-api'? add "
         "it to oncall/services.yaml or fix the name [unknown-service]; fix this first "
         "(incidentkit validate lists every problem)"),
        ("unparsable incident", 1,
         f"{INCIDENT_REL}:2:1: key 'id' appears twice in this mapping: keep one "
         "[duplicate-key]; fix this first (incidentkit validate lists every problem)"),
        ("before the start", 1, None),
    ],
)
def test_bad_input_changes_nothing(
    tmp_path: Path, run: RunCli, command: str, case: str, status: int, message: str | None
) -> None:
    incident = INCIDENT
    if case == "invalid incident":
        incident = INCIDENT.replace("[auth-api, login-web]", "[auth-apx]")
    if case == "unparsable incident":
        incident = "id: a\n" + INCIDENT.split("\n", 1)[1]
    repo = make_repo(tmp_path, incident)
    if case == "invalid configuration":
        (repo / "incidentkit.yaml").write_text("severities: 3\n")
    args = argv(command, {"unknown id": INCIDENT_ID[:-1],
                          "not an id": "../etc/passwd"}.get(case, INCIDENT_ID))
    if case == "before the start":
        args[args.index("--at") + 1] = "2026-01-15T13:00:00Z"
    before = snapshot(repo)
    got = run("-C", str(repo), *args)
    assert (got.status, got.out) == (status, "")
    if message is not None:
        assert got.err == f"incidentkit: error: {message}\n"
    else:
        assert got.err.startswith(f"incidentkit: error: {INCIDENT_REL}: not changed: ")
        assert "2026-01-15T13:00:00Z is before " in got.err
        assert got.err.endswith(": give --at a later time\n")
    assert snapshot(repo) == before


@pytest.mark.parametrize("command", COMMANDS)
def test_a_missing_repository(tmp_path: Path, run: RunCli, command: str) -> None:
    got = run("-C", str(tmp_path / "nowhere"), *argv(command))
    assert got.status == 2
    assert got.err.startswith("incidentkit: error: ")
    assert not (tmp_path / "nowhere").exists()
