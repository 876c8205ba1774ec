"""Imports from other on-call tools: PagerDuty, Opsgenie, Grafana OnCall.

A vendor module reads the vendor's REST API (:mod:`.api`: over HTTP, or from a folder of saved
responses) and translates what it finds into a :class:`.plan.Translation`: our people, services,
schedules and escalation policies as plain data, what it could not translate and why, and the
vendor's own rendered schedule for the comparison window. :mod:`.write` turns that into file
edits that keep every byte already there; :mod:`.compare` checks our computed shifts against the
vendor's.
"""
