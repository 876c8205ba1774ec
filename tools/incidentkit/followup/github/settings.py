"""Where and as whom to talk to GitHub, and how long to wait for it: from the environment.

``GITHUB_TOKEN``, ``GITHUB_REPOSITORY`` (or ``github.repository``), ``GITHUB_API_URL`` and
``GITHUB_SERVER_URL`` as GitHub Actions sets them; ``INCIDENTKIT_GITHUB_DEADLINE`` (seconds a
run may take, waits included) and ``INCIDENTKIT_GITHUB_TIMEOUT`` (seconds to wait for an answer).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from incidentkit.config import GitHubSettings
from incidentkit.errors import FatalError
from incidentkit.followup.github.safe import escape_controls, shorten

DEFAULT_API = "https://api.github.com"
DEADLINE_VARIABLE = "INCIDENTKIT_GITHUB_DEADLINE"
TIMEOUT_VARIABLE = "INCIDENTKIT_GITHUB_TIMEOUT"
_TOKEN = re.compile(r"[\x21-\x7e]+")
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]")
_SECONDS = re.compile(r"[0-9]{1,6}(\.[0-9]{1,3})?")


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
        if not _TOKEN.fullmatch(token):
            raise FatalError(
                "GITHUB_TOKEN holds a space, a control or a non-ASCII character, which no token "
                "has: check that it was copied whole and alone")
        api = (environ.get("GITHUB_API_URL") or DEFAULT_API).rstrip("/")
        if not _is_address(api):
            raise FatalError(
                "GITHUB_API_URL is not an http(s) address with a host name: set it to "
                f"{DEFAULT_API}, or https://HOST/api/v3 for GitHub Enterprise")
        web = environ.get("GITHUB_SERVER_URL", "").rstrip("/") or web_url(api)
        return cls(repository, api, web, token)


def _is_address(url: str) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not _CONTROL.search(
        url)


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
    #: The wait for a rate limit whose ``Retry-After`` is unreadable (once; then the run stops).
    unreadable_wait: float = 60.0
    #: Seconds to open a connection, and to wait for each read of the answer.
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    #: Seconds the whole run may take, waits included (``None``: no limit).
    deadline: float | None = 600.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str], *, deadline: float = 600.0) -> RetryPolicy:
        """``INCIDENTKIT_GITHUB_DEADLINE`` (seconds for the run, default ``deadline``) and
        ``INCIDENTKIT_GITHUB_TIMEOUT`` (seconds to wait for an answer, default 30)."""
        run = _seconds(environ, DEADLINE_VARIABLE, deadline, 1, 86_400, "600 (10 minutes)")
        read = _seconds(environ, TIMEOUT_VARIABLE, 30.0, 0.1, 600, "30")
        return cls(connect_timeout=min(10.0, read), read_timeout=read, deadline=run)


def _seconds(environ: Mapping[str, str], name: str, default: float, low: float, high: float,
             example: str) -> float:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    if _SECONDS.fullmatch(raw) and low <= float(raw) <= high:
        return float(raw)
    shown = shorten(escape_controls(raw), 40)
    raise FatalError(f"{name}={shown} is not a number of seconds from {low:g} to {high:g}: "
                     f"set it to e.g. {example}, or unset it")
