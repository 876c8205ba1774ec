"""The options of the ``incidentkit`` MkDocs plugin (``plugins: [incidentkit: {...}]``), which
``incidentkit site --out`` reads too."""

from __future__ import annotations

from datetime import datetime

from mkdocs.config import base
from mkdocs.config import config_options as c

from incidentkit import clock
from incidentkit.errors import FatalError
from incidentkit.model.times import parse_timestamp


class IncidentkitConfig(base.Config):  # type: ignore[no-untyped-call]
    #: The incident repository; default: the folder of ``mkdocs.yml``.
    repository = c.Optional(c.Dir(exists=True))
    #: Templates overriding the built-in ones; default: ``templates/site`` in the repository.
    templates = c.Optional(c.Dir(exists=True))
    #: Show each incident's change history from git (when the repository is a git repository).
    git_history = c.Type(bool, default=True)
    #: The time the site shows as "now" (RFC 3339 with an offset); default: when it is built
    #: (``INCIDENTKIT_NOW`` when that is set, as for every command). See :func:`site_now`.
    now = c.Optional(c.Type(str))
    #: Where issue numbers of action items link to (GitHub Enterprise: its address).
    github_url = c.Type(str, default="https://github.com")
    #: How many weeks of shifts each on-call schedule page shows.
    oncall_weeks = c.Type(int, default=4)
    #: How many days the status page shows per service.
    status_days = c.Type(int, default=90)
    #: How many incidents the Atom feed holds.
    feed_items = c.Type(int, default=50)
    #: Fail the build (``PluginError``) when data files do not pass their checks, instead of a
    #: warning (which ``mkdocs build --strict`` turns into a failure anyway).
    fail_on_invalid = c.Type(bool, default=False)
    #: The site's search: ``pagefind`` (a Pagefind index behind the theme's search box, for
    #: any size of repository) or ``theme`` (the theme's own, which loads the whole index).
    search = c.Choice(("pagefind", "theme"), default="pagefind")


def site_now(option: str | None) -> datetime:
    """The moment the site shows: the ``now`` option, else :func:`incidentkit.clock.now`
    (to the second). The plugin and ``incidentkit site`` both read it here, so a bad value
    gets the same message from both."""
    if not option:
        return clock.now().replace(microsecond=0)
    try:
        return parse_timestamp(option)
    except ValueError as exc:
        raise FatalError(f"mkdocs.yml: plugins: incidentkit: now: {exc}", status=1) from None
