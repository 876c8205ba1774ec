"""The ``incidentkit`` command line: one module per command group."""
