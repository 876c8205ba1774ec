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
