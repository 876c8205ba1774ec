"""Shared helpers of the site tests: the golden corpus, a fixed "now", copies of repositories."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from incidentkit.repository import open_repository
from incidentkit.site.generator import Generator, SiteOptions
from incidentkit.store.source import WorkingTree

if TYPE_CHECKING:
    from tests.site.builds import Builds

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "tests" / "examples" / "base"
NOW = datetime(2026, 1, 15, 14, 30, tzinfo=UTC)


def generate(root: Path = BASE, **options: object) -> dict[str, str]:
    """Every generated page of the repository at ``root``, as of ``NOW``, without git history."""
    repo = open_repository(WorkingTree(root))
    assert not repo.findings, repo.findings
    return Generator(root).generate(repo, SiteOptions(now=NOW, **options))  # type: ignore[arg-type]


def copy_repository(target: Path) -> Path:
    """A copy of this repository's incident data, docs and mkdocs.yml (no .git, no package)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("docs", "incidents", "postmortems", "oncall"):
        shutil.copytree(ROOT / name, target / name)
    for name in ("incidentkit.yaml", "mkdocs.yml"):
        shutil.copy2(ROOT / name, target / name)
    return target


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """This repository's data built once per session by MkDocs (with the plugin) and by
    ``incidentkit site --out`` + Zensical (see :mod:`tests.site.builds`)."""
    from tests.site.builds import build_both

    return build_both(tmp_path_factory.mktemp("builds"))
