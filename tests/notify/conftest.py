"""A git repository with a ``notify:`` configuration, the fakes it talks to, and helpers that
commit the changes a responder pushes."""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.conftest import EXAMPLES, Run
from tests.notify.fakes import HOOK_SECRET, ROUTING_KEY, SLACK_TOKEN, Fakes, Mailbox, start

NOW = "2026-03-01T11:00:00Z"

CONFIG = """\
notify:
  channels:
    - id: ops-slack
      type: slack
      webhook_url_env: SLACK_WEBHOOK_URL
    - id: ops-bot
      type: slack
      token_env: SLACK_BOT_TOKEN
      channel: "#incidents"
      api_url: {url}/slack/api/
    - id: leadership
      type: teams
      webhook_url_env: TEAMS_WEBHOOK_URL
    - id: customers
      type: email
      audience: external
      smtp_host: 127.0.0.1
      smtp_port: {smtp_port}
      starttls: false
      from_address: status@example.com
      to: [customers@example.com]
    - id: audit
      type: webhook
      audience: external
      webhook_url_env: AUDIT_WEBHOOK_URL
      secret_env: AUDIT_WEBHOOK_SECRET
    - id: pager
      type: pagerduty
      routing_key_env: PAGERDUTY_ROUTING_KEY
      api_url: {url}/pagerduty
  routes:
    - events: [declared, acknowledged, severity-changed, status-changed, update-posted,
               resolved, postmortem-final]
      channels: [ops-slack, audit]
    - events: [declared, resolved]
      severities: {{at_least: SEV1}}
      channels: [leadership, ops-bot]
    - events: [update-posted]
      services: [auth-api]
      channels: [customers]
    - events: [declared, acknowledged, resolved]
      severities: {{at_least: SEV1}}
      channels: [pager]
"""

INCIDENT = "incidents/2026/2026-03-01-checkout-errors.yaml"
DECLARED = """\
id: 2026-03-01-checkout-errors
title: "Checkout <b>errors</b> & *timeouts*"
severity: SEV1
status: investigating
summary: Checkout returns 500s for some users.
services: [auth-api]
detection: manual
impact:
  summary: Some checkouts fail
  customer_facing: true
roles:
  commander: jane
  communications: bob
  scribe: carol
  experts: [bob]
started_at: 2026-03-01T10:00:00Z
detected_at: 2026-03-01T10:05:00Z
updates:
  - at: 2026-03-01T10:10:00Z
    status: investigating
    audience: external
    text: We are investigating failed checkouts.
"""


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd, capture_output=True, text=True, check=True,
    ).stdout.strip()


@dataclass
class Repo:
    root: Path

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def commit(self, message: str) -> str:
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", message)
        return git(self.root, "rev-parse", "HEAD")

    @property
    def ledger(self) -> Path:
        return self.root / ".incidentkit/notify-ledger.json"


@pytest.fixture
def fakes() -> Iterator[Fakes]:
    server = start()
    yield server
    assert server.server is not None
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    with socket.socket() as probe:  # aiosmtpd's start() connects to its port: it needs a number
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


@pytest.fixture
def secrets(fakes: Fakes, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {
        "SLACK_WEBHOOK_URL": f"{fakes.url}/slack/hook/T000-B000-XXXXsecretpath",
        "SLACK_BOT_TOKEN": SLACK_TOKEN,
        "TEAMS_WEBHOOK_URL": f"{fakes.url}/teams/workflow-sig-SECRETSIG0001",
        "AUDIT_WEBHOOK_URL": f"{fakes.url}/hook/audit",
        "AUDIT_WEBHOOK_SECRET": HOOK_SECRET,
        "PAGERDUTY_ROUTING_KEY": ROUTING_KEY,
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("INCIDENTKIT_NOW", NOW)
    monkeypatch.delenv("INCIDENTKIT_DEBUG", raising=False)
    return values


@pytest.fixture
def repo(tmp_path: Path, fakes: Fakes, mailbox: tuple[Mailbox, int],
         secrets: dict[str, str]) -> Repo:
    """``main``: the base corpus with the notify configuration, committed."""
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", root)
    made = Repo(root)
    made.write("incidentkit.yaml", CONFIG.format(url=fakes.url, smtp_port=mailbox[1]))
    git(root, "init", "-q", "-b", "main")
    made.commit("main")
    return made


@pytest.fixture
def notify(run: Callable[..., Run], repo: Repo) -> Callable[..., Run]:
    def _notify(*args: str) -> Run:
        return run("-C", str(repo.root), "notify", *args)
    return _notify
