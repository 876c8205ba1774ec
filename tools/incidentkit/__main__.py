"""``python -m incidentkit`` is the ``incidentkit`` command.

``merge-driver`` as git calls it starts without the command line's framework (git runs it once
per merged file; :mod:`incidentkit.cli.merge_run`).
"""

import sys

if sys.argv[1:2] == ["merge-driver"]:
    from incidentkit.cli.merge_run import fast

    status = fast(sys.argv[2:])
    if status is not None:
        sys.exit(status)

from incidentkit.cli.main import entry  # noqa: E402

entry()
