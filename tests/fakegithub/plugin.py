"""Fixtures: a started fake server on a free port, its clock, and the environment pointing at it.

Test modules load them with ``pytest_plugins = ["tests.fakegithub.plugin"]``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakegithub import REPOSITORY, TOKEN, FakeClock, FakeGitHub


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
    """``GITHUB_TOKEN``, ``GITHUB_API_URL`` and ``GITHUB_REPOSITORY`` for the fake."""
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("GITHUB_API_URL", fake_github.url)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPOSITORY)
    return fake_github
