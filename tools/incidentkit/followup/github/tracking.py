"""``overdue --tracking-issue``: one issue whose description is the current overdue report.

The issue is found by a hidden marker (a search first, one request; the listing of the base
label's issues when the search has nothing, because GitHub's search index lags behind a new
issue), created once with ``github.tracking_issue_title`` and the base label, and from then on
edited, never re-created: its number, comments, subscribers and pin stay. Pinning is not in
GitHub's REST API (only GraphQL's ``pinIssue``), so pin it once by hand.

Owners who become overdue are mentioned once, in a comment: the logins already mentioned, and
still overdue, are kept in a hidden marker at the end of the description. Someone whose items
are all done drops out of it and is mentioned again if they fall behind again. The comment is
posted before the description records it, so a failure repeats a mention rather than losing one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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
from incidentkit.followup.github.throttle import Clock
from incidentkit.followup.overdue import OverdueItem
from incidentkit.followup.report import late_by
from incidentkit.present import utc_minute
from incidentkit.repository import Repository

MARKER = "<!-- incidentkit:tracking-issue -->"
#: Seconds the tracking-issue update may take by default (its workflow job has ten minutes).
DEADLINE = 300.0
_MENTIONED = re.compile(r"<!--\s*incidentkit:mentioned((?:\s+[A-Za-z0-9-]+)*)\s*-->")


@dataclass(frozen=True, slots=True)
class Tracked:
    number: int
    url: str
    #: ``created``, ``updated`` or ``unchanged``.
    outcome: str
    mentioned: tuple[str, ...]
    #: Owners with overdue items and no GitHub login: nobody to mention.
    unreachable: tuple[str, ...]


def mentioned(body: str) -> set[str]:
    found = _MENTIONED.search(body)
    return set(found[1].split()) if found else set()


def tracking_body(report: str, logins: Sequence[str]) -> str:
    return (f"{MARKER}\n{report.rstrip()}\n\n"
            f"<!-- incidentkit:mentioned{''.join(' ' + login for login in logins)} -->\n")


def find(client: GitHubClient, label: str) -> RemoteIssue | None:
    query = f'repo:{client.repository} is:issue in:body "incidentkit:tracking-issue"'
    hits = [i for i in client.search_issues(query) if MARKER in i.body]
    if not hits:
        hits = [i for i in client.list_issues(label) if MARKER in i.body]
    return min(hits, key=lambda i: i.number) if hits else None


def _line(item: OverdueItem) -> str:
    due = (item.due_day.isoformat() if item.due_day else
           utc_minute(item.due))
    return f"{item.what} — due {due}, {late_by(item.late)} late"


def mention_comment(new: Sequence[str], owned: Mapping[str, list[OverdueItem]]) -> str:
    lines = ["Newly overdue:", ""]
    for login in new:
        items = owned[login]
        lines.append(f"- @{login}: " + "; ".join(_line(i) for i in items))
    lines += ["", "The full list is this issue's description, kept up to date by "
              "`incidentkit overdue --tracking-issue`."]
    return "\n".join(lines) + "\n"


def track(client: GitHubClient, repo: Repository, items: Sequence[OverdueItem],
          report: str) -> Tracked:
    """Make the tracking issue's description ``report``; mention newly overdue owners."""
    cfg = repo.config.github
    owned: dict[str, list[OverdueItem]] = {}
    unreachable: list[str] = []
    for item in items:
        for handle in item.owners:
            person = repo.people.get(handle)
            if person is not None and person.github:
                owned.setdefault(person.github, []).append(item)
            elif handle not in unreachable:
                unreachable.append(handle)
    logins = sorted(owned)
    issue = find(client, cfg.label)
    outcome = "unchanged"
    if issue is None:
        new_issue = NewIssue(cfg.tracking_issue_title, tracking_body(report, []), (cfg.label,))
        try:
            issue = client.create_issue(new_issue)
        except Ambiguous:
            issue = next((i for i in client.recent_issues(cfg.label) if MARKER in i.body), None)
            if issue is None:
                raise
        outcome = "created"
    new = [login for login in logins if login not in mentioned(issue.body)]
    if new:
        client.add_comment(issue.number, mention_comment(new, owned))
    body = tracking_body(report, logins)
    change = IssueChange(
        title=cfg.tracking_issue_title if issue.title != cfg.tracking_issue_title else None,
        body=body if normalized(issue.body) != normalized(body) else None,
        state="open" if issue.state == "closed" and items else None)
    if change.fields:
        client.edit_issue(issue.number, change)
        outcome = "updated" if outcome == "unchanged" else outcome
    return Tracked(issue.number, issue.html_url, outcome, tuple(new), tuple(unreachable))


def sync_tracking_issue(repo: Repository, items: Sequence[OverdueItem], report: str, *,
                        environ: Mapping[str, str] | None = None, clock: Clock | None = None,
                        policy: RetryPolicy | None = None) -> Tracked:
    """:func:`track` with a PyGithub client from the environment; errors as FatalError."""
    env = os.environ if environ is None else environ
    settings = Settings.from_env(repo.config.github, env)
    client = PyGithubClient(settings, clock=clock,
                            policy=policy or RetryPolicy.from_env(env, deadline=DEADLINE))
    try:
        return track(client, repo, items, report)
    except GitHubError as exc:
        raise FatalError(f"tracking issue not updated: {exc.message}",
                         status=2 if exc.fatal else 1) from None


def describe(tracked: Tracked) -> list[str]:
    """What the command says about it (on stderr: stdout is the report)."""
    lines = [f"incidentkit: tracking issue #{tracked.number} {tracked.outcome}: {tracked.url}"]
    if tracked.mentioned:
        lines.append("incidentkit: mentioned newly overdue owners: "
                     + ", ".join(f"@{login}" for login in tracked.mentioned))
    lines.extend(f"incidentkit: warning: {handle} has overdue items but no GitHub login in "
                 "oncall/people.yaml: not mentioned" for handle in tracked.unreachable)
    return lines
