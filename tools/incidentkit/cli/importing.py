"""``incidentkit import pagerduty|opsgenie|grafana-oncall``: move on-call data in.

The reading and translating is :mod:`incidentkit.imports`; this module picks where the data
comes from, checks the result as ``validate`` would before writing anything, and prints.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import click
import yaml

from incidentkit.authoring.repository import require_repository
from incidentkit.checks.finding import Severity
from incidentkit.cli.common import Env, pass_env
from incidentkit.clock import now
from incidentkit.errors import FatalError
from incidentkit.imports.api import Api, HttpApi, SavedApi
from incidentkit.imports.compare import Comparison, compare
from incidentkit.imports.people import People
from incidentkit.imports.render import text
from incidentkit.imports.vendors import VENDORS, Vendor, vendor
from incidentkit.imports.write import apply, plan, stage
from incidentkit.repository import open_repository
from incidentkit.store.layout import PEOPLE
from incidentkit.store.source import WorkingTree
from incidentkit.validation import validate


def _api(found: Vendor, url: str | None, responses: Path | None, save: Path | None) -> Api:
    if responses is not None:
        return SavedApi(found.title, responses)
    root = url or os.environ.get(found.url_env) or found.default_url
    if not root:
        raise FatalError(f"{found.title}: give the API's URL with --url or {found.url_env}")
    token = os.environ.get(found.token_env, "").strip()
    if not token:
        raise FatalError(f"{found.title}: set {found.token_env} to an API token with read "
                         "access (or import saved responses with --responses DIR)")
    return HttpApi(found.title, root, found.headers(token), save)


def _existing_people(root: Path) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load((root / PEOPLE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        raise FatalError(f"{PEOPLE} cannot be read; run incidentkit validate and fix it "
                         "before importing") from None
    if not isinstance(data, list):
        return []
    return [p for p in data if isinstance(p, dict) and p.get("handle") and p.get("name")]


@click.command("import", short_help="Import people, services, schedules and policies.")
@click.argument("source", metavar="VENDOR", type=click.Choice(list(VENDORS)))
@click.option("--url", default=None, metavar="URL",
              help="The API's root URL (default: the vendor's public API; "
                   "PAGERDUTY_API_URL, OPSGENIE_API_URL, GRAFANA_ONCALL_API_URL).")
@click.option("--responses", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Read responses saved earlier with --save-responses instead of the API.")
@click.option("--save-responses", "save", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="Also save every API response in this folder.")
@click.option("--weeks", type=click.IntRange(1, 26), default=4, show_default=True,
              help="How many weeks of shifts to compare with the vendor's.")
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@pass_env
def import_(env: Env, source: str, url: str | None, responses: Path | None, save: Path | None,
            weeks: int, dry_run: bool) -> int:
    """Import people, services, schedules (layers, restrictions, overrides) and escalation
    policies from PagerDuty, Opsgenie or Grafana OnCall.

    The token comes from the environment: PAGERDUTY_TOKEN (a REST API key), OPSGENIE_API_KEY
    (an API integration key; Opsgenie's EU accounts use --url https://api.eu.opsgenie.com) or
    GRAFANA_ONCALL_TOKEN (with --url or GRAFANA_ONCALL_API_URL, the OnCall API's root). It is
    sent to that URL only and never printed.

    What the repository already has (the same handle or id) is left as it is, so a second
    import changes nothing; everything else is appended, keeping every byte of the files.
    Anything the import could not translate is listed with the reason. For each imported
    schedule, incidentkit's shifts over the next --weeks are compared with the vendor's own
    rendering of it; the status is 1 when they differ. The result is checked as validate
    would before anything is written.
    """
    require_repository(env.root)
    chosen = vendor(source)
    api = _api(chosen, url, responses, save)
    start = now().replace(second=0, microsecond=0)
    end = start + timedelta(weeks=weeks)
    people = People(_existing_people(env.root))
    found = chosen.read(api, people, start, end)
    found.people = list(people.added)
    result = plan(env.root, found)
    comparisons: list[Comparison] = []
    with tempfile.TemporaryDirectory(prefix="incidentkit-import-") as tmp:
        staged = Path(tmp)
        stage(env.root, result.edits, staged)
        checked = validate(staged, [e.rel for e in result.edits], cache=False)
        errors = [f for f in checked.findings if f.severity is Severity.ERROR]
        if errors:
            shown = "\n".join(f"  {f}" for f in errors[:20])
            raise FatalError(f"{chosen.title}: the imported files would not validate; "
                             f"nothing was written:\n{shown}")
        repo = open_repository(WorkingTree(staged), only=lambda rel: rel.startswith(
            "oncall/schedules/"))
        for schedule in found.schedules:
            doc = repo.schedules.get(schedule["id"])
            if doc is not None and schedule["id"] in found.final:
                comparisons.append(compare(doc.model, found.final[schedule["id"]], start, end))
    if not dry_run:
        apply(env.root, result.edits)
    click.echo(text(chosen.title, chosen.rendered, found, result.outcomes, comparisons,
                    dry_run=dry_run), nl=False)
    return 1 if any(c.differences for c in comparisons) else 0
