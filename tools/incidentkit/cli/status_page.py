"""``incidentkit status-page --out DIR``: the public status page, a static site for customers."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import click

from incidentkit import clock
from incidentkit.cli.common import TIMESTAMP, Env, pass_env
from incidentkit.cli.overdue import invalid_notice
from incidentkit.model.types import URL_PATTERN
from incidentkit.repository import open_repository
from incidentkit.store.source import WorkingTree


def _url(value: str | None) -> str | None:
    if value is not None and not re.match(URL_PATTERN, value):
        raise click.BadParameter("write the page's address as an http(s) URL, e.g. "
                                 "https://status.example.com/", param_hint="'--url'")
    return value


def _title(value: str) -> str:
    """The page's name: visible text, no control character (it goes into XML feeds)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise click.BadParameter("it is not valid UTF-8 text", param_hint="'--title'") from None
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in value) or not value.strip():
        raise click.BadParameter("write visible text without control characters",
                                 param_hint="'--title'")
    return value.strip()


@click.command("status-page")
@click.option("--out", "out", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Write the site to DIR (new, empty, or an earlier output: replaced whole).")
@click.option("--title", default="Service status", show_default=True,
              help="The page's name, shown on every page and in the feeds and JSON.")
@click.option("--url", "url", default=None,
              help="Where the page is published (https://status.example.com/): makes the "
              "feeds' and the JSON's links absolute.")
@click.option("--days", type=click.IntRange(1, 366), default=90, show_default=True,
              help="Days of uptime bars.")
@click.option("--at", "at", type=TIMESTAMP, default=None,
              help="Show the page as of this time; default INCIDENTKIT_NOW, else the clock.")
@pass_env
def status_page(env: Env, out: Path, title: str, url: str | None, days: int,
                at: datetime | None) -> int:
    """Write the public status page: components and their uptime, current incidents with
    their external updates, scheduled maintenance, incident history, RSS and Atom feeds and
    Statuspage-shaped JSON (api/v2/summary.json, ...).

    Only services with a status_page entry in oncall/services.yaml are shown, and only
    customer-facing incidents that touch them; nothing internal (people, severity ids,
    internal updates, links) is written.
    """
    from incidentkit.statuspage import output, render, state

    _url(url)
    title = _title(title)
    repo = open_repository(WorkingTree(env.root))
    notice = invalid_notice(repo)
    if notice:
        click.echo(notice, err=True)
    now = (at or clock.now()).replace(microsecond=0)
    page = state.build(repo, now=now, title=title, url=url,
                       days=days)
    written = render.files(page, templates=env.root / "templates" / "status_page")
    output.write(out, written)
    def count(n: int, what: str) -> str:
        return f"{n} {what}{'' if n == 1 else 's'}"

    click.echo(f"Wrote the status page ({count(len(written), 'file')}, "
               f"{count(len(page.components), 'component')}, "
               f"{count(len(page.current), 'current incident')}) to {out}")
    return 0
