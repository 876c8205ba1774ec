"""Real git repositories for the merge driver's tests: a bare origin and its clones.

Every git command runs with the user's and the system's configuration shut out, so only what
``setup-git`` writes into a clone's ``.git/config`` configures the driver.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from incidentkit.cli.main import main

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_EDITOR": "true", "GIT_MERGE_AUTOEDIT": "no",
}
ATTRIBUTES = "incidents/**/*.yaml merge=incidentkit\npostmortems/*.md merge=incidentkit\n"


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["git", *args], cwd=cwd, env=ENV, capture_output=True, text=True,
                          timeout=120, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed ({done.returncode}):\n"
                             f"{done.stdout}\n{done.stderr}")
    return done


@dataclass(frozen=True)
class Clone:
    path: Path

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return git(self.path, *args, check=check)

    def read(self, rel: str) -> bytes:
        return (self.path / rel).read_bytes()

    def write(self, rel: str, text: str | bytes) -> None:
        path = self.path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="")

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").stdout.strip()

    def status(self) -> str:
        return self.git("status", "--porcelain").stdout


def origin(tmp: Path, files: dict[str, str | bytes], *, attributes: str = ATTRIBUTES) -> Path:
    """A bare repository whose first commit holds ``files`` and ``.gitattributes``."""
    bare = tmp / "origin.git"
    git(tmp, "init", "-q", "--bare", "-b", "main", str(bare))
    seed = Clone(tmp / "seed")
    git(tmp, "clone", "-q", str(bare), str(seed.path))
    for rel, text in files.items():
        seed.write(rel, text)
    seed.write(".gitattributes", attributes)
    seed.commit("seed")
    seed.git("push", "-q", "origin", "HEAD:main")
    return bare


def clone(bare: Path, dest: Path, *, driver: bool = True) -> Clone:
    """A clone of ``bare``; with ``driver``, set up by ``incidentkit setup-git``."""
    git(bare.parent, "clone", "-q", str(bare), str(dest))
    made = Clone(dest)
    if driver:
        assert main(["-C", str(dest), "setup-git"]) == 0
    return made
