"""Where each generated page lives in the docs tree, and its URL on the built site."""

from __future__ import annotations

from incidentkit.model.incident import Incident

HOME = "index.md"
INCIDENTS = "incidents/index.md"
POSTMORTEMS = "postmortems/index.md"
SERVICES = "services/index.md"
RUNBOOKS = "runbooks/index.md"
ONCALL = "oncall/index.md"
STATUS = "status/index.md"
METRICS = "metrics/index.md"
TAGS = "tags.md"
STATUS_JSON = "status.json"
FEED = "feed.xml"
ASSETS = "assets/incidentkit"
FILTER_JS = f"{ASSETS}/filter.js"
TIMELINE_JS = f"{ASSETS}/timeline.js"
CSS = f"{ASSETS}/site.css"


def incident(item: Incident | str) -> str:
    ident = item if isinstance(item, str) else item.id
    return f"incidents/{ident[:4]}/{ident}.md"


def postmortem(incident_id: str) -> str:
    return f"postmortems/{incident_id}.md"


def service(service_id: str) -> str:
    return f"services/{service_id}.md"


def runbook(slug: str) -> str:
    return f"runbooks/{slug}.md"


def schedule(schedule_id: str) -> str:
    return f"oncall/{schedule_id}.md"


def calendar(schedule_id: str) -> str:
    return f"oncall/{schedule_id}.ics"


def url(page: str, *, directory_urls: bool = True) -> str:
    """The site URL of a page, relative to the site root (as MkDocs and Zensical build it)."""
    if not page.endswith(".md"):
        return page
    stem = page[: -len(".md")]
    if not directory_urls:
        return f"{stem}.html"  # an index page too: incidents/index.html
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"
