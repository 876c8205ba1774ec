"""Responder health in the ``metrics`` reports (``--by person``): text, JSON and CSV.

CSV sections: ``health`` one person per key (``timezone``, ``incidents``, ``commanded``,
``pages``, ``business``, ``evenings_nights``, ``weekends``, ``out_of_hours``,
``nights_interrupted``, ``weekends_interrupted``), ``health_pages`` one page per key
``PERSON INCIDENT`` (``detected_at``, ``local_time`` in the person's zone, ``hours``,
``interrupted``: the night's or the weekend's date, ``via``) and
``concentration`` (``people``, ``top``, ``top_people`` separated by spaces, ``held``, ``total``,
``share``).
"""

from __future__ import annotations

from datetime import UTC
from typing import Any
from zoneinfo import ZoneInfo

from incidentkit.metrics.compute import Rate
from incidentkit.metrics.health import TOP_SHARE, Concentration, Health, Page, PersonHealth
from incidentkit.present import local_minute, table
from incidentkit.schedule.hours import business_hours

NONE = "—"
#: The kinds of hour in words.
HOURS = {"business": "business hours", "evenings_nights": "evening/night",
         "weekends": "weekend"}

Row = tuple[str, str, str, "int | float | str | None"]


def _percent(rate: Rate) -> str:
    return NONE if rate.value is None else f"{rate.value * 100:.1f}%"


def _ratio(rate: Rate) -> float | None:
    return None if rate.value is None else round(rate.value, 4)


def counts(p: PersonHealth) -> dict[str, int]:
    """The person's figures, by their JSON and CSV names."""
    return {
        "incidents": len(p.incidents),
        "commanded": p.commanded,
        "pages": len(p.pages),
        "business": sum(page.hours == "business" for page in p.pages),
        "evenings_nights": sum(page.hours == "evenings_nights" for page in p.pages),
        "weekends": sum(page.hours == "weekends" for page in p.pages),
        "out_of_hours": p.out_of_hours,
        "nights_interrupted": p.nights,
        "weekends_interrupted": p.weekends,
    }


def local_time(page: Page, zone: str) -> str:
    """``Mon 2026-03-09 18:30 EDT``: when the page reached the person, on their clock."""
    return local_minute(page.at, ZoneInfo(zone))


def concentration_line(c: Concentration) -> str:
    """``The most-involved 20% of people (1 of 5: jane) held 6 of 11 role-holdings (54.5%)``."""
    if not c.people:
        return f"Concentration: {NONE} (nobody)"
    return (f"Concentration: the most-involved {TOP_SHARE:.0%} of people ({len(c.top)} of "
            f"{c.people}: {', '.join(c.top)}) held {c.share.part} of {c.share.whole} "
            f"role-holdings ({_percent(c.share)})")


def text_lines(h: Health) -> list[str]:
    lines = [
        "",
        "Responder health: incidents with a role; pages by the first escalation step at "
        "detection,",
        f"in the person's own time zone (business hours {business_hours()})",
    ]
    header = ["person", "time zone", "incidents", "commanded", "pages", "out of hours",
              "nights interrupted", "weekends interrupted"]
    rows = [[p.person, p.timezone, *(str(counts(p)[k]) for k in (
        "incidents", "commanded", "pages", "out_of_hours", "nights_interrupted",
        "weekends_interrupted"))] for p in h.people]
    lines += table([header, *rows], right=range(2, 8)) if rows else [f"  {NONE}"]
    lines += ["", concentration_line(h.concentration), "", "Pages out of business hours"]
    late = [(p, page) for p in h.people for page in p.pages if page.hours != "business"]
    if late:
        lines += table([["person", "incident", "local time", "hours", "via"]] + [
            [p.person, page.incident, local_time(page, p.timezone), HOURS[page.hours], page.via]
            for p, page in late])
    else:
        lines.append(f"  {NONE}")
    return lines


def _iso(page: Page) -> str:
    return page.at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _local_iso(page: Page, zone: str) -> str:
    return page.at.astimezone(ZoneInfo(zone)).isoformat()


def as_json(h: Health) -> dict[str, Any]:
    c = h.concentration
    return {
        "people": [
            {"person": p.person, "timezone": p.timezone, **counts(p),
             "incident_ids": list(p.incidents),
             "pages_detail": [
                 {"incident": page.incident, "detected_at": _iso(page),
                  "local_time": _local_iso(page, p.timezone), "hours": page.hours,
                  "interrupted": None if page.interrupted is None
                  else page.interrupted.isoformat(),
                  "via": page.via}
                 for page in p.pages]}
            for p in h.people
        ],
        "concentration": {"people": c.people, "top_share": TOP_SHARE, "top": list(c.top),
                          "held": c.share.part, "total": c.share.whole,
                          "share": _ratio(c.share)},
    }


def csv_rows(h: Health) -> list[Row]:
    rows: list[Row] = []
    for p in h.people:
        rows.append(("health", p.person, "timezone", p.timezone))
        rows += [("health", p.person, name, value) for name, value in counts(p).items()]
    for p in h.people:
        for page in p.pages:
            key = f"{p.person} {page.incident}"
            rows += [("health_pages", key, "detected_at", _iso(page)),
                     ("health_pages", key, "local_time", _local_iso(page, p.timezone)),
                     ("health_pages", key, "hours", page.hours),
                     ("health_pages", key, "interrupted",
                      None if page.interrupted is None else page.interrupted.isoformat()),
                     ("health_pages", key, "via", page.via)]
    c = h.concentration
    rows += [("concentration", "", "people", c.people),
             ("concentration", "", "top", len(c.top)),
             ("concentration", "", "top_people", " ".join(c.top)),
             ("concentration", "", "held", c.share.part),
             ("concentration", "", "total", c.share.whole),
             ("concentration", "", "share", _ratio(c.share))]
    return rows
