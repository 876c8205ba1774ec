"""The MkDocs plugin: its options, a real `mkdocs build --strict`, and its caches."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel

from incidentkit.site.plugin import IncidentkitPlugin
from tests.site.conftest import BASE, ROOT, copy_repository

MKDOCS = Path(sys.executable).with_name("mkdocs")


def test_default_options() -> None:
    plugin = IncidentkitPlugin()
    assert plugin.load_config({}) == ([], [])
    assert plugin.config.git_history is True
    assert plugin.config.oncall_weeks == 4
    assert plugin.config.status_days == 90
    assert plugin.config.github_url == "https://github.com"


def test_bad_options_are_errors() -> None:
    errors, warnings = IncidentkitPlugin().load_config({"oncall_weeks": "four", "nope": 1})
    assert [key for key, _ in errors] == ["oncall_weeks"]
    assert [key for key, _ in warnings] == ["nope"]


def _config(root: Path, **plugin: object) -> tuple[MkDocsConfig, IncidentkitPlugin]:
    """The MkDocs configuration of ``root`` with the plugin, as ``mkdocs build`` loads it."""
    (root / "docs").mkdir(exist_ok=True)
    options = {"now": "2026-01-15T14:30:00Z", "git_history": False, **plugin}
    (root / "mkdocs.yml").write_text(json.dumps({
        "site_name": "Test", "plugins": [{"incidentkit": options}],
    }))
    config = load_config(str(root / "mkdocs.yml"))
    found = config.plugins["incidentkit"]
    assert isinstance(found, IncidentkitPlugin)
    return config, found


def _files(config: MkDocsConfig) -> Files:
    """Run the plugin's events up to ``on_files`` as a build does."""
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(Files([]), config=config)
    assert isinstance(files, Files)
    return files


def test_on_files_adds_generated_pages_not_in_nav(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    config, _ = _config(root)
    files = _files(config)
    incident = files.get_file_from_path("incidents/2026/2026-01-15-auth-login-failures.md")
    assert incident is not None and incident.generated_by == "incidentkit"
    assert incident.inclusion is InclusionLevel.NOT_IN_NAV
    index = files.get_file_from_path("incidents/index.md")
    assert index is not None and index.inclusion is InclusionLevel.UNDEFINED
    assert "assets/incidentkit/site.css" in config.extra_css


def test_rebuild_checks_only_changed_files(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    config, plugin = _config(root)
    _files(config)
    assert plugin.repos is not None and plugin.generator is not None
    assert plugin.repos.checked == 7
    _files(config)
    # Just copied: every stamp is within the racy window, so every file is checked again.
    assert plugin.repos.checked == 7
    plugin.repos.racy_ns = 0  # as if the copy were older than the file systems' granularity
    _files(config)
    assert plugin.repos.checked == 7
    _files(config)
    assert plugin.repos.checked == 0
    assert plugin.generator.cache.hits == 6  # the incident and its postmortem, per rebuild

    path = root / "incidents/2026/2026-01-15-auth-login-failures.yaml"
    path.write_text(path.read_text().replace("title: Login failures", "title: Logins failing"))
    os.utime(path, ns=(1, 1))
    files = _files(config)
    assert plugin.repos.checked == 1
    page = files.get_file_from_path("incidents/2026/2026-01-15-auth-login-failures.md")
    assert page is not None and "# Logins failing for" in page.content_string


def test_invalid_files_warn(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    (root / "incidents/2026/2026-01-16-broken.yaml").write_text("id: [\n")
    config, _ = _config(root)
    _files(config)
    assert "1 file did not pass their checks" in caplog.text
    assert "incidents/2026/2026-01-16-broken.yaml" in caplog.text


def _build(root: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "--site-dir", str(out)],
        cwd=root, capture_output=True, text=True, check=False, env=env, timeout=600)


def test_mkdocs_build_strict_of_this_repository(tmp_path: Path) -> None:
    done = _build(ROOT, tmp_path / "site")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "WARNING" not in done.stderr
    # No generated page is reported as omitted from the navigation (hand-written pages that
    # the navigation does not list yet would be, at INFO level).
    notice = done.stderr.partition('are not included in the "nav" configuration:')[2]
    omitted = [line.strip()[2:] for line in notice.splitlines() if line.startswith("  - ")]
    assert all(path.startswith("handbook/") for path in omitted), omitted
    site = tmp_path / "site"
    page = site / "incidents/2026/2026-01-15-auth-login-failures/index.html"
    assert "Login failures for ~30% of users" in page.read_text()
    for name in ("index.html", "incidents/index.html", "status/index.html", "status.json",
                 "feed.xml", "oncall/identity-primary.ics", "services/auth-api/index.html",
                 "runbooks/db-connection-pool/index.html", "tags/index.html",
                 "postmortems/2026-01-15-auth-login-failures/index.html",
                 "assets/incidentkit/filter.js", "search/search_index.json"):
        assert (site / name).is_file(), name
    # Incidents are not navigation entries: a handbook page (whose text links no incident)
    # links the incidents index through the navigation, and no incident.
    roles = (site / "handbook/roles/index.html").read_text()
    assert 'href="../../incidents/"' in roles
    assert "2026-01-15-auth-login-failures" not in roles


def test_strict_build_fails_on_an_invalid_file(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    (root / "incidents/2026/2026-01-16-broken.yaml").write_text("id: [\n")
    done = _build(root, tmp_path / "site")
    assert done.returncode != 0
    assert "did not pass their checks" in done.stderr


def test_an_invalid_configuration_ends_the_build_with_its_place(tmp_path: Path) -> None:
    """The plugin's hooks share one error boundary: the message of ``validate``, no trace."""
    root = copy_repository(tmp_path / "repo")
    (root / "incidentkit.yaml").write_text("severities:\n  - id: SEV0\n    bogus: 1\n")
    done = _build(root, tmp_path / "site")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert ("ERROR   -  incidentkit: incidentkit.yaml:2:5: required key 'ack_within' is missing in "
            "severities.0: add it (and 4 more): fix the configuration first (incidentkit "
            "validate lists every problem)") in done.stderr
