"""What every channel shares: its secrets from the environment, checked before anything is
sent, an HTTP POST with timeouts that says what went wrong without a secret in it, and
:class:`Failure`, a delivery that did not go out (tried again on the next run).
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests

from incidentkit.errors import FatalError
from incidentkit.followup.github.safe import Redactor, server_text
from incidentkit.model.notify import Channel

#: Seconds to connect, and to wait for an answer.
TIMEOUT = (10.0, 30.0)
#: The most of an answer read (an error's text is shown cut to 300 characters).
MAX_ANSWER = 64 * 2**10


class Failure(Exception):
    """A delivery that did not go out; its message names no secret."""


@dataclass(frozen=True, slots=True)
class Secrets:
    """The values of a channel's environment variables, by variable name. ``repr`` shows none."""

    values: Mapping[str, str]

    def __repr__(self) -> str:
        return f"Secrets({sorted(self.values)})"

    def __getitem__(self, name: str) -> str:
        return self.values[name]


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(value: str, variable: str, channel: Channel) -> str:
    """``value`` when it is an https address with a host (http only to this machine);
    otherwise a :class:`FatalError` that names the variable, never its value."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError:
        parts = None
    ok = (parts is not None and bool(parts.hostname) and not parts.username
          and (parts.scheme == "https"
               or (parts.scheme == "http" and _loopback(parts.hostname or "")))
          and value.isprintable() and " " not in value)
    if not ok:
        raise FatalError(
            f"{variable} (channel {channel.id}) is not an https address with a host name: set it "
            "to the address the service gave you (its value is not shown)", status=2)
    return value


def read(environ: Mapping[str, str], variable: str, channel: Channel) -> str:
    value = environ.get(variable, "").strip()
    if not value:
        raise FatalError(
            f"{variable} is not set: channel {channel.id} ({channel.type}) reads its secret "
            f"from it; export it (in a workflow: `env: {variable}: ${{{{ secrets.{variable} }}}}`)",
            status=2)
    if not value.isprintable():
        raise FatalError(f"{variable} (channel {channel.id}) holds a control character: check "
                         "that it was copied whole and alone", status=2)
    return value


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    #: The start of the answer's text (at most :data:`MAX_ANSWER` bytes, decoded).
    text: str


def post(url: str, body: bytes, headers: Mapping[str, str], redact: Redactor) -> Answer:
    """POST ``body``; the answer when it is a success (2xx), else :class:`Failure`. Redirects
    are not followed (a webhook that moved is a failure to look at, not a new address)."""
    try:
        with requests.post(url, data=body, headers=dict(headers), timeout=TIMEOUT,
                           allow_redirects=False, stream=True) as answer:
            try:
                raw = answer.raw.read(MAX_ANSWER, decode_content=True)
            except Exception:  # a dropped connection mid-answer: the status still counts
                raw = b""
            status = answer.status_code
    except requests.Timeout:
        raise Failure("no answer in time") from None
    except requests.ConnectionError as exc:
        raise Failure(f"could not connect ({_reason(exc)})") from None
    except requests.RequestException as exc:
        raise Failure(f"request failed ({type(exc).__name__})") from None
    text = raw.decode("utf-8", "replace")
    if not 200 <= status < 300:
        said = server_text(text.strip(), redact) if text.strip() else "no text"
        raise Failure(f"HTTP {status}: {said}")
    return Answer(status, text)


def _reason(exc: Exception) -> str:
    """The kind of connection failure, without the address (it may be the secret)."""
    text = str(exc)
    for words in ("Connection refused", "Name or service not known", "timed out",
                  "Connection reset", "Temporary failure in name resolution",
                  "Remote end closed connection", "certificate verify failed"):
        if words.lower() in text.lower():
            return words.lower()
    return type(exc).__name__


def as_json(payload: Any) -> bytes:
    """The exact bytes sent (and signed): compact, UTF-8."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
