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
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from incidentkit.errors import FatalError

#: The name ``tempfile.mkstemp`` gives with our prefix and suffix (8 characters in between).
TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def _new_file_mode() -> int:
    """What ``open()`` would give a new file: 0o666 less the umask (mkstemp gives 0o600)."""
    return 0o666 & ~_umask()


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


@contextlib.contextmanager
def replaced_folder(out: Path, marker: str, command: str) -> Iterator[Path]:
    """A new folder beside ``out`` to fill; when the block ends without an error it replaces
    ``out`` in one rename (all of it or nothing; on an error it is removed).

    ``out`` must be new, empty or an earlier output of ``command`` (it holds the file
    ``marker``, which this writes), so that a typo cannot replace a folder of something else.
    """
    out = out.resolve()
    if out.exists() and (not out.is_dir() or (any(out.iterdir())
                                              and not (out / marker).exists())):
        raise FatalError(f"{out} exists and is not an earlier output of {command}: choose a "
                         "new or empty directory")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        yield tmp
        (tmp / marker).write_text(f"{command} output; replaced on the next run\n",
                                  encoding="utf-8")
        os.chmod(tmp, 0o777 & ~_umask())
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
