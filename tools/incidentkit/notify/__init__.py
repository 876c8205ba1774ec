"""``incidentkit notify``: the events of a push (declared, acknowledged, severity and status
changes, updates, resolved, postmortem final), told once each to the channels ``incidentkit.yaml``
routes them to: Slack, Microsoft Teams, email, a signed JSON webhook, PagerDuty.

``events`` finds them (from two versions, as ``diff`` reads them), ``routing`` picks channels,
``message`` puts them in words, ``channels/`` formats and sends, ``ledger`` remembers what went
out, ``run`` ties these together.
"""
