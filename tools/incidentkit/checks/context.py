"""What a per-file check knows about the rest of the repository."""

from __future__ import annotations

from dataclasses import dataclass, field

from incidentkit.config import Config


@dataclass(frozen=True, slots=True)
class Catalog:
    """The ids that exist in the repository, by kind (references resolve against these)."""

    people: frozenset[str] = frozenset()
    services: frozenset[str] = frozenset()
    runbooks: frozenset[str] = frozenset()
    schedules: frozenset[str] = frozenset()
    policies: frozenset[str] = frozenset()
    incidents: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Context:
    config: Config
    catalog: Catalog = field(default_factory=Catalog)
