"""What every command shares: the repository root option and its resolution."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click


@dataclass(frozen=True, slots=True)
class Env:
    root: Path


def env(ctx: click.Context) -> Env:
    obj = ctx.find_root().obj
    assert isinstance(obj, Env)
    return obj


pass_env = click.make_pass_decorator(Env)
