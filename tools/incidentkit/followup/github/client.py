"""The interface to GitHub the engines use, its records and its errors.

Engines see plain frozen records and our own error types; only :mod:`.pygithub` knows PyGithub.
Every error message is safe to print: none carries the token (:mod:`.safe` redacts it from
whatever a server says), and server text in it is shortened, with control characters escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

State = Literal["open", "closed"]


@dataclass(frozen=True, slots=True)
class RemoteIssue:
    """An issue as GitHub shows it (never a pull request)."""

    number: int
    title: str
    body: str
    state: State
    #: ``completed``, ``not_planned``, ``duplicate``, ``reopened`` or ``None``.
    state_reason: str | None
    labels: tuple[str, ...]
    assignees: tuple[str, ...]
    html_url: str


@dataclass(frozen=True, slots=True)
class NewIssue:
    title: str
    body: str
    labels: tuple[str, ...]
    assignees: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IssueChange:
    """The fields to change; ``None`` leaves a field as it is."""

    title: str | None = None
    body: str | None = None
    labels: tuple[str, ...] | None = None
    assignees: tuple[str, ...] | None = None
    state: State | None = None
    #: With ``state="closed"``: ``completed`` or ``not_planned``.
    state_reason: str | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        """The names of the fields that change, for messages."""
        names = ("title", "body", "labels", "assignees", "state")
        return tuple(n for n in names if getattr(self, n) is not None)


class GitHubClient(Protocol):
    """One repository's issues, labels and comments."""

    @property
    def repository(self) -> str:
        """``owner/name``."""
        ...

    def list_issues(self, label: str) -> list[RemoteIssue]:
        """Every issue with ``label``, open and closed, oldest first (all pages)."""
        ...

    def recent_issues(self, label: str) -> list[RemoteIssue]:
        """The newest issues with ``label`` (one page): did a create whose answer was lost
        happen?"""
        ...

    def get_issue(self, number: int) -> RemoteIssue | None:
        """Issue ``number``, or ``None`` if it does not exist (any more)."""
        ...

    def search_issues(self, query: str) -> list[RemoteIssue]:
        """GitHub issue search (``repo:`` is added by the caller)."""
        ...

    def create_issue(self, new: NewIssue) -> RemoteIssue: ...

    def edit_issue(self, number: int, change: IssueChange) -> RemoteIssue: ...

    def list_labels(self) -> list[str]: ...

    def create_label(self, name: str, color: str, description: str) -> None:
        """Create a label; one that exists already is not an error."""
        ...

    def add_comment(self, number: int, body: str) -> None: ...


class GitHubError(Exception):
    """A request failed. ``fatal``: no later request can succeed either (stop the run, exit 2).
    ``stops``: stop the run now, keeping what was done; a rerun later continues (exit 1)."""

    fatal = False
    stops = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class TokenRefused(GitHubError):
    """401: the token is invalid, expired or revoked."""

    fatal = True


class RepositoryNotFound(GitHubError):
    """404 on the repository: it does not exist or the token cannot see it."""

    fatal = True


class Forbidden(GitHubError):
    """403 that is not a rate limit: the token may not do this."""

    fatal = True


class NotFound(GitHubError):
    """404 or 410 on one issue."""


class Invalid(GitHubError):
    """422: GitHub refused the content. ``fields`` names what it refused (``assignees``),
    ``codes`` why (``already_exists``)."""

    def __init__(self, message: str, fields: tuple[str, ...] = (),
                 codes: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.fields = fields
        self.codes = codes


class Unavailable(GitHubError):
    """5xx, timeouts or dropped connections, still failing after the retries."""


class Ambiguous(Unavailable):
    """A create whose answer was lost: it may or may not have happened."""


class RateLimited(GitHubError):
    """A rate limit that would take longer than we are willing to wait: rerun later."""

    stops = True


class DeadlinePassed(GitHubError):
    """The run's deadline came (or a wait would pass it): rerun to continue."""

    stops = True


class BadAnswer(GitHubError):
    """An answer that is no REST API answer: a redirect, HTML, not JSON, too large, the wrong
    shape. The address or the server is wrong; a rerun as it is would fail the same way."""

    fatal = True
