"""``incidentkit oncall override`` and ``oncall swap``: change who is on call by command.

The edits are :mod:`incidentkit.authoring.overrides`; this module parses options and prints.
"""

from __future__ import annotations

from datetime import datetime

import click

from incidentkit.authoring.overrides import Written, add_override, swap
from incidentkit.cli.author import shown
from incidentkit.cli.common import TIMESTAMP, Env, pass_env
from incidentkit.store.edit import format_timestamp

_FROM = click.option("--from", "start", type=TIMESTAMP, required=True,
                     help="Start of the window (RFC 3339 with an offset).")
_TO = click.option("--to", "end", type=TIMESTAMP, required=True,
                   help="End of the window (exclusive).")


def _report(done: Written) -> None:
    lines = [f"{shown(done.path)}: added {len(done.overrides)} override"
             f"{'s' * (len(done.overrides) != 1)}"]
    for o in done.overrides:
        who = f"{o.person} for {o.replaces}" if o.replaces else f"{o.person} for whoever is on call"
        lines.append(f"  {who}, {format_timestamp(o.from_)} to {format_timestamp(o.to)}")
    click.echo("\n".join(lines))


@click.command(short_help="Put someone on call over a window.")
@click.argument("schedule_id", metavar="SCHEDULE")
@_FROM
@_TO
@click.option("--person", required=True, metavar="HANDLE", help="Who is on call instead.")
@click.option("--replaces", metavar="HANDLE", default=None,
              help="Only while this person would be on call (default: whoever is).")
@click.option("--reason", metavar="TEXT", default=None, help="Why, kept in the file.")
@pass_env
def override(env: Env, schedule_id: str, start: datetime, end: datetime, person: str,
             replaces: str | None, reason: str | None) -> int:
    """Add an override to SCHEDULE: HANDLE is on call from --from to --to.

    With --replaces, only while that person would be on call. Refused (exit 1, nothing
    written) when the replaced person is not on call anywhere in the window, or when the
    window overlaps an override already in the file.
    """
    _report(add_override(root=env.root, schedule_id=schedule_id, start=start, end=end,
                         person=person, replaces=replaces, reason=reason))
    return 0


@click.command(name="swap", short_help="Swap two people's on-call time in a window.")
@click.argument("schedule_id", metavar="SCHEDULE")
@_FROM
@_TO
@click.argument("first", metavar="PERSON_A")
@click.argument("second", metavar="PERSON_B")
@pass_env
def swap_command(env: Env, schedule_id: str, start: datetime, end: datetime, first: str,
                 second: str) -> int:
    """PERSON_A hands their on-call time in the window to PERSON_B, and B's to A.

    Written as one override per piece of each one's shifts in the window (B replacing A,
    and A replacing B). Refused (exit 1, nothing written) when neither is on call in the
    window, or when one of those overrides would overlap an override already in the file.
    """
    _report(swap(root=env.root, schedule_id=schedule_id, start=start, end=end, first=first,
                 second=second))
    return 0
