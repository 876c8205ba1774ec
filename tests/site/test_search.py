"""Search: the Pagefind index of the built site, the theme's own index emptied, the assets for
MkDocs and for `incidentkit site --out` (Zensical), and failures as messages."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, get_files
from mkdocs.structure.pages import Page

from incidentkit.errors import FatalError
from incidentkit.site import search
from incidentkit.site.plugin import IncidentkitPlugin
from incidentkit.site.search_assets import SEARCH_CSS, SEARCH_JS
from tests.conftest import Run
from tests.site.conftest import BASE, ROOT, copy_repository

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _build(root: Path, out: Path, *extra: str, env: dict[str, str] | None = None
           ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(out), *extra],
                          cwd=root, capture_output=True, text=True, check=False,
                          env=env or ENV, timeout=600)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's site, built by `mkdocs build --strict` with the plugin."""
    out = tmp_path_factory.mktemp("search") / "site"
    done = _build(ROOT, out)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def _fake_pagefind(tmp_path: Path, script: str) -> Path:
    path = tmp_path / "pagefind"
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


# The theme's own index ------------------------------------------------------------------------

def test_front_matter_is_added_to_a_page_without_one() -> None:
    assert search.exclude_front_matter("# Title\n") == (
        "---\nsearch:\n  exclude: true\n---\n# Title\n")


def test_front_matter_is_added_to_the_front_matter_a_page_has() -> None:
    page = '---\ntitle: "A: b"\ntags:\n  - "SEV1"\n---\n\n# A\n'
    assert search.exclude_front_matter(page) == (
        '---\nsearch:\n  exclude: true\ntitle: "A: b"\ntags:\n  - "SEV1"\n---\n\n# A\n')
    assert search.exclude_front_matter("---\n---\nText\n") == (
        "---\nsearch:\n  exclude: true\n---\nText\n")


def test_a_search_key_of_the_page_is_merged() -> None:
    page = "---\ntitle: T\nsearch:\n  boost: 2\n---\nBody\n"
    assert search.exclude_front_matter(page) == (
        "---\ntitle: T\nsearch:\n  boost: 2\n  exclude: true\n---\nBody\n")
    assert search.exclude_front_matter("---\nsearch: no\n---\nBody\n") == (
        "---\nsearch:\n  exclude: true\n---\nBody\n")


def test_front_matter_that_is_not_yaml_gets_a_new_one() -> None:
    page = "---\nsearch: [\n---\nBody\n"
    assert search.exclude_front_matter(page) == "---\nsearch:\n  exclude: true\n---\n" + page


# Indexing ---------------------------------------------------------------------------------------

def test_mkdocs_build_writes_the_pagefind_index_and_an_empty_theme_index(built: Path) -> None:
    assert (built / "pagefind" / "pagefind.js").is_file()
    assert (built / "pagefind" / "pagefind-entry.json").is_file()
    assert list((built / "pagefind" / "fragment").iterdir())
    theme = json.loads((built / "search" / "search_index.json").read_text())
    assert theme["docs"] == []
    assert (built / search.SCRIPT).read_text() == SEARCH_JS
    assert (built / search.STYLESHEET).read_text() == SEARCH_CSS
    page = (built / "postmortems" / "2026-01-15-auth-login-failures" / "index.html").read_text()
    assert '<script src="../../assets/incidentkit/search.js"></script>' in page
    assert 'href="../../assets/incidentkit/search.css"' in page
    assert 'class="md-search__input"' in page


def test_index_reports_what_it_indexed_and_replaces_an_earlier_index(built: Path) -> None:
    stale = built / "pagefind" / "fragment" / "stale.pf_fragment"
    stale.write_text("old")
    report = search.index(built)
    assert report.pages == 59
    assert not stale.exists()
    assert report.size == sum(p.stat().st_size for p in (built / "pagefind").rglob("*")
                              if p.is_file())
    assert report.summary().startswith("search index: 59 pages in ")
    assert report.summary().endswith(f"{report.size / 2**20:.1f} MiB in pagefind/")


def test_the_index_holds_the_article_not_the_navigation(built: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        "<html><body><nav>navigation words</nav><article class='md-content__inner'>"
        "<h1>Title<a class='headerlink' href='#t'>¶</a></h1><p>article words</p></article>"
        "</body></html>")
    assert search.index(site).pages == 1
    words = {p.name for p in (site / "pagefind").iterdir()}
    assert "pagefind-entry.json" in words


def test_a_folder_that_is_not_a_site_is_a_message(tmp_path: Path) -> None:
    with pytest.raises(FatalError) as caught:
        search.index(tmp_path)
    assert str(caught.value) == (
        f"search index: {tmp_path.resolve()} is not a built site (it has no index.html): "
        "build it first (mkdocs build or zensical build)")


def test_a_site_without_the_theme_article_is_a_message(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><body><p>words</p></body></html>")
    with pytest.raises(FatalError) as caught:
        search.index(tmp_path)
    assert str(caught.value) == (
        f"search index: Pagefind found no page to index in {tmp_path.resolve()} (no "
        "article.md-content__inner element): was it built with the Material theme?")


def test_a_failing_pagefind_is_a_message_with_its_words(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "index.html").write_text("<article class='md-content__inner'>x</article>")
    fake = _fake_pagefind(tmp_path, "echo 'Building'; echo 'Error: disk full' >&2; exit 3")
    monkeypatch.setenv(search.BINARY_VARIABLE, str(fake))
    with pytest.raises(FatalError) as caught:
        search.index(tmp_path)
    assert str(caught.value) == (
        f"search index: Pagefind failed on {tmp_path.resolve()} (exit 3): Building / "
        "Error: disk full")


def test_a_missing_binary_is_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                       ) -> None:
    (tmp_path / "index.html").write_text("<article class='md-content__inner'>x</article>")
    monkeypatch.setenv(search.BINARY_VARIABLE, str(tmp_path / "nowhere"))
    with pytest.raises(FatalError) as caught:
        search.index(tmp_path)
    assert str(caught.value) == (
        f"search index: cannot run {tmp_path / 'nowhere'}: No such file or directory")


def test_the_wheel_binary_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(search.BINARY_VARIABLE, raising=False)
    binary = search.executable()
    assert binary.name == "pagefind" and os.access(binary, os.X_OK)


def test_search_index_command(run: Callable[..., Run], built: Path, tmp_path: Path) -> None:
    done = run("search-index", str(built))
    assert done.status == 0, done.err
    assert done.out.startswith("search index: 59 pages in ")
    assert done.out.endswith(f"in pagefind/ ({built})\n")
    missing = run("search-index", str(tmp_path))
    assert missing.status == 2
    assert missing.err == (f"incidentkit: error: search index: {tmp_path.resolve()} is not a "
                           "built site (it has no index.html): build it first (mkdocs build "
                           "or zensical build)\n")


def test_a_failed_index_ends_mkdocs_build_with_one_line(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    fake = _fake_pagefind(tmp_path, "echo 'Error: no space left on device' >&2; exit 1")
    done = _build(root, tmp_path / "site", env={**ENV, search.BINARY_VARIABLE: str(fake)})
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == (
        f"ERROR   -  incidentkit: search index: Pagefind failed on {tmp_path / 'site'} (exit 1): "
        "Error: no space left on device")


# The theme's own search, on request -------------------------------------------------------------

def _theme_search(root: Path) -> None:
    text = (root / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(
        text.replace("  - incidentkit\n", "  - incidentkit:\n      search: theme\n"))


def test_search_theme_leaves_the_theme_search_alone(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    _theme_search(root)
    done = _build(root, tmp_path / "site")
    assert done.returncode == 0, done.stderr[-3000:]
    assert not (tmp_path / "site" / "pagefind").exists()
    assert not (tmp_path / "site" / search.SCRIPT).exists()
    theme = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text())
    assert len(theme["docs"]) > 100


def test_site_out_prepares_the_pages_for_pagefind(run: Callable[..., Run], tmp_path: Path
                                                   ) -> None:
    root = copy_repository(tmp_path / "repo")
    done = run("-C", str(root), "site", "--out", str(tmp_path / "kb"))
    assert done.status == 0, done.err
    docs = tmp_path / "kb" / "docs"
    assert (docs / search.SCRIPT).read_text() == SEARCH_JS
    assert (docs / search.STYLESHEET).read_text() == SEARCH_CSS
    config = yaml.safe_load((tmp_path / "kb" / "mkdocs.yml").read_text())
    assert config["extra_javascript"] == ["assets/incidentkit/filter.js",
                                          "assets/incidentkit/timeline.js", search.SCRIPT]
    assert config["extra_css"][-1] == search.STYLESHEET
    assert config["extra_css"].count(search.STYLESHEET) == 1
    pages = list(docs.rglob("*.md"))
    assert len(pages) > 50
    for page in pages:
        assert page.read_text().startswith("---\nsearch:\n  exclude: true\n"), page


def test_site_out_with_search_theme_changes_nothing(run: Callable[..., Run], tmp_path: Path
                                                     ) -> None:
    root = copy_repository(tmp_path / "repo")
    _theme_search(root)
    done = run("-C", str(root), "site", "--out", str(tmp_path / "kb"))
    assert done.status == 0, done.err
    assert not (tmp_path / "kb" / "docs" / search.SCRIPT).exists()
    config = yaml.safe_load((tmp_path / "kb" / "mkdocs.yml").read_text())
    assert config["extra_javascript"] == [  # no search script
        "assets/incidentkit/filter.js", "assets/incidentkit/timeline.js"]
    assert search.STYLESHEET not in config["extra_css"]
    assert not (tmp_path / "kb" / "docs" / "handbook" / "roles.md").read_text().startswith("---")


def test_pagefind_only_behind_material() -> None:
    assert search.engine("pagefind", "material") == "pagefind"
    assert search.engine("pagefind", "mkdocs") == "theme"
    assert search.engine("theme", "material") == "theme"
    assert search.assets("theme") == {}


# The plugin's hooks, in this process ---------------------------------------------------------

def _plugin(tmp_path: Path, theme: str, **options: object
            ) -> tuple[MkDocsConfig, IncidentkitPlugin, Files]:
    """The configuration of a copy of the example repository as ``mkdocs build`` loads it, run
    up to ``on_files``."""
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    (root / "docs").mkdir()
    (root / "docs" / "page.md").write_text("# Page\n")
    plugin_options = {"now": "2026-01-15T14:30:00Z", "git_history": False, **options}
    (root / "mkdocs.yml").write_text(json.dumps({
        "site_name": "Test", "theme": {"name": theme},
        "plugins": ["search", {"incidentkit": plugin_options}]}))
    config = load_config(str(root / "mkdocs.yml"))
    plugin = config.plugins["incidentkit"]
    assert isinstance(plugin, IncidentkitPlugin)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    assert isinstance(files, Files)
    return config, plugin, files


def _page(config: MkDocsConfig, files: Files, meta: dict[str, object]) -> Page:
    found = files.get_file_from_path("page.md")
    assert found is not None
    page = Page(None, found, config)
    page.meta = meta
    return page


def test_plugin_hooks_with_material(tmp_path: Path, built: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    config, plugin, files = _plugin(tmp_path, "material")
    assert search.SCRIPT in [str(s) for s in config.extra_javascript]
    assert search.STYLESHEET in config.extra_css
    script = files.get_file_from_path(search.SCRIPT)
    assert script is not None and script.content_string == SEARCH_JS
    page = _page(config, files, {"title": "T", "search": {"boost": 2}})
    assert plugin.on_page_markdown("# T\n", page=page, config=config, files=files) == "# T\n"
    assert page.meta == {"title": "T", "search": {"boost": 2, "exclude": True}}
    site = tmp_path / "site"
    shutil.copytree(built, site)
    shutil.rmtree(site / "pagefind")
    config.site_dir = str(site)
    plugin.on_post_build(config=config)
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    monkeypatch.setenv(search.BINARY_VARIABLE, str(tmp_path / "nowhere"))
    with pytest.raises(PluginError) as caught:
        plugin.on_post_build(config=config)
    assert str(caught.value) == (f"incidentkit: search index: cannot run {tmp_path / 'nowhere'}"
                                 ": No such file or directory")


def test_plugin_hooks_leave_another_theme_alone(tmp_path: Path) -> None:
    config, plugin, files = _plugin(tmp_path, "mkdocs")
    assert search.SCRIPT not in [str(s) for s in config.extra_javascript]
    assert search.STYLESHEET not in config.extra_css
    assert files.get_file_from_path(search.SCRIPT) is None
    page = _page(config, files, {})
    plugin.on_page_markdown("# T\n", page=page, config=config, files=files)
    assert page.meta == {}
    config.site_dir = str(tmp_path / "empty")
    plugin.on_post_build(config=config)
    assert not (tmp_path / "empty").exists()


def test_plugin_search_theme_option(tmp_path: Path) -> None:
    config, plugin, files = _plugin(tmp_path, "material", search="theme")
    assert search.SCRIPT not in [str(s) for s in config.extra_javascript]
    page = _page(config, files, {})
    plugin.on_page_markdown("# T\n", page=page, config=config, files=files)
    assert page.meta == {}
