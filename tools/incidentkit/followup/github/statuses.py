"""What an error answer means: our error for its status, the server's words made safe to print,
and how long a rate limit asks us to wait (GitHub's documented rules)."""

from __future__ import annotations

import re
from typing import NamedTuple

from github import GithubException

from incidentkit.followup.github.client import (
    Forbidden,
    GitHubError,
    Invalid,
    NotFound,
    RepositoryNotFound,
    TokenRefused,
)
from incidentkit.followup.github.safe import Redactor, server_text
from incidentkit.followup.github.throttle import retry_after


def server_message(exc: GithubException, redact: Redactor) -> str:
    """``STATUS message (details)``, as the server said it: redacted, escaped, shortened."""
    data = exc.data
    text = data.get("message") if isinstance(data, dict) else None
    details = []
    if isinstance(data, dict) and isinstance(data.get("errors"), list):
        for error in data["errors"]:
            if isinstance(error, dict):
                details.append(str(error.get("message") or " ".join(
                    str(error[k]) for k in ("field", "code", "value") if error.get(k))))
    suffix = f" ({'; '.join(details)})" if details else ""
    said = f"{text or 'error'}{suffix}"
    return f"{exc.status} {server_text(said, redact)}"


def _errors(exc: GithubException, key: str) -> tuple[str, ...]:
    data = exc.data
    errors = data.get("errors") if isinstance(data, dict) else None
    if not isinstance(errors, list):
        return ()
    return tuple(str(e.get(key)) for e in errors if isinstance(e, dict) and e.get(key))


def status_error(exc: GithubException, what: str, *, repo_level: bool, repository: str,
                 api_url: str, redact: Redactor) -> GitHubError:
    """The error for a 4xx that is not a rate limit."""
    status = exc.status
    if status == 401:
        return TokenRefused(
            "the token was refused (GITHUB_TOKEN): GitHub answered 401 Bad credentials; "
            f"check that it is valid, not expired, and for {api_url}")
    said = server_message(exc, redact)
    if status == 403:
        return Forbidden(
            f"GitHub refused to {what} in {repository} ({said}): the token needs permission "
            "to write issues (a workflow: `permissions: issues: write`)")
    if status in (404, 410) and repo_level:
        if status == 410:
            return RepositoryNotFound(f"issues are disabled in repository {repository}")
        return RepositoryNotFound(
            f"repository {repository} not found or not visible to the token (check "
            "github.repository / GITHUB_REPOSITORY and the token's access)")
    if status in (404, 410):
        return NotFound(f"GitHub could not {what}: {said}")
    if status == 422:
        return Invalid(f"GitHub refused to {what}: {said}", _errors(exc, "field"),
                       _errors(exc, "code"))
    return GitHubError(f"GitHub could not {what}: {said}")


class Wait(NamedTuple):
    seconds: float
    #: The ``Retry-After`` that could not be read (as shown in a message), if that is why.
    unreadable: str | None = None


def rate_limit_wait(exc: GithubException, *, limited: int, now: float, unreadable_wait: float,
                    redact: Redactor) -> Wait | None:
    """How long to wait if ``exc`` is a rate limit, else ``None``: ``Retry-After`` (seconds or
    an HTTP date; ``unreadable_wait`` when it is neither); with ``X-RateLimit-Remaining: 0``
    until ``X-RateLimit-Reset``; a secondary limit without either, a minute doubling after each
    (``limited`` waits so far)."""
    if exc.status not in (403, 429):
        return None
    headers = {str(k).lower(): str(v) for k, v in (exc.headers or {}).items()}
    if "retry-after" in headers:
        seconds = retry_after(headers["retry-after"], now)
        if seconds is not None:
            return Wait(seconds)
        return Wait(unreadable_wait, server_text(repr(headers["retry-after"]), redact, 60))
    reset = headers.get("x-ratelimit-reset", "")
    if headers.get("x-ratelimit-remaining") == "0" and re.fullmatch(r"[0-9]{1,12}", reset):
        return Wait(max(1.0, int(reset) - now + 1))
    if exc.status == 429 or "rate limit" in server_message(exc, redact).lower():
        return Wait(60.0 * 2.0**limited)
    return None
