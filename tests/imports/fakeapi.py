"""A JSON API on 127.0.0.1 for the vendor fakes: routes by regular expression, a token check,
and a log of the requests it answered (path and query), so tests can see pagination happen."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

#: A route answers the path's groups and the query with a status and a JSON body.
Handler = Callable[[re.Match[str], dict[str, list[str]]], tuple[int, Any]]


@dataclass
class FakeApi:
    #: Whether the request's headers carry the right token.
    authorized: Callable[[Mapping[str, str]], bool]
    routes: list[tuple[re.Pattern[str], Handler]] = field(default_factory=list)
    #: ``(path, query)`` of every request answered, in order.
    log: list[tuple[str, str]] = field(default_factory=list)
    url: str = ""

    def route(self, pattern: str) -> Callable[[Handler], Handler]:
        def add(handler: Handler) -> Handler:
            self.routes.append((re.compile(pattern + r"\Z"), handler))
            return handler
        return add

    def answer(self, path: str, query: str, headers: Mapping[str, str]) -> tuple[int, Any]:
        if not self.authorized(headers):
            return 401, {"error": {"message": "Unauthorized", "code": 2006}}
        self.log.append((path, query))
        for pattern, handler in self.routes:
            match = pattern.match(path)
            if match:
                return handler(match, parse_qs(query, keep_blank_values=True))
        return 404, {"error": {"message": "Not Found", "code": 2100}}

    @contextmanager
    def serving(self) -> Iterator[FakeApi]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the standard library's name
                parts = urlsplit(self.path)
                status, body = api.answer(parts.path, parts.query,
                                          {k.lower(): v for k, v in self.headers.items()})
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        self.url = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            yield self
        finally:
            server.shutdown()
            server.server_close()
            thread.join()


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (outside ``.git``) and its bytes: to show an import changed
    nothing."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.parts}
