"""Static SVG charts of the metrics, for the knowledge base's metrics page.

The library is pygal (Kozea, LGPL-3.0+, releases through 2026): it writes SVG natively, in pure
Python, with one small dependency, so the site build stays light (matplotlib would bring
numpy, Pillow, fontTools and a mathtext parser that reads ``$`` in labels as TeX), and its
text stays ``<text>``: sharp at any zoom, found by the browser's search, read by a screen
reader.

What this module adds to pygal's output:

* **No JavaScript.** pygal's ``<script>`` elements (its config and the tooltip script, already
  off with ``js=[]``) and the legend ids they use are removed; each bar and point gets a native
  ``<title>`` ("SEV1 Major degradation, 2026-01: 2") that a browser shows on hover without a
  script.
* **Deterministic.** pygal names each chart by a random UUID and stamps today's date in a
  comment: the chart id is fixed per chart (``chart-incidents-per-month``: distinct, so several
  charts can be inlined in one page) and comments are dropped. pygal is forced onto the
  standard library's ElementTree so that installing lxml cannot change the bytes. Two builds
  of the same data give the same SVG.
* **Quiet.** pygal's legacy import hook for map plugins is removed (``_pygal``).
* **Escaped.** Labels come from the data files (severity names, months); ElementTree escapes
  text and attributes on the way out, and no label goes into CSS or a script.

Each function takes the ``Metrics`` from ``compute`` and returns one ``<svg>`` element as text
(no XML declaration), sized by its ``viewBox`` so it scales to its container: inline it in a
page or write it to a ``.svg`` file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any
from xml.etree import ElementTree as ET

from incidentkit.metrics._pygal import Style, etree, pygal
from incidentkit.metrics.compute import Metrics, Month
from incidentkit.metrics.report import human

#: Severity colours in the configured order (most severe first), then repeated.
SEVERITY_COLORS = ("#c62828", "#ef6c00", "#f9a825", "#1565c0", "#6a1b9a", "#2e7d32", "#546e7a")
FONT = 'Roboto, "Helvetica Neue", Helvetica, Arial, sans-serif'


def _style(colors: Sequence[str]) -> Any:
    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="rgba(0, 0, 0, .87)",
        foreground_strong="rgba(0, 0, 0, .87)",
        foreground_subtle="rgba(0, 0, 0, .54)",
        font_family=FONT,
        title_font_size=18,
        legend_font_size=13,
        label_font_size=12,
        major_label_font_size=12,
        colors=tuple(colors),
        transition="0s",
    )


def _config(title: str, colors: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    return {
        "title": title,
        "style": _style(colors),
        "js": [],
        "disable_xml_declaration": True,
        "x_labels": list(labels),
        "x_label_rotation": -45 if len(labels) > 12 else 0,
        "legend_at_bottom": True,
        "truncate_legend": 40,
        "width": 800,
        "height": 420,
        "margin": 16,
        "no_data_text": "No incidents",
    }


def _integer_labels(top: int) -> list[int]:
    step = max(1, -(-top // 8))
    return list(range(0, max(top, 1) + step, step))


def _clean(series: Sequence[str]) -> Callable[[Any], Any]:
    """An xml filter: drop scripts, comments and legend ids; add a ``<title>`` per value."""

    def clean(root: Any) -> Any:
        for parent in list(root.iter()):
            for child in list(parent):
                if not isinstance(child.tag, str) or child.tag.endswith("script"):
                    parent.remove(child)
        for element in root.iter():
            if element.get("id", "").startswith("activate-serie"):
                del element.attrib["id"]
        for group in root.iter("g"):
            classes = (group.get("class") or "").split()
            if "series" not in classes:
                continue
            index = next((int(c[6:]) for c in classes if c.startswith("serie-")), None)
            if index is None or index >= len(series):
                continue
            for point in group.iter("g"):
                value = next((d.text for d in point.findall("desc") if d.get("class") == "value"),
                             None)
                label = next(
                    (d.text for d in point.findall("desc") if d.get("class") == "x_label"), None)
                if value is None:
                    continue
                title = ET.Element("title")
                title.text = f"{series[index]}, {label}: {value}" if label else (
                    f"{series[index]}: {value}")
                point.insert(0, title)
        return root

    return clean


#: The months a chart shows at most: the latest ten years (a repository whose incidents span
#: centuries still draws three small charts; the tables keep every month).
CHART_MONTHS = 120


def _recent(metrics: Metrics) -> Sequence[Month]:
    return metrics.months[-CHART_MONTHS:]


def _render(chart: Any, chart_id: str, series: Sequence[str]) -> str:
    etree.to_etree()
    chart.uuid = chart_id
    chart.add_xml_filter(_clean(series))
    svg = chart.render(is_unicode=True)
    assert isinstance(svg, str)
    return svg


def incidents_per_month_svg(metrics: Metrics) -> str:
    """Incidents started per month, stacked by severity."""
    recent = _recent(metrics)
    months = [m.month for m in recent]
    names = [
        f"{sid} {name}" if name else sid
        for sid, name in zip(metrics.severities, metrics.severity_names, strict=True)
    ]
    colors = [SEVERITY_COLORS[i % len(SEVERITY_COLORS)] for i in range(len(names))]
    top = max((m.total for m in recent), default=0)
    chart = pygal.StackedBar(
        **_config("Incidents per month by severity", colors, months), y_title="incidents")
    if months:
        chart.config(y_labels=_integer_labels(top))
        for c, name in enumerate(names):
            chart.add(name, [m.counts[c] for m in recent])
    return _render(chart, "incidents-per-month", names)


def mttr_trend_svg(metrics: Metrics) -> str:
    """The median time to resolve of the incidents started each month, in hours."""
    recent = _recent(metrics)
    months = [m.month for m in recent]
    chart = pygal.Line(
        **_config("Median time to resolve, by month of the incident's start", ["#1565c0"],
                  months),
        show_legend=False,
        include_x_axis=True,
        allow_interruptions=True,
        value_formatter=lambda hours: "" if hours is None else human(timedelta(hours=hours)),
        min_scale=4,
        max_scale=10,
    )
    if any(m.mttr.median is not None for m in recent):
        chart.add("Median MTTR", [
            None if m.mttr.median is None else round(m.mttr.median / timedelta(hours=1), 4)
            for m in recent
        ])
    return _render(chart, "mttr-trend", ["Median MTTR"])


def action_items_svg(metrics: Metrics) -> str:
    """Action items by the month of their incident's start, stacked by current status."""
    recent = _recent(metrics)
    months = [m.month for m in recent]
    series = ["Open", "Done", "Won't do"]
    top = max((m.items_open + m.items_done + m.items_wont_do for m in recent),
              default=0)
    chart = pygal.StackedBar(
        **_config("Action items by incident month, current status",
                  ["#ef6c00", "#2e7d32", "#90a4ae"], months),
        y_title="action items",
    )
    if top:
        chart.config(y_labels=_integer_labels(top))
        chart.add(series[0], [m.items_open for m in recent])
        chart.add(series[1], [m.items_done for m in recent])
        chart.add(series[2], [m.items_wont_do for m in recent])
    return _render(chart, "action-items", series)
