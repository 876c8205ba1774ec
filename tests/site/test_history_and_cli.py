"""Change history from git, and `incidentkit site --out` (atomic, refuses foreign folders)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from incidentkit.repository import open_repository
from incidentkit.site import history
from incidentkit.site.generator import Generator, SiteOptions
from incidentkit.store.source import WorkingTree
from tests.conftest import Run
from tests.site.conftest import BASE, NOW, generate

INCIDENT = "incidents/2026/2026-01-15-auth-login-failures.yaml"
POSTMORTEM = "postmortems/2026-01-15-auth-login-failures.md"


def _git(root: Path, *args: str, who: str = "Jane Doe", when: str = "2026-01-15T15:00:00Z"
         ) -> None:
    env = {"GIT_AUTHOR_NAME": who, "GIT_AUTHOR_EMAIL": "j@example.com",
           "GIT_COMMITTER_NAME": who, "GIT_COMMITTER_EMAIL": "j@example.com",
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "PATH": "/usr/bin:/bin",
           "HOME": str(root)}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    path.write_text(path.read_text().replace(old, new, 1))


def test_history_of_severity_status_and_postmortem(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    (root / POSTMORTEM).rename(tmp_path / "pm.md")
    _edit(root, INCIDENT, "severity: SEV1", "severity: SEV2")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "declare", when="2026-01-15T14:20:00Z")
    _edit(root, INCIDENT, "severity: SEV2", "severity: SEV1")
    _git(root, "commit", "-q", "-am", "escalate", who="Bob Stone",
         when="2026-01-15T14:40:00Z")
    shutil.copy(tmp_path / "pm.md", root / POSTMORTEM)
    _edit(root, POSTMORTEM, "status: final", "status: draft")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "postmortem", when="2026-01-16T09:00:00Z")
    _edit(root, POSTMORTEM, "status: draft", "status: final")
    _edit(root, POSTMORTEM, "    status: done", "    status: open")  # an item: not the status
    _git(root, "commit", "-q", "-am", "final", when="2026-01-20T09:00:00Z")

    found = history.read(root)
    assert [(c.at.isoformat(), c.author, c.what)
            for c in found["2026-01-15-auth-login-failures"]] == [
        ("2026-01-15T14:20:00+00:00", "Jane Doe", "declared as SEV2, resolved"),
        ("2026-01-15T14:40:00+00:00", "Bob Stone", "severity SEV2 → SEV1"),
        ("2026-01-16T09:00:00+00:00", "Jane Doe", "postmortem written (draft)"),
        ("2026-01-20T09:00:00+00:00", "Jane Doe", "postmortem draft → final"),
    ]
    page = generate(root)["incidents/2026/2026-01-15-auth-login-failures.md"]
    assert "## Change history" not in page  # without history, no section
    repo = open_repository(WorkingTree(root))
    with_history = Generator(root).generate(repo, SiteOptions(now=NOW), found)
    assert with_history["incidents/2026/2026-01-15-auth-login-failures.md"].endswith(
        "## Change history\n\n"
        "| When (UTC) | Who | Change |\n"
        "|---|---|---|\n"
        "| 2026-01-15 14:20 | Jane Doe | declared as SEV2, resolved |\n"
        "| 2026-01-15 14:40 | Bob Stone | severity SEV2 → SEV1 |\n"
        "| 2026-01-16 09:00 | Jane Doe | postmortem written (draft) |\n"
        "| 2026-01-20 09:00 | Jane Doe | postmortem draft → final |\n")


def test_no_git_no_history(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    assert history.read(root) == {}
    assert history.head(root) is None


def test_site_out_writes_docs_pages_and_config(tmp_path: Path, run: Callable[..., Run]
                                               ) -> None:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Our incidents\n\nHello.\n\n## More\n\nText.\n")
    (root / "docs/handbook").mkdir()
    (root / "docs/handbook/page.md").write_text(
        "---\ntitle: A & <B>\n---\n# Page <script>alert(1)</script>\n\n[a](javascript:x) "
        "[b][r] `<kbd>`\n\n[r]: \x01javascript:y\n")
    (root / "mkdocs.yml").write_text(
        "site_name: Ours\nplugins:\n  - search\n  - incidentkit:\n      status_days: 30\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: "
        "!!python/name:material.extensions.emoji.twemoji\n")
    out = tmp_path / "out"
    result = run("-C", str(root), "site", "--out", str(out), "--at", "2026-01-15T14:30:00Z")
    assert result.status == 0, result.err
    assert result.out == f"Wrote 21 generated files and docs/ to {out}\n"
    assert (out / "mkdocs.yml").read_text().endswith(
        "site_name: Ours\nplugins:\n- search\nmarkdown_extensions:\n- pymdownx.emoji:\n"
        "    emoji_index: !!python/name:material.extensions.emoji.twemoji ''\n"
        "docs_dir: docs\nsite_dir: site\n"
        "extra_css:\n- assets/incidentkit/site.css\n- assets/incidentkit/search.css\n"
        "extra_javascript:\n- assets/incidentkit/filter.js\n- assets/incidentkit/timeline.js\n"
        "- assets/incidentkit/search.js\n"
        "not_in_nav: |\n  /incidents/**/*.md\n  !/incidents/index.md\n  /oncall/**/*.md\n"
        "  !/oncall/index.md\n  /postmortems/**/*.md\n  !/postmortems/index.md\n"
        "  /runbooks/**/*.md\n  !/runbooks/index.md\n  /services/**/*.md\n"
        "  !/services/index.md\n")
    home = (out / "docs/index.md").read_text()
    assert home.startswith("---\nsearch:\n  exclude: true\n---\n"
                           "# Our incidents\n\nHello.\n\n## Open incidents\n")
    assert home.endswith("## More\n\nText.\n")
    assert (out / "docs/handbook/page.md").read_text() == (
        "---\nsearch:\n  exclude: true\ntitle: A & <B>\n---\n"
        "# Page &lt;script>alert(1)&lt;/script>\n\n"
        "[a](?unsafe-link-removed:x) [b][r] `<kbd>`\n\n[r]: ?unsafe-link-removed:y\n")
    assert "| Last 30 days |" in (out / "docs/status/index.md").read_text()
    assert (out / "docs/incidents/2026/2026-01-15-auth-login-failures.md").is_file()

    again = run("-C", str(root), "site", "--out", str(out))
    assert again.status == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "repo"]  # nothing left over


def test_site_out_refuses_a_folder_it_did_not_write(tmp_path: Path, run: Callable[..., Run]
                                                    ) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("keep me")
    result = run("-C", str(BASE), "site", "--out", str(out))
    assert result.status == 2
    assert result.err == (f"incidentkit: error: {out} exists and is not an earlier output of "
                          "incidentkit site: choose a new or empty directory\n")
    assert [p.name for p in out.iterdir()] == ["thesis.tex"]
