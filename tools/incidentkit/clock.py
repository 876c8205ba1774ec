"""The present moment, for every on-call question that defaults to "now".

``INCIDENTKIT_NOW`` (an RFC 3339 timestamp with an offset, e.g. ``2026-03-02T09:00:00Z``) stands
in for the clock: ``validate``'s gap warnings look at the 14 days after it, and the ``oncall``
commands start from it when no ``--at`` or ``--from`` is given. Tests and reproducible reports
set it; nobody else needs to. This is the only place that reads it.
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
    try:
        moment = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise FatalError(
            f"{NOW_VARIABLE}={text!r} is not an RFC 3339 timestamp such as "
            "2026-01-15T14:00:00Z: fix it or unset it"
        ) from None
    if moment.tzinfo is None:
        raise FatalError(
            f"{NOW_VARIABLE}={text!r} has no offset: add one, e.g. {text}Z, or unset it"
        )
    return moment
