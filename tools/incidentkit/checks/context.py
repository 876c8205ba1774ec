"""What a per-file check knows about the rest of the repository."""

from __future__ import annotations

from dataclasses import dataclass, field

from incidentkit.config import Config
from incidentkit.model.timeoff import TimeOff


@dataclass(frozen=True, slots=True)
class Catalog:
    """The ids that exist in the repository, by kind (references resolve against these).

    ``None`` means the catalog file exists but cannot be read: its own findings say why, and
    references to it are not checked (one broken file must not bury the repository in errors).
    """

    people: frozenset[str] | None = frozenset()
    services: frozenset[str] | None = frozenset()
    runbooks: frozenset[str] = frozenset()
    schedules: frozenset[str] = frozenset()
    policies: frozenset[str] | None = frozenset()
    incidents: frozenset[str] = frozenset()
    #: The entries of ``oncall/time-off.yaml`` when it has no error (else none): a schedule
    #: warns about shifts in them.
    time_off: tuple[TimeOff, ...] = ()


@dataclass(frozen=True, slots=True)
class Context:
    config: Config
    catalog: Catalog = field(default_factory=Catalog)
