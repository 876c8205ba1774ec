"""On-call schedules: the engine that turns a schedule into exact shifts (SPEC §2.3).

Pure computation on the models, below the checks (which lint schedules with it) and the on-call
views. See :mod:`incidentkit.schedule.engine` for the semantics of rotations, restrictions,
layers and overrides.
"""

from incidentkit.schedule.engine import (
    final_shifts,
    gaps,
    layer_shifts,
    on_call_at,
    uncovered,
    uncovered_at,
)
from incidentkit.schedule.shifts import OVERRIDE, Shift, Uncovered

__all__ = [
    "OVERRIDE",
    "Shift",
    "Uncovered",
    "final_shifts",
    "gaps",
    "layer_shifts",
    "on_call_at",
    "uncovered",
    "uncovered_at",
]
