"""One editor at a time per folder: an exclusive ``flock`` on the folder of the file edited.

Every command that changes a repository file (``new incident``, ``log``, ``status``,
``new postmortem``, the issue numbers ``actions sync`` writes back) holds this lock across its
whole read → check → edit → check → replace, so two commands editing one incident at once both
land: the second reads what the first wrote.

Why the folder and not the file: an atomic write replaces the file with a new inode, so a
second command that opened the file after the replace would lock a different inode than the
first and both would go ahead. The folder's inode survives ``os.replace``, and locking it leaves
no lock file behind. That is also why this is the standard library's ``fcntl`` and not a
lock-file library such as ``filelock``: a lock file is either left in the repository for
``git status`` to show, or deleted on release, and deleting it lets a third process lock a new
file while a second still holds the deleted one. The kernel drops a ``flock`` when its process
ends, ``kill -9`` included, so a crashed command never leaves the folder locked.

Holding the lock, a command also removes the temporary files an interrupted write left in the
folder (:func:`incidentkit.store.atomic.sweep`); that is safe because every writer of those
folders holds the lock while its temporary file exists.

Waiting is bounded: :data:`TIMEOUT_VARIABLE` seconds (default :data:`DEFAULT_TIMEOUT`), then a
:class:`~incidentkit.errors.FatalError` (exit 2) and nothing is written. The wait is a blocking
``flock`` cut short by a ``SIGALRM`` timer, so the kernel hands the lock over as soon as it is
released (polling lost it again and again to a writer that edits in a loop); outside the main
thread, where no timer signal can arrive, it polls.

Platforms: POSIX. Where ``fcntl`` is missing (Windows) or the file system refuses to lock a
folder (some network file systems), the command runs without the lock and relies on the check
its caller makes just before replacing the file (the file must still hold the bytes it read,
else it stops and writes nothing); a write that lands between that check and the replace can
still be lost there.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from incidentkit.errors import FatalError
from incidentkit.store import atomic

#: Seconds to wait for another command to finish editing (overrides the default).
TIMEOUT_VARIABLE = "INCIDENTKIT_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 10.0
#: Bounds of the pause between two attempts, in seconds.
_PAUSE = (0.005, 0.03)
#: Errors that mean "someone else holds it", not "cannot lock here".
_BUSY = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES}

#: Folders this process holds (device, inode): a nested edit of the same folder goes ahead.
_held: set[tuple[int, int]] = set()


def timeout() -> float:
    """The wait bound: :data:`TIMEOUT_VARIABLE` when set, else :data:`DEFAULT_TIMEOUT`."""
    value = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    if not value:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600:
        shown = value if len(value) <= 80 else value[:79] + "…"
        raise FatalError(f"{TIMEOUT_VARIABLE}={shown} is not a number of seconds: set it to a "
                         "number from 0 to 3600, or unset it for the default of 10")
    return seconds


if sys.platform == "win32":  # pragma: no cover - no fcntl there

    def _try_lock(fd: int) -> bool | None:
        return None

else:
    import fcntl

    def _try_lock(fd: int) -> bool | None:
        """``True`` when locked, ``False`` when another process holds it, ``None`` if the
        file system cannot lock a folder."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in _BUSY:
                return False
            return None
        return True


@contextmanager
def locked(directory: Path, *, rel: str, wait: float | None = None) -> Iterator[bool]:
    """Hold the edit lock of the existing folder ``directory`` while the block runs.

    ``rel`` is the file about to be edited, for the messages. Yields whether the lock is held
    (``False`` where locking is not supported; see the module notes).
    """
    limit = timeout() if wait is None else wait
    if sys.platform == "win32":  # pragma: no cover - a folder cannot be opened there
        yield False
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError as exc:
        raise FatalError(f"cannot open its folder to edit it: {exc.strerror or exc}; nothing "
                         "was written", location=rel) from None
    try:
        stat = os.fstat(fd)
        key = (stat.st_dev, stat.st_ino)
        if key in _held:
            yield True
            return
        if not _acquire(fd, limit, rel):
            yield False
            return
        _held.add(key)
        try:
            atomic.sweep(directory)
            yield True
        finally:
            _held.discard(key)
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _acquire(fd: int, limit: float, rel: str) -> bool:
    """Wait for the lock, at most ``limit`` seconds; ``False`` if locking is not supported."""
    got = _try_lock(fd)
    if got is False and limit > 0:
        try:
            got = _block(fd, limit) if _can_block() else _poll(fd, limit)
        except _Expired:  # the timer fired in the instant before it was stopped
            got = False
    if got is False:
        folder = rel.rsplit("/", 1)[0] if "/" in rel else "."
        raise FatalError(
            f"another incidentkit command is editing files in {folder} (waited "
            f"{limit:g} s): nothing was written; try again when it has finished",
            location=rel,
        )
    return bool(got)


class _Expired(Exception):
    """The wait for the lock ran out."""


def _can_block() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _block(fd: int, limit: float) -> bool | None:
    """A blocking ``flock`` cut short by a timer: the kernel hands the lock to a waiter as soon
    as it is released, where polling could lose it again and again to a busy writer.

    If the timer fires just after the lock was taken, the wait counts as run out: the caller
    closes the descriptor, which releases the lock.
    """

    def expire(signum: int, frame: object) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        signal.setitimer(signal.ITIMER_REAL, limit)
        fcntl.flock(fd, fcntl.LOCK_EX)
    except _Expired:
        return False
    except OSError as exc:
        return False if exc.errno in _BUSY else None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return True


def _poll(fd: int, limit: float) -> bool | None:
    """Outside the main thread (no timer signal there): try again every few milliseconds."""
    deadline = time.monotonic() + limit
    while True:
        got = _try_lock(fd)
        left = deadline - time.monotonic()
        if got is not False or left <= 0:
            return got
        time.sleep(min(left, random.uniform(*_PAUSE)))
