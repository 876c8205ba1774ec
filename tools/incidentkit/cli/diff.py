"""``incidentkit diff``: what a change does to the incidents and to on call, in words."""

from __future__ import annotations

import os
from pathlib import Path

import click

from incidentkit.changes.render import FORMATS, markdown
from incidentkit.changes.report import WEEKS
from incidentkit.changes.report import diff as compute
from incidentkit.cli.common import Env, pass_env
from incidentkit.clock import now as current_time
from incidentkit.errors import FatalError

#: The longest window: two years, as the ``oncall`` commands compute at most.
MAX_WEEKS = 104


class Weeks(click.ParamType[int]):
    """``--weeks``: a whole number of weeks from 1 to :data:`MAX_WEEKS`."""

    name = "weeks"

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number: int | None = value
        else:
            text = str(value).strip()
            number = int(text) if text.isascii() and text.isdigit() else None
        if number is None or not 1 <= number <= MAX_WEEKS:
            self.fail(f"{value!r} is not a whole number of weeks from 1 to {MAX_WEEKS}",
                      param, ctx)
        return number


@click.command()
@click.argument("base", metavar="BASE")
@click.argument("head", metavar="[HEAD]", required=False)
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text",
              show_default=True, help="How to print the changes.")
@click.option("--weeks", type=Weeks(), default=WEEKS,
              show_default=True, metavar="N",
              help="Compare the schedules' shifts over the next N weeks from now (1 to 104).")
@pass_env
def diff(env: Env, base: str, head: str | None, fmt: str, weeks: int) -> int:
    """Incidents declared, severity and status changes, postmortems and action items added,
    moved or closed between two git versions; and what a change to the on-call files does.

    When schedules, escalation policies, people, services, runbooks or time off change, each
    schedule whose shifts could differ (its file changed, or a person it names) is computed in
    both versions over the next --weeks weeks from now: hours gained and lost per person, gaps
    opened and closed (an override with person: null is uncovered on purpose, not a gap), the
    fairness spread before and after, and who is newly on call. Services, escalation policies,
    people, runbooks and time off are compared in words.

    BASE and HEAD are git revisions (branches, tags, commits). Like a pull request, the
    comparison starts at the merge base of BASE and HEAD, so changes made on BASE since the
    branch was cut do not show up. Without HEAD, the working tree is compared (committed or
    not, as validate sees it). Files that cannot be read in either version are listed with
    their first error. Nothing on disk is changed.

    Under GitHub Actions ($GITHUB_STEP_SUMMARY set) the Markdown report is appended to the
    step summary as well.
    """
    if not env.root.is_dir():
        raise FatalError(f"repository {env.root} does not exist")
    report = compute(env.root, base, head, now=current_time(), weeks=weeks)
    click.echo(FORMATS[fmt](report), nl=False)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with Path(summary).open("a", encoding="utf-8") as handle:
            handle.write(markdown(report))
    return 0
