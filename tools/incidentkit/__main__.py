"""``python -m incidentkit`` is the ``incidentkit`` command."""

from incidentkit.cli.main import entry

entry()
