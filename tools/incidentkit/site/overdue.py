"""Overdue counts for the home page, from :func:`incidentkit.followup.overdue.compute`."""

from __future__ import annotations

from collections import Counter
from dataclasses import fields
from datetime import datetime

from incidentkit.followup.overdue import KINDS, compute
from incidentkit.repository import Repository
from incidentkit.store.locate import Loc


class _Unplaced(Repository):
    """The same repository, without line numbers: the site shows counts, not places, so no
    file is parsed again to find one."""

    def locate(self, rel: str, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        return 0, 0


def overdue_counts(repo: Repository, at: datetime) -> list[tuple[str, int]]:
    """``(kind, count)`` of what is overdue at ``at``, in the report's order, zeros left out."""
    unplaced = _Unplaced(**{f.name: getattr(repo, f.name) for f in fields(repo)})
    counts = Counter(item.kind for item in compute(unplaced, at=at))
    return [(kind, counts[kind]) for kind in KINDS if counts[kind]]
