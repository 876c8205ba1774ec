"""Metrics: the figures (``compute``), their reports (``report``) and static SVG charts
(``charts``)."""
