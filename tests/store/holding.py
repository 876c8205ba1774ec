"""Another process holding a folder's edit lock, through :mod:`incidentkit.store.lock`.

The lock is per process (a nested lock in one process goes ahead), so a test that wants a
command to find the folder busy holds the lock from a child process.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HOLDER = """\
import sys
from pathlib import Path
from incidentkit.store import lock
with lock.locked(Path(sys.argv[1]), rel=sys.argv[1]):
    print("locked", flush=True)
    sys.stdin.read()
"""


@contextmanager
def held(directory: Path) -> Iterator[subprocess.Popen[str]]:
    """A child process holds the edit lock of ``directory`` until the block ends."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(directory)], text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "locked\n"
        yield proc
    finally:
        if proc.stdin is not None:
            proc.stdin.close()
        proc.wait(timeout=30)
        if proc.stdout is not None:
            proc.stdout.close()


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``incidentkit ARGS`` in a child process (the console script's body)."""
    code = "import sys; from incidentkit.cli.main import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], text=True, capture_output=True,
                          check=False, timeout=120)
