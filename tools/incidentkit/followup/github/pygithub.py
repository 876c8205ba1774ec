"""The :class:`~.client.GitHubClient` implemented with PyGithub, and where it gets its settings.

PyGithub's own retries and spacing are switched off (``retry=None``, no
``seconds_between_*``): they sleep with ``time.sleep`` where tests cannot reach, and urllib3
would resend a ``POST`` whose connection dropped, which is how duplicate issues are made. Instead
:meth:`PyGithubClient._call` does, with the injected clock:

* ``Retry-After`` on a 403/429 is waited out; with ``X-RateLimit-Remaining: 0`` until
  ``X-RateLimit-Reset``; a secondary limit without either, 60 s doubling (GitHub's advice);
  a wait longer than ``max_wait`` stops the run (:class:`~.client.RateLimited`);
* 5xx, timeouts and dropped connections are retried with exponential backoff, ``attempts``
  times in all, for reads and for writes that can be repeated (PATCH, labels); a create that
  fails that way raises :class:`~.client.Ambiguous` at once: the caller looks for the issue by
  its marker before creating it again;
* before a request, if the last response said no requests remain, wait for the reset;
* every write first takes a token from the :class:`~.throttle.ContentThrottle`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import requests
from github import Auth, Github, GithubException
from github.Issue import Issue

from incidentkit.config import GitHubSettings
from incidentkit.errors import FatalError
from incidentkit.followup.github.client import (
    Ambiguous,
    Forbidden,
    GitHubError,
    Invalid,
    IssueChange,
    NewIssue,
    NotFound,
    RateLimited,
    RemoteIssue,
    RepositoryNotFound,
    TokenRefused,
    Unavailable,
)
from incidentkit.followup.github.throttle import Clock, ContentThrottle, SystemClock

T = TypeVar("T")

DEFAULT_API = "https://api.github.com"
_TRANSIENT = (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
              requests.exceptions.ChunkedEncodingError)


@dataclass(frozen=True, slots=True)
class Settings:
    """Where and as whom to talk to GitHub. ``repr`` never shows the token."""

    repository: str
    api_url: str
    #: The web address issues and files are shown at (``https://github.com``).
    web_url: str
    token: str

    def __repr__(self) -> str:
        return f"Settings(repository={self.repository!r}, api_url={self.api_url!r})"

    @classmethod
    def from_env(cls, config: GitHubSettings, environ: Mapping[str, str]) -> Settings:
        """``GITHUB_TOKEN``, the config's repository or ``GITHUB_REPOSITORY``,
        ``GITHUB_API_URL`` (default api.github.com) and ``GITHUB_SERVER_URL``."""
        token = environ.get("GITHUB_TOKEN", "").strip()
        if not token:
            raise FatalError(
                "GITHUB_TOKEN is not set: export a token that may write issues (in a workflow: "
                "`env: GITHUB_TOKEN: ${{ github.token }}` and `permissions: issues: write`)")
        repository = config.repository or environ.get("GITHUB_REPOSITORY", "").strip()
        if not repository or repository.count("/") != 1:
            raise FatalError(
                "no GitHub repository: set github.repository (owner/name) in incidentkit.yaml "
                "or GITHUB_REPOSITORY")
        api = (environ.get("GITHUB_API_URL") or DEFAULT_API).rstrip("/")
        web = environ.get("GITHUB_SERVER_URL", "").rstrip("/") or web_url(api)
        return cls(repository, api, web, token)


def web_url(api_url: str) -> str:
    """``https://api.github.com`` → ``https://github.com``; ``https://ghe/api/v3`` → ``https://ghe``."""
    if api_url == DEFAULT_API:
        return "https://github.com"
    return api_url.removesuffix("/api/v3")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    #: Tries in all for a request failing with 5xx, a timeout or a dropped connection.
    attempts: int = 5
    #: First backoff in seconds; doubled after every failure, up to ``max_backoff``.
    backoff: float = 2.0
    max_backoff: float = 60.0
    #: Rate-limit waits longer than this stop the run instead.
    max_wait: float = 900.0
    #: Times in a row a rate limit is waited out before giving up.
    rate_limit_retries: int = 5
    #: Seconds before a request times out.
    timeout: int = 30


def _record(issue: Issue) -> RemoteIssue:
    return RemoteIssue(
        number=issue.number, title=issue.title, body=issue.body or "",
        state="closed" if issue.state == "closed" else "open",
        state_reason=issue.state_reason, labels=tuple(label.name for label in issue.labels),
        assignees=tuple(user.login for user in issue.assignees), html_url=issue.html_url)


def _is_pull_request(issue: Issue) -> bool:
    # ``issue.pull_request`` would fetch the issue again when GitHub left the key out (as it
    # does for every issue); a pull request's page is /pull/N.
    return "/pull/" in issue.html_url


def _message(exc: GithubException) -> str:
    data = exc.data
    text = data.get("message") if isinstance(data, dict) else None
    details = []
    if isinstance(data, dict) and isinstance(data.get("errors"), list):
        for error in data["errors"]:
            if isinstance(error, dict):
                details.append(str(error.get("message") or " ".join(
                    str(error[k]) for k in ("field", "code", "value") if error.get(k))))
    suffix = f" ({'; '.join(details)})" if details else ""
    return f"{exc.status} {text or 'error'}{suffix}"


def _fields(exc: GithubException) -> tuple[str, ...]:
    data = exc.data
    errors = data.get("errors") if isinstance(data, dict) else None
    if not isinstance(errors, list):
        return ()
    return tuple(str(e.get("field")) for e in errors if isinstance(e, dict) and e.get("field"))


class PyGithubClient:
    def __init__(self, settings: Settings, *, clock: Clock | None = None,
                 policy: RetryPolicy | None = None, per_page: int = 100) -> None:
        self.settings = settings
        self.clock = clock or SystemClock()
        self.policy = policy or RetryPolicy()
        self.throttle = ContentThrottle(self.clock)
        self._gh = Github(
            base_url=settings.api_url, auth=Auth.Token(settings.token), retry=None,
            timeout=self.policy.timeout, per_page=per_page, seconds_between_requests=None,
            seconds_between_writes=None, lazy=True, user_agent="incidentkit")
        self._repo = self._gh.get_repo(settings.repository)  # lazy: no request

    @property
    def repository(self) -> str:
        return self.settings.repository

    # -- the interface -----------------------------------------------------------------------

    def list_issues(self, label: str) -> list[RemoteIssue]:
        pages = self._repo.get_issues(state="all", labels=[label], sort="created",
                                      direction="asc")
        # A retry iterates again: the pages already read are kept, the failed one is fetched.
        issues = self._call(lambda: list(pages), what="list the issues", repo_level=True)
        return [_record(i) for i in issues if not _is_pull_request(i)]

    def recent_issues(self, label: str) -> list[RemoteIssue]:
        pages = self._repo.get_issues(state="all", labels=[label], sort="created",
                                      direction="desc")
        issues = self._call(lambda: pages.get_page(0), what="list the newest issues",
                            repo_level=True)
        return [_record(i) for i in issues if not _is_pull_request(i)]

    def get_issue(self, number: int) -> RemoteIssue | None:
        try:
            return self._call(lambda: _record(self._repo.get_issue(number)),
                              what=f"read issue #{number}")
        except NotFound:
            return None

    def search_issues(self, query: str) -> list[RemoteIssue]:
        found = self._call(lambda: list(self._gh.search_issues(query)), what="search issues",
                           repo_level=True)
        return [_record(i) for i in found if not _is_pull_request(i)]

    def create_issue(self, new: NewIssue) -> RemoteIssue:
        issue = self._call(
            lambda: self._repo.create_issue(title=new.title, body=new.body,
                                            labels=list(new.labels),
                                            assignees=list(new.assignees)),
            what="create an issue", write=True, repeatable=False, repo_level=True)
        return _record(issue)

    def edit_issue(self, number: int, change: IssueChange) -> RemoteIssue:
        issue = self._repo.get_issue(number)  # lazy: edit() needs only its URL
        kwargs: dict[str, Any] = {}
        for name in ("title", "body", "state", "state_reason"):
            if getattr(change, name) is not None:
                kwargs[name] = getattr(change, name)
        if change.labels is not None:
            kwargs["labels"] = list(change.labels)
        if change.assignees is not None:
            kwargs["assignees"] = list(change.assignees)
        self._call(lambda: issue.edit(**kwargs), what=f"edit issue #{number}", write=True)
        return _record(issue)

    def list_labels(self) -> list[str]:
        labels = self._repo.get_labels()
        return [label.name for label in self._call(lambda: list(labels), what="list the labels",
                                                   repo_level=True)]

    def create_label(self, name: str, color: str, description: str) -> None:
        try:
            self._call(lambda: self._repo.create_label(name, color, description),
                       what=f"create the label {name!r}", write=True, repo_level=True)
        except Invalid as exc:
            if "already_exists" not in exc.message:
                raise

    def add_comment(self, number: int, body: str) -> None:
        issue = self._repo.get_issue(number)
        self._call(lambda: issue.create_comment(body), what=f"comment on issue #{number}",
                   write=True, repeatable=False)

    # -- one request, with retries -----------------------------------------------------------

    def _call(self, op: Callable[[], T], *, what: str, write: bool = False,
              repeatable: bool = True, repo_level: bool = False) -> T:
        failures = limited = 0
        while True:
            self._wait_for_reset()
            if write:
                self.throttle.acquire()
            try:
                return op()
            except GithubException as exc:
                wait = self._rate_limit_wait(exc, limited)
                if wait is not None:
                    limited += 1
                    if limited > self.policy.rate_limit_retries:
                        raise RateLimited(f"GitHub still rate-limits us after {limited - 1} "
                                          f"waits (to {what}): rerun later") from None
                    self._sleep_or_stop(wait, what)
                    continue
                if exc.status < 500:
                    raise self._error(exc, what, repo_level) from None
                cause = _message(exc)
            except _TRANSIENT as exc:
                cause = ("timed out" if isinstance(exc, requests.exceptions.Timeout)
                         else "the connection was lost")
            if not repeatable:
                raise Ambiguous(f"GitHub did not confirm the request to {what} ({cause})")
            failures += 1
            if failures >= self.policy.attempts:
                raise Unavailable(f"GitHub did not answer the request to {what} after "
                                  f"{failures} tries ({cause}): rerun later")
            self.clock.sleep(min(self.policy.max_backoff,
                                 self.policy.backoff * 2.0 ** (failures - 1)))

    def _sleep_or_stop(self, wait: float, what: str) -> None:
        if wait > self.policy.max_wait:
            until = datetime.fromtimestamp(self.clock.now() + wait, UTC)
            raise RateLimited(f"GitHub's rate limit stops us (to {what}) until "
                              f"{until:%Y-%m-%d %H:%M UTC}: rerun after that")
        self.clock.sleep(wait)

    def _wait_for_reset(self) -> None:
        remaining, _limit = self._gh.requester.rate_limiting
        reset = self._gh.requester.rate_limiting_resettime
        if remaining == 0 and reset:
            wait = reset - self.clock.now() + 1
            if wait > 0:
                self._sleep_or_stop(wait, "go on")

    def _rate_limit_wait(self, exc: GithubException, limited: int) -> float | None:
        """Seconds to wait if ``exc`` is a rate limit (GitHub's documented rules), else None."""
        if exc.status not in (403, 429):
            return None
        headers = {str(k).lower(): str(v) for k, v in (exc.headers or {}).items()}
        retry_after = headers.get("retry-after", "")
        if retry_after.strip().isdigit():
            return float(retry_after)
        reset = headers.get("x-ratelimit-reset", "")
        if headers.get("x-ratelimit-remaining") == "0" and reset.isdigit():
            return max(1.0, int(reset) - self.clock.now() + 1)
        message = _message(exc).lower()
        if exc.status == 429 or "secondary rate limit" in message or "rate limit" in message:
            return 60.0 * 2.0**limited
        return None

    def _error(self, exc: GithubException, what: str, repo_level: bool) -> GitHubError:
        status = exc.status
        repo = self.settings.repository
        if status == 401:
            return TokenRefused(
                "the token was refused (GITHUB_TOKEN): GitHub answered 401 Bad credentials; "
                f"check that it is valid, not expired, and for {self.settings.api_url}")
        if status == 403:
            return Forbidden(
                f"GitHub refused to {what} in {repo} ({_message(exc)}): the token needs "
                "permission to write issues (a workflow: `permissions: issues: write`)")
        if status in (404, 410) and repo_level:
            if status == 410:
                return RepositoryNotFound(f"issues are disabled in repository {repo}")
            return RepositoryNotFound(
                f"repository {repo} not found or not visible to the token (check "
                "github.repository / GITHUB_REPOSITORY and the token's access)")
        if status in (404, 410):
            return NotFound(f"GitHub could not {what}: {_message(exc)}")
        if status == 422:
            return Invalid(f"GitHub refused to {what}: {_message(exc)}", _fields(exc))
        return GitHubError(f"GitHub could not {what}: {_message(exc)}")


def connect(config: GitHubSettings, *, clock: Clock | None = None,
            environ: Mapping[str, str] | None = None) -> PyGithubClient:
    """A client for the configured repository, from the environment."""
    settings = Settings.from_env(config, os.environ if environ is None else environ)
    return PyGithubClient(settings, clock=clock)
