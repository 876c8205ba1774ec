"""The :class:`~.client.GitHubClient` implemented with PyGithub.

PyGithub sends the requests (authentication, addresses, error statuses, rate-limit headers);
the answers are read by :mod:`.answers` from the JSON itself, checked field by field, and pages
are followed here, so no lazy object ever makes a request of its own. Under PyGithub,
:mod:`.transport` sets the timeouts and refuses redirects, non-JSON and oversized answers.

PyGithub's own retries and spacing are switched off (``retry=None``, no
``seconds_between_*``): they sleep with ``time.sleep`` where tests cannot reach, and urllib3
would resend a ``POST`` whose connection dropped, which is how duplicate issues are made. Instead
:meth:`PyGithubClient._call` does, with the injected clock:

* ``Retry-After`` on a 403/429 (seconds or an HTTP date, RFC 9110) is waited out; one that is
  neither is read as 60 s, once; with ``X-RateLimit-Remaining: 0`` until ``X-RateLimit-Reset``;
  a secondary limit without either, 60 s doubling (GitHub's advice); a wait longer than
  ``max_wait`` stops the run (:class:`~.client.RateLimited`);
* every wait and every request counts against the run's deadline (``deadline`` seconds,
  ``INCIDENTKIT_GITHUB_DEADLINE``): what would end after it stops the run instead
  (:class:`~.client.DeadlinePassed`), keeping what was done;
* 5xx, timeouts and dropped connections are retried with exponential backoff, ``attempts``
  times in all, for reads and for writes that can be repeated (PATCH, labels); a create that
  fails that way raises :class:`~.client.Ambiguous` at once: the caller looks for the issue by
  its marker before creating it again;
* before a request, if the last response said no requests remain, wait for the reset;
* every write first takes a token from the :class:`~.throttle.ContentThrottle`.

Every error leaving :meth:`PyGithubClient._call` has the token redacted from its message
(:class:`~.safe.Redactor`), whatever the server echoed; what the server said is shortened to
300 characters with its control characters escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import requests
from github import Auth, Github, GithubException

from incidentkit.followup.github import answers
from incidentkit.followup.github.client import (
    Ambiguous,
    BadAnswer,
    DeadlinePassed,
    GitHubError,
    Invalid,
    IssueChange,
    NewIssue,
    NotFound,
    RateLimited,
    RemoteIssue,
    Unavailable,
)
from incidentkit.followup.github.safe import Redactor, escape_controls, shorten
from incidentkit.followup.github.settings import DEADLINE_VARIABLE, RetryPolicy, Settings
from incidentkit.followup.github.statuses import rate_limit_wait, server_message, status_error
from incidentkit.followup.github.throttle import (
    Clock,
    ContentThrottle,
    Deadline,
    OutOfTime,
    SystemClock,
)
from incidentkit.followup.github.transport import Guard, Rejected, install

T = TypeVar("T")

_TRANSIENT = (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
              requests.exceptions.ChunkedEncodingError)
_ADVICE = ("check GITHUB_API_URL (https://api.github.com, or https://HOST/api/v3 for GitHub "
           "Enterprise) and the repository's name, then rerun")


class PyGithubClient:
    def __init__(self, settings: Settings, *, clock: Clock | None = None,
                 policy: RetryPolicy | None = None, per_page: int = 100) -> None:
        self.settings = settings
        self.policy = policy or RetryPolicy()
        self.clock = Deadline(clock or SystemClock(), self.policy.deadline)
        self.throttle = ContentThrottle(self.clock)
        self.redact = Redactor(settings.token)
        self.per_page = per_page
        gh = Github(
            base_url=settings.api_url, auth=Auth.Token(settings.token), retry=None,
            timeout=int(self.policy.read_timeout) + 1, per_page=per_page,
            seconds_between_requests=None, seconds_between_writes=None, lazy=True,
            user_agent="incidentkit")
        self._rq = gh.requester
        self.guard = Guard(settings.api_url, self.clock, connect=self.policy.connect_timeout,
                           read=self.policy.read_timeout)
        install(self._rq, self.guard)
        owner, name = settings.repository.split("/")
        self._repo = f"/repos/{quote(owner, safe='')}/{quote(name, safe='')}"

    @property
    def repository(self) -> str:
        return self.settings.repository

    # -- the interface -----------------------------------------------------------------------

    def list_issues(self, label: str) -> list[RemoteIssue]:
        what = "list the issues"
        return self._issues(self._pages(
            f"{self._repo}/issues", {"state": "all", "labels": label, "sort": "created",
                                     "direction": "asc"}, what=what), what)

    def recent_issues(self, label: str) -> list[RemoteIssue]:
        what = "list the newest issues"
        return self._issues(self._pages(
            f"{self._repo}/issues", {"state": "all", "labels": label, "sort": "created",
                                     "direction": "desc"}, what=what, first_only=True), what)

    def get_issue(self, number: int) -> RemoteIssue | None:
        try:
            what = f"read issue #{number}"
            return self._issue(self._json("GET", f"{self._repo}/issues/{number}", what=what),
                               what)
        except NotFound:
            return None

    def search_issues(self, query: str) -> list[RemoteIssue]:
        what = "search issues"
        return self._issues(self._pages("/search/issues", {"q": query}, what=what,
                                        read=answers.search_items), what)

    def create_issue(self, new: NewIssue) -> RemoteIssue:
        what = "create an issue"
        return self._issue(self._json(
            "POST", f"{self._repo}/issues", what=what, write=True, repeatable=False,
            repo_level=True, body={"title": new.title, "body": new.body,
                                   "labels": list(new.labels),
                                   "assignees": list(new.assignees)}), what)

    def edit_issue(self, number: int, change: IssueChange) -> RemoteIssue:
        body: dict[str, Any] = {}
        for name in ("title", "body", "state", "state_reason"):
            if getattr(change, name) is not None:
                body[name] = getattr(change, name)
        if change.labels is not None:
            body["labels"] = list(change.labels)
        if change.assignees is not None:
            body["assignees"] = list(change.assignees)
        what = f"edit issue #{number}"
        return self._issue(self._json("PATCH", f"{self._repo}/issues/{number}", body=body,
                                      what=what, write=True), what)

    def list_labels(self) -> list[str]:
        what = "list the labels"
        found = self._pages(f"{self._repo}/labels", {}, what=what,
                            read=lambda data: answers.items(data, "labels"))
        return [self._read(lambda: answers.label_name(label, i), what)  # noqa: B023
                for i, label in enumerate(found)]

    def create_label(self, name: str, color: str, description: str) -> None:
        try:
            self._json("POST", f"{self._repo}/labels", what=f"create the label {name!r}",
                       body={"name": name, "color": color, "description": description},
                       write=True, repo_level=True)
        except Invalid as exc:
            if "already_exists" not in exc.codes:
                raise

    def add_comment(self, number: int, body: str) -> None:
        self._json("POST", f"{self._repo}/issues/{number}/comments", body={"body": body},
                   what=f"comment on issue #{number}", write=True, repeatable=False)

    # -- requests and answers ----------------------------------------------------------------

    def _issue(self, data: Any, what: str) -> RemoteIssue:
        issue = self._read(lambda: answers.issue(data), what)
        if issue is None:
            raise self._bad(f"with pull request #{data.get('number')} where an issue belongs",
                            what)
        return replace(issue, html_url=self.redact(issue.html_url))  # it is printed

    def _issues(self, found: list[Any], what: str) -> list[RemoteIssue]:
        out = []
        for index, data in enumerate(found):
            issue = self._read(lambda: answers.issue(data, index), what)  # noqa: B023
            if issue is not None:
                out.append(replace(issue, html_url=self.redact(issue.html_url)))
        return out

    def _read(self, parse: Callable[[], T], what: str) -> T:
        try:
            return parse()
        except answers.Shape as exc:
            raise self._bad(f"in a shape the REST API does not send ({exc})", what) from None

    def _bad(self, problem: str, what: str) -> BadAnswer:
        return BadAnswer(self.redact(
            f"GitHub answered {self.guard.last} (to {what}) {problem}: {_ADVICE}"))

    def _json(self, verb: str, url: str, *, what: str, params: dict[str, Any] | None = None,
              body: dict[str, Any] | None = None, write: bool = False, repeatable: bool = True,
              repo_level: bool = False) -> Any:
        _, data = self._call(
            lambda: self._rq.requestJsonAndCheck(verb, url, parameters=params, input=body),
            what=what, write=write, repeatable=repeatable, repo_level=repo_level)
        return data

    def _pages(self, url: str, params: dict[str, Any], *, what: str,
               read: Callable[[object], list[Any]] = lambda data: answers.items(data, "issues"),
               first_only: bool = False) -> list[Any]:
        """Every page's items, following ``Link: rel="next"``, each page tried on its own."""
        out: list[Any] = []
        query: dict[str, Any] | None = {**params, "per_page": self.per_page}
        seen = {url}
        while True:
            headers, data = self._call(
                lambda: self._rq.requestJsonAndCheck("GET", url, parameters=query),  # noqa: B023
                what=what, repo_level=True)
            out.extend(self._read(lambda: read(data), what))  # noqa: B023
            following = self._next_page(headers, what)
            if first_only or following is None:
                return out
            if following in seen:
                raise self._bad("with a next page that was read already (a loop)", what)
            seen.add(following)
            url, query = following, None

    def _next_page(self, headers: Mapping[str, Any], what: str) -> str | None:
        link = str(headers.get("link") or "")
        target = next((item.get("url", "") for item in requests.utils.parse_header_links(link)
                       if item.get("rel") == "next"), None)
        if target is None:
            return None
        api, there = urlsplit(self.settings.api_url), urlsplit(target)
        if (there.scheme, there.netloc) != (api.scheme, api.netloc) or not (
                there.path.startswith(api.path.rstrip("/") + "/")):
            shown = shorten(escape_controls(f"{there.scheme}://{there.netloc}{there.path}"), 100)
            raise self._bad(f"with a next page outside GITHUB_API_URL ({shown})", what)
        return target

    # -- one request, with retries -----------------------------------------------------------

    def _call(self, op: Callable[[], T], *, what: str, write: bool = False,
              repeatable: bool = True, repo_level: bool = False) -> T:
        """``op`` with retries and waits; every error it ends in has a redacted message."""
        try:
            return self._attempts(op, what=what, write=write, repeatable=repeatable,
                                  repo_level=repo_level)
        except GitHubError as exc:
            exc.message = self.redact(exc.message)
            exc.args = (exc.message,)
            raise

    def _attempts(self, op: Callable[[], T], *, what: str, write: bool, repeatable: bool,
                  repo_level: bool) -> T:
        failures = limited = unreadable = 0
        while True:
            try:
                self._wait_for_reset(what)
                if write:
                    try:
                        self.throttle.acquire()
                    except OutOfTime as exc:
                        raise OutOfTime(f"{exc}, pacing writes below GitHub's content "
                                        "limits") from None
                return op()
            except OutOfTime as exc:
                raise DeadlinePassed(f"the run's deadline ({self._limit()}) {exc} (to {what}): "
                                     "rerun to continue; what was done is kept") from None
            except Rejected as exc:
                raise BadAnswer(f"GitHub answered {exc.request} (to {what}) {exc.problem}: "
                                f"{_ADVICE}") from None
            except GithubException as exc:
                wait = rate_limit_wait(exc, limited=limited, now=self.clock.now(),
                                       unreadable_wait=self.policy.unreadable_wait,
                                       redact=self.redact)
                why = f"{self.guard.last}, to {what}"
                if wait is not None:
                    limited += 1
                    if wait.unreadable and unreadable:
                        raise RateLimited(f"GitHub still rate-limits us ({why}) and its "
                                          f"Retry-After {wait.unreadable} is neither seconds "
                                          "nor a date: rerun later") from None
                    unreadable += wait.unreadable is not None
                    if limited > self.policy.rate_limit_retries:
                        raise RateLimited(f"GitHub still rate-limits us after {limited - 1} "
                                          f"waits ({why}): rerun later") from None
                    self._sleep_or_stop(wait.seconds, why)
                    continue
                if exc.status < 500:
                    raise status_error(exc, what, repo_level=repo_level,
                                       repository=self.settings.repository,
                                       api_url=self.settings.api_url,
                                       redact=self.redact) from None
                cause = server_message(exc, self.redact)
            except _TRANSIENT as exc:
                cause = ("timed out" if isinstance(exc, requests.exceptions.Timeout)
                         else "the connection was lost")
            except requests.exceptions.RequestException as exc:
                raise BadAnswer(f"{self.guard.last} (to {what}) could not be sent "
                                f"({type(exc).__name__}): {_ADVICE}") from None
            if not repeatable:
                raise Ambiguous(f"GitHub did not confirm the request to {what} ({cause})")
            failures += 1
            if failures >= self.policy.attempts:
                raise Unavailable(f"GitHub did not answer {self.guard.last} (to {what}) after "
                                  f"{failures} tries ({cause}): rerun later")
            backoff = min(self.policy.max_backoff, self.policy.backoff * 2.0 ** (failures - 1))
            try:
                self.clock.sleep(backoff)
            except OutOfTime:
                raise DeadlinePassed(
                    f"GitHub did not answer {self.guard.last} (to {what}): {cause}; the run's "
                    f"deadline ({self._limit()}) comes before the next try: rerun later to "
                    "continue; what was done is kept") from None

    def _limit(self) -> str:
        return f"{self.policy.deadline:g} s, {DEADLINE_VARIABLE}"

    def _sleep_or_stop(self, wait: float, why: str) -> None:
        if wait > self.policy.max_wait:
            if wait < 366 * 86_400:
                until = datetime.fromtimestamp(self.clock.now() + wait, UTC)
                when = f"until {until:%Y-%m-%d %H:%M UTC}: rerun after that"
            else:
                when = "for more than a year: rerun later"
            raise RateLimited(f"GitHub's rate limit stops us ({why}) {when}")
        try:
            self.clock.sleep(wait)
        except OutOfTime:
            raise DeadlinePassed(
                f"GitHub's rate limit asks us to wait {wait:.0f} s ({why}), past the run's "
                f"deadline ({self._limit()}): rerun later to continue; what was done is "
                "kept") from None

    def _wait_for_reset(self, what: str) -> None:
        remaining, _limit = self._rq.rate_limiting
        reset = self._rq.rate_limiting_resettime
        if remaining == 0 and reset:
            wait = reset - self.clock.now() + 1
            if wait > 0:
                self._sleep_or_stop(wait, f"to {what}")
