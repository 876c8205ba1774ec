"""The transport's pure pieces: how a request is named, the timeouts the deadline leaves, what a
redirect's target shows, and the error body PyGithub is handed."""

from __future__ import annotations

import json

import pytest

from incidentkit.followup.github.throttle import Deadline, OutOfTime
from incidentkit.followup.github.transport import Guard, Rejected, _error_body, _shown_location
from tests.fakegithub.clock import FakeClock


def _guard(seconds: float | None = None, api: str = "https://ghe.example/api/v3/"
           ) -> tuple[Guard, FakeClock]:
    clock = FakeClock()
    return Guard(api, Deadline(clock, seconds), connect=5.0, read=30.0), clock


def test_a_request_is_named_without_the_api_prefix_and_the_query() -> None:
    guard, _ = _guard()
    assert guard.name("POST", "https://ghe.example/api/v3/repos/o/r/issues?page=2&token=x") == (
        "POST /repos/o/r/issues")
    assert guard.name(None, "https://ghe.example/other/path") == "GET /other/path"
    assert guard.name("GET", None) == "GET "
    assert guard.name("GET", "https://ghe.example/api/v3/a\x1bb") == "GET /a\\x1bb"
    plain, _ = _guard(api="https://api.github.example")
    assert plain.name("GET", "https://api.github.example/repos/o/r") == "GET /repos/o/r"
    assert len(plain.name("GET", "https://x/" + "p" * 500)) == len("GET ") + 120


def test_timeouts_are_cut_to_the_deadline() -> None:
    free, _ = _guard(None)
    assert free.timeouts() == (5.0, 30.0)
    free.check_time()
    guard, clock = _guard(60)
    assert guard.timeouts() == (5.0, 30.0)
    clock.advance(57)
    assert guard.timeouts() == (3.0, 3.0)
    guard.last = "GET /repos/o/r/issues"
    clock.advance(3)
    with pytest.raises(OutOfTime, match="^came before GET /repos/o/r/issues was sent$"):
        guard.timeouts()
    with pytest.raises(OutOfTime, match="^came while reading the answer to GET /repos"):
        guard.check_time()


def test_a_redirect_target_is_shown_without_its_query() -> None:
    assert _shown_location("https://evil.example/login?next=/x&token=y") == (
        "https://evil.example/login")
    assert _shown_location("/relative/path?q=1") == "/relative/path"
    assert _shown_location("") == "nowhere"
    assert _shown_location("https://e.example/\x1b[31m") == "https://e.example/\\x1b[31m"


def test_an_error_body_pygithub_can_read() -> None:
    assert _error_body(b'{"message": "Not Found"}', False) == b'{"message": "Not Found"}'
    assert json.loads(_error_body(b"<html>Sign in</html>", False)) == {
        "message": "<html>Sign in</html>"}
    assert json.loads(_error_body(b"[1, 2]", False)) == {"message": "[1, 2]"}
    assert json.loads(_error_body(b'{"message": "cut', True)) == {"message": '{"message": "cut …'}
    long = json.loads(_error_body(b"x" * 5000, False))["message"]
    assert long == "x" * 2048 + " …"
    assert json.loads(_error_body(b"\xff\xfe bad", False)) == {"message": "\ufffd\ufffd bad"}
    rejected = Rejected("GET /x", "with a redirect to https://e.example")
    assert (str(rejected), rejected.request, rejected.problem) == (
        "GET /x with a redirect to https://e.example", "GET /x",
        "with a redirect to https://e.example")
