"""Fixtures of the authoring tests: a small repository in ``tmp_path`` (see ``sample``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.authoring.sample import make_repo


@pytest.fixture(autouse=True)
def _no_handle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests do not see the developer's own handle or repository."""
    monkeypatch.delenv("INCIDENTKIT_HANDLE", raising=False)
    monkeypatch.delenv("INCIDENTKIT_REPO", raising=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path)
