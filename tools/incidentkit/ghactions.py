"""Output that GitHub Actions cannot read as a workflow command, whatever the files say.

The runner reads every line a step prints (stdout and stderr, lines ended by ``\\n``, ``\\r`` or
``\\r\\n``) and obeys it as a workflow command when, after leading white space, it starts with
``::`` (``::error …::``, ``::add-mask::``, ``::stop-commands::``), or when it holds ``##[`` (the
older syntax, matched anywhere in the line). Text from the data files (titles, file names,
messages quoting values) must never do that. Two layers:

* :func:`one_line`: a value printed inside a line stays on it. Line breaks and other control
  characters are shown as escapes (``\\n``, ``\\x1b``), so a file name or title holding a newline
  cannot start a line of its own (a forged finding, or a command). Reporters use it always.
* :func:`guarded_output`: under GitHub Actions (``GITHUB_ACTIONS=true``) the command line's stdout
  and stderr pass through a filter that defuses every line the runner would obey, except the
  annotations incidentkit means to print (made with :func:`command`): a line starting with ``::``
  gets a ``\\`` before the ``::``, and ``##[`` becomes ``##\\[``. Every message is covered, however
  it is printed; outside GitHub Actions nothing changes.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

#: Characters that end a line for the runner or a terminal, or that no one can see: C0
#: controls but tab, DEL, C1 controls, the Unicode line and paragraph separators.
CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r"}
_LINE = re.compile(r"\r\n|\r|\n")
_V1 = "##["

#: Lines that incidentkit means as workflow commands (annotations), printed as they are.
_INTENDED: set[str] = set()


def one_line(value: str) -> str:
    """``value`` on one line: ``a\\nb`` → ``a\\\\nb``, ``\\x1b`` → ``\\\\x1b``, ``\\u2028`` →
    ``\\\\u2028``; tabs and printable text unchanged."""
    if not CONTROL.search(value):
        return value
    return CONTROL.sub(lambda m: visible(m.group()), value)


def visible(char: str) -> str:
    """The escape that shows control character ``char``: ``\\n``, ``\\r``, ``\\x1b``."""
    if char in _NAMED:
        return _NAMED[char]
    point = ord(char)
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


def command(line: str) -> str:
    """``line`` (a workflow command whose parts are escaped already) marked as intended."""
    _INTENDED.add(line)
    return line


def defuse(line: str) -> str:
    """One line of output (without its end) that the runner will not obey."""
    if line in _INTENDED:
        return line
    start = len(line) - len(line.lstrip())
    if line.startswith("::", start):
        line = f"{line[:start]}\\{line[start:]}"
    return line.replace(_V1, "##\\[")


class _Guard(io.TextIOBase):
    """A text stream that defuses each line before it reaches ``stream``.

    A line is written when it ends, or when the stream is flushed (``click.echo`` flushes after
    each message; a prompt shows at once); the rest of a flushed line is not a line start.
    """

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream
        self.pending = ""
        self.midline = False

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.stream, "errors", None)

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    def write(self, text: str) -> int:
        data = self.pending + text
        last = 0
        end = len(data) - data.endswith("\r")  # a last \r may be the first half of \r\n
        for match in _LINE.finditer(data, 0, end):
            self._emit(data[last:match.start()], match.group())
            self.midline = False
            last = match.end()
        self.pending = data[last:]
        return len(text)

    def _emit(self, part: str, end: str) -> None:
        if self.midline:
            self.stream.write(part.replace(_V1, "##\\[") + end)
        else:
            self.stream.write(defuse(part) + end)

    def flush(self) -> None:
        if self.pending:
            self._emit(self.pending, "")
            self.midline = True
            self.pending = ""
        self.stream.flush()


@contextmanager
def guarded_output() -> Iterator[None]:
    """Under GitHub Actions, stdout and stderr defused line by line for the ``with`` block."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        yield
        return
    out, err = sys.stdout, sys.stderr
    guards = _Guard(out), _Guard(err)
    sys.stdout, sys.stderr = guards
    try:
        yield
    finally:
        for guard in guards:
            guard.flush()
        sys.stdout, sys.stderr = out, err


_DATA = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_DATA_SPECIAL = re.compile(f"[%\r\n]|{CONTROL.pattern}")


def escape_workflow_data(value: str) -> str:
    """Workflow-command message escaping (``%``, CR, LF as @actions/core does); other control
    characters shown as escapes (``\\x1b``), as in text output."""
    return _DATA_SPECIAL.sub(lambda m: _DATA.get(m.group()) or visible(m.group()), value)


def escape_property(value: str) -> str:
    """A property value (``file=``, ``title=``): message escaping, and ``:`` and ``,``."""
    return escape_workflow_data(value).replace(":", "%3A").replace(",", "%2C")
