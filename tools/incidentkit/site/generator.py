"""The knowledge base's pages, generated from a Repository as an in-memory ``{path: text}``.

The same mapping serves the MkDocs plugin (``File.generated`` pages, nothing written) and
``incidentkit site --out DIR`` (written to disk for Zensical or any Markdown site builder). Paths
are relative to the docs directory; pages are Markdown, besides the ``.ics`` calendars,
``status.json``, the Atom feed ``feed.xml`` and two static assets.

A :class:`Generator` lives as long as the plugin (across ``mkdocs serve`` rebuilds): pages whose
inputs did not change come from its :class:`~incidentkit.site.cache.PageCache`; pages that
depend on the time (home, on call, status) are made on every build.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from incidentkit.bodies import sanitize_body
from incidentkit.followup.report import TITLES
from incidentkit.model.incident import Incident
from incidentkit.model.postmortem import PostmortemMeta
from incidentkit.repository import Doc, Repository
from incidentkit.site import assets, fields, paths, render, status, views
from incidentkit.site.cache import PageCache
from incidentkit.site.catalog import runbook_pages, service_pages
from incidentkit.site.history import History
from incidentkit.site.oncall import ahead, calendar, now_on_call
from incidentkit.site.overdue import overdue_counts
from incidentkit.site.timeline import timeline
from incidentkit.store.frontmatter import Split, split
from incidentkit.store.reading import read_file
from incidentkit.store.yamlload import Problem

Pages = dict[str, str]


@dataclass(frozen=True, slots=True)
class SiteOptions:
    #: The moment the site shows as "now" (who is on call, what is open, the last 90 days).
    now: datetime
    #: A folder of templates that override the built-in ones (default: ``templates/site``).
    templates: Path | None = None
    directory_urls: bool = True
    site_url: str | None = None
    site_name: str = "Incident knowledge base"
    github_url: str = "https://github.com"
    oncall_weeks: int = 4
    status_days: int = 90
    feed_items: int = 50
    #: Markdown of the hand-written home page (``docs/index.md``), shown around the dashboard.
    intro: str | None = None
    #: Extra pages from other generators: ``{path: text}``.
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(slots=True)
class Generator:
    root: Path
    cache: PageCache = field(default_factory=PageCache)
    _bodies: dict[str, tuple[tuple[int, int], str]] = field(default_factory=dict)
    _global: Hashable = None

    def body(self, rel: str) -> str:
        """The Markdown body of a postmortem or runbook file, sanitised (cached by stamp)."""
        st = os.stat(self.root / rel)
        stamp = (st.st_mtime_ns, st.st_size)
        got = self._bodies.get(rel)
        if got is not None and got[0] == stamp:
            return got[1]
        raw = read_file(self.root, rel)
        text = "" if isinstance(raw, Problem) else raw.decode("utf-8", "replace")
        cut = split(text)
        body = sanitize_body(cut.body if isinstance(cut, Split) else text)
        self._bodies[rel] = (stamp, body)
        return body

    def generate(self, repo: Repository, options: SiteOptions, history: History | None = None
                 ) -> Pages:
        """Every page of the site for ``repo`` (a :class:`~incidentkit.repository.Repository`)."""
        return _Build(self, repo, options, history or {}).run()


def _template_stamp(folder: Path | None) -> tuple[tuple[str, int], ...]:
    found = []
    for base in (folder, render.BUILTIN):
        if base is None or not base.is_dir():
            continue
        found += [(str(p), p.stat().st_mtime_ns) for p in sorted(base.glob("*.j2"))]
    return tuple(found)


class _Build:
    def __init__(self, gen: Generator, repo: Repository, options: SiteOptions, history: History
                 ) -> None:
        self.gen, self.repo, self.options, self.history = gen, repo, options, history
        override = options.templates or gen.root / render.OVERRIDES
        self.env = render.environment(override if override.is_dir() else None)
        self.names = views.Names.of(repo)
        self.pages: Pages = {}
        key = (repo.config, tuple(repo.people.items()), tuple(repo.services.items()),
               tuple((k, d.model.title) for k, d in repo.runbooks.items()),
               _template_stamp(override), options.github_url, options.directory_urls)
        if gen._global != key:
            gen.cache.pages.clear()
            gen._global = key
        self.known = self._known()

    def _known(self) -> frozenset[str]:
        repo = self.repo
        return frozenset([
            paths.HOME, paths.INCIDENTS, paths.POSTMORTEMS, paths.SERVICES, paths.RUNBOOKS,
            paths.ONCALL, paths.STATUS, paths.METRICS, paths.TAGS, paths.STATUS_JSON, paths.FEED,
            *(paths.incident(i) for i in repo.incidents),
            *(paths.postmortem(i) for i in repo.postmortems),
            *(paths.service(s) for s in repo.services),
            *(paths.runbook(r) for r in repo.runbooks),
            *(p for s in repo.schedules for p in (paths.schedule(s), paths.calendar(s))),
            *(p for p, _ in self.options.extra),
        ])

    def context(self, here: str, **values: Any) -> dict[str, Any]:
        return {"here": here, "known": self.known, "paths": paths, "names": self.names,
                "status_label": views.status_label, "now": self.options.now, **values}

    def page(self, path: str, template: str, **values: Any) -> None:
        self.pages[path] = render.render(self.env, template, self.context(path, **values))

    def cached(self, path: str, key: Hashable, make: Callable[[], dict[str, Any]],
               template: str) -> None:
        self.pages[path] = self.gen.cache.get(
            path, key, lambda: render.render(self.env, template, self.context(path, **make())))

    def run(self) -> Pages:
        repo, opts = self.repo, self.options
        rows = views.newest_first(repo)
        for incident_doc in repo.incidents.values():
            self._incident(incident_doc.model)
        for incident_id, pm in repo.postmortems.items():
            self._postmortem(incident_id, pm)
        self._indexes(rows)
        service_pages(self, rows)
        runbook_pages(self)
        self._oncall()
        self._status(rows)
        self._metrics()
        self.pages.update((asset.path, asset.text) for asset in assets.ASSETS)
        self.pages.update(dict(opts.extra))
        return dict(sorted(self.pages.items()))

    def _incident(self, incident: Incident) -> None:
        repo, opts = self.repo, self.options
        pm_doc = repo.postmortems.get(incident.id)
        pm = pm_doc.model if pm_doc else None
        changes = self.history.get(incident.id, ())

        def make() -> dict[str, Any]:
            return {
                "i": incident, "sev": repo.config.severity(incident.severity), "pm": pm,
                "pm_page": paths.postmortem(incident.id),
                "milestones": views.milestones(incident),
                "items": views.items(pm, repo.config, opts.github_url),
                "history": changes, "tags": views.tags(incident),
                "runbook_title": lambda s: repo.runbooks[s].model.title
                if s in repo.runbooks else s,
                "fields": fields.values(repo.config, "incidents", incident.fields,
                                        self.names.person),
            }

        related = tuple(paths.incident(r) in self.known for r in incident.related)
        self.cached(paths.incident(incident), (incident, pm, changes, related), make,
                    "incident.md.j2")

    def _postmortem(self, incident_id: str, doc: Doc[PostmortemMeta]) -> None:
        repo, opts = self.repo, self.options
        inc_doc = repo.incidents.get(incident_id)
        incident = inc_doc.model if inc_doc else None
        body = self.gen.body(doc.rel)
        meta = doc.model

        def make() -> dict[str, Any]:
            return {
                "pm": meta, "i": incident, "body": views.cut(body), "closed": views.closed(meta),
                "items": views.items(meta, repo.config, opts.github_url),
                "tags": [*(views.tags(incident) if incident else []), "postmortem"],
                "fields": fields.values(repo.config, "postmortems", meta.fields,
                                        self.names.person),
            }

        self.cached(paths.postmortem(incident_id), (meta, incident, body), make,
                    "postmortem.md.j2")

    def _indexes(self, rows: list[views.Row]) -> None:
        repo = self.repo
        used = sorted({s for r in rows for s in r.services})
        self.page(paths.INCIDENTS, "incidents.md.j2", rows=rows,
                  severities=[*repo.config.severity_ids,
                              *sorted({r.severity for r in rows} - set(repo.config.severity_ids))],
                  statuses=["investigating", "identified", "monitoring", "resolved"],
                  services=used, years=sorted({r.id[:4] for r in rows}, reverse=True),
                  filters=fields.filters(repo.config, [r.fields for r in rows]),
                  field_cell=fields.cell)
        postmortems = [
            _PostmortemRow(r.started.strftime("%Y-%m-%d"), r.title, paths.postmortem(r.id),
                           r.severity, repo.postmortems[r.id].model.status,
                           views.closed(repo.postmortems[r.id].model),
                           len(repo.postmortems[r.id].model.action_items))
            for r in rows if r.id in repo.postmortems
        ]
        self.page(paths.POSTMORTEMS, "postmortems.md.j2", postmortems=postmortems)
        self.page(paths.TAGS, "tags.md.j2")
        intro_head, intro_rest = _intro(self.options.intro)
        schedules = [now_on_call(d.model, self.names, self.options.now, repo.time_off)
                     for _, d in sorted(repo.schedules.items())]
        self.page(paths.HOME, "home.md.j2", intro_head=intro_head, intro_rest=intro_rest,
                  open=[r for r in rows if r.status != "resolved"], oncall=schedules,
                  overdue=[(TITLES[k], n) for k, n in overdue_counts(repo, self.options.now)])

    def _oncall(self) -> None:
        opts = self.options
        schedules = []
        for schedule_id, doc in sorted(self.repo.schedules.items()):
            now = now_on_call(doc.model, self.names, opts.now, self.repo.time_off)
            schedules.append(now)
            end = opts.now + timedelta(weeks=opts.oncall_weeks)
            self.page(paths.schedule(schedule_id), "schedule.md.j2", s=now, schedule=doc.model,
                      shifts=ahead(doc.model, self.names, opts.now, opts.oncall_weeks,
                                   self.repo.time_off),
                      timeline=timeline(doc.model, self.names, opts.now, end,
                                        self.repo.time_off),
                      weeks=opts.oncall_weeks)
            self.pages[paths.calendar(schedule_id)] = calendar(doc.model, opts.now)
        self.page(paths.ONCALL, "oncall.md.j2", schedules=schedules, weeks=opts.oncall_weeks)

    def _status(self, rows: list[views.Row]) -> None:
        repo, opts = self.repo, self.options
        statuses = status.services(repo, opts.now, opts.status_days)
        opened = status.open_incidents(repo)
        self.page(paths.STATUS, "status.md.j2", services=statuses, open=opened,
                  days=opts.status_days)
        self.pages[paths.STATUS_JSON] = status.status_json(
            repo, statuses, opened, now=opts.now, base=opts.site_url,
            directory_urls=opts.directory_urls)
        self.pages[paths.FEED] = status.atom(
            repo, rows, now=opts.now, title=opts.site_name, base=opts.site_url,
            directory_urls=opts.directory_urls, limit=opts.feed_items)


    def _metrics(self) -> None:
        from incidentkit.metrics.report import compliance, human, late, within
        from incidentkit.site.metrics import durations, percent, view

        self.page(paths.METRICS, "metrics.md.j2", m=view(self.repo, self.options.now),
                  durations=durations, percent=percent,
                  durations_one=lambda d: "—" if d is None else human(d),
                  within=within, compliance=compliance, late=late)


@dataclass(frozen=True, slots=True)
class _PostmortemRow:
    date: str
    title: str
    page: str
    severity: str
    status: str
    closed: int
    total: int


def _intro(text: str | None) -> tuple[str | None, str | None]:
    """The hand-written home page, sanitised like every body, cut before its first ``##``
    heading."""
    if not text:
        return None, None
    text = sanitize_body(text)
    lines = text.strip("\n").split("\n")
    for n, line in enumerate(lines):
        if line.startswith("## "):
            return "\n".join(lines[:n]).strip("\n"), "\n".join(lines[n:]).strip("\n")
    return text.strip("\n"), None
