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


#: The least a ``mkdocs.yml`` can say: no navigation, no patterns, no stylesheet.
BARE = f"""\
site_name: Incidents
theme:
  name: material
  font: false
plugins:
  - search
  - tags
  - incidentkit:
      now: '{NOW}'
"""


def newcomer_repository(target: Path, *, bare: bool = False, config: str = "") -> Path:
    """A copy of this repository whose ``mkdocs.yml`` lists no stylesheet and fixes ``now``
    (``bare``: :data:`BARE`); ``config`` is added to its ``incidentkit.yaml``."""
    root = copy_repository(target)
    if config:
        with (root / "incidentkit.yaml").open("a") as out:
            out.write(config)
    config = (root / "mkdocs.yml").read_text()
    assert STYLESHEET in config and PLUGIN in config
    config = config.replace(STYLESHEET, "").replace(
        PLUGIN, f"  - incidentkit:\n      now: '{NOW}'\n")
    (root / "mkdocs.yml").write_text(BARE if bare else config)
    return root


def build_both(base: Path, *, bare: bool = False, config: str = "") -> Builds:
    """Build the newcomer copy under ``base`` with both builders (``config``: more of its
    ``incidentkit.yaml``)."""
    zensical = BIN / "zensical"
    assert zensical.exists(), "zensical is not installed: pip install -e '.[dev]'"
    root = newcomer_repository(base / "repo", bare=bare, config=config)
    _run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(base / "mkdocs")], root)
    out = base / "zensical"
    _run([str(BIN / "incidentkit"), "-C", str(root), "site", "--out", str(out)], root)
    _run([str(zensical), "build", "--strict"], out)
    _run([str(BIN / "incidentkit"), "search-index", str(out / "site")], root)  # the README's step
    return Builds(root=root, mkdocs=base / "mkdocs", zensical=out / "site")
