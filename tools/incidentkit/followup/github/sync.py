"""``incidentkit actions sync``: carry out the per-item plans, write back, say what happened.

One listing of the issues with the base label (all pages, open and closed) per run; then, file
by file, each action item's plan (:func:`.plan.plan_item`) is carried out and the file's edits
(issue numbers, statuses) are written at once, so a crash loses at most one file's write-back,
and the rerun finds those issues again by their markers. Nothing is created twice: a create
whose answer was lost is looked for among the newest issues before it is sent again.

Exit status: 0, 1 when some items failed or the run stopped early (rate limit, GitHub
unavailable, the run's deadline: rerun later), 2 for what a rerun cannot fix (token refused, no
repository, missing settings, an answer that is no REST API answer) — raised as
:class:`~incidentkit.errors.FatalError`.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from incidentkit.errors import FatalError
from incidentkit.followup.github.client import (
    Ambiguous,
    GitHubClient,
    GitHubError,
    Invalid,
    IssueChange,
    NewIssue,
    RemoteIssue,
    Unavailable,
)
from incidentkit.followup.github.markers import Key, item_key
from incidentkit.followup.github.plan import ItemPlan, plan_item
from incidentkit.followup.github.pygithub import PyGithubClient
from incidentkit.followup.github.render import Want, label_style, wants
from incidentkit.followup.github.settings import RetryPolicy, Settings
from incidentkit.followup.github.throttle import Clock
from incidentkit.followup.github.writeback import FileEdits, write_back
from incidentkit.repository import Repository, open_repository
from incidentkit.store.edit import EditError
from incidentkit.store.source import WorkingTree

#: Items in a row failing because GitHub is unavailable before the run stops.
STOP_AFTER = 3
#: Creates tried for one item when their answers are lost.
CREATE_TRIES = 3
_VERBS = {"create": "created", "update": "updated", "close": "closed", "reopen": "reopened",
          "pull": "from GitHub", "record": "numbers recorded"}


class Echo(Protocol):
    def __call__(self, message: str, *, err: bool = False) -> None: ...


class _Stop(Exception):
    """End the run early; what was done is kept."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a run ended: the CLI turns it into an exit status."""

    #: Items that failed (each was reported as it failed).
    failed: int
    #: The run stopped early (rate limit, GitHub unavailable, the deadline).
    stopped: bool

    @property
    def complete(self) -> bool:
        return not self.failed and not self.stopped


class Sync:
    def __init__(self, repo: Repository, client: GitHubClient, *, repo_web: str,
                 dry_run: bool, echo: Echo) -> None:
        self.repo = repo
        self.client = client
        self.repo_web = repo_web
        self.dry_run = dry_run
        self.echo = echo
        self.label = repo.config.github.label
        self.counts: Counter[str] = Counter()
        self.failures: list[str] = []
        self.files_written = 0
        #: Items looked at (the rest were not reached when the run stopped early).
        self.reached = 0
        self.stopped = False
        self._unavailable = 0

    # -- output ------------------------------------------------------------------------------

    def say(self, line: str) -> None:
        self.echo(("[dry run] " if self.dry_run else "") + line)

    def warn(self, message: str) -> None:
        self.echo(f"incidentkit: warning: {message}", err=True)

    def fail(self, message: str) -> None:
        self.failures.append(message)
        self.echo(f"incidentkit: error: {message}", err=True)

    def stop(self, message: str) -> None:
        self.stopped = True
        self.echo(f"incidentkit: error: stopped: {message}", err=True)

    # -- the run -----------------------------------------------------------------------------

    def run(self) -> Outcome:
        items = wants(self.repo, self.repo_web)
        files = list(dict.fromkeys(w.rel for w in items))
        self.echo(f"{self.client.repository}: {len(items)} action item"
                  f"{'s' * (len(items) != 1)} in {len(files)} postmortem"
                  f"{'s' * (len(files) != 1)}" + (" (dry run: nothing is changed)"
                                                    if self.dry_run else ""))
        try:
            issues = self.client.list_issues(self.label)
            found = self._by_marker(issues, items)
            plans = [plan_item(w, found.get(w.key)) for w in items]
            self._labels(plans, issues)
            by_file: dict[str, list[ItemPlan]] = {rel: [] for rel in files}
            for plan in plans:
                by_file[plan.want.rel].append(plan)
            for rel, file_plans in by_file.items():
                self._file(rel, file_plans)
        except GitHubError as exc:
            if exc.fatal:
                self.stopped = True
                self._summary(len(items))
                raise FatalError(exc.message) from None
            self.stop(exc.message)
        except _Stop as exc:
            self.stop(str(exc))
        self._summary(len(items))
        return Outcome(len(self.failures), self.stopped)

    def _by_marker(self, issues: list[RemoteIssue], items: list[Want]) -> dict[Key, RemoteIssue]:
        """Each item's issue, found by its marker (or by the number in the file)."""
        marked: dict[Key, list[RemoteIssue]] = {}
        for issue in issues:
            key = item_key(issue.body)
            if key is not None:
                marked.setdefault(key, []).append(issue)
        found: dict[Key, RemoteIssue] = {}
        wanted = {w.key for w in items}
        for want in items:
            candidates = marked.get(want.key, [])
            chosen = next((i for i in candidates if i.number == want.recorded),
                          candidates[0] if candidates else None)
            if len(candidates) > 1:
                others = [f"#{i.number}" for i in candidates if i is not chosen]
                verb = "carries" if len(others) == 1 else "carry"
                assert chosen is not None
                self.warn(f"{want.name}: {', '.join(others)} {verb} the same marker as "
                          f"#{chosen.number}; "
                          f"#{chosen.number} is kept in step, close the others by hand")
            if chosen is None and want.recorded is not None:
                chosen = self._recorded(want)
            if chosen is not None:
                found[want.key] = chosen
        for key, candidates in marked.items():
            if key not in wanted and key[0] in self.repo.postmortems:
                self.warn(f"#{candidates[0].number} is for {key[0]} {key[1]}, which is no "
                          f"longer in {self.repo.postmortems[key[0]].rel}: left as it is")
        return found

    def _recorded(self, want: Want) -> RemoteIssue | None:
        """The issue number in the file, when the listing did not show that issue."""
        assert want.recorded is not None
        issue = self.client.get_issue(want.recorded)
        if issue is not None and item_key(issue.body) == want.key:
            return issue  # someone removed the base label: it is put back
        why = "does not exist" if issue is None else "is not this item's (no marker)"
        self.warn(f"{want.name}: issue #{want.recorded} written in {want.rel} {why}; "
                  "a new issue is made")
        return None

    def _labels(self, plans: list[ItemPlan], issues: list[RemoteIssue]) -> None:
        """Create the labels the plans use that the repository does not have."""
        needed: dict[str, None] = {}
        for plan in plans:
            if plan.create is not None:
                needed.update(dict.fromkeys(plan.create.labels))
            elif plan.change is not None and plan.change.labels is not None:
                needed.update(dict.fromkeys(plan.change.labels))
        seen = {name for issue in issues for name in issue.labels}
        missing = [name for name in needed if name not in seen]
        if not missing:
            return
        existing = {name.lower() for name in self.client.list_labels()}
        for name in missing:
            if name.lower() in existing:
                continue
            color, description = label_style(name, self.label)
            if not self.dry_run:
                try:
                    self.client.create_label(name, color, description)
                except GitHubError as exc:
                    if exc.fatal or exc.stops:
                        raise
                    self.warn(f"label {name!r} not created: {exc.message}")
                    continue
            self.counts["labels"] += 1
            self.say(f"label {name}: {'create' if self.dry_run else 'created'}")

    def _file(self, rel: str, plans: list[ItemPlan]) -> None:
        edits = FileEdits(rel)
        try:
            for plan in plans:
                self._item(plan, edits)
        finally:
            if edits and not self.dry_run:
                try:
                    if write_back(self.repo.root, edits):
                        self.files_written += 1
                except EditError as exc:
                    self.fail(f"{rel}: issue numbers and statuses not written ({exc.message}); "
                              "the next run writes them")

    def _item(self, plan: ItemPlan, edits: FileEdits) -> None:
        want = plan.want
        for message in plan.warnings:
            self.warn(message)
        if plan.is_noop:
            self.counts["skipped" if plan.number is None else "unchanged"] += 1
            self.reached += 1
            return
        number = plan.number
        notes = list(plan.notes)
        try:
            if plan.create is not None:
                issue = self._create(want, plan.create, notes)
                number = issue.number
                edits.issues[want.item_id] = number
            if plan.change is not None:
                assert number is not None
                self._edit(want, number, plan, notes)
        except GitHubError as exc:
            if exc.fatal or exc.stops:
                raise
            self.fail(f"{want.name} ({want.rel}): {exc.message}")
            self.reached += 1
            self._unavailable = self._unavailable + 1 if isinstance(exc, Unavailable) else 0
            if self._unavailable >= STOP_AFTER:
                raise _Stop(f"GitHub failed {STOP_AFTER} items in a row: rerun later") from None
            return
        self._unavailable = 0
        self.reached += 1
        if plan.file_status is not None:
            edits.statuses[want.item_id] = plan.file_status
        if plan.file_issue is not None:
            edits.issues[want.item_id] = plan.file_issue
        kinds = plan.kinds
        self.counts.update(kinds)
        self.say(f"{want.name} {'#' + str(number) if number else '(new issue)'}: "
                 + "; ".join(self._describe(plan, kinds, notes)))

    def _describe(self, plan: ItemPlan, kinds: Iterable[str], notes: list[str]) -> list[str]:
        want = plan.want
        out: list[str] = []
        for kind in kinds:
            if kind == "create":
                who = f"assigned to @{want.login}" if want.login else "unassigned"
                out.append(f"{'create' if self.dry_run else 'created'} ({want.priority}, {who})")
            elif kind == "update" and plan.change is not None:
                out.append(("update " if self.dry_run else "updated ") + ", ".join(
                    f for f in plan.change.fields if f != "state"))
            elif kind == "record":
                out.append(f"number {'to write' if self.dry_run else 'written'} to {want.rel}")
        return out + notes

    def _create(self, want: Want, new: NewIssue, notes: list[str]) -> RemoteIssue:
        if self.dry_run:
            return RemoteIssue(0, new.title, new.body, "open", None, new.labels, new.assignees,
                               "")
        try:
            return self._create_once(want, new, notes)
        except Invalid as exc:
            if "assignees" not in exc.fields or not new.assignees:
                raise
            self.warn(f"{want.name}: GitHub refused to assign {want.owner} "
                      f"(@{want.login}): {exc.message}; the issue is created unassigned")
            return self._create_once(want, replace(new, assignees=()), notes)

    def _create_once(self, want: Want, new: NewIssue, notes: list[str]) -> RemoteIssue:
        for _ in range(CREATE_TRIES):
            try:
                return self.client.create_issue(new)
            except Ambiguous as exc:
                made = next((i for i in self.client.recent_issues(self.label)
                             if item_key(i.body) == want.key), None)
                if made is not None:
                    notes.append(f"{exc.message}; found it by its marker")
                    return made
        raise Unavailable(f"GitHub did not confirm creating the issue after {CREATE_TRIES} "
                          "tries: rerun later (it is found by its marker if it was made)")

    def _edit(self, want: Want, number: int, plan: ItemPlan, notes: list[str]) -> None:
        change = plan.change
        assert change is not None
        if self.dry_run:
            return
        if plan.reopen_first:
            self.client.edit_issue(number, IssueChange(state="open"))
        try:
            self.client.edit_issue(number, change)
        except Invalid as exc:
            if "assignees" not in exc.fields or change.assignees is None:
                raise
            self.warn(f"{want.name}: GitHub refused to assign {want.owner} (@{want.login}) "
                      f"to #{number}: {exc.message}; left unassigned")
            rest = replace(change, assignees=None)
            if rest.fields:
                self.client.edit_issue(number, rest)

    def _summary(self, total: int) -> None:
        parts = [f"{self.counts[k]} {v}" for k, v in _VERBS.items()]
        parts.append(f"{self.counts['unchanged']} unchanged")
        if self.counts["skipped"]:
            parts.append(f"{self.counts['skipped']} closed without an issue")
        parts.append(f"{len(self.failures)} failed")
        if self.stopped:
            parts.append(f"{total - self.reached} not reached")
        if self.counts["labels"]:
            parts.append(f"{self.counts['labels']} labels created")
        written = ("nothing was changed" if self.dry_run else
                   f"{self.files_written} file{'s' * (self.files_written != 1)} written")
        self.echo(f"{total} action item{'s' * (total != 1)}: {', '.join(parts)}; {written}.")


def sync_actions(root: Path, *, dry_run: bool = False, environ: Mapping[str, str] | None = None,
                 clock: Clock | None = None, policy: RetryPolicy | None = None,
                 echo: Echo) -> Outcome:
    """Sync the repository at ``root`` with GitHub. Progress and problems are told to
    ``echo`` as they happen (the CLI prints them); the outcome says how the run ended."""
    repo = open_repository(WorkingTree(root))
    invalid = repo.invalid_files
    if invalid:
        shown = ", ".join(invalid[:3]) + (" …" if len(invalid) > 3 else "")
        echo(f"incidentkit: warning: {len(invalid)} invalid file{'s' * (len(invalid) != 1)} "
             f"left out ({shown}): run incidentkit validate", err=True)
    env = os.environ if environ is None else environ
    settings = Settings.from_env(repo.config.github, env)
    client = PyGithubClient(settings, clock=clock, policy=policy or RetryPolicy.from_env(env))
    return Sync(repo, client, repo_web=f"{settings.web_url}/{settings.repository}",
                dry_run=dry_run, echo=echo).run()
