"""Read one repository file: a regular file inside the repository, bounded, never blocking.

Every command reads repository files through :func:`read_file`. It refuses, as a
:class:`~incidentkit.store.yamlload.Problem` at 1:1 (a finding for ``validate``):

* a path that resolves outside the repository (a symbolic link to ``/etc/passwd``, or a
  linked folder), code ``outside-repository``: its content would otherwise be published;
* anything but a regular file — a directory, a FIFO, a device such as ``/dev/zero``, a
  socket — code ``not-a-regular-file``: reading those blocks or never ends;
* a symbolic link to nothing, code ``broken-link``;
* a file over :data:`MAX_FILE_BYTES`, code ``file-too-large``, decided by ``fstat`` before any
  byte is read; at most ``MAX_FILE_BYTES + 1`` bytes are ever read (a file growing meanwhile).

Symbolic links whose target is a regular file inside the repository are read like the file
they point to (a postmortem shared between two names, a checkout on a file system that keeps
links). The file is opened with ``O_NONBLOCK`` (a FIFO swapped in after the check cannot
block the open) and checked again with ``fstat`` on the open descriptor.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from incidentkit.store.text import shorten
from incidentkit.store.yamlload import MAX_FILE_BYTES, Problem

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _what(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _not_regular(mode: int, linked: bool) -> Problem:
    via = "a symbolic link to " if linked else ""
    return Problem(
        1, 1, "not-a-regular-file",
        f"this is {via}{_what(mode)}, not a regular file: replace it with a regular file "
        "or remove it",
    )


def _too_large(size: int, cap: int) -> Problem:
    return Problem(
        1, 1, "file-too-large",
        f"file is {size} bytes; the limit is {cap}: split it or remove data",
    )


def _unreadable(exc: OSError) -> Problem:
    return Problem(
        1, 1, "unreadable",
        f"cannot read the file: {exc.strerror or exc}: check that it exists and that you may "
        "read it",
    )


def _within(real: str, real_root: str) -> bool:
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def inside(root: Path | str, rel: str) -> bool:
    """Whether ``root/rel``, every link resolved, is inside the (resolved) repository root."""
    return _within(os.path.realpath(os.path.join(root, rel)), os.path.realpath(root))


def read_file(root: Path | str, rel: str, *, cap: int = MAX_FILE_BYTES,
              real_root: str | None = None) -> bytes | Problem:
    """The bytes of the repository file ``rel``, or why it cannot be read (never raises).

    ``real_root`` is ``os.path.realpath(root)`` when the caller reads many files of one root
    (resolved once instead of once per file)."""
    path = os.path.join(root, rel)
    try:
        linked = os.path.islink(path)
        real = os.path.realpath(path)
        if not _within(real, real_root if real_root is not None else os.path.realpath(root)):
            target = os.readlink(path) if linked else real
            return Problem(
                1, 1, "outside-repository",
                f"this path leads outside the repository (to {shorten(target)}): "
                "copy the file into the repository instead of linking to it",
            )
        if linked and not os.path.exists(real):
            return Problem(
                1, 1, "broken-link",
                f"this symbolic link leads nowhere (to {shorten(os.readlink(path))}): fix its "
                "target or remove it",
            )
        mode = os.stat(real).st_mode
        if not stat.S_ISREG(mode):
            return _not_regular(mode, linked)
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        return _unreadable(exc)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return _not_regular(st.st_mode, linked)
        if st.st_size > cap:
            return _too_large(st.st_size, cap)
        chunks: list[bytes] = []
        got = 0
        while got <= cap:
            chunk = os.read(fd, min(1 << 20, cap + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got > cap:
            return _too_large(got, cap)
        return b"".join(chunks)
    except OSError as exc:
        return _unreadable(exc)
    finally:
        os.close(fd)



def unsafe_entries(root: Path | str) -> Callable[[str, list[str]], set[str]]:
    """A ``shutil.copytree`` ``ignore``: the entries of a folder that are neither a regular
    file nor a folder (FIFOs, devices, sockets, broken links), or that lead outside ``root``.
    Copying the repository's ``docs/`` with it publishes nothing from elsewhere."""
    real_root = os.path.realpath(root).rstrip(os.sep) + os.sep

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = set()
        for name in names:
            real = os.path.realpath(os.path.join(folder, name))
            try:
                mode = os.stat(real).st_mode
            except OSError:
                skipped.add(name)
                continue
            if not real.startswith(real_root) or not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                skipped.add(name)
        return skipped

    return ignore
