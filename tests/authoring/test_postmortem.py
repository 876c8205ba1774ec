"""``incidentkit new postmortem``: the whole drafted Markdown, the template override, refusals."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest

from incidentkit.authoring.postmortem import cell, duration, link
from tests.authoring.sample import INCIDENT, INCIDENT_ID, make_repo, read
from tests.conftest import Run

RunCli = Callable[..., Run]
PM_REL = f"postmortems/{INCIDENT_ID}.md"

DRAFT = """\
---
incident: 2026-01-15-auth-login-failures
status: draft
authors: [alice]
action_items: []
---
# Postmortem: Login failures for ~30% of users

## Summary

Database connection pool exhaustion in auth-api after v2.3.1.

## Impact

- Summary: Login failures and 503s for ~30% of login attempts
- Users affected: 120,000
- Share affected: 30%
- Duration: 1h 30m, from 2026-01-15 14:00 to 2026-01-15 15:30 UTC (resolved)
- Customer facing: yes

## Timeline

| Time (UTC) | Kind | Event |
|---|---|---|
| 2026-01-15 14:00 | change | Deployment of auth-api v2.3.1 completed |
| 2026-01-15 14:15 | alert | Error-rate alert \\| fired |
| 2026-01-15 14:22 | action | Pool: 0 idle, ↵ 400 pending &lt;script> |

## Root Cause

<!-- What in the system made this failure possible? Follow the chain of causes; describe conditions and decisions, not people. -->

## Contributing Factors

<!-- What made the impact larger, longer or harder to see? -->

## Detection

<!-- Detected 2026-01-15 14:15 UTC (automated), 15m after the impact began; acknowledged 2m later. How did we find out? Could we have known sooner? -->

## Response

<!-- What did the responders do? What helped, and what slowed them down? -->

## Lessons Learned

### What went well

<!-- What worked: tools, alerts, runbooks, people's knowledge? -->

### What went wrong

<!-- What made the response harder than it needed to be? -->

### Where we got lucky

<!-- What could have made this much worse, and did not? -->

## Action Items

<!-- Action items live in the front matter (action_items:); the site shows them as a table. -->

## Supporting Information

- [Dashboard](<https://grafana.example.com/d/auth>)
"""  # noqa: E501

RESOLVED = INCIDENT.replace(
    "status: identified ", "status: resolved   "
).replace(
    "acknowledged_at: '2026-01-15T14:17:00Z'\n",
    "acknowledged_at: '2026-01-15T14:17:00Z'\nmitigated_at: 2026-01-15T15:00:00Z\n"
    "resolved_at: 2026-01-15T16:30:00+01:00\n",
).replace(
    "    author: alice\n",
    "    author: alice\n  - at: 2026-01-15T15:22:00+01:00\n    kind: action\n"
    "    text: \"Pool: 0 idle,\\n400 pending <script>\"\n",
)


@pytest.fixture
def resolved(tmp_path: Path) -> Path:
    return make_repo(tmp_path, RESOLVED)


def test_new_postmortem_drafts_the_whole_document(resolved: Path, run: RunCli) -> None:
    got = run("-C", str(resolved), "new", "postmortem", INCIDENT_ID)
    assert (got.status, got.out, got.err) == (0, f"{resolved / PM_REL}\n", "")
    assert read(resolved, PM_REL) == DRAFT
    assert run("-C", str(resolved), "validate").status == 0


def test_a_draft_of_an_open_incident_says_the_impact_is_ongoing(repo: Path, run: RunCli) -> None:
    assert run("-C", str(repo), "new", "postmortem", INCIDENT_ID).status == 0
    assert "- Duration: ongoing since 2026-01-15 14:00 UTC <!-- fill in once it is resolved -->\n" \
        in read(repo, PM_REL)


def test_the_draft_follows_the_configured_sections_and_time_zone(
    resolved: Path, run: RunCli
) -> None:
    (resolved / "incidentkit.yaml").write_text(
        "timezone: Europe/Berlin\npostmortems:\n  required_sections: [Summary, Timeline, Tasks]\n")
    assert run("-C", str(resolved), "new", "postmortem", INCIDENT_ID).status == 0
    assert read(resolved, PM_REL).split("---\n# ")[1] == """\
Postmortem: Login failures for ~30% of users

## Summary

Database connection pool exhaustion in auth-api after v2.3.1.

## Timeline

| Time (Europe/Berlin) | Kind | Event |
|---|---|---|
| 2026-01-15 15:00 | change | Deployment of auth-api v2.3.1 completed |
| 2026-01-15 15:15 | alert | Error-rate alert \\| fired |
| 2026-01-15 15:22 | action | Pool: 0 idle, ↵ 400 pending &lt;script> |

## Tasks

<!-- Write the Tasks section. -->
"""


def test_a_repository_template_wins(resolved: Path, run: RunCli) -> None:
    (resolved / "templates").mkdir()
    (resolved / "templates/postmortem.md.j2").write_text(
        "---\nincident: {{ incident.id | yaml }}\nstatus: draft\n"
        "authors: [{{ authors | map('yaml', flow=true) | join(', ') }}]\n---\n"
        "# {{ incident.title | md }}\n\n"
        "{% for s in sections %}## {{ s }}\n\n<!-- ... -->\n\n{% endfor %}"
        "Lasted {{ impact.duration | duration }}.\n")
    assert run("-C", str(resolved), "new", "postmortem", INCIDENT_ID).status == 0
    text = read(resolved, PM_REL)
    assert text.startswith("---\nincident: 2026-01-15-auth-login-failures\nstatus: draft\n"
                           "authors: [alice]\n---\n# Login failures for ~30% of users\n\n"
                           "## Summary\n\n<!-- ... -->\n\n## Impact\n\n")
    assert text.endswith("## Supporting Information\n\n<!-- ... -->\n\nLasted 1h 30m.\n")


def test_a_broken_repository_template_is_named(resolved: Path, run: RunCli) -> None:
    (resolved / "templates").mkdir()
    (resolved / "templates/postmortem.md.j2").write_text("---\n{% if %}\n")
    got = run("-C", str(resolved), "new", "postmortem", INCIDENT_ID)
    assert (got.status, got.out) == (2, "")
    assert got.err == ("incidentkit: error: templates/postmortem.md.j2:2: template error: "
                       "Expected an expression, got 'end of statement block'\n")
    assert not (resolved / PM_REL).exists()


def test_a_template_cannot_reach_outside_the_sandbox(resolved: Path, run: RunCli) -> None:
    (resolved / "templates").mkdir()
    (resolved / "templates/postmortem.md.j2").write_text(
        "{{ incident.__class__.__init__.__globals__ }}")
    got = run("-C", str(resolved), "new", "postmortem", INCIDENT_ID)
    assert got.status == 2
    assert got.err.startswith("incidentkit: error: templates/postmortem.md.j2: template error:")
    assert not (resolved / PM_REL).exists()


def test_a_draft_that_would_be_invalid_is_not_written(resolved: Path, run: RunCli) -> None:
    (resolved / "templates").mkdir()
    (resolved / "templates/postmortem.md.j2").write_text(
        "---\nincident: {{ incident.id }}\nstatus: final\nauthors: [alice]\n---\n# T\n")
    got = run("-C", str(resolved), "new", "postmortem", INCIDENT_ID)
    assert (got.status, got.out) == (1, "")
    assert got.err == (f"incidentkit: error: {PM_REL}: not written: section '## Action Items' is "
                       "missing; a postmortem in final needs every required section: add it "
                       "with its text (and 9 more)\n")
    assert not (resolved / PM_REL).exists()


def test_a_draft_sent_to_review_unwritten_lists_every_placeholder(
        resolved: Path, run: RunCli) -> None:
    """The draft's prompts are placeholders once it is in review: each is an error at its line
    and column, and Lessons Learned (sub-headings and prompts only) counts as empty."""
    assert run("-C", str(resolved), "new", "postmortem", INCIDENT_ID).status == 0
    path = resolved / PM_REL
    path.write_text(path.read_text().replace("status: draft", "status: in-review"))
    got = run("-C", str(resolved), "validate", str(path))
    lines = got.out.splitlines()
    comments = [n + 1 for n, line in enumerate(DRAFT.splitlines()) if line.startswith("<!--")]
    assert [line.split(": error")[0] for line in lines if "[placeholder]" in line] == [
        f"{PM_REL}:{n}:1" for n in comments]
    assert [line.split(" error ")[1].split(";")[0] for line in lines
            if "[empty-section]" in line] == [
        f"[empty-section] section '## {title}' is empty" for title in (
            "Root Cause", "Contributing Factors", "Detection", "Response", "Lessons Learned")]
    assert got.status == 1 and lines[-1] == "1 file checked: 13 errors, 0 warnings"


def test_an_existing_postmortem_is_not_overwritten(resolved: Path, run: RunCli) -> None:
    (resolved / "postmortems").mkdir()
    (resolved / PM_REL).write_text("mine\n")
    got = run("-C", str(resolved), "new", "postmortem", INCIDENT_ID)
    assert (got.status, got.out, got.err) == (
        2, "", f"incidentkit: error: {PM_REL} already exists: edit it, or delete it to draft "
               "it again\n")
    assert read(resolved, PM_REL) == "mine\n"


@pytest.mark.parametrize("bad", ["../x", "../../etc/passwd", "2026-01-15-x/../../y", "x.md", ""])
def test_an_invalid_id_is_refused_before_touching_files(
    tmp_path: Path, run: RunCli, bad: str
) -> None:
    nowhere = tmp_path / "no-repository-here"
    got = run("-C", str(nowhere), "new", "postmortem", bad)
    assert (got.status, got.out, got.err) == (
        2, "", f"incidentkit: error: {bad!r} is not an incident id: ids are YYYY-MM-DD-slug, "
               "such as 2026-01-15-auth-login-failures\n")
    assert not nowhere.exists()


def test_a_missing_incident_is_refused(resolved: Path, run: RunCli) -> None:
    got = run("-C", str(resolved), "new", "postmortem", "2026-02-01-nothing")
    assert (got.status, got.err) == (
        2, "incidentkit: error: incident 2026-02-01-nothing not found: "
           "incidents/2026/2026-02-01-nothing.yaml does not exist\n")
    assert not (resolved / "postmortems").exists()


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a | b", "a \\| b"),
        ("a \\| b", "a \\\\\\| b"),
        ("one\r\ntwo\n\n  three ", "one ↵ two ↵ three"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>"),
        ("[r] &\n\n[r]: javascript:alert(1)", "[r] &amp; ↵ [r]: ?unsafe-link-removed:alert(1)"),
        ("  padded  ", "padded"),
    ],
)
def test_cell(text: str, escaped: str) -> None:
    assert cell(text) == escaped


def test_link_and_duration() -> None:
    assert link("Graph [p99]", "https://g.example.com/a b>") == \
        "[Graph \\[p99\\]](<https://g.example.com/a%20b%3E>)"
    from datetime import timedelta
    assert [duration(timedelta(seconds=s)) for s in (0, 45, 90 * 60, 2 * 86400 + 3600 + 5)] == [
        "0s", "45s", "1h 30m", "2d 1h 5s"]


SCRIPTED = INCIDENT.replace(
    'title: "Login failures for ~30% of users"',
    'title: "Login [x](javascript:alert(1)) <img src=x onerror=alert(2)>"',
).replace(
    "summary: >\n  Database connection pool exhaustion in auth-api\n  after v2.3.1.\n",
    'summary: "See [r] and ![i](JaVaScRiPt:alert(3)) [a](\\tjavascript:alert(4))\\n\\n'
    '[r]: javascript:alert(5)\\n<script>alert(6)</script>"\n',
).replace(
    "text: Deployment of auth-api v2.3.1 completed",
    'text: "[t]\\n[t]: java\\tscript:alert(7)"',
)


def test_text_from_the_incident_carries_no_live_script_or_html(tmp_path: Path,
                                                               run: RunCli) -> None:
    repo = make_repo(tmp_path, SCRIPTED)
    got = run("-C", str(repo), "new", "postmortem", INCIDENT_ID)
    assert got.status == 0, got.err
    draft = read(repo, PM_REL)
    assert "# Postmortem: Login [x](?unsafe-link-removed:alert(1)) &lt;img src=x " \
        "onerror=alert(2)>\n" in draft
    assert ("See [r] and ![i](?unsafe-link-removed:alert(3)) [a](\t?unsafe-link-removed:alert(4))"
            "\n\n[r]: ?unsafe-link-removed:alert(5)\n&lt;script>alert(6)&lt;/script>\n") in draft
    assert "| change | [t] ↵ [t]: ?unsafe-link-removed:alert(7) |" in draft
    html = markdown.markdown(draft.split("---\n", 2)[2], extensions=["tables"])
    targets = re.findall(r'(?:href|src)="([^"]*)"', html)
    assert sorted(targets) == [*(f"?unsafe-link-removed:alert({n})" for n in (1, 3, 4, 5)),
                               "https://grafana.example.com/d/auth"]
    assert "<script" not in html and "<img src=\"x\"" not in html
