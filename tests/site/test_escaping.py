"""Text from the data files cannot inject HTML into any generated page (rendered here with
Python-Markdown and the extensions of mkdocs.yml; the browser test checks the built site)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import markdown

from tests.site.conftest import BASE, generate

EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) {: a }"


def _evil_repository(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    path = root / "incidents/2026/2026-01-15-auth-login-failures.yaml"
    text = path.read_text()
    text = re.sub(r"(?m)^title: .*$", f"title: '{EVIL}'", text)
    text = text.replace("status: resolved", "status: monitoring").replace(
        "resolved_at: 2026-01-15T15:30:00Z\n", "")
    text = text.replace("text: Error-rate alert fired", f"text: '{EVIL}'")
    text = text.replace("    text: We are investigating reports of login failures.",
                        f"    text: '{EVIL}'")
    path.write_text(text)
    people = root / "oncall/people.yaml"
    people.write_text(people.read_text().replace("name: Jane Doe", f"name: '{EVIL}'"))
    runbook = root / "oncall/runbooks/db-connection-pool.md"
    runbook.write_text(runbook.read_text().replace(
        "## Trigger\n", f"## Trigger\n\n{EVIL}\n\n- item\n    <iframe src=x></iframe>\n"))
    return root


def test_no_page_has_markup_from_the_data(tmp_path: Path) -> None:
    pages = generate(_evil_repository(tmp_path))
    md = markdown.Markdown(extensions=["admonition", "tables", "toc", "meta",
                                       "pymdownx.superfences"])
    for path, text in pages.items():
        if not path.endswith(".md"):
            continue
        html = md.reset().convert(text)
        assert "<script>alert" not in html, path
        assert "<img" not in html, path
        assert "<iframe" not in html, path
        assert 'href="javascript:' not in html, path
        assert "onerror=alert(2)" not in html or "&lt;img" in html, path
    incident = md.reset().convert(pages["incidents/2026/2026-01-15-auth-login-failures.md"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in incident
    status = md.reset().convert(pages["status/index.md"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in status  # the open incident and its update
    assert pages["incidents/2026/2026-01-15-auth-login-failures.md"].startswith(
        '---\ntitle: "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; '
        '[x](javascript:alert(3)) {: a }"\n')
