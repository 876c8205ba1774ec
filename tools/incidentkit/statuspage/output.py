"""Writing the status page's folder: all of it or nothing.

The files are written into a new folder beside ``DIR``, which then replaces ``DIR`` in one
rename; ``DIR`` must be new, empty or an earlier output (it holds :data:`MARKER`), so a typo
cannot replace a folder of something else (:func:`incidentkit.store.atomic.replaced_folder`).
"""

from __future__ import annotations

from pathlib import Path

from incidentkit.store.atomic import replaced_folder

MARKER = ".incidentkit-status-page"


def write(out: Path, files: dict[str, str]) -> None:
    with replaced_folder(out, MARKER, "incidentkit status-page") as tmp:
        for path, content in files.items():
            target = tmp / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8", newline="")
