"""Text from the data files cannot inject HTML into any generated page (rendered here with
Python-Markdown and the extensions of mkdocs.yml; the browser test checks the built site)."""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import markdown

from tests.conftest import Run
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


TYPED = "<b>html</b> & 1 < 2"


class _Text(HTMLParser):
    """The text of an HTML fragment (entities decoded) and the elements it has."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _shown(html: str) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.text), parser.tags


def test_typed_text_shows_as_typed_everywhere(tmp_path: Path, run: Callable[..., Run]) -> None:
    """Text typed into ``new incident``, ``log`` and ``status`` is escaped once on every path:
    the postmortem draft, ``render`` (Markdown and Slack) and the site show it as typed, as
    text, never as an element (and never as ``&lt;b&gt;``)."""
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    cli = ("-C", str(root))
    new = run(*cli, "new", "incident", "--title", f"Title {TYPED}", "--severity", "SEV2",
              "--service", "auth-api", "--commander", "jane", "--at", "2026-01-15T14:20:00Z")
    assert new.status == 0, new.err
    ident = Path(new.out.strip()).stem
    assert run(*cli, "log", ident, f"log {TYPED}", "--at", "2026-01-15T14:21:00Z").status == 0
    moved = run(*cli, "status", ident, "resolved", "--message", f"status {TYPED}",
                "--audience", "external", "--at", "2026-01-15T14:25:00Z")
    assert moved.status == 0, moved.err
    assert run(*cli, "new", "postmortem", ident).status == 0
    md = markdown.Markdown(extensions=["tables"])

    draft = (root / "postmortems" / f"{ident}.md").read_text().split("---\n", 2)[2]
    text, tags = _shown(md.reset().convert(draft))
    assert f"Postmortem: Title {TYPED}\n" in text
    assert f"| log {TYPED} |" not in text and f"log {TYPED}" in text  # a table cell
    assert "b" not in tags and "&lt;" not in text and "&amp;" not in text

    for template in ("investigating", "resolved"):
        shown = run(*cli, "render", ident, "-t", template, "--at", "2026-01-15T14:30:00Z")
        text, tags = _shown(md.reset().convert(shown.out))
        assert f"Title {TYPED}" in text and "b" not in tags and "&lt;" not in text
    slack = json.loads(run(*cli, "render", ident, "-t", "resolved", "--format", "slack",
                           "--at", "2026-01-15T14:30:00Z").out)
    header = slack["blocks"][0]["text"]["text"]
    assert html.unescape(header) == f"[SEV2] Title {TYPED}"  # Slack decodes &amp; &lt; &gt;

    pages = generate(root)
    site = markdown.Markdown(extensions=["admonition", "tables", "toc", "meta",
                                         "pymdownx.superfences"])
    for page in (f"postmortems/{ident}.md", f"incidents/2026/{ident}.md"):
        text, tags = _shown(site.reset().convert(pages[page]))
        assert f"Title {TYPED}" in text, page
        assert f"log {TYPED}" in text, page
        assert "b" not in tags and "&lt;" not in text and "&amp;" not in text, page
    incident_text, _ = _shown(site.reset().convert(pages[f"incidents/2026/{ident}.md"]))
    assert f"status {TYPED}" in incident_text
