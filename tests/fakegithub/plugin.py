"""Fixtures: a started fake server on a free port, its clock, and the environment pointing at it.

Test modules load them with ``pytest_plugins = ["tests.fakegithub.plugin"]``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from incidentkit.followup.github.settings import RetryPolicy
from incidentkit.followup.github.sync import sync_actions
from tests.fakegithub import REPOSITORY, TOKEN, FakeClock, FakeGitHub
from tests.fakegithub.sample import Sync, Synced


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fake_github(clock: FakeClock) -> Iterator[FakeGitHub]:
    fake = FakeGitHub(clock=clock, token=TOKEN).start()
    fake.add_repo(REPOSITORY)
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def github_env(fake_github: FakeGitHub, monkeypatch: pytest.MonkeyPatch) -> FakeGitHub:
    """``GITHUB_TOKEN``, ``GITHUB_API_URL``, ``GITHUB_REPOSITORY`` (and the web address) for
    the fake."""
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("GITHUB_API_URL", fake_github.url)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPOSITORY)
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.test")
    return fake_github


@pytest.fixture
def sync(fake_github: FakeGitHub, clock: FakeClock) -> Sync:
    """Run ``sync_actions`` on a root against the fake, with the fake clock; capture its output.

    Keyword arguments override environment variables (``GITHUB_TOKEN="x"``).
    """

    def _sync(root: Path, *, dry_run: bool = False, policy: RetryPolicy | None = None,
              **env: str) -> Synced:
        lines: dict[bool, list[str]] = {False: [], True: []}

        def echo(message: str, *, err: bool = False) -> None:
            lines[err].append(message)

        environ = {"GITHUB_TOKEN": TOKEN, "GITHUB_API_URL": fake_github.url,
                   "GITHUB_REPOSITORY": REPOSITORY, "GITHUB_SERVER_URL": "https://github.test",
                   **env}
        outcome = sync_actions(root, dry_run=dry_run, environ=environ, clock=clock,
                               policy=policy, echo=echo)
        status = 0 if outcome.complete else 1
        return Synced(status, "".join(f"{line}\n" for line in lines[False]),
                      "".join(f"{line}\n" for line in lines[True]))

    return _sync
