"""Atomic writes: a temporary file in the same folder, then ``os.replace`` (or a hard link).

A reader, or a command killed at any moment, sees the old file or the new one, never a part.
A command killed while writing can leave its temporary file, ``.<name>.<8 random>.tmp``: it is
a dot file, so every reader skips it, ``.gitignore`` ignores it, and the next command that
edits a file of that folder removes it (:func:`sweep`, called with the folder's edit lock held,
see :mod:`incidentkit.store.lock`).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

#: The name ``tempfile.mkstemp`` gives with our prefix and suffix (8 characters in between).
TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def _new_file_mode() -> int:
    """What ``open()`` would give a new file: 0o666 less the umask (mkstemp gives 0o600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _temporary(path: Path, text: str | bytes, mode: int) -> str:
    """A complete, flushed temporary copy of ``text`` next to ``path``; its path."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        _remove(tmp)
        raise
    return tmp


def _remove(tmp: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)


def write_text(path: Path, text: str | bytes) -> None:
    """Replace ``path`` with ``text`` (UTF-8, newlines as given; or bytes) or leave it
    untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else _new_file_mode()
    tmp = _temporary(path, text, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise


def create_text(path: Path, text: str) -> None:
    """Write a new file atomically; ``FileExistsError`` if ``path`` exists, even when another
    process creates it at the same moment (the complete file is hard-linked into place, which
    fails if the name is taken; where hard links are refused, an ``O_EXCL`` creation claims
    the name first)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        raise FileExistsError(path)
    tmp = _temporary(path, text, _new_file_mode())
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:  # no hard links here: claim the name, then fill it in one step
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            os.replace(tmp, path)
    finally:
        _remove(tmp)


def sweep(directory: Path) -> list[str]:
    """Remove the temporary files interrupted writes left in ``directory``; their names.

    Only safe while no other write into ``directory`` is under way: call it holding the
    folder's edit lock.
    """
    removed: list[str] = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    for name in sorted(names):
        if TEMPORARY.fullmatch(name) and os.path.isfile(os.path.join(directory, name)):
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(directory, name))
                removed.append(name)
    return removed
