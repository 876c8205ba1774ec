"""Shared fixtures: the golden corpus root and a runner of the real command line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from incidentkit.cli.main import main

EXAMPLES = Path(__file__).parent / "examples"


@dataclass(frozen=True)
class Run:
    status: int
    out: str
    err: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run ``incidentkit ARGS`` in this process and capture what it prints."""

    def _run(*args: str) -> Run:
        capsys.readouterr()
        status = main(list(args))
        captured = capsys.readouterr()
        return Run(status, captured.out, captured.err)

    return _run


@pytest.fixture(autouse=True)
def _own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
               ) -> None:
    """Each test has its own (empty) validation cache, never the user's."""
    monkeypatch.setenv("INCIDENTKIT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("INCIDENTKIT_CACHE", raising=False)


@pytest.fixture(autouse=True)
def _outside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never write to a real step summary or see the runner's repository settings."""
    for name in ("GITHUB_STEP_SUMMARY", "GITHUB_ACTIONS", "GITHUB_REPOSITORY", "GITHUB_TOKEN",
                 "GITHUB_API_URL", "GITHUB_SERVER_URL", "INCIDENTKIT_NOW", "INCIDENTKIT_REPO"):
        monkeypatch.delenv(name, raising=False)
