"""The tools incidentkit imports from, and how to reach each one's API."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from incidentkit.imports.api import Api
from incidentkit.imports.people import People
from incidentkit.imports.plan import Translation

#: Reads the vendor's API and translates what it finds; the comparison window is
#: ``[start, end)``. The people it meets are added to ``people`` (``People.add``).
Reader = Callable[[Api, People, datetime, datetime], Translation]


@dataclass(frozen=True, slots=True)
class Vendor:
    name: str
    title: str
    #: The environment variable that holds the API token.
    token_env: str
    #: The environment variable that can hold the API's root URL (``--url`` wins).
    url_env: str
    #: The API's root URL when neither is given (None: it must be given).
    default_url: str | None
    #: What the vendor calls its rendered schedule ("final schedule", "timeline", …).
    rendered: str
    #: The request headers that carry the token.
    headers: Callable[[str], dict[str, str]]
    read: Reader


#: Each vendor's module, imported when it is used.
VENDORS: dict[str, str] = {
    "pagerduty": "incidentkit.imports.pagerduty",
    "opsgenie": "incidentkit.imports.opsgenie",
    "grafana-oncall": "incidentkit.imports.grafana_oncall",
}


def vendor(name: str) -> Vendor:
    module = importlib.import_module(VENDORS[name])
    found = module.VENDOR
    assert isinstance(found, Vendor)
    return found
