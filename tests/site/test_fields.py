"""Custom fields on the site: the incident page, the postmortem page, and a column and a
filter per enum, boolean and person field on the incidents index (none declared: the pages
are as before, which test_pages pins)."""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown

from tests.site.conftest import BASE, generate

EXAMPLES = BASE.parent
INCIDENT = "incidents/2026/2026-01-15-auth-login-failures.md"
POSTMORTEM = "postmortems/2026-01-15-auth-login-failures.md"
EVIL = "<script>alert(1)</script>"


def _repository(tmp_path: Path, ticket: str = "OPS-1234") -> Path:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    shutil.copytree(EXAMPLES / "valid" / "custom-fields", root, dirs_exist_ok=True)
    path = root / "incidents/2026/2026-01-15-auth-login-failures.yaml"
    path.write_text(path.read_text().replace("ticket: OPS-1234", f"ticket: '{ticket}'"))
    return root


def test_incident_page_lists_the_fields_it_sets(tmp_path: Path) -> None:
    page = generate(_repository(tmp_path))[INCIDENT]
    start = page.index("- **Postmortem:**")
    assert page[start:page.index("## Summary")] == (
        "- **Postmortem:** [Postmortem (final)]"
        "(../../postmortems/2026-01-15-auth-login-failures.md)\n"
        "- **Region:** eu-west-1\n"
        "- **Customer tier:** gold\n"
        "- **Revenue impact:** 12000\\.5\n"
        "- **Security:** false\n"
        "- **Contract review:** 2026-02-01\n"
        "- **Account owner:** Bob Stone (bob)\n"
        "- **Regulators:** BaFin, FCA\n"
        "- **Ticket:** OPS-1234\n"
        "\n"
    )


def test_postmortem_page_lists_its_fields(tmp_path: Path) -> None:
    page = generate(_repository(tmp_path))[POSTMORTEM]
    start = page.index("    - **Action items:**")
    assert page[start:page.index("## Summary")] == (
        "    - **Action items:** 1 of 1 closed\n"
        "    - **Ticket:** OPS-1234\n"
        "    - **Legal reviewed:** true\n"
        "\n"
    )


def test_index_has_a_column_and_a_filter_per_enum_boolean_and_person(tmp_path: Path) -> None:
    page = generate(_repository(tmp_path))["incidents/index.md"]
    filters = [line for line in page.splitlines() if line.startswith("<label>")][4:]
    assert filters == [
        '<label>Region <select data-filter="Region"><option value="">all</option>'
        "<option>eu-west-1</option><option>us-east-1</option></select></label>",
        '<label>Customer tier <select data-filter="Customer tier"><option value="">all'
        "</option><option>gold</option><option>silver</option><option>bronze</option>"
        "</select></label>",
        '<label>Security <select data-filter="Security"><option value="">all</option>'
        "<option>true</option><option>false</option></select></label>",
        '<label>Account owner <select data-filter="Account owner"><option value="">all'
        "</option><option>bob</option></select></label>",
    ]
    table = page[page.index("| Date |"):]
    assert table == (
        "| Date | Incident | Severity | Status | Services | Year | Region | Customer tier | "
        "Security | Account owner |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n"
        "| 2026-01-15 | [Login failures for &#126;30% of users]"
        "(2026/2026-01-15-auth-login-failures.md) | SEV1 | resolved | auth-api, login-web | "
        "2026 | eu-west-1 | gold | false | bob |\n"
    )


def test_values_are_escaped_once(tmp_path: Path) -> None:
    page = generate(_repository(tmp_path, ticket=EVIL))[INCIDENT]
    html = markdown.Markdown(extensions=["tables"]).convert(page)
    assert "<script>" not in html
    assert "<strong>Ticket:</strong> &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp;lt;" not in html  # not twice


def test_without_declared_fields_pages_are_unchanged(tmp_path: Path) -> None:
    plain = generate(BASE)
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    (root / "incidentkit.yaml").write_text("fields: []\n")
    assert generate(root) == plain
