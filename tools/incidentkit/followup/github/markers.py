"""Hidden markers in issue bodies: which action item an issue is for, and what was last synced.

An issue is found again by its identity marker, never by its title::

    <!-- incidentkit:action-item incident=2026-01-15-auth-login-failures item=AI-1 -->

The last line records what the issue and the file agreed on at the last sync, so the next run
can tell which side changed (a human closing the issue, or someone editing the file)::

    <!-- incidentkit:synced status=open assignee=alice-ng -->
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: ``(incident id, item id)``.
Key = tuple[str, str]

_ITEM = re.compile(r"<!--\s*incidentkit:action-item\s+incident=(\S+)\s+item=(\S+)\s*-->")
_SYNCED = re.compile(r"<!--\s*incidentkit:synced\s+status=(\S+)\s+assignee=(\S+)\s*-->")
NO_ASSIGNEE = "-"


def item_marker(key: Key) -> str:
    return f"<!-- incidentkit:action-item incident={key[0]} item={key[1]} -->"


def item_key(body: str) -> Key | None:
    found = _ITEM.search(body)
    return (found[1], found[2]) if found else None


@dataclass(frozen=True, slots=True)
class Synced:
    status: str
    #: The GitHub login last assigned (or tried), ``None`` for nobody.
    assignee: str | None


def synced_marker(status: str, assignee: str | None) -> str:
    return f"<!-- incidentkit:synced status={status} assignee={assignee or NO_ASSIGNEE} -->"


def synced(body: str) -> Synced | None:
    found = _SYNCED.search(body)
    if found is None:
        return None
    return Synced(found[1], None if found[2] == NO_ASSIGNEE else found[2])


def normalized(body: str) -> str:
    """A body as compared: GitHub's web editor saves CRLF line ends."""
    return body.replace("\r\n", "\n").strip()
