"""``incidentkit``: one entry point, one error boundary (``main(argv) -> int``)."""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from incidentkit import __version__
from incidentkit.cli.common import Env, guard_option_values
from incidentkit.errors import FatalError, internal_error
from incidentkit.ghactions import guarded_output

#: Every command, imported only when it runs (``validate`` in a pre-commit hook should not pay
#: for the site generator's imports).
COMMANDS: dict[str, str] = {
    "validate": "incidentkit.cli.validate:validate",
    "init": "incidentkit.cli.init:init",
    "handbook": "incidentkit.cli.handbook:handbook",
    "new": "incidentkit.cli.author:new",
    "log": "incidentkit.cli.author:log",
    "status": "incidentkit.cli.author:status",
    "ack": "incidentkit.cli.respond:ack",
    "severity": "incidentkit.cli.respond:severity",
    "assign": "incidentkit.cli.respond:assign",
    "classify": "incidentkit.cli.classify:classify",
    "diff": "incidentkit.cli.diff:diff",
    "notify": "incidentkit.cli.notify:notify",
    "render": "incidentkit.cli.render:render",
    "overdue": "incidentkit.cli.overdue:overdue",
    "actions": "incidentkit.cli.actions:actions",
    "metrics": "incidentkit.cli.metrics:metrics",
    "review": "incidentkit.cli.review:review",
    "oncall": "incidentkit.cli.oncall:oncall",
    "schema": "incidentkit.cli.schema:schema",
    "site": "incidentkit.cli.site:site",
    "status-page": "incidentkit.cli.status_page:status_page",
    "search-index": "incidentkit.cli.search_index:search_index",
    "merge-driver": "incidentkit.cli.merge_driver:merge_driver",
    "setup-git": "incidentkit.cli.setup_git:setup_git",
    "import": "incidentkit.cli.importing:import_",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module_name, attr = COMMANDS[cmd_name].split(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return guard_option_values(command)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="incidentkit")
@click.option(
    "--repo", "-C", "repo",
    type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
    envvar="INCIDENTKIT_REPO", help="The incident repository to work on.",
)
@click.pass_context
def cli(ctx: click.Context, repo: Path) -> None:
    """Incident management as code: validate, author, follow up, on-call, metrics, site."""
    ctx.obj = Env(root=repo.resolve())


guard_option_values(cli)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 findings, 2 usage or fatal).

    Under GitHub Actions, nothing it prints can start a workflow command
    (:mod:`incidentkit.ghactions`).
    """
    # A command is a short process that builds large trees of objects (libyaml makes one per
    # node) and few reference cycles: with Python's default thresholds the cyclic collector
    # walks those trees again every 700 allocations, which made validating a file of 80,000
    # keys take 2.8 s instead of 1.9 s. mypy sets its thresholds likewise for the same reason.
    gc.set_threshold(50_000, 20, 20)
    with guarded_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    try:
        result = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="incidentkit",
            standalone_mode=False,
        )
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return 2
    except click.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except FatalError as exc:
        click.echo(f"incidentkit: error: {exc}", err=True)
        return exc.status
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return 130
    except BrokenPipeError:
        return 1
    except Exception as exc:  # the error boundary: a bug still ends in a message, not a trace
        if os.environ.get("INCIDENTKIT_DEBUG"):
            raise
        click.echo(internal_error(exc), err=True)
        return 2
    return result if isinstance(result, int) else 0


def entry() -> None:
    sys.exit(main())
