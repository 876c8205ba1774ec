"""The newcomer's path: ``incidentkit init``, ``git init`` and a first commit, real pre-commit
with the scaffolded configuration, then the knowledge base under MkDocs and Zensical.

The scaffolded ``.pre-commit-config.yaml`` names ``https://github.com/<owner>/incidentkit`` at
the commit this incidentkit was installed from; the test points ``repo:`` at this checkout (the
network is closed) and keeps ``rev:`` as init wrote it, so it proves that the rev exists and that
the hooks at that commit work. (When the working tree is dirty, the hooks are the committed
ones.) pre-commit builds the hook's environment with pip from the package registry, the only
network this suite uses.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from incidentkit.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
INCIDENTS = ["2026/2026-03-02-example-checkout-errors", "2026/2026-03-24-example-search-latency"]
POSTMORTEMS = ["2026-03-02-example-checkout-errors"]
#: The pages of every generated section (and of each incident, postmortem, service, runbook
#: and schedule of the example), as built HTML.
PAGES = [
    "index.html",
    "status/index.html",
    "incidents/index.html",
    *(f"incidents/{incident}/index.html" for incident in INCIDENTS),
    "postmortems/index.html",
    *(f"postmortems/{postmortem}/index.html" for postmortem in POSTMORTEMS),
    "services/index.html",
    "services/checkout-api/index.html",
    "services/storefront-web/index.html",
    "oncall/index.html",
    "oncall/payments-primary/index.html",
    "runbooks/index.html",
    "runbooks/checkout-payment-errors/index.html",
    "metrics/index.html",
    "tags/index.html",
    "handbook/severity-levels/index.html",
]
BAD = "incidents/2026/2026-03-30-bad.yaml"
OUTSIDE = re.compile(r"<(?:script|img|iframe|link)\b[^>]*\s(?:src|href)=\"(?:https?:)?//", re.I)


def _run(cwd: Path, *args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
           "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=600, check=False)
    if check:
        assert done.returncode == 0, f"{args}:\n{done.stdout}{done.stderr}"
    return done


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A repository fresh from ``incidentkit init``, committed."""
    repo = tmp_path_factory.mktemp("newcomer") / "incidents"
    assert main(["init", str(repo)]) == 0
    _run(repo, "git", "init", "-q", "-b", "main")
    _run(repo, "git", "add", ".")
    _run(repo, "git", "commit", "-q", "-m", "incidentkit init")
    yield repo


def _html(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


@pytest.mark.skipif(not (BIN / "pre-commit").exists(), reason="pre-commit is a dev dependency")
def test_pre_commit_passes_then_blocks_a_bad_incident(
    team: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    head = _run(ROOT, "git", "rev-parse", "HEAD").stdout.strip()
    config_file = team / ".pre-commit-config.yaml"
    scaffolded = config_file.read_text()
    [repo] = yaml.safe_load(scaffolded)["repos"]
    assert (repo["repo"], repo["rev"]) == ("https://github.com/incidentkit/incidentkit", head)
    config_file.write_text(scaffolded.replace(repo["repo"], ROOT.as_uri()))
    _run(team, "git", "add", ".pre-commit-config.yaml")  # pre-commit refuses it unstaged
    try:
        passed = _run(team, BIN / "pre-commit", "run", "--all-files", check=False)
        output = passed.stdout + passed.stderr
        assert passed.returncode == 0, output
        assert re.search(r"incidentkit validate\.+Passed", output), output
        assert re.search(r"incidentkit handbook --check\.+Passed", output), output

        (team / BAD).write_text(
            (team / "incidents/2026/2026-03-24-example-search-latency.yaml").read_text()
            .replace("id: 2026-03-24-example-search-latency", "id: 2026-03-30-bad")
            .replace("severity: SEV3", "severity: SEV7"))
        _run(team, "git", "add", BAD)
        blocked = _run(team, BIN / "pre-commit", "run", check=False)
        output = blocked.stdout + blocked.stderr
        assert blocked.returncode == 1, output
        assert (f"{BAD}:5:11: error [unknown-severity] severity 'SEV7' is not configured: use "
                "one of SEV0, SEV1, SEV2, SEV3\n") in output, output
        assert "Traceback" not in output
    finally:
        _run(team, "git", "reset", "-q", "--hard")
        (team / BAD).unlink(missing_ok=True)
    assert _run(team, "git", "status", "--porcelain").stdout == ""


def test_mkdocs_and_zensical_build_every_section(team: Path, tmp_path: Path) -> None:
    site = tmp_path / "mkdocs-site"
    _run(team, BIN / "mkdocs", "build", "--strict", "--site-dir", site)
    built = _html(site)
    for page in PAGES:
        assert page in built, page
    assert (site / "assets/incidentkit/site.css").is_file()
    for page in built:  # nothing is loaded from another host (fonts, scripts, styles)
        html = (site / page).read_text(encoding="utf-8")
        assert not OUTSIDE.search(html), (page, OUTSIDE.search(html))

    out = tmp_path / "zensical"
    _run(team, BIN / "incidentkit", "site", "--out", out)
    _run(out, BIN / "zensical", "build")
    assert _html(out / "site") == built
    shutil.rmtree(out)
    assert _run(team, "git", "status", "--porcelain").stdout == ""


def test_without_the_example_every_section_still_builds(tmp_path: Path) -> None:
    repo = tmp_path / "empty"
    assert main(["init", "--no-example", str(repo)]) == 0
    checked = _run(repo, BIN / "incidentkit", "validate", "--strict")
    assert checked.stdout == "1 file checked: 0 errors, 0 warnings\n"
    _run(repo, BIN / "mkdocs", "build", "--strict")
    built = _html(repo / "site")
    sections = [page for page in PAGES if "example" not in page and page.count("/") <= 1]
    assert len(sections) == 9
    for page in [*sections, "handbook/severity-levels/index.html"]:
        assert page in built, page
