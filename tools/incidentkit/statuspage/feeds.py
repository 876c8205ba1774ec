"""RSS 2.0 and Atom feeds of the public status page (feedgen): one entry per public incident
and per maintenance, the newest first, with every update customers were told."""

from __future__ import annotations

from datetime import datetime
from html import escape

from feedgen.feed import FeedGenerator

from incidentkit import present
from incidentkit.statuspage.state import StatusPage, Update

#: How many entries each feed carries.
ENTRIES = 50
RSS = "history.rss"
ATOM = "history.atom"


def _link(page: StatusPage, path: str) -> str:
    return f"{page.url.rstrip('/')}/{path}" if page.url else path


def _content(updates: tuple[Update, ...], intro: str) -> str:
    parts = [f"<p>{escape(intro)}</p>"] if intro else []
    parts += [f"<p><small>{escape(present.utc_minute(u.at))}</small><br>"
              f"<strong>{escape(u.status.replace('-', ' ').capitalize())}</strong> - "
              f"{escape(u.text)}</p>" for u in updates]
    return "".join(parts)


def _generator(page: StatusPage) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(_link(page, "index.html") if page.url else "urn:incidentkit:status-page")
    fg.title(f"{page.title}: incident history")
    fg.description(f"Incidents and scheduled maintenance of {page.title}")
    fg.link(href=_link(page, "index.html"), rel="alternate")
    fg.language("en")
    fg.updated(page.updated_at)
    fg.lastBuildDate(page.updated_at)
    fg.generator("incidentkit")
    entries: list[tuple[datetime, str, str, str, str, datetime]] = []
    for i in page.incidents:
        intro = f"Affected: {', '.join(page.name_of(c) for c in i.components)}."
        entries.append((i.started_at, i.id, f"incidents/{i.id}.html", i.title,
                        _content(i.updates, intro), i.updated_at))
    for m in page.maintenance:
        when = f"Scheduled from {present.utc_minute(m.starts_at)} to " \
               f"{present.utc_minute(m.ends_at)}. " + (m.description or "")
        entries.append((m.announced_at, m.id, f"maintenance/{m.id}.html",
                        f"Maintenance: {m.title}", _content(m.updates, when.strip()),
                        m.updated_at))
    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
    for published, key, path, title, content, updated in reversed(entries[:ENTRIES]):
        entry = fg.add_entry()
        entry.id(_link(page, path) if page.url else f"urn:incidentkit:status-page:{key}")
        entry.guid(entry.id(), permalink=bool(page.url))
        entry.title(title)
        entry.link(href=_link(page, path))
        entry.published(published)
        entry.updated(updated)
        entry.content(content, type="html")
        entry.description(content)
    return fg


def rss(page: StatusPage) -> str:
    text: bytes = _generator(page).rss_str(pretty=True)
    return text.decode("utf-8")


def atom(page: StatusPage) -> str:
    text: bytes = _generator(page).atom_str(pretty=True)
    return text.decode("utf-8")
