"""Static files the generated pages use (the incidents filter script, the script that shows a
schedule's timeline in the viewer's time zone, and a little CSS): the one list of them that both
builders use.

The generator writes each file into the docs tree beside the pages; the MkDocs plugin adds them
to ``extra_css`` / ``extra_javascript`` of the configuration it is given, and ``incidentkit site
--out`` to those of the ``mkdocs.yml`` it writes for Zensical (:func:`missing` leaves out an
entry the user already has). Without the stylesheet the status page's 90-day bars, the
metrics charts and the schedules' timelines have no size.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from incidentkit.site import paths

FILTER_JS = """\
// incidentkit: filter the incidents table by severity, service, status and year.
// Progressive enhancement: without this script the whole table is shown.
(function () {
  "use strict";
  var form = document.querySelector("form.ik-filters");
  if (!form) { return; }
  var table = null;
  document.querySelectorAll("article table").forEach(function (t) {
    var heads = Array.prototype.map.call(t.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    if (!table && heads.indexOf("Severity") >= 0 && heads.indexOf("Status") >= 0) {
      table = { element: t, heads: heads };
    }
  });
  if (!table) { return; }
  var selects = form.querySelectorAll("select[data-filter]");
  var count = form.querySelector(".ik-count");
  var rows = Array.prototype.slice.call(table.element.querySelectorAll("tbody tr"));
  var cells = rows.map(function (row) {
    return Array.prototype.map.call(row.children, function (td) {
      return td.textContent.trim();
    });
  });
  function apply() {
    var wanted = [];
    selects.forEach(function (select) {
      var column = table.heads.indexOf(select.getAttribute("data-filter"));
      if (select.value && column >= 0) { wanted.push([column, select.value]); }
    });
    var shown = 0;
    rows.forEach(function (row, n) {
      var ok = wanted.every(function (w) {
        return cells[n][w[0]].split(/,\\s*/).indexOf(w[1]) >= 0;
      });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " incidents";
    var query = new URLSearchParams();
    selects.forEach(function (select) {
      var name = select.getAttribute("data-filter").toLowerCase();
      if (select.value) { query.set(name, select.value); }
    });
    var search = query.toString();
    history.replaceState(null, "", search ? "?" + search : location.pathname);
  }
  var given = new URLSearchParams(location.search);
  selects.forEach(function (select) {
    var value = given.get(select.getAttribute("data-filter").toLowerCase());
    if (value !== null) { select.value = value; }
    select.addEventListener("change", apply);
  });
  form.hidden = false;
  apply();
})();
"""

TIMELINE_JS = """\
// incidentkit: lay a schedule's timeline out again by the viewer's local days and write its
// times in the viewer's time zone. Without this script the rows are the schedule's days.
(function () {
  "use strict";
  if (typeof Intl === "undefined") { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var dayFormat = new Intl.DateTimeFormat(undefined,
    { weekday: "short", day: "numeric", month: "short" });
  var timeFormat = new Intl.DateTimeFormat(undefined,
    { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  var fullFormat = new Intl.DateTimeFormat(undefined, { weekday: "short", year: "numeric",
    month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    timeZoneName: "short" });
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function percent(part, whole) { return (100 * part / whole).toFixed(3) + "%"; }
  function time(moment, iso) {
    var element = document.createElement("time");
    element.setAttribute("datetime", iso);
    element.textContent = timeFormat.format(moment);
    return element;
  }
  function piece(item, low, high) {
    var start = item.start > low ? item.start : low;
    var end = item.end < high ? item.end : high;
    var element = item.model.cloneNode(true);
    element.style.left = percent(start - low, high - low);
    element.style.width = percent(end - start, high - low);
    var label = item.model.querySelector(".ik-tl-label").textContent;
    element.title = label + ", " + fullFormat.format(item.start) + " \\u2013 " +
      fullFormat.format(item.end);
    var when = element.querySelector(".ik-tl-when");
    var since = +start === +item.start, until = +end === +item.end;
    when.textContent = since && until ? "" : since ? "from " : until ? "until " : "";
    if (since) { when.appendChild(time(item.start, item.iso[0])); }
    if (since && until) { when.appendChild(document.createTextNode("\\u2013")); }
    if (until) { when.appendChild(time(item.end, item.iso[1])); }
    return element;
  }
  function outside(low, high, from, to) {
    var spans = [[low, from < high ? from : high], [to > low ? to : low, high]];
    return spans.filter(function (s) { return s[0] < s[1]; }).map(function (s) {
      var element = document.createElement("span");
      element.className = "ik-tl-seg ik-tl-out";
      element.title = "outside the period shown";
      element.style.left = percent(s[0] - low, high - low);
      element.style.width = percent(s[1] - s[0], high - low);
      return element;
    });
  }
  function lane(element) { return element.getAttribute("data-kind") === "away" ? 1 : 0; }
  function day(low, high, items, from, to) {
    var row = document.createElement("div");
    row.className = "ik-tl-day";
    var label = document.createElement("time");
    label.className = "ik-tl-date";
    label.setAttribute("datetime", low.getFullYear() + "-" + pad(low.getMonth() + 1) + "-" +
      pad(low.getDate()));
    label.textContent = dayFormat.format(low);
    var track = document.createElement("div");
    track.className = "ik-tl-track";
    var pieces = items.filter(function (item) {
      return item.start < high && low < item.end;
    }).map(function (item) { return piece(item, low, high); });
    outside(low, high, from, to).concat(pieces).sort(function (a, b) {
      return lane(a) - lane(b) || parseFloat(a.style.left) - parseFloat(b.style.left);
    }).forEach(function (element) { track.appendChild(element); });
    row.appendChild(label);
    row.appendChild(track);
    return row;
  }
  function layout(timeline) {
    var from = new Date(timeline.getAttribute("data-start"));
    var to = new Date(timeline.getAttribute("data-end"));
    var items = [], seen = {};
    timeline.querySelectorAll(".ik-tl-seg[data-item]").forEach(function (element) {
      var key = element.getAttribute("data-item");
      if (seen[key]) { return; }
      seen[key] = true;
      var iso = [element.getAttribute("data-start"), element.getAttribute("data-end")];
      items.push({ model: element, iso: iso, start: new Date(iso[0]), end: new Date(iso[1]) });
    });
    var rows = document.createDocumentFragment();
    var low = new Date(from.getFullYear(), from.getMonth(), from.getDate());
    while (low < to) {
      var high = new Date(low.getFullYear(), low.getMonth(), low.getDate() + 1);
      rows.appendChild(day(low, high, items, from, to));
      low = high;
    }
    var days = timeline.querySelector(".ik-tl-days");
    while (days.firstChild) { days.removeChild(days.firstChild); }
    days.appendChild(rows);
    timeline.querySelector(".ik-tl-zone").textContent = "Times in your time zone, " + zone + ".";
    timeline.setAttribute("data-zone", zone);
  }
  function all() {
    document.querySelectorAll(".ik-timeline[data-start][data-end]").forEach(layout);
  }
  // Material's instant navigation swaps pages without loading scripts again: its document$
  // tells of each page (the current one first).
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(all);
  } else {
    all();
  }
})();
"""

CSS = """\
/* incidentkit: the filters of the incidents index, the 90-day bars of the status page, the
   metrics charts and the schedules' timelines. */
.ik-filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }
.ik-filters select { margin-left: .25rem; }
.ik-days { display: inline-flex; gap: 1px; vertical-align: middle; }
.ik-day { display: inline-block; width: 3px; height: 1.1em; background: #2e7d32; }
.ik-day.ik-minor { background: #f9a825; }
.ik-day.ik-major { background: #ef6c00; }
.ik-day.ik-critical { background: #c62828; }
.md-typeset figure.ik-chart { display: block; width: 100%; max-width: 52rem; margin: 1em 0; }
.ik-chart svg { display: block; width: 100%; height: auto; }
/* A chart keeps its words readable on a phone: narrower than 30rem, it scrolls sideways (its
   caption and table below say the same in text). */
.ik-chart-plot { overflow-x: auto; }
.ik-chart-plot svg { min-width: 30rem; }
.md-typeset figure.ik-chart figcaption { max-width: none; margin: .6em 0; text-align: left;
  font-style: normal; }
.md-typeset .ik-chart-data { margin: 0 0 1em; }
.md-typeset .ik-chart-data table { font-size: .7rem; }
/* The timeline of a schedule's page: a row per day, a piece per shift, gap, window uncovered on
   purpose and time off; every piece says what it is in words, not only in colour. */
.ik-timeline { margin: 1em 0; font-size: .7rem; line-height: 1.2; }
.md-typeset .ik-tl-zone { margin: 0 0 .5em; color: var(--md-default-fg-color--light, #666); }
.ik-tl-day { display: flex; gap: .5rem; margin: 0 0 2px; }
.ik-tl-date { flex: 0 0 5.5em; padding-top: .2rem; white-space: nowrap; }
.ik-tl-track { position: relative; flex: 1 1 auto; min-width: 0; height: 2.8rem;
  background-image: linear-gradient(to right,
    var(--md-default-fg-color--lightest, rgba(0, 0, 0, .07)) 1px, transparent 1px);
  background-size: 25% 100%; }
.ik-tl-seg { position: absolute; top: 0; height: 1.95rem; box-sizing: border-box;
  overflow: hidden; padding: .1rem .3rem; border-radius: 2px; color: #1a1a1a;
  background: var(--ik-tl-bg, #eceff1); border-left: 3px solid var(--ik-tl-edge, #607d8b); }
.ik-tl-label, .ik-tl-when { display: block; overflow: hidden; white-space: nowrap;
  text-overflow: ellipsis; }
.ik-tl-label { font-weight: 700; }
.ik-tl-p0 { --ik-tl-bg: #c5cae9; --ik-tl-edge: #3949ab; }
.ik-tl-p1 { --ik-tl-bg: #ffe0b2; --ik-tl-edge: #ef6c00; }
.ik-tl-p2 { --ik-tl-bg: #c8e6c9; --ik-tl-edge: #2e7d32; }
.ik-tl-p3 { --ik-tl-bg: #e1bee7; --ik-tl-edge: #8e24aa; }
.ik-tl-p4 { --ik-tl-bg: #b2ebf2; --ik-tl-edge: #00838f; }
.ik-tl-p5 { --ik-tl-bg: #f8bbd0; --ik-tl-edge: #c2185b; }
.ik-tl-p6 { --ik-tl-bg: #f0f4c3; --ik-tl-edge: #827717; }
.ik-tl-p7 { --ik-tl-bg: #d7ccc8; --ik-tl-edge: #6d4c41; }
.ik-tl-off { outline: 2px dotted #e65100; outline-offset: -2px; }
.ik-tl-gap { color: #b71c1c; border: 2px solid #c62828;
  background: repeating-linear-gradient(135deg, #ffcdd2 0 6px, #fff 6px 12px); }
.ik-tl-uncovered { color: #37474f; border: 1px dashed #607d8b;
  background: repeating-linear-gradient(135deg, #eceff1 0 6px, transparent 6px 12px); }
.ik-tl-away { top: 2.05rem; height: .75rem; padding: 0 .3rem; font-size: .55rem;
  line-height: .7rem; color: #bf360c; background: #fff3e0; border: 1px dotted #e65100; }
.ik-tl-away .ik-tl-when { display: none; }
.ik-tl-out { height: 100%; border: 0; padding: 0; background: repeating-linear-gradient(45deg,
  var(--md-default-fg-color--lightest, rgba(0, 0, 0, .07)) 0 2px, transparent 2px 6px); }
[data-md-color-scheme="slate"] .ik-tl-seg { color: #eceff1; }
[data-md-color-scheme="slate"] .ik-tl-p0 { --ik-tl-bg: #283593; --ik-tl-edge: #9fa8da; }
[data-md-color-scheme="slate"] .ik-tl-p1 { --ik-tl-bg: #8a3a00; --ik-tl-edge: #ffb74d; }
[data-md-color-scheme="slate"] .ik-tl-p2 { --ik-tl-bg: #1b5e20; --ik-tl-edge: #81c784; }
[data-md-color-scheme="slate"] .ik-tl-p3 { --ik-tl-bg: #5e1a78; --ik-tl-edge: #ce93d8; }
[data-md-color-scheme="slate"] .ik-tl-p4 { --ik-tl-bg: #005f66; --ik-tl-edge: #80deea; }
[data-md-color-scheme="slate"] .ik-tl-p5 { --ik-tl-bg: #880e4f; --ik-tl-edge: #f48fb1; }
[data-md-color-scheme="slate"] .ik-tl-p6 { --ik-tl-bg: #4e5200; --ik-tl-edge: #dce775; }
[data-md-color-scheme="slate"] .ik-tl-p7 { --ik-tl-bg: #4e342e; --ik-tl-edge: #bcaaa4; }
[data-md-color-scheme="slate"] .ik-tl-gap { color: #ffcdd2; border-color: #ef5350;
  background: repeating-linear-gradient(135deg, #5d1a1a 0 6px, #2b1111 6px 12px); }
[data-md-color-scheme="slate"] .ik-tl-uncovered { color: #cfd8dc; border-color: #90a4ae;
  background: repeating-linear-gradient(135deg, #37474f 0 6px, transparent 6px 12px); }
[data-md-color-scheme="slate"] .ik-tl-away { color: #ffcc80; background: #3e2723;
  border-color: #ffb74d; }
@media screen and (max-width: 30em) { .ik-tl-date { flex-basis: 3.2em; white-space: normal; } }
"""


@dataclass(frozen=True, slots=True)
class Asset:
    """A static file of the site: its path in the docs tree (and URL on the site), its text."""

    path: str
    text: str

    @property
    def stylesheet(self) -> bool:
        return self.path.endswith(".css")


#: Every static file the generated pages need, in the order the pages load them.
ASSETS: tuple[Asset, ...] = (Asset(paths.CSS, CSS), Asset(paths.FILTER_JS, FILTER_JS),
                             Asset(paths.TIMELINE_JS, TIMELINE_JS))


def stylesheets() -> list[str]:
    """The paths ``extra_css`` must list."""
    return [asset.path for asset in ASSETS if asset.stylesheet]


def scripts() -> list[str]:
    """The paths ``extra_javascript`` must list."""
    return [asset.path for asset in ASSETS if not asset.stylesheet]


def missing(listed: Iterable[object], wanted: Iterable[str]) -> list[str]:
    """The paths of ``wanted`` that ``listed`` (an ``extra_css`` or ``extra_javascript`` list:
    strings, ``{path: ..., type: module}`` mappings, or MkDocs' script values) lacks."""
    have = {_path(entry).lstrip("/") for entry in listed}
    return [path for path in wanted if path not in have]


def _path(entry: object) -> str:
    if isinstance(entry, dict):
        return str(entry.get("path", ""))
    return str(entry)
