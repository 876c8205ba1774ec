"""The configured targets' goals (:mod:`incidentkit.metrics.goals`) in the formats of
``metrics``: a table and the shortfalls for text, objects for JSON, rows for CSV."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from incidentkit.metrics.compute import Goal
from incidentkit.present import duration, table

NONE = "—"


def value(goal: Goal, amount: float | None) -> str:
    """``amount`` in the goal's unit: ``90.0%``, ``30d``, or ``—``."""
    if amount is None:
        return NONE
    if goal.unit == "percent":
        return f"{amount:.1f}%"
    return duration(timedelta(seconds=round(amount)), smallest="m", most=2)


def figure(goal: Goal) -> str:
    """The window's figure, with its counts: ``33.3% (1 of 3)``."""
    shown = value(goal, goal.actual)
    if goal.rate is not None and goal.actual is not None:
        shown += f" ({goal.rate.part} of {goal.rate.whole})"
    return shown


def state(goal: Goal) -> str:
    """``met``, ``missed`` or ``nothing to measure``: in words, not only in a colour."""
    return {True: "met", False: "missed", None: "nothing to measure"}[goal.met]


def text_lines(goals: tuple[Goal, ...]) -> list[str]:
    """Nothing without configured targets."""
    if not goals:
        return []
    lines = ["", "Targets (incidentkit.yaml targets: the figure must be at least the target)"]
    lines += table([["target", "at least", "figure", ""]]
                   + [[g.label, value(g, g.target), figure(g), state(g)] for g in goals])
    short = [(g, s) for g in goals if g.met is False for s in g.shortfalls]
    lines += ["", "Short of the targets"]
    lines += [f"  {g.label}: {s.subject} — {s.detail}" for g, s in short] or [f"  {NONE}"]
    return lines


def as_json(goals: tuple[Goal, ...]) -> list[dict[str, Any]]:
    return [{
        "name": g.name, "label": g.label, "unit": g.unit, "target": g.target,
        "actual": None if g.actual is None else round(g.actual, 4),
        "part": None if g.rate is None else g.rate.part,
        "whole": None if g.rate is None else g.rate.whole,
        "met": g.met,
        "shortfalls": [{"subject": s.subject, "detail": s.detail} for s in g.shortfalls],
    } for g in goals]


Row = tuple[str, str, str, "int | float | str | None"]


def csv_rows(goals: tuple[Goal, ...]) -> list[Row]:
    rows: list[Row] = []
    for g in goals:
        rows += [("goals", g.name, "target", g.target),
                 ("goals", g.name, "actual", None if g.actual is None else round(g.actual, 4)),
                 ("goals", g.name, "met", None if g.met is None else int(g.met))]
        rows += [("goal_shortfalls", g.name, s.subject, s.detail) for s in g.shortfalls]
    return rows
