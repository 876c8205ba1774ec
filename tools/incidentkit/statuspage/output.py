"""Writing the status page's folder: all of it or nothing.

The files are written into a new folder beside ``DIR``, which then replaces ``DIR`` in one
rename; ``DIR`` must be new, empty or an earlier output (it holds :data:`MARKER`), so a typo
cannot replace a folder of something else.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from incidentkit.errors import FatalError

MARKER = ".incidentkit-status-page"


def write(out: Path, files: dict[str, str]) -> None:
    out = out.resolve()
    if out.exists() and (not out.is_dir() or (any(out.iterdir())
                                              and not (out / MARKER).exists())):
        raise FatalError(f"{out} exists and is not an earlier output of incidentkit "
                         "status-page: choose a new or empty directory")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for path, content in files.items():
            target = tmp / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8", newline="")
        (tmp / MARKER).write_text("incidentkit status-page output; replaced on the next run\n",
                                  encoding="utf-8")
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o777 & ~mask)
        old = None
        if out.exists():
            old = out.parent / f".{out.name}.old-{os.getpid()}"
            os.replace(out, old)
        os.replace(tmp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
