"""The ledger: what was sent where, what is still to send, and the last change told per incident.

One JSON file (``notify.ledger`` in ``incidentkit.yaml``, default
``.incidentkit/notify-ledger.json``) that the workflow commits after each run::

    {
      "version": 1,
      "delivered": {"<event id>": {"<channel id>": "2026-01-15T14:31:02Z"}},
      "pending": {"<event id>": {"<channel id>": {
          "event": "status-changed", "incident": "2026-01-15-…", "type": "slack",
          "attempts": 1,
          "next_attempt": "2026-01-15T14:32:02Z", "error": "HTTP 503: …",
          "payload": {…}}}},
      "aliases": {"<update id>": "<id of the event that carried the update>"}
    }

Every planned delivery is written as pending (``attempts: 0``) before the first is sent, and
the file is replaced atomically after each delivery, so a run killed at any moment sends again
at most the one delivery in flight, and none is forgotten. Payloads hold no secret: those are
read from the environment when sending.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from incidentkit.errors import FatalError
from incidentkit.store.atomic import write_text

VERSION = 1
#: The wait before the next try after the n-th failure: 1, 2, 4, … minutes, at most 6 hours.
FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)


def stamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def backoff(attempts: int) -> timedelta:
    wait: timedelta = FIRST_WAIT * 2 ** max(attempts - 1, 0)
    return min(wait, LONGEST_WAIT)


@dataclass(slots=True)
class Ledger:
    path: Path
    delivered: dict[str, dict[str, str]] = field(default_factory=dict)
    pending: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)

    def knows(self, event: str, channel: str) -> bool:
        """Whether ``event`` went, or is to go, to ``channel`` (itself or as carried by
        another event)."""
        return any(channel in self.delivered.get(name, {}) or channel in self.pending.get(name, {})
                   for name in (event, self.aliases.get(event)) if name is not None)

    def plan(self, event: str, channel: str, entry: dict[str, Any]) -> None:
        self.pending.setdefault(event, {})[channel] = entry

    def done(self, event: str, channel: str, at: datetime) -> None:
        self._drop(event, channel)
        self.delivered.setdefault(event, {})[channel] = stamp(at)

    def failed(self, event: str, channel: str, at: datetime, error: str) -> datetime:
        entry = self.pending[event][channel]
        entry["attempts"] = int(entry.get("attempts", 0)) + 1
        entry["error"] = error
        retry = at + backoff(entry["attempts"])
        entry["next_attempt"] = stamp(retry)
        return retry

    def drop(self, event: str, channel: str) -> None:
        self._drop(event, channel)

    def _drop(self, event: str, channel: str) -> None:
        waiting = self.pending.get(event, {})
        waiting.pop(channel, None)
        if not waiting:
            self.pending.pop(event, None)

    def save(self) -> None:
        data = {"version": VERSION, "delivered": self.delivered, "pending": self.pending,
                "aliases": self.aliases}
        write_text(self.path, json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False)
                   + "\n")


def _shape(data: Any) -> bool:
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return False
    parts = [data.get(k, {}) for k in ("delivered", "pending")]
    aliases = data.get("aliases", {})
    return all(isinstance(p, dict) and all(isinstance(v, dict) for v in p.values())
               for p in parts) and isinstance(aliases, dict) and all(
        isinstance(v, str) for v in aliases.values())


def load(path: Path, shown: str) -> Ledger:
    """The ledger at ``path`` (none yet: an empty one); ``shown`` names it in messages."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Ledger(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise FatalError(f"cannot read the notify ledger: {type(exc).__name__}",
                         location=shown) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FatalError(f"the notify ledger is not JSON ({exc.msg}): restore it from git",
                         location=f"{shown}:{exc.lineno}:{exc.colno}") from None
    if not _shape(data):
        raise FatalError(f"the notify ledger is not a version {VERSION} ledger: restore it from "
                         "git", location=shown)
    return Ledger(path, data.get("delivered", {}), data.get("pending", {}),
                  data.get("aliases", {}))
