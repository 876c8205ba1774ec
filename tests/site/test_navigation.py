"""The ``not_in_nav`` patterns ``incidentkit site --out`` writes select exactly the generated
pages the plugin marks ``NOT_IN_NAV``, read as MkDocs reads them (gitignore style, pathspec)."""

from __future__ import annotations

import pathspec

from incidentkit.site import navigation
from tests.site.conftest import generate

OURS = ("/incidents/**/*.md\n!/incidents/index.md\n/oncall/**/*.md\n!/oncall/index.md\n"
        "/postmortems/**/*.md\n!/postmortems/index.md\n/runbooks/**/*.md\n!/runbooks/index.md\n"
        "/services/**/*.md\n!/services/index.md\n")


def test_the_patterns_select_the_detail_pages() -> None:
    pages = generate()
    patterns = navigation.not_in_nav(pages, None)
    assert patterns == OURS
    spec = pathspec.GitIgnoreSpec.from_lines(patterns.splitlines())
    markdown = [page for page in pages if page.endswith(".md")]
    hidden = sorted(page for page in markdown if spec.match_file(page))
    assert hidden == sorted(page for page in markdown if not navigation.listed(page))
    assert "incidents/2026/2026-01-15-auth-login-failures.md" in hidden
    assert not spec.match_file("incidents/index.md")


def test_the_users_lines_come_after_ours_once() -> None:
    mine = "/postmortems/*.md\n/incidents/**/*.md\n/drafts/\n"
    assert navigation.not_in_nav(generate(), mine) == (
        OURS.replace("/incidents/**/*.md\n", "") + mine)


def test_nothing_to_write() -> None:
    assert navigation.not_in_nav(["index.md", "status.json"], None) is None
    assert navigation.not_in_nav(["detail.md"], "") == "/detail.md\n"
