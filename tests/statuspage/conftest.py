"""Shared helpers of the status-page tests: this repository's example data built as a public
status page at fixed moments."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentkit.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
#: Two current incidents (a SEV1 and a SEV2), the maintenance of 2026-12-10 announced (on
#: 2026-11-26) and still ahead.
NOW = "2026-11-28T12:00:00Z"
#: The maintenance of 2026-12-10 02:00-04:00 UTC in progress.
DURING_MAINTENANCE = "2026-12-10T03:00:00Z"
URL = "https://status.example.com/"


def build(out: Path, *args: str, root: Path = ROOT, at: str = NOW) -> Path:
    """``incidentkit -C ROOT status-page --out OUT --at AT ARGS``; the output folder."""
    status = main(["-C", str(root), "status-page", "--out", str(out), "--at", at, *args])
    assert status == 0
    return out


def files(out: Path) -> dict[str, str]:
    """Every file of an output folder by relative path (text)."""
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's status page as of :data:`NOW`, with its public URL."""
    return build(tmp_path_factory.mktemp("status") / "site", "--url", URL,
                 "--title", "Example status")
