"""The scaffold's ``.github`` folder with its tokens replaced, for the linters and the tests.

``incidentkit init`` replaces ``__INCIDENTKIT_REPOSITORY__``, ``__INCIDENTKIT_REV__`` and
``__INCIDENTKIT_VERSION__`` in every file it writes (see the contract of issue 9). Until it does on
this branch, :func:`substitute` gives them the values it will give for an editable install of
this checkout: the repository of pyproject.toml's Source URL, ``git rev-parse HEAD``, the version.
On a tree ``init`` already substituted, :func:`substitute` finds no token and changes nothing.

``python -m tests.workflows.scaffold DIR`` writes DIR/.github (``make lint-workflows`` lints it).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import incidentkit
from incidentkit.cli.init import SCAFFOLD

ROOT = Path(__file__).resolve().parents[2]
REPOSITORY = "incidentkit/incidentkit"
#: The workflows of the scaffold, with their tokens.
WORKFLOWS = SCAFFOLD / "dot_github" / "workflows"


def tokens() -> dict[str, str]:
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                         check=True, timeout=30).stdout.strip()
    return {
        "__INCIDENTKIT_REPOSITORY__": REPOSITORY,
        "__INCIDENTKIT_REV__": rev,
        "__INCIDENTKIT_VERSION__": incidentkit.__version__,
    }


def substitute(root: Path) -> None:
    """Replace the tokens in every file under ``root`` that holds one."""
    values = tokens()
    for path in sorted(root.rglob("*")):
        if not path.is_file() or ".git" in path.relative_to(root).parts:
            continue
        text = path.read_text(encoding="utf-8")
        new = text
        for token, value in values.items():
            new = new.replace(token, value)
        if new != text:
            path.write_text(new, encoding="utf-8")


def render_github(dest: Path) -> Path:
    """Write the scaffold's dot_github folder as ``dest/.github``, tokens replaced."""
    target = dest / ".github"
    for source in sorted((SCAFFOLD / "dot_github").rglob("*")):
        if source.is_file():
            path = target / source.relative_to(SCAFFOLD / "dot_github")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(source.read_bytes())
    substitute(target)
    return target


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.workflows.scaffold DIR", file=sys.stderr)  # noqa: T201
        return 2
    render_github(Path(argv[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
