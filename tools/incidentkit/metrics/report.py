"""Metrics reports: text (durations as ``1h 30m``), JSON and CSV (durations in whole seconds).

The CSV is one long table, ``section,key,metric,value``, so that every figure fits one shape:
``all`` and ``by_<key>`` (with ``--by``) hold the response times per group, ``mtbf`` one service per
key, ``months`` one month per key (incidents per severity, the MTTR, its incidents' action
items), ``postmortems`` and ``action_items`` the rates, ``targets`` one severity per key (its
resolved incidents, and per target ``ack``/``resolve`` the configured ``*_within_seconds``, how
many were measured and met, the rate) and ``target_breaches`` one incident per key
(``ack_late_seconds``, ``resolve_late_seconds``); with ``--by person`` the responder health
(:mod:`incidentkit.metrics.render_health`). An empty value is "none" (for an
``ack_late_seconds``: ``acknowledged_at`` is not recorded).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from incidentkit.metrics import render_goals, render_health
from incidentkit.metrics.compute import Durations, Metrics, Month, Rate, Times
from incidentkit.metrics.targets import Breach, SeverityTargets, Target
from incidentkit.model.types import format_duration
from incidentkit.present import duration, table, utc_minute

NONE = "—"


def seconds(delta: timedelta) -> int:
    """Whole seconds, rounded half up."""
    return (delta + timedelta(microseconds=500_000)) // timedelta(seconds=1)


def human(delta: timedelta) -> str:
    """``1h 30m``, ``2d 4h``, ``45s``: the largest unit and the next one when it is not zero
    (to the nearest second)."""
    return duration(timedelta(seconds=seconds(delta)), smallest="s", most=2)




def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _percent(rate: Rate) -> str:
    value = rate.value
    return NONE if value is None else f"{value * 100:.1f}%"


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def _table(rows: Sequence[Sequence[str]], align: str) -> list[str]:
    """Columns two spaces apart, indented by two; ``align`` has an ``l`` (left) or ``r``
    (right) per column."""
    return table(rows, right=[n for n, side in enumerate(align) if side == "r"])


def _cell(d: Durations) -> str:
    if d.mean is None or d.median is None:
        return NONE
    return f"{human(d.mean)} / {human(d.median)} ({d.count})"


def _window(m: Metrics) -> str:
    parts = []
    if m.since is not None:
        parts.append(f"since {utc_minute(m.since)}")
    if m.until is not None:
        parts.append(f"before {utc_minute(m.until)}")
    return "started " + " and ".join(parts) if parts else "all time"


#: What a breach of an unrecorded acknowledgement says instead of how late.
NOT_RECORDED = "acknowledged_at not recorded"
#: The targets in words, by their key in JSON and CSV.
TARGET_WORDS = {"ack": "acknowledge", "resolve": "resolve"}


def met(target: Target) -> Rate:
    """The share of the measured incidents that met ``target``."""
    return Rate(target.met, target.measured)


def within(target: Target) -> str:
    """The configured duration as incidentkit.yaml writes it (``15m``, ``3d``), or ``—``."""
    return NONE if target.within is None else format_duration(target.within)


def late(breach: Breach) -> str:
    return NOT_RECORDED if breach.late is None else human(breach.late)


def breaches(m: Metrics) -> list[tuple[str, str, Breach]]:
    """``(severity, "ack" | "resolve", breach)`` in severity order, the acknowledge target
    first, then the incidents' start."""
    return [(row.severity, name, breach)
            for row in m.targets
            for name, target in (("ack", row.ack), ("resolve", row.resolve))
            for breach in target.breaches]


def compliance(target: Target) -> str:
    """``50.0% (1 of 2)``, or ``—`` when no incident was measured against ``target``."""
    rate = met(target)
    return NONE if not rate.whole else f"{_percent(rate)} ({rate.part} of {rate.whole})"


def _target_lines(m: Metrics) -> list[str]:
    lines = ["", "Time targets of the resolved incidents (acknowledge: from detection; resolve: "
                 "from the start)"]
    lines += _table(
        [["severity", "resolved", "ack within", "acknowledged in time", "resolve within",
          "resolved in time"]]
        + [[row.severity, str(row.resolved), within(row.ack), compliance(row.ack),
            within(row.resolve), compliance(row.resolve)] for row in m.targets],
        "lrllll",
    )
    found = breaches(m)
    lines += ["", "Target breaches"]
    if found:
        lines += _table(
            [["severity", "target", "incident", "late"]]
            + [[severity, TARGET_WORDS[name], b.incident, late(b)]
               for severity, name, b in found],
            "llll",
        )
    else:
        lines.append(f"  {NONE}")
    return lines


_KIND_NOUNS = {"incident": ("incident", "incidents"), "near-miss": ("near-miss", "near-misses"),
               "drill": ("drill", "drills")}


def kind_count(kind: str, count: int) -> str:
    one, many = _KIND_NOUNS[kind]
    return f"{count} {one if count == 1 else many}"


def kinds_line(m: Metrics) -> str | None:
    """What the figures count when near-misses or drills are about: "Counted: 5 incidents;
    not counted: 1 near-miss, 2 drills (--include near-miss --include drill)"."""
    counts = dict(m.kinds)
    left = [k for k, _ in m.kinds if counts.get(k) and k not in m.included]
    if not left and m.included == ("incident",):
        return None
    line = "Counted: " + ", ".join(kind_count(k, counts.get(k, 0)) for k in m.included)
    if left:
        line += "; not counted: " + ", ".join(kind_count(k, counts[k]) for k in left)
        hints = [f"--include {k}" for k in left if k != "incident"]
        if hints and "incident" in m.included:
            line += " (" + " ".join(hints) + ")"
    return line


def text(m: Metrics) -> str:
    lines = [f"Incident metrics: {_plural(m.overall.incidents, 'incident')}, {_window(m)}"]
    counted = kinds_line(m)
    if counted:
        lines.append(counted)
    lines.append("")

    lines.append("Response times: mean / median (incidents with both times)")
    rows = [[m.by or "", "incidents", "MTTD", "MTTA", "MTTR"]]
    rows += [[t.key, str(t.incidents), _cell(t.mttd), _cell(t.mtta), _cell(t.mttr)]
             for t in (m.overall, *m.groups)]
    lines += _table(rows, "lrlll")

    lines += _target_lines(m)
    lines += render_goals.text_lines(m.goals)

    lines += ["", "MTBF per service: mean time between the starts of consecutive incidents"]
    if m.mtbf:
        lines += _table(
            [["service", "incidents", "MTBF"]]
            + [[s.service, str(s.incidents),
                NONE if s.mean is None
                else f"{human(s.mean)} ({_plural(s.intervals, 'interval')})"]
               for s in m.mtbf],
            "lrl",
        )
    else:
        lines.append(f"  {NONE}")

    lines += ["", "Incidents by month and severity"]
    if m.months:
        totals = [sum(month.counts[c] for month in m.months) for c in range(len(m.severities))]
        lines += _table(
            [["month", *m.severities, "total"]]
            + [[month.month, *map(str, month.counts), str(month.total)] for month in m.months]
            + [["total", *map(str, totals), str(sum(totals))]],
            "l" + "r" * (len(m.severities) + 1),
        )
    else:
        lines.append(f"  {NONE}")

    pm = m.postmortems
    lines += [
        "",
        f"Postmortems: {_plural(pm.required, 'resolved incident')} of a severity that "
        "requires one",
        *_table([
            ["written", _percent(pm.written), f"({pm.written.part} of {pm.written.whole})"],
            ["final", _percent(pm.final), f"({pm.final.part} of {pm.final.whole})"],
        ], "lrl"),
    ]

    ai = m.action_items
    lines += [
        "",
        f"Action items: {ai.total} ({ai.done} done, {ai.wont_do} won't do)",
        *_table([
            ["completed", _percent(ai.completion),
             f"({ai.completion.part} of {ai.completion.whole}; won't do left out)"],
            ["on time", _percent(ai.on_time),
             f"({ai.on_time.part} of {ai.on_time.whole} with a due date: closed, or not yet due "
             f"at {utc_minute(m.at)})"],
        ], "lrl"),
    ]
    cover = m.coverage
    if cover is not None:
        lines += [
            "",
            f"Runbooks: {_plural(cover.services.whole, 'incident')}",
            *_table([
                ["with a service that has a runbook", _percent(cover.services),
                 f"({cover.services.part} of {cover.services.whole})"],
                ["linking a runbook", _percent(cover.linked),
                 f"({cover.linked.part} of {cover.linked.whole})"],
            ], "lrl"),
        ]
    if m.health is not None:
        lines += render_health.text_lines(m.health)
    return "\n".join(lines) + "\n"


def _durations(d: Durations) -> dict[str, Any]:
    return {
        "count": d.count,
        "mean_seconds": None if d.mean is None else seconds(d.mean),
        "median_seconds": None if d.median is None else seconds(d.median),
    }


def _times(t: Times) -> dict[str, Any]:
    return {"key": t.key, "incidents": t.incidents, "mttd": _durations(t.mttd),
            "mtta": _durations(t.mtta), "mttr": _durations(t.mttr)}


def _rate(rate: Rate) -> dict[str, Any]:
    return {"part": rate.part, "whole": rate.whole, "rate": _ratio(rate.value)}


def _month(m: Metrics, month: Month) -> dict[str, Any]:
    return {
        "month": month.month,
        "incidents": month.total,
        "by_severity": dict(zip(m.severities, month.counts, strict=True)),
        "mttr": _durations(month.mttr),
        "action_items": {"open": month.items_open, "done": month.items_done,
                         "wont_do": month.items_wont_do},
    }


def _target(target: Target) -> dict[str, Any]:
    return {
        "within_seconds": None if target.within is None else seconds(target.within),
        "met": _rate(met(target)),
        "breaches": [
            {"incident": b.incident, "late_seconds": None if b.late is None else seconds(b.late)}
            for b in target.breaches
        ],
    }


def _targets(row: SeverityTargets) -> dict[str, Any]:
    return {"severity": row.severity, "resolved": row.resolved, "ack": _target(row.ack),
            "resolve": _target(row.resolve)}


def as_json(m: Metrics) -> str:
    ai = m.action_items
    return json.dumps({
        "window": {"since": _iso(m.since), "until": _iso(m.until), "at": _iso(m.at)},
        "kinds": dict(m.kinds),
        "included": list(m.included),
        "severities": list(m.severities),
        "overall": _times(m.overall),
        "by": m.by,
        "groups": [_times(t) for t in m.groups],
        "mtbf": [
            {"service": s.service, "incidents": s.incidents, "intervals": s.intervals,
             "mean_seconds": None if s.mean is None else seconds(s.mean)}
            for s in m.mtbf
        ],
        "months": [_month(m, month) for month in m.months],
        "postmortems": {"required": m.postmortems.required,
                        "written": _rate(m.postmortems.written),
                        "final": _rate(m.postmortems.final)},
        "action_items": {"total": ai.total, "done": ai.done, "wont_do": ai.wont_do,
                         "completion": _rate(ai.completion), "on_time": _rate(ai.on_time)},
        "runbook_coverage": None if m.coverage is None else {
            "services": _rate(m.coverage.services), "linked": _rate(m.coverage.linked),
            "uncovered": list(m.coverage.uncovered)},
        "targets": [_targets(row) for row in m.targets],
        "goals": render_goals.as_json(m.goals),
        **({} if m.health is None else {"health": render_health.as_json(m.health)}),
    }, indent=2, ensure_ascii=False) + "\n"


Row = tuple[str, str, str, "int | float | str | None"]


def _time_rows(section: str, t: Times) -> list[Row]:
    rows: list[Row] = [(section, t.key, "incidents", t.incidents)]
    for name, d in (("mttd", t.mttd), ("mtta", t.mtta), ("mttr", t.mttr)):
        figures = _durations(d)
        rows += [(section, t.key, f"{name}_{k}", v) for k, v in figures.items()]
    return rows


def as_csv(m: Metrics) -> str:
    rows: list[Row] = [
        ("window", "", "since", _iso(m.since)),
        ("window", "", "until", _iso(m.until)),
        ("window", "", "at", _iso(m.at)),
    ]
    rows += [("kinds", kind, "started", count) for kind, count in m.kinds]
    rows += [("kinds", kind, "counted", int(kind in m.included)) for kind, _ in m.kinds]
    rows += _time_rows("all", m.overall)
    for t in m.groups:
        rows += _time_rows(f"by_{m.by}", t)
    for s in m.mtbf:
        rows += [("mtbf", s.service, "incidents", s.incidents),
                 ("mtbf", s.service, "intervals", s.intervals),
                 ("mtbf", s.service, "mean_seconds",
                  None if s.mean is None else seconds(s.mean))]
    for month in m.months:
        key = month.month
        rows += [("months", key, severity, count)
                 for severity, count in zip(m.severities, month.counts, strict=True)]
        rows.append(("months", key, "total", month.total))
        rows += [("months", key, f"mttr_{k}", v) for k, v in _durations(month.mttr).items()]
        rows += [("months", key, "items_open", month.items_open),
                 ("months", key, "items_done", month.items_done),
                 ("months", key, "items_wont_do", month.items_wont_do)]
    pm, ai = m.postmortems, m.action_items
    rows += [
        ("postmortems", "", "required", pm.required),
        ("postmortems", "", "written", pm.written.part),
        ("postmortems", "", "written_rate", _ratio(pm.written.value)),
        ("postmortems", "", "final", pm.final.part),
        ("postmortems", "", "final_rate", _ratio(pm.final.value)),
        ("action_items", "", "total", ai.total),
        ("action_items", "", "done", ai.done),
        ("action_items", "", "wont_do", ai.wont_do),
        ("action_items", "", "completion_rate", _ratio(ai.completion.value)),
        ("action_items", "", "with_due", ai.on_time.whole),
        ("action_items", "", "on_time", ai.on_time.part),
        ("action_items", "", "on_time_rate", _ratio(ai.on_time.value)),
    ]
    if m.coverage is not None:
        cover = m.coverage
        rows += [
            ("runbook_coverage", "", "incidents", cover.services.whole),
            ("runbook_coverage", "", "with_service_runbook", cover.services.part),
            ("runbook_coverage", "", "with_service_runbook_rate",
             _ratio(cover.services.value)),
            ("runbook_coverage", "", "linking_runbook", cover.linked.part),
            ("runbook_coverage", "", "linking_runbook_rate", _ratio(cover.linked.value)),
        ]
    for row in m.targets:
        rows.append(("targets", row.severity, "resolved", row.resolved))
        for name, target in (("ack", row.ack), ("resolve", row.resolve)):
            rows += [
                ("targets", row.severity, f"{name}_within_seconds",
                 None if target.within is None else seconds(target.within)),
                ("targets", row.severity, f"{name}_measured", target.measured),
                ("targets", row.severity, f"{name}_met", target.met),
                ("targets", row.severity, f"{name}_met_rate", _ratio(met(target).value)),
            ]
    rows += [("target_breaches", b.incident, f"{name}_late_seconds",
              None if b.late is None else seconds(b.late))
             for _, name, b in breaches(m)]
    rows += render_goals.csv_rows(m.goals)
    if m.health is not None:
        rows += render_health.csv_rows(m.health)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("section", "key", "metric", "value"))
    writer.writerows((s, k, n, "" if v is None else v) for s, k, n, v in rows)
    return out.getvalue()


FORMATS: dict[str, Callable[[Metrics], str]] = {"text": text, "json": as_json, "csv": as_csv}
