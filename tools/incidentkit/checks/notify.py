"""``notify:`` in ``incidentkit.yaml``: what the schema cannot see, each at its line and column.

Channel ids are unique; every route names channels that exist and severities that the
configuration lists (:func:`check`, with the schema), and services that the catalog lists
(:func:`services`, once the catalog's ids are known).
"""

from __future__ import annotations

import difflib

from incidentkit.checks.finding import Finding
from incidentkit.checks.located import Located
from incidentkit.checks.references import dangling
from incidentkit.config import Config
from incidentkit.model.notify import AtLeast
from incidentkit.store.locate import Loc
from incidentkit.store.text import quote


def _hint(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f"did you mean {quote(close[0])}? " if close else ""


def check(source: Located, config: Config) -> list[Finding]:
    settings = config.notify
    found: list[Finding] = []
    ids: list[str] = []
    for n, channel in enumerate(settings.channels):
        if channel.id in ids:
            found.append(source.finding(
                ("notify", "channels", n, "id"), "duplicate-id",
                f"channel {quote(channel.id)} is defined twice: give each channel its own id"))
        ids.append(channel.id)
    severities = config.severity_ids
    for n, route in enumerate(settings.routes):
        for m, name in enumerate(route.channels):
            if name not in ids:
                found.append(source.finding(
                    ("notify", "routes", n, "channels", m), "unknown-channel",
                    f"channel {quote(name)} does not exist: {_hint(name, ids)}define it under "
                    "notify.channels or fix the name"))
        wanted: list[tuple[Loc, str]]
        if isinstance(route.severities, AtLeast):
            wanted = [(("notify", "routes", n, "severities", "at_least"),
                       route.severities.at_least)]
        else:
            wanted = [(("notify", "routes", n, "severities", m), s)
                      for m, s in enumerate(route.severities or [])]
        for loc, severity in wanted:
            if severity not in severities:
                found.append(source.finding(
                    loc, "unknown-severity",
                    f"severity {quote(severity)} is not configured: "
                    f"{_hint(severity, severities)}use one of {', '.join(severities)}"))
    return found


def services(source: Located, config: Config, known: frozenset[str]) -> list[Finding]:
    """Every service a route names that ``oncall/services.yaml`` does not list."""
    refs = [(("notify", "routes", n, "services", m), service)
            for n, route in enumerate(config.notify.routes)
            for m, service in enumerate(route.services or [])]
    return dangling(source, "service", refs, known)
