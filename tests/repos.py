"""Small incident repositories in temporary folders, opened the one way the package opens them."""

from __future__ import annotations

import shutil
from pathlib import Path

from incidentkit.repository import Repository, open_repository
from incidentkit.store.source import WorkingTree
from tests.conftest import EXAMPLES


def copy_base(tmp_path: Path, name: str = "repo") -> Path:
    """A copy of the golden corpus's valid base repository (one resolved SEV1, its final
    postmortem, three people, two services, a policy, a schedule and a runbook)."""
    root = tmp_path / name
    shutil.copytree(EXAMPLES / "base", root)
    return root


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def opened(root: Path) -> Repository:
    return open_repository(WorkingTree(root))
