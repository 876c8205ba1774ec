"""A stateful fake of GitHub's REST API on 127.0.0.1, for PyGithub to talk to over real HTTP.

Our own small threaded ``http.server`` rather than pytest-httpserver: the fake must keep state
across requests (issue numbers, labels, comments), answer with ``Link`` pagination, ``ETag`` and
rate-limit headers on every response, enforce GitHub's content-creation limits on a clock the
tests control, and fail in ways a handler-per-URL mock cannot: perform a request and then close
the socket without an answer, or run a callback (kill the client) between the two. All of that is
a few lines here and needs no dependency.

Every request is recorded (method, path, query, JSON body, clock time) so tests can count them.
Faults are queued with :meth:`FakeGitHub.inject`: error statuses, dropped connections, slow
answers, and the answers of a server that is not GitHub's API or misbehaves: redirects, HTML or
garbage with a 200, JSON of the wrong shape, error messages echoing the request's headers, a
50 MB error body, a ``Retry-After`` nobody can read.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from tests.fakegithub.state import ApiError, Issue, Repo

WRITES = frozenset({"POST", "PATCH", "PUT", "DELETE"})
SECONDARY = ("You have exceeded a secondary rate limit. Please wait a few minutes before you try "
             "again. If you reach out to GitHub Support for help, please include the request ID "
             "FAKE:0000.")
RATE_DOC = ("https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"
            "#about-secondary-rate-limits")


@dataclass(frozen=True)
class Request:
    method: str
    #: Path without the API prefix and query: ``/repos/acme/incidents/issues``.
    path: str
    query: dict[str, str]
    body: Any
    at: float
    if_none_match: str | None = None

    @property
    def is_write(self) -> bool:
        return self.method in WRITES


@dataclass
class Fault:
    """How to answer the matching requests instead of (or after) doing them."""

    method: str = ""  # "" matches every method
    path: str = ""  # a regular expression searched in the path; "" matches every path
    status: int | None = None
    message: str = "Server Error"
    #: The ``Retry-After`` header, as is (``"soon"`` is not one a client can read).
    retry_after: int | str | None = None
    #: Close the socket without a response.
    drop: bool = False
    #: Do the request first (create the issue), then fail or drop.
    perform: bool = False
    #: Real seconds to wait before answering (client timeouts); with ``perform`` and no
    #: ``status`` the real answer comes late.
    delay: float = 0.0
    #: Let this many matching requests through before failing.
    skip: int = 0
    times: int = 1
    #: Called after the request was performed, before answering (e.g. kill the client).
    action: Callable[[], None] | None = None
    #: Answer with a redirect (``status``, default 302) to this address.
    location: str | None = None
    #: Answer with this body as is (``status``, default 200), of type ``content_type``.
    raw: bytes | None = None
    content_type: str = "text/html; charset=utf-8"
    #: The error message is the request's headers, one a line (``Authorization`` included).
    echo_headers: bool = False
    #: Answer with an error body this many bytes long (a JSON message of ``x``), sent in chunks.
    size: int = 0
    #: With ``perform``: the answer's JSON is this function of the real one.
    transform: Callable[[Any], Any] | None = None
    #: Bytes of a ``size`` body the client read before it closed the connection.
    sent: int = 0
    #: Headers added to the answer (``Link``, a rate-limit header that is no number).
    headers: dict[str, str] = field(default_factory=dict)

    def matches(self, method: str, path: str) -> bool:
        return (not self.method or self.method == method) and (
            not self.path or re.search(self.path, path) is not None)


@dataclass
class _Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False
    delay: float = 0.0
    #: Sent as is instead of ``body`` as JSON.
    raw: bytes | None = None
    content_type: str = "application/json; charset=utf-8"
    #: A streamed body of this many bytes (the fault records how much of it went out).
    size: int = 0
    fault: Fault | None = None


class FakeGitHub:
    """The server and its state. ``url`` is what ``GITHUB_API_URL`` should be."""

    def __init__(self, *, clock: Callable[[], float] = time.time, prefix: str = "",
                 token: str = "test-token", content_limits: bool = True) -> None:
        self.clock = clock
        self.prefix = prefix
        self.tokens = {token}
        #: Enforce the secondary limit on content creation (80 a minute, 500 an hour).
        self.content_limits = content_limits
        self.repos: dict[str, Repo] = {}
        self.requests: list[Request] = []
        self.faults: list[Fault] = []
        #: Secondary-rate-limit answers given because of the content limits.
        self.limited = 0
        #: Search finds nothing (GitHub's search index lags behind new issues).
        self.search_lags = False
        self.core_limit = 5000
        self._used: dict[str, int] = {"core": 0, "search": 0}
        self._window: dict[str, float] = {}
        self._writes: list[float] = []
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeGitHub:
        fake = self

        class Handler(_Handler):
            owner = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{self.prefix}"

    # -- set-up and inspection -----------------------------------------------------------------

    def add_repo(self, full_name: str, *, assignable: set[str] | None = None) -> Repo:
        owner, name = full_name.split("/")
        repo = Repo(owner, name, self.url, self.clock, assignable)
        self.repos[full_name.lower()] = repo
        return repo

    def repo(self, full_name: str) -> Repo:
        return self.repos[full_name.lower()]

    def inject(self, fault: Fault) -> Fault:
        with self._lock:
            self.faults.append(fault)
        return fault

    def set_remaining(self, remaining: int, resource: str = "core") -> None:
        """Pretend ``remaining`` requests are left in the current primary window."""
        with self._lock:
            self._window.setdefault(resource, self.clock())
            self._used[resource] = self._limit(resource) - remaining

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()

    def count(self, method: str | None = None, path: str = "") -> int:
        return sum((method is None or r.method == method) and re.search(path, r.path) is not None
                   for r in self.requests)

    @property
    def writes(self) -> list[Request]:
        return [r for r in self.requests if r.is_write]

    # -- handling ------------------------------------------------------------------------------

    def _limit(self, resource: str) -> int:
        return 30 if resource == "search" else self.core_limit

    def _rate_headers(self, resource: str, count: bool) -> dict[str, str]:
        now = self.clock()
        start = self._window.get(resource)
        period = 60 if resource == "search" else 3600
        if start is None or now >= start + period:
            self._window[resource], self._used[resource] = now, 0
            start = now
        if count:
            self._used[resource] += 1
        limit = self._limit(resource)
        return {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(max(0, limit - self._used[resource])),
            "X-RateLimit-Used": str(self._used[resource]),
            "X-RateLimit-Reset": str(int(start + period)),
            "X-RateLimit-Resource": resource,
        }

    def _fault(self, method: str, path: str) -> Fault | None:
        for fault in self.faults:
            if fault.times > 0 and fault.matches(method, path):
                if fault.skip > 0:
                    fault.skip -= 1
                    return None
                fault.times -= 1
                return fault
        return None

    def _content_wait(self) -> int | None:
        now = self.clock()
        self._writes = [t for t in self._writes if t > now - 3600]
        minute = [t for t in self._writes if t > now - 60]
        if len(minute) >= 80:
            return int(minute[0] + 60 - now) + 1
        if len(self._writes) >= 500:
            return int(self._writes[0] + 3600 - now) + 1
        self._writes.append(now)
        return None

    def handle(self, method: str, target: str, headers: dict[str, str], raw: bytes) -> _Answer:
        with self._lock:
            parts = urlsplit(target)
            path = unquote(parts.path)
            if self.prefix and path.startswith(self.prefix):
                path = path[len(self.prefix):]
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = None
            etag = headers.get("if-none-match")
            self.requests.append(Request(method, path, query, body, self.clock(), etag))
            resource = "search" if path.startswith("/search/") else "core"
            auth = headers.get("authorization", "")
            token = auth.split(" ", 1)[1] if " " in auth else ""
            if token not in self.tokens:
                return _Answer(401, ApiError(401, "Bad credentials").body(),
                               self._rate_headers(resource, False))
            fault = self._fault(method, path)
            if fault is not None and not fault.perform:
                return self._failure(fault, resource, headers)
            rate = self._rate_headers(resource, False)
            if int(rate["X-RateLimit-Remaining"]) <= 0:
                return _Answer(403, {"message": "API rate limit exceeded for user ID 1. "
                                     "If you reach out to GitHub Support for help, please "
                                     "include the request ID FAKE:0001.",
                                     "documentation_url": RATE_DOC}, rate)
            if method in WRITES and self.content_limits:
                wait = self._content_wait()
                if wait is not None:
                    self.limited += 1
                    return _Answer(403, {"message": SECONDARY, "documentation_url": RATE_DOC},
                                   {**rate, "Retry-After": str(wait)})
            try:
                status, data, extra = self._route(method, path, query, body)
            except ApiError as exc:
                status, data, extra = exc.status, exc.body(), {}
            if fault is not None:
                if fault.action is not None:
                    fault.action()
                if fault.status is not None or fault.drop:
                    return self._failure(fault, resource, headers)
                if fault.transform is not None:
                    data = fault.transform(data)
            out_headers = {**self._rate_headers(resource, True), **extra,
                           **(fault.headers if fault is not None else {})}
            if method == "GET" and status == 200:
                digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
                out_headers["ETag"] = f'W/"{digest[:40]}"'
                if etag == out_headers["ETag"]:
                    self._used[resource] -= 1  # a 304 does not count against the limit
                    out_headers.update(self._rate_headers(resource, False))
                    return _Answer(304, None, out_headers)
            return _Answer(status, data, out_headers, delay=fault.delay if fault else 0.0)

    def _failure(self, fault: Fault, resource: str, request: dict[str, str]) -> _Answer:
        rate = {**self._rate_headers(resource, fault.status not in (None, 401)),
                **fault.headers}
        if fault.drop:
            return _Answer(0, drop=True, delay=fault.delay)
        if fault.location is not None:
            return _Answer(fault.status or 302, None, {**rate, "Location": fault.location},
                           delay=fault.delay)
        if fault.raw is not None:
            return _Answer(fault.status or 200, None, rate, delay=fault.delay, raw=fault.raw,
                           content_type=fault.content_type)
        assert fault.status is not None
        headers = dict(rate)
        if fault.size:
            return _Answer(fault.status, None, headers, delay=fault.delay, size=fault.size,
                           fault=fault)
        message = ("\n".join(f"{k}: {v}" for k, v in request.items()) if fault.echo_headers
                   else fault.message)
        body: dict[str, Any] = {"message": message, "documentation_url": RATE_DOC
                                if fault.status in (403, 429) else "https://docs.github.com/rest"}
        if fault.retry_after is not None:
            headers["Retry-After"] = str(fault.retry_after)
        return _Answer(fault.status, body, headers, delay=fault.delay)

    def _page(self, path: str, query: dict[str, str], items: list[Any]) -> tuple[
            list[Any], dict[str, str]]:
        per_page = max(1, min(100, int(query.get("per_page", 30))))
        page = max(1, int(query.get("page", 1)))
        last = max(1, -(-len(items) // per_page))
        links = []

        def link(n: int, rel: str) -> str:
            params = urlencode({**query, "per_page": per_page, "page": n}, quote_via=quote)
            return f'<{self.url}{path}?{params}>; rel="{rel}"'

        if page > 1:
            links += [link(page - 1, "prev"), link(1, "first")]
        if page < last:
            links += [link(page + 1, "next"), link(last, "last")]
        headers = {"Link": ", ".join(links)} if links else {}
        return items[(page - 1) * per_page: page * per_page], headers

    def _route(self, method: str, path: str, query: dict[str, str], body: Any) -> tuple[
            int, Any, dict[str, str]]:
        if method == "GET" and path == "/rate_limit":
            core = self._rate_headers("core", False)
            return 200, {"resources": {"core": {
                "limit": int(core["X-RateLimit-Limit"]),
                "remaining": int(core["X-RateLimit-Remaining"]),
                "reset": int(core["X-RateLimit-Reset"]),
                "used": int(core["X-RateLimit-Used"])}}}, {}
        if method == "GET" and path == "/search/issues":
            found: list[Issue] = []
            for repo in self.repos.values():
                found += [] if self.search_lags else repo.search(query.get("q", ""))
            items = [{**self._repo_of(i).issue_json(i), "score": 1.0} for i in found]
            page, headers = self._page(path, query, items)
            return 200, {"total_count": len(items), "incomplete_results": False,
                         "items": page}, headers
        match = re.fullmatch(r"/repos/([^/]+)/([^/]+)(/.*)?", path)
        if match is None:
            raise ApiError(404, "Not Found")
        repo = self.repos.get(f"{match[1]}/{match[2]}".lower())
        if repo is None:
            raise ApiError(404, "Not Found",
                           doc="https://docs.github.com/rest/repos/repos#get-a-repository")
        rest = match[3] or ""
        body = body if isinstance(body, dict) else {}
        if rest == "" and method == "GET":
            return 200, repo.repo_json(), {}
        if rest == "/issues" and method == "GET":
            issues = [repo.issue_json(i) for i in repo.list_issues(query)]
            page, headers = self._page(path, query, issues)
            return 200, page, headers
        if rest == "/issues" and method == "POST":
            return 201, repo.issue_json(repo.create_issue(body)), {}
        if (m := re.fullmatch(r"/issues/(\d+)", rest)) and method in ("GET", "PATCH"):
            issue = repo.edit_issue(int(m[1]), body) if method == "PATCH" else repo.issue(
                int(m[1]))
            return 200, repo.issue_json(issue), {}
        if (m := re.fullmatch(r"/issues/(\d+)/comments", rest)) and method in ("GET", "POST"):
            if method == "POST":
                return 201, repo.comment_json(repo.add_comment(int(m[1]), body["body"])), {}
            repo.issue(int(m[1]))
            comments = [repo.comment_json(c) for c in repo.comments if c.issue == int(m[1])]
            page, headers = self._page(path, query, comments)
            return 200, page, headers
        if rest == "/labels" and method == "GET":
            page, headers = self._page(path, query, [
                repo.label_json(label) for label in repo.labels.values()])
            return 200, page, headers
        if rest == "/labels" and method == "POST":
            label = repo.add_label(str(body.get("name", "")), str(body.get("color", "ededed")),
                                   body.get("description"))
            return 201, repo.label_json(label), {}
        if (m := re.fullmatch(r"/labels/(.+)", rest)) and method == "GET":
            found_label = repo.labels.get(m[1])
            if found_label is None:
                raise ApiError(404, "Not Found")
            return 200, repo.label_json(found_label), {}
        raise ApiError(404, "Not Found")

    def _repo_of(self, issue: Issue) -> Repo:
        return next(r for r in self.repos.values() if r.issues.get(issue.number) is issue)


class _Handler(BaseHTTPRequestHandler):
    owner: FakeGitHub
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed ACK

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        answer = self.owner.handle(self.command, self.path, headers, raw)
        if answer.delay:
            time.sleep(answer.delay)
        if answer.drop:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        payload = b"" if answer.body is None or answer.status == 304 else json.dumps(
            answer.body).encode()
        if answer.raw is not None:
            payload = answer.raw
        try:
            self.send_response(answer.status)
            for key, value in answer.headers.items():
                self.send_header(key, value)
            if payload or answer.size:
                self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(answer.size or len(payload)))
            self.send_header("X-GitHub-Request-Id", f"FAKE:{len(self.owner.requests)}")
            self.end_headers()
            if answer.size:
                self._stream(answer)
            else:
                self.wfile.write(payload)
        except OSError:  # the client is gone (killed by a test, or it read enough)
            self.close_connection = True

    def _stream(self, answer: _Answer) -> None:
        """``{"message": "xxx…"}`` of ``answer.size`` bytes, a megabyte at a time."""
        assert answer.fault is not None
        head, tail = b'{"message": "', b'"}'
        chunk = b"x" * 2**20
        self.wfile.write(head)
        answer.fault.sent = len(head)
        left = answer.size - len(head) - len(tail)
        while left > 0:
            part = chunk[:left]
            self.wfile.write(part)
            answer.fault.sent += len(part)
            left -= len(part)
        self.wfile.write(tail)
        answer.fault.sent += len(tail)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve
