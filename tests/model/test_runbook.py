"""Runbook front matter and the required sections."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from incidentkit.model.runbook import RUNBOOK_SECTIONS, RunbookMeta


def test_runbook_front_matter_and_sections() -> None:
    meta = RunbookMeta.model_validate({"title": "T", "owner": "jane",
                                       "last_reviewed": "2026-10-01"})
    assert (meta.services, meta.alerts, meta.last_reviewed) == ([], [], date(2026, 10, 1))
    with pytest.raises(ValidationError) as caught:
        RunbookMeta.model_validate({"title": "T", "owner": "jane", "alerts": [""]})
    assert [(e["loc"], e["type"]) for e in caught.value.errors()] == [
        (("last_reviewed",), "missing"), (("alerts", 0), "blank_text")]
    assert RUNBOOK_SECTIONS == ("Trigger", "Impact", "Diagnosis", "Steps", "Verification",
                                "Rollback", "Escalation")
