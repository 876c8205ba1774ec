"""``incidentkit review``: the Markdown agenda of the weekly incident review."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from incidentkit import clock
from incidentkit.cli.common import TIMESTAMP, Env, pass_env
from incidentkit.cli.overdue import invalid_notice
from incidentkit.model.types import parse_duration
from incidentkit.report.review import review as compose
from incidentkit.report.review_markdown import markdown, title
from incidentkit.repository import open_repository
from incidentkit.store.atomic import write_text
from incidentkit.store.source import WorkingTree

#: The longest period a review covers.
LONGEST = timedelta(days=366)


class PeriodType(click.ParamType[timedelta]):
    """A duration of at least a minute and at most a year: ``7d``, ``2w``, ``36h``."""

    name = "DURATION"

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> timedelta:
        if isinstance(value, timedelta):
            return value
        try:
            length = parse_duration(str(value), LONGEST)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
        if length < timedelta(minutes=1):
            self.fail("a review covers at least 1m: write e.g. 7d", param, ctx)
        return length


class EndType(click.ParamType[datetime]):
    """A timestamp, ``now``, or ``today``: 00:00 UTC today (a scheduled review run again by
    hand later that day covers the same period)."""

    name = "TIMESTAMP|today"

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> datetime:
        if str(value).strip() == "today":
            return clock.now().astimezone(UTC).replace(hour=0, minute=0, second=0,
                                                       microsecond=0)
        return TIMESTAMP.convert(value, param, ctx)


@click.command()
@click.option("--since", "length", type=PeriodType(), default="7d", show_default=True,
              help="How far back the period goes from --at (7d, 2w, 36h).")
@click.option("--at", type=EndType(), default=None,
              help="The end of the period, exclusive: a timestamp, now (the default), or "
                   "today (00:00 UTC).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the agenda to this file instead of printing it.")
@click.option("--links", default="", metavar="URL",
              help="Where the repository's files are on the web (e.g. "
                   "https://github.com/OWNER/NAME/blob/main/): links to incidents and "
                   "postmortems continue it. Default: relative to the repository.")
@click.option("--issue", is_flag=True,
              help="Also post the agenda as a GitHub issue, one per period (a rerun edits it; "
                   "needs GITHUB_TOKEN). Links default to the files on GitHub.")
@click.option("--notify", "channels", multiple=True, metavar="CHANNEL",
              help="Also send it to this notify channel of incidentkit.yaml (repeatable; "
                   "Slack, Teams, email or webhook, internal).")
@pass_env
def review(env: Env, length: timedelta, at: datetime | None, out: Path | None,
           links: str, issue: bool, channels: tuple[str, ...]) -> int:
    """The agenda of an incident review board for the period [--at - --since, --at).

    \b
    In Markdown:
      new incidents, near-misses and drills started in the period;
      postmortems in review, and those not written or not final that are late or due
        before the next review (--at + --since);
      action items by owner: due in the period (done, won't do or late), late from
        before it, and due before the next review;
      repeat incidents: the same service or runbook as an earlier incident whose action
        items are still open, with those items;
      the figures (MTTA, MTTR, severity time targets, incidentkit.yaml targets) beside
        those of the previous period of the same length.
    """
    moment = (at or clock.now()).replace(microsecond=0)
    repo = open_repository(WorkingTree(env.root))
    notice = invalid_notice(repo)
    if notice:
        click.echo(notice, err=True)
    # The channels and their secrets, checked before the agenda is written or posted anywhere
    # (notify's channels and their libraries are imported only when some are named).
    targets = None
    if channels:
        from incidentkit.notify.report import check

        targets = check(repo.config, channels, os.environ)
    found = None
    if issue:
        from incidentkit.report import review_issue

        found = review_issue.settings(repo)
        if not links:
            sha = os.environ.get("GITHUB_SHA", "")
            revision = sha if re.fullmatch(r"[0-9a-f]{40}", sha) else "HEAD"
            links = f"{found.web_url}/{found.repository}/blob/{revision}/"
    agenda = compose(repo, at=moment, length=length)
    text = markdown(agenda, repo.people, links=links)
    if out is None:
        click.echo(text, nl=False)
    else:
        write_text(out, text)
        click.echo(f"incidentkit: review written to {click.format_filename(out)}", err=True)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with Path(summary).open("a", encoding="utf-8") as handle:
            handle.write(text)
    url: str | None = None
    if found is not None:
        posted = review_issue.post_review(found, title=title(agenda), agenda=text,
                                          start=agenda.start, at=agenda.at)
        click.echo(f"incidentkit: review issue #{posted.number} {posted.outcome}: {posted.url}",
                   err=True)
        url = posted.url
    if targets is None:
        return 0
    from incidentkit.notify import report as notify_report

    summary_line = next((line for line in text.splitlines()[1:] if line.strip()), "")
    sent = notify_report.send(targets, notify_report.Report(title(agenda), summary_line, text,
                                                            url))
    for channel_id, said, ok in sent:
        click.echo(f"incidentkit: review {'sent to' if ok else 'NOT sent to'} {channel_id}: "
                   f"{said}", err=True)
    return 0 if all(ok for _, _, ok in sent) else 1
