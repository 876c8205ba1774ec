"""Authoring: declare incidents, log the timeline, move the status, draft postmortems.

Service functions take keyword arguments, return what they wrote and never print; the CLI
(``incidentkit.cli.author``) prints.
"""
