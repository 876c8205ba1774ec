"""Error answers from GitHub: our error for each status, the server's words made safe, waits."""

from __future__ import annotations

from typing import Any

import pytest
from github import GithubException

from incidentkit.followup.github.client import (
    Forbidden,
    GitHubError,
    Invalid,
    NotFound,
    RepositoryNotFound,
    TokenRefused,
)
from incidentkit.followup.github.safe import Redactor
from incidentkit.followup.github.statuses import Wait, rate_limit_wait, server_message, status_error

TOKEN = "ghp_secrettoken123"
REDACT = Redactor(TOKEN)


def _error(status: int, data: Any, *, repo_level: bool = False) -> GitHubError:
    return status_error(GithubException(status, data, None), "create an issue",
                        repo_level=repo_level, repository="o/r",
                        api_url="https://api.github.example", redact=REDACT)


@pytest.mark.parametrize(("status", "data", "repo_level", "kind", "message"), [
    (401, {"message": "Bad credentials"}, False, TokenRefused,
     "the token was refused (GITHUB_TOKEN): GitHub answered 401 Bad credentials; check that it "
     "is valid, not expired, and for https://api.github.example"),
    (403, {"message": f"Resource not accessible by integration {TOKEN}"}, False, Forbidden,
     "GitHub refused to create an issue in o/r (403 Resource not accessible by integration ***):"
     " the token needs permission to write issues (a workflow: `permissions: issues: write`)"),
    (404, {"message": "Not Found"}, True, RepositoryNotFound,
     "repository o/r not found or not visible to the token (check github.repository / "
     "GITHUB_REPOSITORY and the token's access)"),
    (404, {"message": "Not Found"}, False, NotFound,
     "GitHub could not create an issue: 404 Not Found"),
    (410, {"message": "Gone"}, True, RepositoryNotFound, "issues are disabled in repository o/r"),
    (410, {"message": "Gone"}, False, NotFound, "GitHub could not create an issue: 410 Gone"),
    (500, "oops", False, GitHubError, "GitHub could not create an issue: 500 error"),
])
def test_each_status_has_its_error(status: int, data: Any, repo_level: bool,
                                   kind: type[GitHubError], message: str) -> None:
    error = _error(status, data, repo_level=repo_level)
    assert type(error) is kind
    assert str(error) == message


def test_a_validation_failure_names_its_fields_and_codes() -> None:
    error = _error(422, {"message": "Validation Failed", "errors": [
        {"field": "assignees", "code": "invalid", "value": "x"}, {"message": "label too long"},
        "not an object"]})
    assert isinstance(error, Invalid)
    assert str(error) == ("GitHub refused to create an issue: 422 Validation Failed (assignees "
                          "invalid x; label too long)")
    assert (error.fields, error.codes) == (("assignees",), ("invalid",))


def test_server_text_is_redacted_escaped_and_shortened() -> None:
    assert server_message(GithubException(422, {"message": f"bad\nline {TOKEN}"}, None),
                          REDACT) == "422 bad\\x0aline ***"
    long = server_message(GithubException(500, {"message": "z" * 1000}, None), REDACT)
    assert long == "500 " + "z" * 299 + "…"


def _wait(status: int, message: str, headers: dict[str, str], limited: int = 0) -> Wait | None:
    return rate_limit_wait(GithubException(status, {"message": message}, headers),
                           limited=limited, now=1000.0, unreadable_wait=5.0, redact=REDACT)


def test_rate_limit_waits() -> None:
    assert _wait(403, "x", {"Retry-After": "30"}) == Wait(30.0)
    assert _wait(429, "x", {"retry-after": "soon\n"}) == Wait(5.0, "'soon\\n'")
    assert _wait(403, "x", {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1100"}) == (
        Wait(101.0))
    assert _wait(403, "x", {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "900"}) == (
        Wait(1.0))  # a reset in the past: a second, never a negative wait
    assert _wait(403, "You have exceeded a secondary rate limit", {}, limited=2) == Wait(240.0)
    assert _wait(429, "slow down", {}) == Wait(60.0)
    assert _wait(403, "forbidden", {}) is None
    assert _wait(500, "rate limit", {"Retry-After": "1"}) is None
