"""A sync in a child process, for a test to kill between creating an issue and writing it back.

    python -m tests.fakegithub.crash REPO_ROOT

The environment points it at the fake (``GITHUB_API_URL``, ``GITHUB_TOKEN``,
``GITHUB_REPOSITORY``); it runs the real sync over PyGithub with a fake clock, so the throttle
does not make the test wait. The test's server kills this process (SIGKILL: no ``finally``
runs, no file is written) right after it has created the Nth issue.
"""

from __future__ import annotations

import sys
from pathlib import Path

from incidentkit.followup.github.sync import sync_actions
from tests.fakegithub.clock import FakeClock


def main() -> int:
    outcome = sync_actions(Path(sys.argv[1]), clock=FakeClock(),
                           echo=lambda message, *, err=False: None)
    return 0 if outcome.complete else 1


if __name__ == "__main__":
    sys.exit(main())
