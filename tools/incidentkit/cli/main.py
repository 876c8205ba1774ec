"""``incidentkit``: one entry point, one error boundary (``main(argv) -> int``)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from incidentkit import __version__
from incidentkit.cli.common import Env
from incidentkit.errors import FatalError


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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


def _register() -> None:
    from incidentkit.cli import validate

    cli.add_command(validate.validate)
    for name in ("init", "author", "classify", "render", "schema", "overdue", "oncall"):
        try:
            module = __import__(f"incidentkit.cli.{name}", fromlist=["COMMANDS"])
        except ModuleNotFoundError as exc:
            if exc.name != f"incidentkit.cli.{name}":
                raise
            continue
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 findings, 2 usage or fatal)."""
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
    return result if isinstance(result, int) else 0


def entry() -> None:
    sys.exit(main())
