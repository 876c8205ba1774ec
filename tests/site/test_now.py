"""The moment the site shows, read in one place (``site.config.site_now``) by the plugin and by
``incidentkit site``: ``--at``, else the plugin's ``now`` option, else ``INCIDENTKIT_NOW``, else
the clock; a bad value gets the same message from both."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from tests.conftest import Run
from tests.site.conftest import BASE

NAIVE = ("mkdocs.yml: plugins: incidentkit: now: timestamp '2026-01-15T14:30:00' has no "
         "offset: add one, e.g. 2026-01-15T14:30:00Z or 2026-01-15T14:30:00+01:00")


def _repository(tmp_path: Path, now: str | None = None) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    plugin = f"incidentkit: {{now: '{now}', git_history: false}}" if now else "incidentkit"
    (root / "mkdocs.yml").write_text(f"site_name: Test\nplugins:\n  - {plugin}\n")
    return root


def _generated_at(out: Path) -> str:
    return str(json.loads((out / "docs/status.json").read_text())["generated_at"])


def test_site_shows_incidentkit_now(tmp_path: Path, run: Callable[..., Run],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repository(tmp_path)
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-01-20T08:00:00+01:00")
    result = run("-C", str(root), "site", "--out", str(tmp_path / "out"), "--no-git-history")
    assert result.status == 0, result.err
    assert _generated_at(tmp_path / "out") == "2026-01-20T07:00:00Z"


def test_the_now_option_then_at_come_before_incidentkit_now(
        tmp_path: Path, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repository(tmp_path, "2026-01-16T10:00:00Z")
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-01-20T08:00:00Z")
    assert run("-C", str(root), "site", "--out", str(tmp_path / "a")).status == 0
    assert _generated_at(tmp_path / "a") == "2026-01-16T10:00:00Z"
    assert run("-C", str(root), "site", "--out", str(tmp_path / "b"),
               "--at", "2026-01-17T00:00:00Z").status == 0
    assert _generated_at(tmp_path / "b") == "2026-01-17T00:00:00Z"


def test_without_any_the_clock(tmp_path: Path, run: Callable[..., Run]) -> None:
    root = _repository(tmp_path)
    before = datetime.now(UTC).replace(microsecond=0)
    assert run("-C", str(root), "site", "--out", str(tmp_path / "out"),
               "--no-git-history").status == 0
    shown = datetime.fromisoformat(_generated_at(tmp_path / "out"))
    assert before <= shown <= datetime.now(UTC) + timedelta(seconds=1)


def test_site_names_a_now_without_offset(tmp_path: Path, run: Callable[..., Run]) -> None:
    root = _repository(tmp_path, "2026-01-15T14:30:00")
    result = run("-C", str(root), "site", "--out", str(tmp_path / "out"))
    assert (result.status, result.out) == (1, "")
    assert result.err == f"incidentkit: error: {NAIVE}\n"
    assert not (tmp_path / "out").exists()


def test_the_plugin_gives_the_same_message(tmp_path: Path) -> None:
    root = _repository(tmp_path, "2026-01-15T14:30:00")
    (root / "docs").mkdir()
    config = load_config(str(root / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    with pytest.raises(PluginError) as raised:
        config.plugins.on_files(Files([]), config=config)
    assert str(raised.value) == f"incidentkit: {NAIVE}"


def test_the_plugin_shows_incidentkit_now(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repository(tmp_path)
    (root / "docs").mkdir()
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-01-20T08:00:00Z")
    config = load_config(str(root / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(Files([]), config=config)
    status = files.get_file_from_path("status.json")
    assert status is not None
    assert json.loads(status.content_string)["generated_at"] == "2026-01-20T08:00:00Z"
