"""The public status page (``incidentkit status-page --out DIR``): a static site for customers.

:mod:`~incidentkit.statuspage.state` decides what customers see (and only that: no handle,
name, internal update, internal link or severity id ever reaches it), :mod:`.uptime` computes
the 90 days of bars, :mod:`.api` writes Statuspage-shaped JSON (``api/v2/...``), :mod:`.feeds`
the RSS and Atom feeds and :mod:`.render` the HTML pages, written by :mod:`.output`.
"""
