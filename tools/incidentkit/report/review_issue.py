"""``review --issue``: the agenda as a GitHub issue, one per period, for the board to discuss.

The issue is found by a hidden marker naming the period (a search first; the listing of the
``incident-review`` label's issues when the search has nothing, because GitHub's search index
lags behind a new issue), created with the label the first time, and edited on a rerun for the
same period (a workflow run again by hand), never created twice. Its comments are the board's
discussion; the agenda stays its description.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from incidentkit.errors import FatalError
from incidentkit.followup.github.client import (
    Ambiguous,
    GitHubClient,
    GitHubError,
    IssueChange,
    NewIssue,
    RemoteIssue,
)
from incidentkit.followup.github.markers import normalized
from incidentkit.followup.github.pygithub import PyGithubClient
from incidentkit.followup.github.settings import RetryPolicy, Settings
from incidentkit.repository import Repository

#: The label of the review issues (created when missing).
LABEL = "incident-review"
LABEL_COLOR = "5319e7"
LABEL_DESCRIPTION = "The agenda of a weekly incident review (incidentkit review --issue)"
#: Seconds the posting may take by default.
DEADLINE = 120.0


@dataclass(frozen=True, slots=True)
class Posted:
    number: int
    url: str
    #: ``created``, ``updated`` or ``unchanged``.
    outcome: str


def _moment(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def marker(start: datetime, at: datetime) -> str:
    return f"<!-- incidentkit:review {_moment(start)}/{_moment(at)} -->"


def find(client: GitHubClient, mark: str) -> RemoteIssue | None:
    query = f'repo:{client.repository} is:issue in:body "incidentkit:review"'
    hits = [i for i in client.search_issues(query) if mark in i.body]
    if not hits:
        hits = [i for i in client.list_issues(LABEL) if mark in i.body]
    return min(hits, key=lambda i: i.number) if hits else None


def post(client: GitHubClient, *, title: str, agenda: str, start: datetime,
         at: datetime) -> Posted:
    """Make the period's issue say ``agenda``, creating it (and its label) the first time."""
    mark = marker(start, at)
    body = f"{mark}\n{agenda.rstrip()}\n"
    issue = find(client, mark)
    if issue is None:
        if LABEL.lower() not in {name.lower() for name in client.list_labels()}:
            client.create_label(LABEL, LABEL_COLOR, LABEL_DESCRIPTION)
        try:
            issue = client.create_issue(NewIssue(title, body, (LABEL,)))
        except Ambiguous:  # the answer was lost: did the issue come to be?
            issue = next((i for i in client.recent_issues(LABEL) if mark in i.body), None)
            if issue is None:
                raise
        return Posted(issue.number, issue.html_url, "created")
    change = IssueChange(
        title=title if issue.title != title else None,
        body=body if normalized(issue.body) != normalized(body) else None)
    if not change.fields:
        return Posted(issue.number, issue.html_url, "unchanged")
    issue = client.edit_issue(issue.number, change)
    return Posted(issue.number, issue.html_url, "updated")


def settings(repo: Repository, environ: Mapping[str, str] | None = None) -> Settings:
    """Where to post, from the environment (``GITHUB_TOKEN``, ``GITHUB_REPOSITORY``…)."""
    return Settings.from_env(repo.config.github, os.environ if environ is None else environ)


def post_review(found: Settings, *, title: str, agenda: str, start: datetime, at: datetime,
                environ: Mapping[str, str] | None = None) -> Posted:
    """:func:`post` through a PyGithub client; errors as ``FatalError``."""
    env = os.environ if environ is None else environ
    client = PyGithubClient(found, policy=RetryPolicy.from_env(env, deadline=DEADLINE))
    try:
        return post(client, title=title, agenda=agenda, start=start, at=at)
    except GitHubError as exc:
        raise FatalError(f"review issue not posted: {exc.message}",
                         status=2 if exc.fatal else 1) from None
