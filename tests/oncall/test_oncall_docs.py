"""The on-call handbook page says what the engine does: its examples are run and compared."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from incidentkit.model.schedule import Schedule
from incidentkit.schedule import on_call_at
from tests.conftest import Run

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "handbook" / "on-call-rotations.md"
CONSOLE = re.compile(r"```console\n\$ incidentkit (?P<args>[^\n]*)\n(?P<out>.*?)```", re.S)


def test_console_examples_are_what_the_commands_print(run: Callable[..., Run]) -> None:
    blocks = list(CONSOLE.finditer(PAGE.read_text()))
    assert len(blocks) == 3
    for block in blocks:
        result = run("-C", str(ROOT), *shlex.split(block["args"]))
        assert (result.status, result.err) == (0, ""), block["args"]
        assert result.out == block["out"], block["args"]


def test_the_restriction_table_follows_the_rotation() -> None:
    """Three people on a daily rotation from Monday 5 January: the turns of the page's table
    (weekend turns in parentheses, as nobody is on call then)."""
    daily = Schedule.model_validate({
        "id": "x", "name": "x", "timezone": "Europe/Berlin",
        "layers": [{"name": "days", "start": "2026-01-05T09:00", "rotation": "daily",
                    "members": ["alice", "bob", "carol"]}],
    })
    monday = datetime.fromisoformat("2026-01-05T12:00:00+01:00")
    for week in (1, 2):
        cells = []
        for day in range(7):
            shift = on_call_at(daily, monday + timedelta(days=7 * (week - 1) + day))
            assert shift is not None
            cells.append(shift.person if day < 5 else f"*({shift.person})*")
        assert f"| week {week} | {' | '.join(cells)} |" in PAGE.read_text()
