"""git's own line merge (``git merge-file``): the fallback, and the merge of Markdown bodies."""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass

from incidentkit.errors import FatalError

#: The conflict labels, as git's own merge of a file writes them for an external driver.
LABELS = ("ours", "base", "theirs")


@dataclass(frozen=True, slots=True)
class LineMerge:
    data: bytes
    #: How many conflicts git left (0: merged cleanly).
    conflicts: int


def merge_files(base: str, ours: str, theirs: str) -> LineMerge:
    """``git merge-file -p`` of three files (their paths)."""
    command = ["git", "merge-file", "-p", "-L", LABELS[0], "-L", LABELS[1], "-L", LABELS[2],
               ours, base, theirs]
    try:
        done = subprocess.run(command, capture_output=True, check=False)
    except OSError as exc:
        raise FatalError(f"cannot run git merge-file: {exc.strerror or exc}") from None
    if done.returncode < 0 or done.returncode >= 128:
        why = done.stderr.decode("utf-8", "replace").strip() or f"status {done.returncode}"
        raise FatalError(f"git merge-file failed: {why}")
    return LineMerge(done.stdout, done.returncode)


def merge_texts(base: str, ours: str, theirs: str) -> LineMerge:
    """``git merge-file -p`` of three texts."""
    with tempfile.TemporaryDirectory(prefix="incidentkit-merge-") as folder:
        paths = []
        for name, text in zip(LABELS, (ours, base, theirs), strict=True):
            path = os.path.join(folder, name)
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            paths.append(path)
        return merge_files(paths[1], paths[0], paths[2])
