"""The two builders of the knowledge base, run for real on a copy of this repository's data:
``mkdocs build --strict`` with the plugin, and ``incidentkit site --out`` + ``zensical build
--strict``.

The copy's ``mkdocs.yml`` is a newcomer's: no ``extra_css`` (the stylesheet must come from
incidentkit, in both builders) and the plugin's ``now`` fixed, so both builds show the same
moment.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.site.conftest import copy_repository

BIN = Path(sys.executable).parent
NOW = "2026-01-15T14:30:00Z"
STYLESHEET = "extra_css:\n  - assets/incidentkit/site.css\n"
PLUGIN = "  - incidentkit\n"


@dataclass(frozen=True, slots=True)
class Builds:
    """The built sites (folders of HTML and the rest) of one repository."""

    root: Path
    mkdocs: Path
    zensical: Path


def _run(args: list[str], cwd: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, env=env,
                          timeout=600)
    assert done.returncode == 0, (args, done.stdout[-3000:], done.stderr[-3000:])


def newcomer_repository(target: Path) -> Path:
    """A copy of this repository whose ``mkdocs.yml`` lists no stylesheet and fixes ``now``."""
    root = copy_repository(target)
    config = (root / "mkdocs.yml").read_text()
    assert STYLESHEET in config and PLUGIN in config
    config = config.replace(STYLESHEET, "").replace(
        PLUGIN, f"  - incidentkit:\n      now: '{NOW}'\n")
    (root / "mkdocs.yml").write_text(config)
    return root


def build_both(base: Path) -> Builds:
    """Build the newcomer copy under ``base`` with both builders."""
    zensical = BIN / "zensical"
    assert zensical.exists(), "zensical is not installed: pip install -e '.[dev]'"
    root = newcomer_repository(base / "repo")
    _run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(base / "mkdocs")], root)
    out = base / "zensical"
    _run([str(BIN / "incidentkit"), "-C", str(root), "site", "--out", str(out)], root)
    _run([str(zensical), "build", "--strict"], out)
    return Builds(root=root, mkdocs=base / "mkdocs", zensical=out / "site")
