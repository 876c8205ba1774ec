"""One site, two builders: ``mkdocs build --strict`` with the plugin and ``incidentkit site
--out`` + ``zensical build --strict`` give the same pages and the same generated files.

Both builds come from the session fixture ``builds`` (:mod:`tests.site.builds`): this
repository's data, a ``mkdocs.yml`` without ``extra_css``, ``now`` fixed.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from tests.site.builds import Builds, build_both

#: Files each builder writes for itself, left out of the comparison: the theme's own scripts
#: and stylesheets (Material's and Zensical's bundles differ), and the search index (MkDocs
#: ``search/search_index.json``, Zensical ``search.json``). MkDocs alone also writes a gzipped
#: sitemap and the tags plugin's ``tags.json`` export. Pagefind's index (``pagefind/``) is in
#: both, but its chunks are named by the hash of what they hold, which each theme's HTML makes
#: different. Everything else must match.
MKDOCS_OWN = ("assets/javascripts/", "assets/stylesheets/", "search/search_index.json",
              "sitemap.xml.gz", "tags.json", "pagefind/")
ZENSICAL_OWN = ("assets/javascripts/", "assets/stylesheets/", "search.json", "pagefind/")
#: What incidentkit generates besides pages; each must be byte for byte the same in both.
GENERATED = re.compile(r"\.(css|js|ics|json|xml)$")


def _files(site: Path, own: tuple[str, ...]) -> set[str]:
    every = {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}
    return {name for name in every if not name.startswith(own)}


def _article(site: Path, page: str) -> str:
    html = (site / page).read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


def test_the_same_pages(builds: Builds) -> None:
    mkdocs = {name for name in _files(builds.mkdocs, MKDOCS_OWN) if name.endswith(".html")}
    zensical = {name for name in _files(builds.zensical, ZENSICAL_OWN)
                if name.endswith(".html")}
    assert mkdocs == zensical
    for page in ("index.html", "incidents/index.html",
                 "incidents/2026/2026-01-15-auth-login-failures/index.html",
                 "postmortems/index.html", "postmortems/2026-01-15-auth-login-failures/index.html",
                 "services/index.html", "services/auth-api/index.html", "oncall/index.html",
                 "runbooks/index.html", "metrics/index.html", "status/index.html",
                 "tags/index.html", "handbook/roles/index.html", "404.html"):
        assert page in mkdocs, page
    assert len(mkdocs) == 59


def test_the_same_generated_files(builds: Builds) -> None:
    mkdocs = {name for name in _files(builds.mkdocs, MKDOCS_OWN) if not name.endswith(".html")}
    zensical = {name for name in _files(builds.zensical, ZENSICAL_OWN)
                if not name.endswith(".html")}
    assert mkdocs == zensical
    generated = sorted(name for name in mkdocs if GENERATED.search(name))
    assert {"assets/incidentkit/site.css", "assets/incidentkit/filter.js", "feed.xml",
            "status.json", "oncall/identity-primary.ics"} <= set(generated)
    for name in generated:
        assert (builds.mkdocs / name).read_bytes() == (builds.zensical / name).read_bytes(), name


def test_both_load_the_stylesheet_and_the_filter_script_once(builds: Builds) -> None:
    for site in (builds.mkdocs, builds.zensical):
        for page in ("status/index.html", "incidents/index.html", "metrics/index.html"):
            html = (site / page).read_text(encoding="utf-8")
            assert html.count('href="../assets/incidentkit/site.css"') == 1, (site, page)
            assert html.count('src="../assets/incidentkit/filter.js"') == 1, (site, page)


def test_the_same_incidents_on_the_incidents_index(builds: Builds) -> None:
    def links(site: Path) -> list[str]:
        return re.findall(r'href="(20\d\d/[^"]+/)"', _article(site, "incidents/index.html"))

    mkdocs = links(builds.mkdocs)
    assert len(mkdocs) == 16
    assert mkdocs[0] == "2026/2026-11-22-reporting-exports-delayed/"
    assert links(builds.zensical) == mkdocs


def test_the_same_days_on_the_status_page(builds: Builds) -> None:
    def days(site: Path) -> list[int]:
        article = _article(site, "status/index.html")
        return [len(re.findall(r'class="ik-day[ "]', bar))
                for bar in article.split('class="ik-days"')[1:]]

    assert days(builds.mkdocs) == [90] * 8
    assert days(builds.zensical) == [90] * 8


def test_the_same_tags(builds: Builds) -> None:
    def tags(site: Path) -> list[str]:
        return re.findall(r'id="(tag:[^"]+)"', _article(site, "tags/index.html"))

    assert "tag:sev1" in tags(builds.mkdocs)
    assert tags(builds.zensical) == tags(builds.mkdocs)


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """Both builds from a ``mkdocs.yml`` without ``nav`` or ``not_in_nav``."""
    return build_both(tmp_path_factory.mktemp("bare"), bare=True)


def _navigation(site: Path, page: str) -> list[str]:
    """The pages the navigation of ``page`` links to (site paths, in order, no anchors)."""
    html = (site / page).read_text(encoding="utf-8")
    found = []
    for href in re.findall(r'<a href="([^"#]*)" class="md-nav__link', html):
        name = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
        if name not in found:
            found.append(name)
    return found


def test_an_automatic_navigation_lists_the_index_pages_in_both(bare: Builds) -> None:
    mkdocs = _navigation(bare.mkdocs, "status/index.html")
    assert sorted(mkdocs) == [".", "handbook/action-items", "handbook/declaring-an-incident",
                              "handbook/on-call-rotations", "handbook/roles",
                              "handbook/severity-levels", "handbook/writing-postmortems",
                              "incidents", "metrics", "oncall", "postmortems", "runbooks",
                              "services", "status", "tags"]
    assert sorted(_navigation(bare.zensical, "status/index.html")) == sorted(mkdocs)
    assert _files(bare.mkdocs, MKDOCS_OWN) == _files(bare.zensical, ZENSICAL_OWN)


def test_both_builds_carry_a_pagefind_index(builds: Builds) -> None:
    for site in (builds.mkdocs, builds.zensical):
        assert (site / "pagefind" / "pagefind.js").is_file(), site
        assert (site / "pagefind" / "pagefind-entry.json").is_file(), site
