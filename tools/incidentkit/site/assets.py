"""Static files the generated pages use: the incidents filter script and a little CSS."""

from __future__ import annotations

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
