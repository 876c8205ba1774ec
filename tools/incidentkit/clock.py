"""The present moment, for every command that defaults to "now".

``INCIDENTKIT_NOW`` (an RFC 3339 timestamp with an offset, e.g. ``2026-03-02T09:00:00Z``) stands
in for the clock: ``validate``'s gap warnings look at the 14 days after it, and ``overdue``,
``metrics``, ``render``, the authoring commands and the ``oncall`` commands start from it when
no ``--at``/``--from`` is given (``--at now`` too). Tests and reproducible reports set it; nobody
else needs to. This is the only place that reads it.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from incidentkit.errors import FatalError

NOW_VARIABLE = "INCIDENTKIT_NOW"


def now() -> datetime:
    """``INCIDENTKIT_NOW`` when it is set, else the clock; aware either way."""
    text = os.environ.get(NOW_VARIABLE, "").strip()
    if not text:
        return datetime.now(UTC)
    from incidentkit.model.times import parse_timestamp  # pydantic: only when it is set

    try:
        return parse_timestamp(text)
    except ValueError as exc:
        raise FatalError(f"{NOW_VARIABLE}: {exc}; fix it or unset it") from None
