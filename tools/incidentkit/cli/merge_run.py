"""The merge driver's work, and a start-up path for it without click.

git runs the driver once per file it merges (a rebase of ten commits that each logged to one
incident: ten runs), so ``python -m incidentkit merge-driver A O B P`` as git calls it skips the
command line's framework (:mod:`incidentkit.__main__`); anything else (``--help``, a missing
file, a wrong number of arguments) goes through the full command line and its usage errors.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from incidentkit.errors import FatalError, internal_error
from incidentkit.merging.files import merge_paths
from incidentkit.store.atomic import write_text


def merge_and_report(base: Path, ours: Path, theirs: Path, path: str | None) -> int:
    """Merge into ``ours``, tell stderr what was not merged by itself; 0 merged, 1 conflict."""
    rel = path or ours.name
    result = merge_paths(rel, base, ours, theirs)
    try:
        write_text(ours, result.data)
    except OSError as exc:
        raise FatalError(f"cannot write the merged file: {exc.strerror or exc}",
                         location=str(ours)) from None
    lines = ([result.note] if result.note else []) + list(result.conflicts)
    sys.stderr.write("".join(f"{line}\n" for line in lines))
    return 0 if result.clean else 1


def fast(argv: Sequence[str]) -> int | None:
    """Run ``merge-driver ARGS`` as git calls it; ``None`` when the arguments are not that."""
    if len(argv) not in (3, 4) or any(arg.startswith("-") for arg in argv):
        return None
    base, ours, theirs = (Path(arg) for arg in argv[:3])
    if not (base.is_file() and ours.is_file() and theirs.is_file()):
        return None
    try:
        return merge_and_report(base, ours, theirs, argv[3] if len(argv) == 4 else None)
    except FatalError as exc:
        sys.stderr.write(f"incidentkit: error: {exc}\n")
        return exc.status
    except Exception as exc:  # the same error boundary as the command line's
        if os.environ.get("INCIDENTKIT_DEBUG"):
            raise
        sys.stderr.write(internal_error(exc) + "\n")
        return 2
