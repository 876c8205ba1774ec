"""On-call schedules: the engine that turns a schedule into exact shifts (SPEC §2.3).

See :mod:`incidentkit.oncall.engine` for the semantics of rotations, restrictions, layers and
overrides.
"""

from incidentkit.oncall.engine import final_shifts, gaps, layer_shifts, on_call_at
from incidentkit.oncall.shifts import OVERRIDE, Shift

__all__ = ["OVERRIDE", "Shift", "final_shifts", "gaps", "layer_shifts", "on_call_at"]
