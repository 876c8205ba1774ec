"""Where each generated page lives, and its URL: the one MkDocs gives the same page."""

from __future__ import annotations

import pytest
from mkdocs.structure.files import File

from incidentkit.site import paths

ID = "2026-01-15-auth-login-failures"


def test_page_paths() -> None:
    assert paths.incident(ID) == f"incidents/2026/{ID}.md"
    assert paths.postmortem(ID) == f"postmortems/{ID}.md"
    assert paths.service("auth-api") == "services/auth-api.md"
    assert paths.runbook("db") == "runbooks/db.md"
    assert paths.schedule("primary") == "oncall/primary.md"
    assert paths.calendar("primary") == "oncall/primary.ics"
    assert (paths.FILTER_JS, paths.TIMELINE_JS, paths.CSS) == (
        "assets/incidentkit/filter.js", "assets/incidentkit/timeline.js",
        "assets/incidentkit/site.css")


@pytest.mark.parametrize("page", [
    paths.HOME, paths.INCIDENTS, paths.TAGS, paths.STATUS, paths.incident(ID),
    paths.postmortem(ID), paths.schedule("primary"),
])
@pytest.mark.parametrize("directory_urls", [True, False])
def test_urls_are_the_ones_mkdocs_builds(page: str, directory_urls: bool) -> None:
    built = File(page, "docs", "site", directory_urls).url
    assert paths.url(page, directory_urls=directory_urls) == built.removeprefix("./")


def test_files_that_are_not_pages_keep_their_path() -> None:
    for page in (paths.FEED, paths.STATUS_JSON, paths.calendar("primary")):
        assert paths.url(page) == page
        assert paths.url(page, directory_urls=False) == page
