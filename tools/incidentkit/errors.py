"""The one fatal error type; the CLI's error boundary turns it into a message and exit 2."""

from __future__ import annotations


class FatalError(Exception):
    """A problem that stops a command: bad usage, a missing file, a failed write.

    The message says what is wrong and what to do; ``location`` is ``file:line:col`` when the
    problem is in a file.
    """

    def __init__(self, message: str, *, location: str | None = None, status: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.status = status

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


def internal_error(exc: BaseException) -> str:
    """What the error boundary says about an unexpected exception (a bug)."""
    return (f"incidentkit: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in incidentkit; rerun with INCIDENTKIT_DEBUG=1 for the traceback "
            "and report it.")
