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

* **Targets drawn.** A trend's target (a severity's ``ack_within`` or ``resolve_within``, the
  ``targets.action_item_completion`` floor) is a level line, dashed (:data:`TARGET_DASHES`)
  where the data is solid, classed ``ik-target``, and its label is written on the chart at
  its right end: it differs from the data by its pattern and its words, not by colour alone.
* **Legible when small.** Fonts of 14 to 20 units in an 800-unit-wide drawing; time axes tick
  at round durations (1m, 5m, 15m, 1h, …).

Each function takes the ``Metrics`` from ``compute`` or the ``Trends`` from ``trends`` and
returns one ``<svg>`` element as text (no XML declaration), sized by its ``viewBox`` so it
scales to its container: inline it in a page or write it to a ``.svg`` file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from typing import Any
from xml.etree import ElementTree as ET

from incidentkit.metrics._pygal import Style, etree, pygal
from incidentkit.metrics.compute import Metrics, Month
from incidentkit.metrics.report import human
from incidentkit.metrics.trends import SeverityTrend, Trends
from incidentkit.model.types import format_duration

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
        title_font_size=20,
        legend_font_size=15,
        label_font_size=14,
        major_label_font_size=14,
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


def _clean(series: Sequence[str], targets: Mapping[int, str]) -> Callable[[Any], Any]:
    """An xml filter: drop scripts, comments and legend ids; add a ``<title>`` per value; mark
    the target lines (``targets``: series index → label) and write their label on the line."""

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
        for index, label in targets.items():
            _mark_target(root, index, label)
        return root

    return clean


#: The dashes of a target line: it differs from the data by its pattern and its label, not
#: only by its colour.
TARGET_DASHES = "14,6"


def _mark_target(root: Any, index: int, label: str) -> None:
    """Dash series ``index``'s line, class it ``ik-target``, title it and write ``label`` above
    its right end."""
    for group in root.iter("g"):
        classes = (group.get("class") or "").split()
        if "series" not in classes or f"serie-{index}" not in classes:
            continue
        path = group.find("path")
        if path is None:
            continue
        group.set("class", " ".join([*classes, "ik-target"]))
        path.set("stroke-dasharray", TARGET_DASHES)
        title = ET.Element("title")
        title.text = label
        group.insert(0, title)
        numbers = (path.get("d") or "").replace("M", " ").replace("L", " ").split()
        x, y = float(numbers[-2]), float(numbers[-1])
        text = ET.SubElement(group, "text", {
            "x": f"{x:.2f}", "y": f"{y - 6:.2f}", "text-anchor": "end",
            "class": "ik-target-label", "font-size": "14", "font-family": FONT})
        text.text = label


#: The months a chart shows at most: the latest ten years (a repository whose incidents span
#: centuries still draws three small charts; the tables keep every month).
CHART_MONTHS = 120


def _recent(metrics: Metrics) -> Sequence[Month]:
    return metrics.months[-CHART_MONTHS:]


def _render(chart: Any, chart_id: str, series: Sequence[str],
            targets: Mapping[int, str] | None = None) -> str:
    etree.to_etree()
    chart.uuid = chart_id
    chart.add_xml_filter(_clean(series, targets or {}))
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


def _hours(value: timedelta | None) -> float | None:
    return None if value is None else round(value / timedelta(hours=1), 4)


#: Steps of a time axis, in hours: a whole number of a unit a reader counts in.
TIME_STEPS = (1 / 60, 2 / 60, 5 / 60, 10 / 60, 15 / 60, 30 / 60, 1, 2, 4, 6, 12, 24, 48, 168, 336,
              720)


def _time_labels(top: float) -> list[float]:
    """Ticks from zero to beyond ``top`` hours (room for a target's label), at most ten, at a
    round step."""
    step = next((s for s in TIME_STEPS if top / s <= 8), None)
    if step is None:
        step = TIME_STEPS[-1] * -(-top // (8 * TIME_STEPS[-1]))
    return [round(n * step, 6) for n in range(int(top // step) + 2)]


def _target_series(chart: Any, name: str, value: float, count: int) -> None:
    chart.add(name, [value] * count, show_dots=False, allow_interruptions=False,
              stroke_style={"width": 3, "dasharray": TARGET_DASHES})


def _time_trend(trends: Trends, level: SeverityTrend, *, what: str, part: str,
                target: timedelta | None) -> str:
    """The median ``part`` (``mtta`` or ``mttr``) per period of one severity's incidents, and
    the severity's target as a dashed, labelled line."""
    keys = [p.key for p in trends.periods]
    severity = level.severity
    line = f"{severity} median {part.upper()}"
    values = [_hours(d.median) for d in getattr(level, part)]
    chart = pygal.Line(
        **_config(f"Median time to {what}, {severity} incidents, by {trends.unit}",
                  ["#1565c0", "#c62828"], keys),
        include_x_axis=True,
        allow_interruptions=True,
        value_formatter=lambda hours: "" if hours is None else human(timedelta(hours=hours)),
    )
    series = [line]
    targets: dict[int, str] = {}
    if any(v is not None for v in values):
        top = max([v for v in values if v is not None]
                  + ([target / timedelta(hours=1)] if target is not None else []))
        chart.config(y_labels=_time_labels(top))
        chart.add(line, values)
        if target is not None:
            label = f"{severity} target: {what} within {format_duration(target)}"
            _target_series(chart, label, round(target / timedelta(hours=1), 4), len(keys))
            series.append(label)
            targets[1] = label
    else:
        chart.config(show_legend=False, no_data_text=f"No {severity} incident {what}d")
    return _render(chart, f"{part}-trend-{severity.lower()}", series, targets)


def mtta_trend_svg(trends: Trends, level: SeverityTrend) -> str:
    """The median time to acknowledge per period of one severity's incidents, with its
    ``ack_within``."""
    return _time_trend(trends, level, what="acknowledge", part="mtta", target=level.ack_within)


def mttr_trend_svg(trends: Trends, level: SeverityTrend) -> str:
    """The median time to resolve per period of one severity's incidents, with its
    ``resolve_within`` (none for a severity without one)."""
    return _time_trend(trends, level, what="resolve", part="mttr", target=level.resolve_within)


def completion_trend_svg(trends: Trends) -> str:
    """Action items done (won't do left out) per period of their incidents, in percent, with
    ``targets.action_item_completion`` when configured."""
    keys = [p.key for p in trends.periods]
    values = [None if (v := p.completion.value) is None else round(100 * v, 1)
              for p in trends.periods]
    line = "Action items done"
    config = _config(f"Action items done, by {trends.unit} of their incident",
                     ["#2e7d32", "#c62828"], keys)
    config["no_data_text"] = "No action items"
    chart = pygal.Line(
        **config,
        include_x_axis=True,
        allow_interruptions=True,
        range=(0, 100),
        value_formatter=lambda v: "" if v is None else f"{v:g}%",
    )
    series = [line]
    targets: dict[int, str] = {}
    if any(v is not None for v in values):
        chart.config(y_labels=[0, 20, 40, 60, 80, 100])
        chart.add(line, values)
        if trends.completion_floor is not None:
            label = f"Target: at least {trends.completion_floor:g}% done"
            _target_series(chart, label, trends.completion_floor, len(keys))
            series.append(label)
            targets[1] = label
    else:
        chart.config(show_legend=False)
    return _render(chart, "completion-trend", series, targets)


def incidents_per_week_svg(trends: Trends) -> str:
    """Incidents started per week (labelled by its Monday), the latest year."""
    weeks = [p.key for p in trends.weeks]
    config = _config("Incidents per week (weeks starting on Monday)", ["#1565c0"], weeks)
    if len(weeks) > 13:
        config.update(x_labels_major_every=4, show_minor_x_labels=False)
    top = max((p.incidents for p in trends.weeks), default=0)
    chart = pygal.Bar(**config, y_title="incidents", show_legend=False)
    if top:
        chart.config(y_labels=_integer_labels(top))
        chart.add("Incidents", [p.incidents for p in trends.weeks])
    return _render(chart, "incidents-per-week", ["Incidents"])


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
