"""The HTTP under PyGithub: timeouts, the run's deadline, and every answer checked before PyGithub
reads it.

PyGithub's connections use a ``requests`` session; :func:`install` gives them our
:class:`GuardedAdapter`, which for every request:

* sets a connect and a read timeout, both cut to what is left of the run's deadline, and checks
  the deadline again between the chunks of a body;
* refuses a redirect (PyGithub would follow a 301 itself and read a 302 or 307 as an empty
  answer) and any status other than 200, 201 or an error (4xx, 5xx);
* leaves out rate-limit headers that are not numbers (PyGithub would fail on them);
* reads a success body up to :data:`MAX_BODY` and requires JSON (no HTML login page read as a
  listing), an error body up to :data:`MAX_ERROR_BODY`; an error body that is not a JSON object
  is handed on as ``{"message": <its start>}``, so a 50 MB page never reaches memory or a
  message.

A refusal raises :class:`Rejected` naming the request as ``METHOD /path`` (the API prefix and
the query left out: the query is not ours to print).
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import requests
from github.Requester import HTTPRequestsConnectionClass, HTTPSRequestsConnectionClass
from requests.adapters import HTTPAdapter

from incidentkit.errors import FatalError
from incidentkit.followup.github.safe import escape_controls, shorten
from incidentkit.followup.github.throttle import Deadline, OutOfTime

#: Headers PyGithub reads as numbers: one that is not is left out.
_NUMERIC = ("X-RateLimit-Remaining", "X-RateLimit-Limit", "X-RateLimit-Reset")
_NUMBER = re.compile(r"[0-9]{1,12}(\.[0-9]{1,6})?")
MAX_BODY = 32 * 2**20
MAX_ERROR_BODY = 64 * 2**10
_CHUNK = 64 * 2**10


class Rejected(Exception):
    """An answer we do not read: ``problem`` completes "GitHub answered REQUEST …"."""

    def __init__(self, request: str, problem: str) -> None:
        super().__init__(f"{request} {problem}")
        self.request = request
        self.problem = problem


class Guard:
    """What every request of one client shares: its timeouts, deadline, and the last request."""

    def __init__(self, api_url: str, deadline: Deadline, *, connect: float, read: float) -> None:
        self.prefix = urlsplit(api_url).path.rstrip("/")
        self.deadline = deadline
        self.connect = connect
        self.read = read
        #: ``METHOD /path`` of the request sent last, for messages.
        self.last = ""

    def name(self, method: str | None, url: str | None) -> str:
        path = urlsplit(url or "").path
        if self.prefix and path.startswith(self.prefix + "/"):
            path = path[len(self.prefix):]
        return f"{method or 'GET'} {shorten(escape_controls(path), 120)}"

    def timeouts(self) -> tuple[float, float]:
        left = self.deadline.remaining()
        if left is None:
            return self.connect, self.read
        if left <= 0:
            raise OutOfTime(f"came before {self.last} was sent")
        return min(self.connect, left), min(self.read, left)

    def check_time(self) -> None:
        left = self.deadline.remaining()
        if left is not None and left <= 0:
            raise OutOfTime(f"came while reading the answer to {self.last}")


def _shown_location(location: str) -> str:
    parts = urlsplit(location)
    where = f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else parts.path
    return shorten(escape_controls(where), 100) or "nowhere"


def _read(response: requests.Response, guard: Guard, limit: int) -> tuple[bytes, bool]:
    """The body, up to ``limit`` bytes; whether there was more."""
    parts: list[bytes] = []
    size = 0
    for chunk in response.iter_content(_CHUNK):
        guard.check_time()
        parts.append(chunk)
        size += len(chunk)
        if size > limit:
            response.raw.close()  # the rest is never read: the connection cannot be reused
            return b"".join(parts)[:limit], True
    return b"".join(parts), False


def _error_body(body: bytes, cut: bool) -> bytes:
    """An error body PyGithub can read: the JSON object the server sent, or one made of the
    start of whatever else it sent."""
    if not cut:
        try:
            if isinstance(json.loads(body), dict):
                return body
        except ValueError:
            pass
    text = body[:2048].decode("utf-8", errors="replace").strip()
    return json.dumps({"message": text + (" …" if cut or len(body) > 2048 else "")}).encode()


class GuardedAdapter(HTTPAdapter):
    def __init__(self, guard: Guard) -> None:
        super().__init__(max_retries=0)  # never resend: a resent POST is a duplicate issue
        self.guard = guard

    def send(self, request: requests.PreparedRequest, stream: bool = False,
             timeout: Any = None, verify: Any = True, cert: Any = None,
             proxies: dict[str, str] | None = None) -> requests.Response:
        guard = self.guard
        guard.last = guard.name(request.method, request.url)
        response = super().send(request, stream=True, timeout=guard.timeouts(), verify=verify,
                                cert=cert, proxies=proxies)
        try:
            self._check(response)
        except BaseException:
            response.close()
            raise
        return response

    def _check(self, response: requests.Response) -> None:
        guard, status = self.guard, response.status_code
        for name in _NUMERIC:  # PyGithub reads them with int(float(...)), unguarded
            if name in response.headers and not _NUMBER.fullmatch(response.headers[name]):
                del response.headers[name]
        if 300 <= status < 400:
            location = _shown_location(response.headers.get("Location", ""))
            raise Rejected(guard.last, f"with a redirect ({status} to {location})")
        if status >= 400:
            body, cut = _read(response, guard, MAX_ERROR_BODY)
            self._keep(response, _error_body(body, cut))
            return
        if status not in (200, 201):
            raise Rejected(guard.last, f"with status {status}, which the REST API does not "
                                       "send here")
        body, cut = _read(response, guard, MAX_BODY)
        if cut:
            raise Rejected(guard.last, f"with more than {MAX_BODY // 2**20} MiB")
        if not body.strip():
            raise Rejected(guard.last, "with an empty body")
        kind = response.headers.get("Content-Type", "")
        if "json" not in kind.lower():
            shown = shorten(escape_controls(kind), 60) if kind else "no Content-Type"
            raise Rejected(guard.last, f"with {shown}, not JSON")
        try:
            json.loads(body)
        except ValueError:
            raise Rejected(guard.last, "with a body that is not valid JSON") from None
        self._keep(response, body)

    @staticmethod
    def _keep(response: requests.Response, body: bytes) -> None:
        """Hand ``body`` on as the response's content (what ``Response.content`` caches)."""
        response._content = body
        response._content_consumed = True
        response.close()


def install(requester: Any, guard: Guard) -> None:
    """Make PyGithub's ``requester`` open its connections with :class:`GuardedAdapter`.

    PyGithub has no public way to give its session an adapter; its connection classes are
    named in three private attributes of the requester, set here on this one instance.
    """

    class Http(HTTPRequestsConnectionClass):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.session.mount("http://", GuardedAdapter(guard))

    class Https(HTTPSRequestsConnectionClass):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.session.mount("https://", GuardedAdapter(guard))

    names = ("_Requester__connectionClass", "_Requester__httpConnectionClass",
             "_Requester__httpsConnectionClass")
    if not all(hasattr(requester, name) for name in names):
        raise FatalError("this PyGithub is not one incidentkit can use: install the version "
                         "incidentkit requires (pip install incidentkit)")
    secure = urlsplit(requester.base_url).scheme == "https"
    setattr(requester, names[0], Https if secure else Http)
    setattr(requester, names[1], Http)
    setattr(requester, names[2], Https)
