"""The fake's data: one GitHub repository's issues, labels and comments, as the REST API shows them.

Objects are built in the shapes GitHub's REST reference documents (issue, label, simple user,
issue comment, repository, search result), with the fields PyGithub reads, so PyGithub never
needs a second request to "complete" an object. Semantics copied from GitHub:

* closing without a ``state_reason`` records ``completed``; reopening records ``reopened``;
  ``state_reason`` is ignored unless ``state`` changes;
* labels named on a new issue that do not exist are created (color ``ededed``);
* a label name is at most 50 characters; an unknown assignee is a 422 naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

WEB = "https://github.test"


class ApiError(Exception):
    """An error response: status, message and (for 422) the ``errors`` list."""

    def __init__(self, status: int, message: str, errors: list[dict[str, Any]] | None = None,
                 doc: str = "https://docs.github.com/rest") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors
        self.doc = doc

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"message": self.message}
        if self.errors is not None:
            out["errors"] = self.errors
        out["documentation_url"] = self.doc
        out["status"] = str(self.status)
        return out


def iso(moment: float) -> str:
    return datetime.fromtimestamp(int(moment), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Issue:
    number: int
    title: str
    body: str | None
    labels: list[str]
    assignees: list[str]
    created: float
    updated: float
    state: str = "open"
    state_reason: str | None = None
    closed: float | None = None
    user: str = "incidentkit-bot"
    pull_request: bool = False


@dataclass
class Label:
    id: int
    name: str
    color: str
    description: str | None


@dataclass
class Comment:
    id: int
    issue: int
    body: str
    user: str
    created: float


@dataclass
class Repo:
    """One repository. ``api`` is the API root the URLs in responses start with."""

    owner: str
    name: str
    api: str
    clock: Callable[[], float]
    #: Logins that may be assigned; ``None``: anyone.
    assignable: set[str] | None = None
    issues: dict[int, Issue] = field(default_factory=dict)
    labels: dict[str, Label] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)
    _next_id: int = 1000

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    @property
    def url(self) -> str:
        return f"{self.api}/repos/{self.full_name}"

    def _id(self) -> int:
        self._next_id += 1
        return self._next_id

    # -- JSON shapes -------------------------------------------------------------------------

    def user_json(self, login: str) -> dict[str, Any]:
        uid = sum(ord(c) for c in login)
        return {
            "login": login, "id": uid, "node_id": f"U_{uid}",
            "avatar_url": f"{WEB}/avatars/{login}", "gravatar_id": "",
            "url": f"{self.api}/users/{login}", "html_url": f"{WEB}/{login}",
            "type": "User", "site_admin": False,
        }

    def label_json(self, label: Label) -> dict[str, Any]:
        return {
            "id": label.id, "node_id": f"LA_{label.id}",
            "url": f"{self.url}/labels/{label.name}", "name": label.name,
            "description": label.description, "color": label.color, "default": False,
        }

    def issue_json(self, issue: Issue) -> dict[str, Any]:
        url = f"{self.url}/issues/{issue.number}"
        users = [self.user_json(a) for a in issue.assignees]
        out: dict[str, Any] = {
            "id": 10_000 + issue.number, "node_id": f"I_{issue.number}", "url": url,
            "repository_url": self.url, "labels_url": f"{url}/labels{{/name}}",
            "comments_url": f"{url}/comments", "events_url": f"{url}/events",
            "html_url": f"{WEB}/{self.full_name}/"
                        f"{'pull' if issue.pull_request else 'issues'}/{issue.number}",
            "number": issue.number, "state": issue.state, "state_reason": issue.state_reason,
            "title": issue.title, "body": issue.body, "user": self.user_json(issue.user),
            "labels": [self.label_json(self.labels[n]) for n in issue.labels],
            "assignee": users[0] if users else None, "assignees": users,
            "milestone": None, "locked": False, "active_lock_reason": None,
            "comments": sum(c.issue == issue.number for c in self.comments),
            "closed_at": iso(issue.closed) if issue.closed is not None else None,
            "created_at": iso(issue.created), "updated_at": iso(issue.updated),
            "closed_by": self.user_json(issue.user) if issue.state == "closed" else None,
            "author_association": "OWNER", "timeline_url": f"{url}/timeline",
        }
        if issue.pull_request:
            out["pull_request"] = {
                "url": f"{self.url}/pulls/{issue.number}",
                "html_url": f"{WEB}/{self.full_name}/pull/{issue.number}",
                "diff_url": f"{WEB}/{self.full_name}/pull/{issue.number}.diff",
                "patch_url": f"{WEB}/{self.full_name}/pull/{issue.number}.patch",
                "merged_at": None,
            }
        return out

    def comment_json(self, comment: Comment) -> dict[str, Any]:
        return {
            "id": comment.id, "node_id": f"IC_{comment.id}",
            "url": f"{self.url}/issues/comments/{comment.id}",
            "html_url": f"{WEB}/{self.full_name}/issues/{comment.issue}#issuecomment-{comment.id}",
            "body": comment.body, "user": self.user_json(comment.user),
            "created_at": iso(comment.created), "updated_at": iso(comment.created),
            "issue_url": f"{self.url}/issues/{comment.issue}", "author_association": "OWNER",
        }

    def repo_json(self) -> dict[str, Any]:
        return {
            "id": 4242, "node_id": "R_4242", "name": self.name, "full_name": self.full_name,
            "owner": self.user_json(self.owner), "private": True,
            "html_url": f"{WEB}/{self.full_name}", "description": None, "fork": False,
            "url": self.url, "issues_url": f"{self.url}/issues{{/number}}",
            "labels_url": f"{self.url}/labels{{/name}}", "has_issues": True,
            "default_branch": "main", "open_issues_count": sum(
                i.state == "open" for i in self.issues.values()),
            "visibility": "private", "archived": False, "disabled": False,
        }

    # -- operations --------------------------------------------------------------------------

    def issue(self, number: int) -> Issue:
        found = self.issues.get(number)
        if found is None:
            raise ApiError(404, "Not Found",
                           doc="https://docs.github.com/rest/issues/issues#get-an-issue")
        return found

    def add_label(self, name: str, color: str = "ededed", description: str | None = None,
                  ) -> Label:
        doc = "https://docs.github.com/rest/issues/labels#create-a-label"
        if len(name) > 50:
            raise ApiError(422, "Validation Failed", [{
                "resource": "Label", "code": "custom", "field": "name",
                "message": "name is too long (maximum is 50 characters)"}], doc)
        if name.lower() in (n.lower() for n in self.labels):
            raise ApiError(422, "Validation Failed", [{
                "resource": "Label", "code": "already_exists", "field": "name"}], doc)
        if not re.fullmatch(r"[0-9a-fA-F]{6}", color):
            raise ApiError(422, "Validation Failed", [{
                "resource": "Label", "code": "invalid", "field": "color"}], doc)
        label = Label(self._id(), name, color.lower(), description)
        self.labels[name] = label
        return label

    def _check_assignees(self, logins: list[str], doc: str) -> None:
        for login in logins:
            if self.assignable is not None and login not in self.assignable:
                raise ApiError(422, "Validation Failed", [{
                    "value": login, "resource": "Issue", "field": "assignees",
                    "code": "invalid"}], doc)

    def _ensure_labels(self, names: list[str]) -> list[str]:
        out = []
        for name in names:
            existing = next((n for n in self.labels if n.lower() == name.lower()), None)
            out.append(existing if existing is not None else self.add_label(name).name)
        return list(dict.fromkeys(out))

    def create_issue(self, data: dict[str, Any], user: str = "incidentkit-bot") -> Issue:
        doc = "https://docs.github.com/rest/issues/issues#create-an-issue"
        title = data.get("title")
        if not isinstance(title, str) or not title:
            raise ApiError(422, "Validation Failed", [{
                "resource": "Issue", "code": "missing_field", "field": "title"}], doc)
        assignees = list(data.get("assignees") or [])
        if data.get("assignee"):
            assignees.append(data["assignee"])
        self._check_assignees(assignees, doc)
        for name in data.get("labels") or []:
            if len(name) > 50:
                self.add_label(name)  # raises the 422
        now = self.clock()
        number = max(self.issues, default=0) + 1
        issue = Issue(number, title, data.get("body"), self._ensure_labels(
            list(data.get("labels") or [])), list(dict.fromkeys(assignees)), now, now, user=user)
        self.issues[number] = issue
        return issue

    def edit_issue(self, number: int, data: dict[str, Any]) -> Issue:
        doc = "https://docs.github.com/rest/issues/issues#update-an-issue"
        issue = self.issue(number)
        if "assignees" in data:
            self._check_assignees(list(data["assignees"] or []), doc)
        if "title" in data:
            issue.title = data["title"]
        if "body" in data:
            issue.body = data["body"]
        if "labels" in data:
            issue.labels = self._ensure_labels(list(data["labels"] or []))
        if "assignees" in data:
            issue.assignees = list(dict.fromkeys(data["assignees"] or []))
        state = data.get("state")
        if state is not None and state not in ("open", "closed"):
            raise ApiError(422, "Validation Failed", [{
                "resource": "Issue", "code": "invalid", "field": "state"}], doc)
        reason = data.get("state_reason")
        if reason is not None and reason not in ("completed", "not_planned", "duplicate",
                                                  "reopened"):
            raise ApiError(422, "Validation Failed", [{
                "resource": "Issue", "code": "invalid", "field": "state_reason"}], doc)
        now = self.clock()
        if state == "closed" and issue.state != "closed":
            issue.state, issue.closed = "closed", now
            issue.state_reason = reason if reason in ("not_planned", "duplicate") else "completed"
        elif state == "open" and issue.state != "open":
            issue.state, issue.closed, issue.state_reason = "open", None, "reopened"
        issue.updated = now
        return issue

    def add_comment(self, number: int, body: str, user: str = "incidentkit-bot") -> Comment:
        issue = self.issue(number)
        comment = Comment(self._id(), number, body, user, self.clock())
        self.comments.append(comment)
        issue.updated = comment.created
        return comment

    def list_issues(self, query: dict[str, str]) -> list[Issue]:
        state = query.get("state", "open")
        wanted = [w.strip().lower() for w in query.get("labels", "").split(",") if w.strip()]
        found = [
            i for i in self.issues.values()
            if (state == "all" or i.state == state)
            and all(w in (n.lower() for n in i.labels) for w in wanted)
            and (not query.get("creator") or i.user == query["creator"])
            and (not query.get("since") or iso(i.updated) >= query["since"])
        ]
        key = {"updated": lambda i: (i.updated, i.number),
               "comments": lambda i: (sum(c.issue == i.number for c in self.comments),
                                      i.number)}.get(query.get("sort", "created"),
                                                     lambda i: (i.created, i.number))
        return sorted(found, key=key, reverse=query.get("direction", "desc") == "desc")

    def search(self, q: str) -> list[Issue]:
        """``/search/issues``: ``repo:``, ``is:``, ``state:``, ``label:``, ``in:`` and words."""
        tokens = re.findall(r'(\w+):"([^"]*)"|(\w+):(\S+)|"([^"]*)"|(\S+)', q)
        words: list[str] = []
        where = ("title", "body")
        kept = list(self.issues.values())
        for qual_q, val_q, qual, val, phrase, word in tokens:
            name, value = (qual_q, val_q) if qual_q else (qual, val)
            if not name:
                words.append((phrase or word).lower())
            elif name == "repo" and value.lower() != self.full_name.lower():
                kept = []
            elif name == "is" and value in ("open", "closed"):
                kept = [i for i in kept if i.state == value]
            elif name == "is":
                kept = [i for i in kept if i.pull_request == (value in ("pr", "pull-request"))]
            elif name == "state":
                kept = [i for i in kept if i.state == value]
            elif name == "label":
                kept = [i for i in kept if value.lower() in (n.lower() for n in i.labels)]
            elif name == "in":
                where = tuple(value.split(","))
        def text(i: Issue) -> str:
            return " ".join([i.title if "title" in where else "",
                             (i.body or "") if "body" in where else ""]).lower()
        return sorted((i for i in kept if all(w in text(i) for w in words)),
                      key=lambda i: -i.number)
