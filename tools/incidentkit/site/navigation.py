"""Which generated pages the navigation lists, the same for both builders.

The index pages may be navigation entries; every other generated page (each incident,
postmortem, service, runbook and schedule) is a detail page that the index pages link to: the
navigation is rendered into every page, so an entry per incident would make the build grow
with the square of the number of incidents. The MkDocs plugin marks detail pages
``NOT_IN_NAV``; ``incidentkit site --out`` writes :func:`not_in_nav` patterns into the
``mkdocs.yml`` it writes, which Zensical (and MkDocs) read the same way, so that a site without
its own ``nav`` gets the same automatic navigation from both.
"""

from __future__ import annotations

from collections.abc import Iterable

from incidentkit.site import paths

#: Generated pages that the navigation may list; every other generated page is a detail page.
IN_NAV = frozenset([paths.HOME, paths.INCIDENTS, paths.POSTMORTEMS, paths.SERVICES,
                    paths.RUNBOOKS, paths.ONCALL, paths.STATUS, paths.METRICS, paths.TAGS])


def listed(path: str) -> bool:
    """Whether the navigation may list the generated file ``path`` (files that are not pages
    are never in it, whatever this says)."""
    return path in IN_NAV or not path.endswith(".md")


def not_in_nav(pages: Iterable[str], existing: str | None) -> str | None:
    """``not_in_nav`` patterns (gitignore style) that keep the detail pages among ``pages`` out
    of the navigation, followed by the user's own lines (``existing``), which come last so that
    they still decide what they match; ``None`` when there is nothing to write."""
    ours: list[str] = []
    for folder in sorted({page.partition("/")[0] for page in pages if not listed(page)}):
        if folder.endswith(".md"):
            ours.append(f"/{folder}")
            continue
        ours.append(f"/{folder}/**/*.md")
        if f"{folder}/index.md" in IN_NAV:
            ours.append(f"!/{folder}/index.md")
    theirs = (existing or "").splitlines()
    lines = [line for line in ours if line not in theirs] + theirs
    return "".join(f"{line}\n" for line in lines) if lines else None
