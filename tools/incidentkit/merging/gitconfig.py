"""Installing the merge driver in a clone's own git configuration (``setup-git``).

``.gitattributes`` (committed) routes incident and postmortem files to the driver named
``incidentkit``; what that driver runs lives in ``.git/config`` of each clone, never in the
repository: a command written in a repository would run on every clone that merges it. Where
the driver is not configured, git merges those files line by line as before.
"""

from __future__ import annotations

import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

from incidentkit.errors import FatalError

DRIVER = "incidentkit"
NAME = "incidentkit: merge incident and postmortem files (timelines, updates, action items)"
#: The lines of ``.gitattributes`` that route files to the driver (``init`` writes them).
ATTRIBUTES = ("incidents/**/*.yaml merge=incidentkit", "postmortems/*.md merge=incidentkit")


def driver_command(python: str) -> str:
    """The command git runs: this interpreter, by absolute path, so a virtual environment
    that is not on ``PATH`` works too (quoted for ``sh``, which runs it)."""
    return f"{shlex.quote(python)} -m incidentkit merge-driver %O %A %B %P"


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    value: str
    #: Whether it was written now (``False``: it had that value already).
    changed: bool


@dataclass(frozen=True, slots=True)
class Installed:
    top: Path
    settings: tuple[Setting, ...]
    #: Whether ``.gitattributes`` routes incident files to the driver.
    routed: bool


def _git(top: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", "-C", str(top), *args], capture_output=True, text=True,
                              check=False)
    except OSError as exc:
        raise FatalError(f"cannot run git: {exc.strerror or exc}: install git") from None


def work_tree(folder: Path) -> Path | None:
    """The top folder of the git work tree ``folder`` is in, or ``None``."""
    if not folder.is_dir():
        return None
    done = _git(folder, "rev-parse", "--show-toplevel")
    return Path(done.stdout.strip()).resolve() if done.returncode == 0 else None


def routed(top: Path) -> bool:
    try:
        text = (top / ".gitattributes").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(line.split()[1:2] == [f"merge={DRIVER}"] and not line.startswith("#")
               for line in text.splitlines() if line.strip())


def install(folder: Path, command: str) -> Installed:
    """Set ``merge.incidentkit.name`` and ``.driver`` in the clone's local configuration."""
    top = work_tree(folder)
    if top is None:
        raise FatalError(f"{folder} is not in a git repository: run `git init` (or clone the "
                         "repository) first, then `incidentkit setup-git` in it")
    settings = []
    for key, value in ((f"merge.{DRIVER}.name", NAME), (f"merge.{DRIVER}.driver", command)):
        current = _git(top, "config", "--local", "--get", key)
        changed = current.returncode != 0 or current.stdout.rstrip("\n") != value
        if changed:
            done = _git(top, "config", "--local", key, value)
            if done.returncode != 0:
                raise FatalError(f"git config {key} failed: {done.stderr.strip()}")
        settings.append(Setting(key, value, changed))
    return Installed(top, tuple(settings), routed(top))
