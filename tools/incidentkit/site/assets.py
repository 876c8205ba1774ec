"""Static files the generated pages use (the incidents filter script and a little CSS): the one
list of them that both builders use.

The generator writes each file into the docs tree beside the pages; the MkDocs plugin adds them
to ``extra_css`` / ``extra_javascript`` of the configuration it is given, and ``incidentkit site
--out`` to those of the ``mkdocs.yml`` it writes for Zensical (:func:`missing` leaves out an
entry the user already has). Without the stylesheet the status page's 90-day bars and the
metrics charts have no size.
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

CSS = """\
/* incidentkit: the filters of the incidents index and the 90-day bars of the status page. */
.ik-filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }
.ik-filters select { margin-left: .25rem; }
.ik-days { display: inline-flex; gap: 1px; vertical-align: middle; }
.ik-day { display: inline-block; width: 3px; height: 1.1em; background: #2e7d32; }
.ik-day.ik-minor { background: #f9a825; }
.ik-day.ik-major { background: #ef6c00; }
.ik-day.ik-critical { background: #c62828; }
.md-typeset figure.ik-chart { display: block; width: 100%; max-width: 52rem; margin: 1em 0; }
.ik-chart svg { display: block; width: 100%; height: auto; }
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
ASSETS: tuple[Asset, ...] = (Asset(paths.CSS, CSS), Asset(paths.FILTER_JS, FILTER_JS))


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
