"""Every step of every workflow ``incidentkit init`` writes, and of the action, executed in order.

A scaffolded repository (``incidentkit init``, tokens replaced, ``git init``, a commit) is pushed
to a bare ``origin``; each job runs on an event payload of real commits of it (``pull_request``,
``push``, ``schedule``) through :mod:`tests.workflows.runner`, with ``GITHUB_API_URL`` at the fake
GitHub server (tests/fakegithub) and a fake ``secrets.GITHUB_TOKEN``. ``INCIDENTKIT_NOW`` fixes
the clock so that reports can be compared with the same command run here. Each step must
succeed and do what its name says.

Stand-ins for the ``uses:`` steps (everything else runs for real):

- ``actions/checkout``: a ``git clone`` of origin into the workspace, at the step's ``ref`` or the
  event's commit (for a pull request its head commit, not the merge commit GitHub makes: the base
  has not moved, so both hold the same files); the clone has the whole history.
- ``actions/setup-python`` (inside the action): this test's Python, whatever version is asked.
- the incidentkit action (``incidentkit/incidentkit@<commit>``): not stood in for: its
  ``action.yml`` is executed step by step, with ``GITHUB_ACTION_PATH`` at a copy of this
  checkout's files (what the runner downloads for ``uses:``). The action installs into
  ``$RUNNER_TEMP/incidentkit-venv``; the jobs of this module share one ``RUNNER_TEMP``, so the
  session fixture pays the install once and the jobs' install steps take the action's path for
  a second use in the same job (a runner empties ``RUNNER_TEMP`` between jobs).
- ``actions/upload-pages-artifact``: nothing is uploaded; the folder must hold index.html.
- ``actions/deploy-pages``: not run (the publish workflow's deploy job is not executed).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from incidentkit.followup.github.tracking import MARKER
from tests.conftest import Run
from tests.fakegithub import REPOSITORY, TOKEN, FakeGitHub
from tests.workflows.runner import Job, Setting, Step
from tests.workflows.scaffold import ROOT, WORKFLOWS, substitute, tokens

pytest_plugins = ["tests.fakegithub.plugin"]

NOW = "2026-12-01T10:00:00Z"
IDENTITY = ["-c", "user.name=Ana Silva", "-c", "user.email=ana@example.com"]
#: The steps of the incidentkit action, as it runs when it is given no ``args``.
INSTALL_ONLY = [
    ("Set up Python", "actions/setup-python", "success"),
    ("Install incidentkit into its own virtual environment", "run", "success"),
    ("Put incidentkit and mkdocs on PATH for the next steps", "run", "success"),
    ("Run incidentkit", "run", "skipped"),
]
WITH_ARGS = [*INSTALL_ONLY[:3], ("Run incidentkit", "run", "success")]
ACTION = tokens()["__INCIDENTKIT_REPOSITORY__"]


def git(folder: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    done = subprocess.run(["git", *IDENTITY, *args], cwd=folder, capture_output=True,
                          text=True, timeout=60, check=True, env=env)
    return done.stdout.strip()


def lines(steps: list[Step]) -> list[tuple[str, str, str]]:
    return [step.line() for step in steps]


def checked_out(job: Job, revision: str) -> None:
    """The checkout step left the workspace at ``revision`` and the install step put the
    action's environment on PATH."""
    assert git(job.workspace, "rev-parse", "HEAD") == git(job.workspace, "rev-parse", revision)
    assert job.paths == [str(job.setting.runner_temp / "incidentkit-venv/bin")]


def failures(steps: list[Step]) -> str:
    return "\n".join(f"--- {s.name}\n{s.stdout}\n{s.stderr}" for step in steps
                     for s in [step, *step.inner] if s.outcome == "failure")


# -- the action's files, installed once ---------------------------------------------------------


@pytest.fixture(scope="session")
def action_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This checkout's files as the runner downloads them for ``uses:`` (no .git)."""
    folder = tmp_path_factory.mktemp("action")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True, timeout=60).stdout
    for rel in filter(None, listed.decode().split("\0")):
        source = ROOT / rel
        if source.is_file():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / rel)
    return folder


@pytest.fixture(scope="session")
def runner_temp(tmp_path_factory: pytest.TempPathFactory, action_path: Path) -> Path:
    """A RUNNER_TEMP in which the action has installed incidentkit (the first use, for real)."""
    temp = tmp_path_factory.mktemp("runner-temp")
    base = tmp_path_factory.mktemp("install")
    workflow = base / "install.yml"
    workflow.write_text(yaml.safe_dump({"jobs": {"install": {"steps": [
        {"name": "Install incidentkit", "uses": f"{ACTION}@{'0' * 40}"}]}}}))
    setting = Setting(origin=base, runner_temp=temp, action_path=action_path,
                      action_repository=ACTION, repository=REPOSITORY,
                      api_url="http://127.0.0.1:9", token=TOKEN)
    started = time.monotonic()
    steps = Job(setting, workflow, "install", event_name="workflow_dispatch", event={},
                sha="0" * 40, ref="refs/heads/main", workspace=base / "workspace").run()
    assert lines(steps[0].inner) == INSTALL_ONLY, failures(steps)
    assert steps[0].inner[1].stdout == f"incidentkit, version {_version()}\n"
    print(f"the action installed incidentkit in {time.monotonic() - started:.1f} s")  # noqa: T201
    venv = temp / "incidentkit-venv"
    assert (venv / "incidentkit-action-path").read_text() == str(action_path)
    # Its own environment, not a Python's site-packages: incidentkit comes from there.
    assert (venv / "pyvenv.cfg").is_file()
    assert {"incidentkit", "mkdocs"} <= {p.name for p in (venv / "bin").iterdir()}
    return temp


def _version() -> str:
    import incidentkit

    return incidentkit.__version__


# -- a team's repository ------------------------------------------------------------------------


class Team:
    """A scaffolded repository (``work``) and the bare ``origin`` it pushes to."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.work = root / "team"
        self.origin = root / "origin.git"

    def commit(self, message: str) -> str:
        git(self.work, "add", "-A")
        git(self.work, "commit", "--quiet", "-m", message)
        return git(self.work, "rev-parse", "HEAD")

    def setting(self, runner_temp: Path, action_path: Path, fake: FakeGitHub) -> Setting:
        return Setting(origin=self.origin, runner_temp=runner_temp, action_path=action_path,
                       action_repository=ACTION, repository=REPOSITORY, api_url=fake.url,
                       token=TOKEN, extra_env={"INCIDENTKIT_NOW": NOW})

    def event(self, **fields: Any) -> dict[str, Any]:
        owner, name = REPOSITORY.split("/")
        return {**fields, "repository": {
            "name": name, "full_name": REPOSITORY, "default_branch": "main",
            "owner": {"login": owner}, "html_url": f"https://github.test/{REPOSITORY}"},
            "sender": {"login": "ana-example", "type": "User"}}

    def push_event(self, before: str, after: str) -> dict[str, Any]:
        return self.event(ref="refs/heads/main", before=before, after=after, created=False,
                          forced=False, head_commit={"id": after, "message": "Scaffold"},
                          pusher={"name": "ana-example"})

    def job(self, setting: Setting, workflow: str, job_id: str, *, event_name: str,
            event: dict[str, Any], sha: str, ref: str = "refs/heads/main") -> Job:
        workspace = self.root / f"work-{workflow}-{job_id}-{len(list(self.root.iterdir()))}"
        return Job(setting, self.work / ".github/workflows" / workflow, job_id,
                   event_name=event_name, event=event, sha=sha, ref=ref, workspace=workspace)


@pytest.fixture
def team(tmp_path: Path) -> Team:
    team = Team(tmp_path)
    done = subprocess.run([sys.executable, "-m", "incidentkit", "init", str(team.work)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    substitute(team.work)  # what init does once it replaces the tokens itself
    git(team.work, "init", "--quiet", "-b", "main")
    team.commit("Scaffold from incidentkit init")
    git(tmp_path, "init", "--quiet", "--bare", "-b", "main", str(team.origin))
    git(team.work, "remote", "add", "origin", str(team.origin))
    git(team.work, "push", "--quiet", "origin", "main")
    return team


@pytest.fixture
def at_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTKIT_NOW", NOW)


def _first(path: Path, key: str) -> str:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = data if isinstance(data, list) else next(iter(data.values()))
    return str(items[0][key])


# -- the workflows ------------------------------------------------------------------------------


def test_validate_on_a_pull_request(team: Team, runner_temp: Path, action_path: Path,
                                    fake_github: FakeGitHub, run: Callable[..., Run],
                                    at_now: None) -> None:
    base = git(team.work, "rev-parse", "HEAD")
    git(team.work, "switch", "--quiet", "-c", "declare-search-slow")
    handle = _first(team.work / "oncall/people.yaml", "handle")
    service = _first(team.work / "oncall/services.yaml", "id")
    declared = run("-C", str(team.work), "new", "incident", "--title", "Search is slow",
                   "--severity", "SEV3", "--service", service, "--commander", handle)
    assert declared.status == 0, declared.err
    postmortem = next((team.work / "postmortems").glob("*.md"))
    text = postmortem.read_text(encoding="utf-8")
    assert "## Summary\n\n" in text
    text = text.replace("## Summary\n\n", "## Summary\n\nThe rotation was human error.\n", 1)
    postmortem.write_text(text, encoding="utf-8")
    head = team.commit("Declare: search is slow")
    git(team.work, "push", "--quiet", "origin", "declare-search-slow")
    event = team.event(action="synchronize", number=7, pull_request={
        "number": 7, "state": "open", "title": "Declare: search is slow",
        "base": {"ref": "main", "sha": base, "repo": {"full_name": REPOSITORY}},
        "head": {"ref": "declare-search-slow", "sha": head, "repo": {"full_name": REPOSITORY}}})

    job = team.job(team.setting(runner_temp, action_path, fake_github), "validate.yml",
                   "validate", event_name="pull_request", event=event, sha=head,
                   ref="refs/pull/7/merge")
    assert job.concurrency_group() == "validate-7"
    steps = job.run()

    assert lines(steps) == [
        ("Check out", "actions/checkout", "success"),
        ("Install incidentkit", ACTION, "success"),
        ("Validate every file", "run", "success"),
        ("Summarise what this pull request changes", "run", "success"),
    ], failures(steps)
    assert lines(steps[1].inner) == INSTALL_ONLY
    checked_out(job, head)
    validate, summarise = steps[2], steps[3]
    # Validate: the warning as an annotation on its line and column.
    row = text.splitlines().index("The rotation was human error.") + 1
    rel = postmortem.relative_to(team.work).as_posix()
    assert (f"::warning file={rel},line={row},col=18,title=incidentkit blameless::'human error' "
            "assigns blame to people: describe what the system allowed and what made the action "
            "reasonable at the time") in validate.stdout.splitlines()
    assert validate.stdout.endswith(" 0 errors, 1 warning\n")
    # Summarise: the diff of the two commits of the event, in the step summary.
    markdown = run("-C", str(job.workspace), "diff", base, head, "--format", "markdown")
    assert markdown.status == 0, markdown.err
    assert summarise.summary == markdown.out
    assert "search-is-slow" in summarise.summary and rel in summarise.summary


def test_overdue_every_day(team: Team, runner_temp: Path, action_path: Path,
                           fake_github: FakeGitHub, run: Callable[..., Run],
                           at_now: None) -> None:
    sha = git(team.work, "rev-parse", "HEAD")
    setting = team.setting(runner_temp, action_path, fake_github)
    event = team.event(schedule="23 6 * * *", workflow=".github/workflows/overdue.yml")
    report = team.job(setting, "overdue.yml", "report", event_name="schedule", event=event,
                      sha=sha)
    assert report.concurrency_group() == "overdue"
    steps = report.run()
    assert lines(steps) == [
        ("Check out", "actions/checkout", "success"),
        ("Report what is overdue", ACTION, "success"),
    ], failures(steps)
    assert lines(steps[1].inner) == WITH_ARGS
    checked_out(report, sha)
    expected = run("-C", str(report.workspace), "overdue", "--format", "github")
    markdown = run("-C", str(report.workspace), "overdue", "--format", "markdown")
    assert "::warning file=" in expected.out
    assert steps[1].inner[3].stdout == expected.out
    assert steps[1].summary == markdown.out

    tracking = team.job(setting, "overdue.yml", "tracking-issue", event_name="schedule",
                        event=event, sha=sha)
    steps = tracking.run()
    assert lines(steps) == [
        ("Check out", "actions/checkout", "success"),
        ("Install incidentkit", ACTION, "success"),
        ("Keep the tracking issue equal to the report", "run", "success"),
    ], failures(steps)
    checked_out(tracking, sha)
    issues = list(fake_github.repo(REPOSITORY).issues.values())
    assert [issue.title for issue in issues] == ["Overdue incident follow-ups"]
    assert issues[0].body.startswith(f"{MARKER}\n{markdown.out.rstrip()}\n")
    assert steps[2].stderr.startswith(
        f"incidentkit: tracking issue #{issues[0].number} created: ")


def test_sync_on_push(team: Team, runner_temp: Path, action_path: Path,
                      fake_github: FakeGitHub) -> None:
    sha = git(team.work, "rev-parse", "HEAD")
    setting = team.setting(runner_temp, action_path, fake_github)
    event = team.push_event("0" * 40, sha)
    job = team.job(setting, "sync.yml", "sync", event_name="push", event=event, sha=sha)
    assert job.concurrency_group() == "action-item-sync"
    steps = job.run()
    assert lines(steps) == [
        ("Check out main", "actions/checkout", "success"),
        ("Install incidentkit", ACTION, "success"),
        ("Sync action items and issues", "run", "success"),
        ("Commit and push the issue numbers", "run", "success"),
    ], failures(steps)
    assert git(job.workspace, "branch", "--show-current") == "main"
    checked_out(job, "origin/main")

    # One issue per action item on the fake, and their numbers pushed to origin's main.
    items = _action_items(team.origin, "main")
    issues = fake_github.repo(REPOSITORY).issues
    tracked = [item for item in items if item["status"] not in ("done", "wont-do")]
    assert tracked and all("issue" in item for item in tracked)
    assert sorted(item["issue"] for item in items if "issue" in item) == sorted(issues)
    for item in tracked:
        assert issues[item["issue"]].title.startswith(f"{item['id']}: {item['title']} (")
        assert issues[item["issue"]].state == "open"
    assert git(team.origin, "log", "-1", "--format=%an <%ae>%n%s", "main") == (
        "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>\n"
        "Action items: issue numbers from incidentkit actions sync")
    assert git(team.origin, "rev-parse", "main~1") == sha

    # The next push: everything is in step, nothing to write back.
    after = git(team.origin, "rev-parse", "main")
    again = team.job(setting, "sync.yml", "sync", event_name="push",
                     event=team.push_event(sha, after), sha=after).run()
    assert [step.outcome for step in again] == ["success"] * 4, failures(again)
    assert again[3].stdout == "Nothing to write back.\n"
    assert sorted(fake_github.repo(REPOSITORY).issues) == sorted(issues)


def _action_items(origin: Path, ref: str) -> list[dict[str, Any]]:
    found = []
    for rel in git(origin, "ls-tree", "-r", "--name-only", ref, "postmortems").splitlines():
        text = git(origin, "show", f"{ref}:{rel}")
        front = yaml.safe_load(text.split("---\n")[1])
        found.extend(front.get("action_items", []))
    return found


def test_publish_on_push(team: Team, runner_temp: Path, action_path: Path,
                         fake_github: FakeGitHub) -> None:
    sha = git(team.work, "rev-parse", "HEAD")
    setting = team.setting(runner_temp, action_path, fake_github)
    build = team.job(setting, "publish.yml", "build", event_name="push",
                     event=team.push_event("0" * 40, sha), sha=sha)
    assert build.concurrency_group() == "pages"
    steps = build.run()
    assert lines(steps) == [
        ("Check out", "actions/checkout", "success"),
        ("Install incidentkit (with MkDocs, Material and the plugin)", ACTION, "success"),
        ("Build the site, warnings as errors", "run", "success"),
        ("Upload the site for Pages", "actions/upload-pages-artifact", "success"),
    ], failures(steps)
    checked_out(build, sha)
    assert (build.workspace / "site/index.html").is_file()
    assert (build.workspace / "site/404.html").is_file()
    deploy = build.data["jobs"]["deploy"]
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_status_page_on_push(team: Team, runner_temp: Path, action_path: Path,
                             fake_github: FakeGitHub) -> None:
    """Built, then force-pushed to the gh-pages branch of the status repository: a bare
    repository here, reached through GITHUB_SERVER_URL (``file://``), where the runner's is
    https://github.com; the token goes in an HTTP header, which a file:// remote ignores."""
    sha = git(team.work, "rev-parse", "HEAD")
    servers = team.root / "servers"
    status_repo = servers / "acme" / "status.git"
    status_repo.parent.mkdir(parents=True)
    git(team.root, "init", "--quiet", "--bare", str(status_repo))
    setting = team.setting(runner_temp, action_path, fake_github)
    setting.extra_env["GITHUB_SERVER_URL"] = servers.as_uri()
    setting.variables.update({"STATUS_PAGE_REPOSITORY": "acme/status",
                              "STATUS_PAGE_URL": "https://status.example.com/",
                              "STATUS_PAGE_TITLE": "Shop status"})
    setting.secrets["STATUS_PAGE_TOKEN"] = "status-page-token"
    job = team.job(setting, "status-page.yml", "publish", event_name="push",
                   event=team.push_event("0" * 40, sha), sha=sha)
    assert job.concurrency_group() == "status-page"
    steps = job.run()
    assert lines(steps) == [
        ("Check out", "actions/checkout", "success"),
        ("Install incidentkit", ACTION, "success"),
        ("Build the status page", "run", "success"),
        ("Push it to the gh-pages branch of the status repository", "run", "success"),
    ], failures(steps)
    checked_out(job, sha)
    published = git(status_repo, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert {".nojekyll", "index.html", "history.rss", "api/v2/summary.json"} <= set(published)
    index = git(status_repo, "show", "gh-pages:index.html")
    assert "<title>Shop status</title>" in index
    summary = git(status_repo, "show", "gh-pages:api/v2/summary.json")
    assert '"url": "https://status.example.com/"' in summary
    assert "status-page-token" not in steps[3].stdout + steps[3].stderr


def test_status_page_without_a_repository_is_built_not_pushed(
        team: Team, runner_temp: Path, action_path: Path, fake_github: FakeGitHub) -> None:
    sha = git(team.work, "rev-parse", "HEAD")
    setting = team.setting(runner_temp, action_path, fake_github)
    setting.variables.update({"STATUS_PAGE_REPOSITORY": "", "STATUS_PAGE_URL": "",
                              "STATUS_PAGE_TITLE": ""})
    job = team.job(setting, "status-page.yml", "publish", event_name="schedule",
                   event=team.event(schedule="7,37 * * * *"), sha=sha)
    steps = job.run()
    assert [(s.name, s.outcome) for s in steps[2:]] == [
        ("Build the status page", "success"),
        ("Push it to the gh-pages branch of the status repository", "skipped")]
    assert "<title>Service status</title>" in (job.workspace / "public/index.html").read_text()


CHANNELS = """  channels:
    - id: status-hook
      type: webhook
      webhook_url_env: STATUS_WEBHOOK_URL
      secret_env: STATUS_WEBHOOK_SECRET
"""
ROUTES = """  routes:
    - events: [declared]
      channels: [status-hook]
"""
DECLARED = """\
id: 2026-12-01-cart-errors
title: Cart errors
severity: SEV2
status: investigating
summary: The cart returns 500s.
services: [checkout-api]
detection: automated
impact:
  summary: Some carts fail
  customer_facing: true
roles:
  commander: ana
started_at: 2026-12-01T09:00:00Z
detected_at: 2026-12-01T09:05:00Z
"""


def test_notify_on_push(team: Team, runner_temp: Path, action_path: Path,
                        fake_github: FakeGitHub) -> None:
    from tests.notify.fakes import HOOK_SECRET, start

    hooks = start()
    try:
        before = git(team.work, "rev-parse", "HEAD")
        setting = team.setting(runner_temp, action_path, fake_github)
        # GitHub gives a secret the repository does not have as empty text.
        setting.secrets.update(dict.fromkeys((
            "SLACK_WEBHOOK_URL", "SLACK_BOT_TOKEN", "TEAMS_WEBHOOK_URL", "PAGERDUTY_ROUTING_KEY",
            "SMTP_USERNAME", "SMTP_PASSWORD"), ""))
        setting.secrets.update({"STATUS_WEBHOOK_URL": f"{hooks.url}/hook/status",
                                "STATUS_WEBHOOK_SECRET": HOOK_SECRET})
        # Before the first channel: a push tells nobody, and there is no ledger to commit.
        first = team.job(setting, "notify.yml", "notify", event_name="push",
                         event=team.push_event("0" * 40, before), sha=before)
        steps = first.run()
        assert [step.outcome for step in steps] == ["success"] * 4, failures(steps)
        assert steps[3].stdout == "Nothing was sent: the ledger is unchanged.\n"
        config = team.work / "incidentkit.yaml"
        text = config.read_text(encoding="utf-8")
        assert "  channels: []\n" in text and "  routes: []\n" in text
        config.write_text(text.replace("  channels: []\n", CHANNELS)
                          .replace("  routes: []\n", ROUTES), encoding="utf-8")
        (team.work / "incidents/2026/2026-12-01-cart-errors.yaml").write_text(DECLARED)
        after = team.commit("Declare cart errors")
        git(team.work, "push", "--quiet", "origin", "main")
        job = team.job(setting, "notify.yml", "notify", event_name="push",
                       event=team.push_event(before, after), sha=after)
        assert job.concurrency_group() == "incidentkit-notify"
        steps = job.run()
        assert lines(steps) == [
            ("Check out main", "actions/checkout", "success"),
            ("Install incidentkit", ACTION, "success"),
            ("Tell people", "run", "success"),
            ("Commit and push the ledger", "run", "success"),
        ], failures(steps)
        assert steps[2].stdout.endswith(
            "sent     status-hook (webhook) 2026-12-01-cart-errors:declared: HTTP 200\n")
        (received,) = hooks.at("/hook/status")  # the receiver verified its signature
        assert received.json["id"] == "2026-12-01-cart-errors:declared"
        ledger = json.loads(git(team.origin, "show", "main:.incidentkit/notify-ledger.json"))
        assert list(ledger["delivered"]) == ["2026-12-01-cart-errors:declared"]
        assert git(team.origin, "log", "-1", "--format=%s", "main") == (
            "Notify: record what was sent")

        # The same push again (a re-run), and the hourly retry: nothing is sent twice.
        for event_name, event in [("push", team.push_event(before, after)),
                                  # GitHub reads github.event.before of a schedule as null,
                                  # which the strict evaluator here needs said.
                                  ("schedule", team.event(schedule="23 * * * *", before=None))]:
            again = team.job(setting, "notify.yml", "notify", event_name=event_name,
                             event=event, sha=git(team.origin, "rev-parse", "main")).run()
            assert [step.outcome for step in again] == ["success"] * 4, failures(again)
            assert again[3].stdout == "Nothing was sent: the ledger is unchanged.\n"
        assert len(hooks.received) == 1
    finally:
        assert hooks.server is not None
        hooks.server.shutdown()
        hooks.server.server_close()


def test_review_every_week(team: Team, runner_temp: Path, action_path: Path,
                           fake_github: FakeGitHub, run: Callable[..., Run],
                           at_now: None) -> None:
    sha = git(team.work, "rev-parse", "HEAD")
    setting = team.setting(runner_temp, action_path, fake_github)
    # Unset variables and secrets read as empty on GitHub: no channel is notified.
    setting.variables["REVIEW_NOTIFY"] = ""
    for name in ("SLACK_WEBHOOK_URL", "SLACK_BOT_TOKEN", "TEAMS_WEBHOOK_URL",
                 "STATUS_WEBHOOK_URL", "STATUS_WEBHOOK_SECRET", "SMTP_USERNAME",
                 "SMTP_PASSWORD"):
        setting.secrets[name] = ""
    event = team.event(schedule="41 6 * * 1", workflow=".github/workflows/review.yml")
    job = team.job(setting, "review.yml", "review", event_name="schedule", event=event, sha=sha)
    assert job.concurrency_group() == "incident-review"
    steps = job.run()
    assert lines(steps) == [
        ("Check out", "actions/checkout", "success"),
        ("Install incidentkit", ACTION, "success"),
        ("Post the agenda as the week's review issue", "run", "success"),
    ], failures(steps)
    assert lines(steps[1].inner) == INSTALL_ONLY
    checked_out(job, sha)
    # The week before 00:00 UTC of the run's day (NOW), linked to the files at the commit.
    agenda = run("-C", str(job.workspace), "review", "--at", "2026-12-01T00:00:00Z",
                 "--links", f"https://github.test/{REPOSITORY}/blob/{sha}/")
    assert agenda.status == 0, agenda.err
    assert f"](https://github.test/{REPOSITORY}/blob/{sha}/" in agenda.out
    post = steps[2]
    assert (post.stdout, post.summary) == (agenda.out, agenda.out)
    issues = fake_github.repo(REPOSITORY).issues
    assert [(i.number, i.title, i.labels) for i in issues.values()] == [
        (1, "Incident review, 2026-11-24 00:00 UTC to 2026-12-01 00:00 UTC",
         ["incident-review"])]
    assert issues[1].body == (
        f"<!-- incidentkit:review 2026-11-24T00:00Z/2026-12-01T00:00Z -->\n{agenda.out}")
    assert post.stderr == (
        f"incidentkit: review issue #1 created: https://github.test/{REPOSITORY}/issues/1\n")

    # Run again by hand the same day: the same week, the same issue.
    again = team.job(setting, "review.yml", "review", event_name="workflow_dispatch",
                     event=team.event(), sha=sha).run()
    assert [s.outcome for s in again] == ["success"] * 3, failures(again)
    assert again[2].stderr == (
        f"incidentkit: review issue #1 unchanged: https://github.test/{REPOSITORY}/issues/1\n")
    assert list(issues) == [1]


def test_every_workflow_is_run_here() -> None:
    assert sorted(p.name for p in WORKFLOWS.glob("*.yml")) == [
        "notify.yml", "overdue.yml", "publish.yml", "review.yml", "status-page.yml", "sync.yml",
        "validate.yml"]


# -- the action's args --------------------------------------------------------------------------


def _action_job(team: Team, setting: Setting, with_: dict[str, str]) -> Job:
    workflow = team.root / "action-args.yml"
    workflow.write_text(yaml.safe_dump({"jobs": {"run": {"steps": [
        {"name": "Check out", "uses": f"actions/checkout@{'1' * 40}",
         "with": {"persist-credentials": False}},
        {"name": "incidentkit", "uses": f"{ACTION}@{'2' * 40}", "with": with_}]}}}))
    sha = git(team.work, "rev-parse", "HEAD")
    workspace = team.root / f"work-action-{len(list(team.root.iterdir()))}"
    return Job(setting, workflow, "run", event_name="workflow_dispatch", event=team.event(),
               sha=sha, ref="refs/heads/main", workspace=workspace)


def test_args_are_split_like_words_and_never_expanded(
        team: Team, runner_temp: Path, action_path: Path, fake_github: FakeGitHub) -> None:
    setting = team.setting(runner_temp, action_path, fake_github)
    handle = _first(team.work / "oncall/people.yaml", "handle")
    service = _first(team.work / "oncall/services.yaml", "id")
    title = "Search is slow; $(touch pwned) `touch pwned` $HOME ~ *"
    args = (f"new incident --title 'Search is slow; $(touch pwned) `touch pwned` $HOME ~ *' "
            f"--severity SEV3 --service \"{service}\" --commander {handle}")
    job = _action_job(team, setting, {"args": args})
    steps = job.run()
    assert lines(steps[1].inner) == WITH_ARGS, failures(steps)
    created = job.workspace / steps[1].inner[3].stdout.strip()
    assert yaml.safe_load(created.read_text(encoding="utf-8"))["title"] == title
    assert not list(job.workspace.rglob("pwned")) and not (ROOT / "pwned").exists()


def test_working_directory(team: Team, runner_temp: Path, action_path: Path,
                           fake_github: FakeGitHub) -> None:
    setting = team.setting(runner_temp, action_path, fake_github)
    job = _action_job(team, setting, {"args": "validate", "working-directory": "docs"})
    steps = job.run()
    assert steps[1].outcome == "failure"
    assert steps[1].inner[3].stderr.startswith(
        f"incidentkit: error: {job.workspace / 'docs'} is not an incident repository")
    job = _action_job(team, setting, {"args": "-C .. validate", "working-directory": "docs"})
    steps = job.run()
    assert lines(steps[1].inner) == WITH_ARGS, failures(steps)
    assert steps[1].inner[3].stdout.endswith(" 0 errors, 0 warnings\n")


def test_args_with_an_open_quote_are_refused(team: Team, runner_temp: Path, action_path: Path,
                                             fake_github: FakeGitHub) -> None:
    setting = team.setting(runner_temp, action_path, fake_github)
    steps = _action_job(team, setting, {"args": "validate --format 'github"}).run()
    assert lines(steps[1].inner) == [*WITH_ARGS[:3], ("Run incidentkit", "run", "failure")]
    assert steps[1].inner[3].stderr == (
        "incidentkit action: the input args cannot be split into arguments (No closing "
        "quotation): close the quote, or escape it with a backslash\n")


@pytest.fixture(autouse=True)
def _no_stray_files() -> Iterator[None]:
    before = set(ROOT.iterdir())
    yield
    assert set(ROOT.iterdir()) == before
