"""``incidentkit validate``: schema, cross-file and policy checks with exact locations."""

from __future__ import annotations

import os
from pathlib import Path

import click

from incidentkit import report
from incidentkit.checks.finding import Severity
from incidentkit.cli.common import Env, pass_env
from incidentkit.errors import FatalError
from incidentkit.store.layout import CONFIG, INCIDENTS, POSTMORTEMS, Layout
from incidentkit.validation import validate as run_checks

#: A folder with none of these is not an incident repository: ``validate`` refuses it.
MARKERS = (CONFIG, f"{INCIDENTS}/", f"{POSTMORTEMS}/", "oncall/")


def _relative(root: Path, paths: tuple[Path, ...]) -> list[str]:
    rels = []
    for path in paths:
        full = path.resolve()
        try:
            rel = full.relative_to(root).as_posix()
        except ValueError:
            raise FatalError(
                f"{path} is outside the repository {root}: pass files inside it, or --repo"
            ) from None
        if not full.exists():
            raise FatalError(f"{path} does not exist: pass existing files")
        if full.is_dir():
            layout = Layout.scan(root)
            rels += [r for r in [*layout.all(), *layout.strays]
                     if r.startswith(rel.rstrip("/") + "/") or rel == "."]
        else:
            rels.append(rel)
    return rels


def _changed_since(root: Path, ref: str) -> list[str]:
    import git

    try:
        repo = git.Repo(root, search_parent_directories=True)
        base = repo.merge_base(ref, "HEAD")
        if not base:
            raise FatalError(f"{ref} and HEAD have no common ancestor")
        names = repo.git.diff("--name-only", "--diff-filter=d", base[0].hexsha).splitlines()
        names += repo.untracked_files
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise FatalError(f"--since needs a git repository; {root} is not one") from None
    except git.GitCommandError as exc:
        raise FatalError(f"cannot compare with {ref!r}: {exc.stderr.strip() or exc}") from None
    top = Path(repo.working_tree_dir or root).resolve()
    rels = []
    for name in names:
        full = top / name
        try:
            rels.append(full.relative_to(root).as_posix())
        except ValueError:
            continue
    return rels


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(report.FORMATS)), default="text",
              show_default=True, help="How to print the findings.")
@click.option("--since", metavar="REF", help="Check the files changed since this git ref.")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for large repositories (default: one per core).")
@click.option("--no-cache", is_flag=True,
              help="Check every file again instead of reusing the findings of unchanged files.")
@pass_env
def validate(env: Env, paths: tuple[Path, ...], fmt: str, since: str | None, strict: bool,
             jobs: int | None, no_cache: bool) -> int:
    """Check files against their schema, the rest of the repository and the policies.

    With PATHS, report on those files only; references still resolve against the whole
    repository (this is what the pre-commit hook does with the staged files).

    \b
    The findings of files that did not change since the last run are reused from a cache
    in the user's cache folder (INCIDENTKIT_CACHE_DIR, else $XDG_CACHE_HOME/incidentkit or
    ~/.cache/incidentkit; safe to delete). It is keyed by each file's bytes, the
    configuration, the catalog of ids and incidentkit's own code, so it is never stale.
    INCIDENTKIT_CACHE=off (or --no-cache) turns it off.
    """
    if not env.root.is_dir():
        raise FatalError(f"repository {env.root} does not exist: pass an incident repository "
                         "with -C DIR")
    if not any(os.path.lexists(env.root / name) for name in MARKERS):
        raise FatalError(
            f"{env.root} is not an incident repository (it has none of {', '.join(MARKERS)}): "
            "run validate in one, pass it with -C DIR, or create one with incidentkit init DIR"
        )
    targets: list[str] | None = None
    if paths:
        targets = _relative(env.root, paths)
    if since is not None:
        targets = (targets or []) + _changed_since(env.root, since)
    use_cache = not no_cache and os.environ.get("INCIDENTKIT_CACHE", "").lower() not in (
        "off", "0", "false", "no")
    done = run_checks(env.root, targets, jobs=jobs, cache=use_cache)
    click.echo(report.FORMATS[fmt](done.findings, done.checked), nl=False)
    failing = [f for f in done.findings if f.severity is Severity.ERROR or strict]
    return 1 if failing else 0
