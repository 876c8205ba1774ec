"""The site's static files, one list (``site.assets.ASSETS``) for both builders: the plugin adds
them to MkDocs' configuration, ``incidentkit site --out`` to the ``mkdocs.yml`` it writes, and
neither repeats an entry the user already has."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.config_options import ExtraScriptValue

from incidentkit.site import assets
from tests.conftest import Run
from tests.site.conftest import BASE, generate


def test_one_list_of_files_that_the_generator_writes() -> None:
    assert assets.stylesheets() == ["assets/incidentkit/site.css"]
    assert assets.scripts() == ["assets/incidentkit/filter.js",
                                "assets/incidentkit/timeline.js"]
    pages = generate()
    for asset in assets.ASSETS:
        assert pages[asset.path] == asset.text


def test_missing_reads_every_spelling_of_an_entry() -> None:
    wanted = ["a.css", "b.js", "c.js", "d.js"]
    listed: list[object] = ["a.css", {"path": "b.js", "type": "module"},
                            ExtraScriptValue("c.js"), "other.js"]
    assert assets.missing(listed, wanted) == ["d.js"]
    assert assets.missing(["/d.js"], ["d.js"]) == []
    assert assets.missing([], wanted) == wanted


def _repository(tmp_path: Path, config: str) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(
        "site_name: Ours\nplugins:\n  - incidentkit: {now: '2026-01-15T14:30:00Z'}\n" + config)
    return root


USERS = ("extra_css:\n  - assets/incidentkit/site.css\n  - ours.css\n"
         "extra_javascript:\n  - path: assets/incidentkit/filter.js\n    type: module\n")


def test_the_plugin_keeps_the_users_entries_once(tmp_path: Path) -> None:
    config = load_config(str(_repository(tmp_path, USERS) / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    assert config.extra_css == ["assets/incidentkit/site.css", "ours.css"]
    assert [str(script) for script in config.extra_javascript] == [
        "assets/incidentkit/filter.js", "assets/incidentkit/timeline.js"]


def test_site_keeps_the_users_entries_once(tmp_path: Path, run: Callable[..., Run]) -> None:
    root = _repository(tmp_path, USERS)
    result = run("-C", str(root), "site", "--out", str(tmp_path / "out"), "--no-git-history")
    assert result.status == 0, result.err
    written = (tmp_path / "out/mkdocs.yml").read_text()
    assert ("extra_css:\n- assets/incidentkit/site.css\n- ours.css\n"
            "- assets/incidentkit/search.css\n"
            "extra_javascript:\n- path: assets/incidentkit/filter.js\n  type: module\n"
            "- assets/incidentkit/timeline.js\n- assets/incidentkit/search.js\n"
            "docs_dir: docs\nsite_dir: site\nnot_in_nav: |\n") in written


def test_site_refuses_entries_that_are_not_lists(tmp_path: Path, run: Callable[..., Run]
                                                 ) -> None:
    root = _repository(tmp_path, "extra_css: ours.css\n")
    result = run("-C", str(root), "site", "--out", str(tmp_path / "out"))
    assert (result.status, result.err) == (
        1, "incidentkit: error: mkdocs.yml: extra_css must be a list of paths\n")
    (root / "mkdocs.yml").write_text("site_name: Ours\nnot_in_nav: [a, b]\n")
    result = run("-C", str(root), "site", "--out", str(tmp_path / "out"))
    assert (result.status, result.err) == (
        1, "incidentkit: error: mkdocs.yml: not_in_nav must be a multi-line string of "
        "patterns\n")
    assert not (tmp_path / "out").exists()
