"""Stateful fakes of the services ``notify`` talks to, on 127.0.0.1, over real HTTP and SMTP.

One threaded ``http.server`` answers as each vendor documents:

* Slack incoming webhook, ``POST /slack/hook/<name>``: ``200`` and the text ``ok``;
* Slack Web API, ``POST /slack/api/chat.postMessage``: a bot token in ``Authorization``, JSON
  in, ``{"ok": true, "channel": …, "ts": …}`` out (``{"ok": false, "error": "invalid_auth"}``
  for another token);
* Microsoft Teams Workflows webhook, ``POST /teams/<name>``: ``202 Accepted``, empty;
* PagerDuty Events API v2, ``POST /pagerduty/v2/enqueue``: ``202`` and
  ``{"status": "success", "message": "Event processed", "dedup_key": …}`` (``400`` and
  ``{"status": "invalid event", …}`` without a valid routing key); the alerts it keeps by
  ``dedup_key`` move triggered → acknowledged → resolved;
* a JSON webhook receiver, ``POST /hook/<name>``: recomputes the HMAC-SHA256 of
  ``<timestamp>.<body>`` with the shared secret, ``401`` when it does not match or the
  timestamp is more than five minutes away, else ``200``.

Every accepted request is recorded. :meth:`Fakes.fail` makes the next requests to a path
prefix answer an error status instead. SMTP is aiosmtpd's real server, keeping the messages.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SLACK_TOKEN = "xoxb-0000-fake-bot-token-secret"
ROUTING_KEY = "R0UT1NGKEYFAKE0000000000000000ab"
HOOK_SECRET = "whsec-shared-fake-secret-123456"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Fakes:
    server: ThreadingHTTPServer | None = None
    received: list[Received] = field(default_factory=list)
    #: (path prefix, status, times left)
    faults: list[list[Any]] = field(default_factory=list)
    alerts: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: Requests to these path prefixes are recorded, then held until the event is set.
    holds: dict[str, threading.Event] = field(default_factory=dict)

    def hold(self, prefix: str) -> threading.Event:
        """Keep the answers to ``prefix`` until the returned event is set (a delivery in
        flight, for a test to kill its sender)."""
        self.holds[prefix] = threading.Event()
        return self.holds[prefix]

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://127.0.0.1:{port}"

    def fail(self, prefix: str, status: int, times: int = 1, *, echo: bool = False) -> None:
        """The next ``times`` requests to ``prefix`` answer ``status``; with ``echo``, their
        text repeats the request (address, headers, body) as careless servers do."""
        with self.lock:
            self.faults.append([prefix, status, times, echo])

    def at(self, prefix: str) -> list[Received]:
        return [r for r in self.received if r.path.startswith(prefix)]

    def _fault(self, path: str) -> tuple[int, bool] | None:
        with self.lock:
            for fault in self.faults:
                if path.startswith(fault[0]) and fault[2] > 0:
                    fault[2] -= 1
                    return int(fault[1]), bool(fault[3])
        return None

    def answer(self, path: str, headers: dict[str, str], body: bytes
               ) -> tuple[int, str, bytes]:
        fault = self._fault(path)
        if fault is not None:
            status, echo = fault
            if echo:
                return status, "text/plain", (
                    f"bad gateway for POST {path} {json.dumps(headers)} ".encode() + body)
            return status, "text/plain", b"upstream unavailable"
        got = Received(path, headers, body)
        if path.startswith("/slack/hook/"):
            self.received.append(got)
            return 200, "text/html", b"ok"
        if path == "/slack/api/chat.postMessage":
            if headers.get("authorization") != f"Bearer {SLACK_TOKEN}":
                return 200, "application/json", b'{"ok":false,"error":"invalid_auth"}'
            self.received.append(got)
            data = got.json
            return 200, "application/json", json.dumps(
                {"ok": True, "channel": data["channel"], "ts": f"{len(self.received)}.000100",
                 "message": {"text": data["text"]}}).encode()
        if path.startswith("/teams/"):
            self.received.append(got)
            for prefix, release in self.holds.items():
                if path.startswith(prefix):
                    release.wait(60)
            return 202, "text/plain", b""
        if path == "/pagerduty/v2/enqueue":
            data = got.json
            if data.get("routing_key") != ROUTING_KEY or data.get("event_action") not in (
                    "trigger", "acknowledge", "resolve"):
                return 400, "application/json", json.dumps({
                    "status": "invalid event", "message": "Event object is invalid",
                    "errors": ["Invalid routing key"]}).encode()
            self.received.append(got)
            key = data["dedup_key"]
            self.alerts[key] = {"trigger": "triggered", "acknowledge": "acknowledged",
                                "resolve": "resolved"}[data["event_action"]]
            return 202, "application/json", json.dumps({
                "status": "success", "message": "Event processed", "dedup_key": key}).encode()
        if path.startswith("/hook/"):
            stamp = headers.get("x-incidentkit-timestamp", "")
            given = headers.get("x-incidentkit-signature", "")
            expected = "sha256=" + hmac.new(HOOK_SECRET.encode(), stamp.encode() + b"." + body,
                                            hashlib.sha256).hexdigest()
            if not stamp.isdigit() or abs(time.time() - int(stamp)) > 300 or \
                    not hmac.compare_digest(given, expected):
                return 401, "text/plain", b"bad signature"
            self.received.append(got)
            return 200, "application/json", b'{"received":true}'
        return 404, "text/plain", b"not found"


def start() -> Fakes:
    fakes = Fakes()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, kind, answer = fakes.answer(self.path, headers, body)
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: Any, client_address: Any) -> None:
            return None  # a client killed mid-request (a test does it on purpose)

    fakes.server = Server(("127.0.0.1", 0), Handler)
    fakes.server.daemon_threads = True
    threading.Thread(target=fakes.server.serve_forever, daemon=True).start()
    return fakes


class Mailbox:
    """aiosmtpd's handler: every message it accepts, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"
