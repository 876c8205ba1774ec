"""The generated severity page is committed and must match the configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentkit.config import Config, SeverityLevel
from incidentkit.handbook import SEVERITY_PAGE, main, severity_page

ROOT = Path(__file__).resolve().parents[2]


def test_committed_page_is_current(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["--check"]) == 0, f"regenerate {SEVERITY_PAGE}"


def test_page_escapes_configured_text() -> None:
    level = SeverityLevel.model_validate({
        "id": "SEV1", "name": "<b>Big</b> | pipe", "description": "*all* down",
        "ack_within": "5m", "postmortem": "required",
    })
    page = severity_page(Config(severities=[level]))
    assert (
        "| **SEV1** | \\<b\\>Big\\</b\\> \\| pipe | \\*all\\* down | 5m | — | — | required |"
    ) in page
