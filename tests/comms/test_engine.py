"""The template engine: overrides from the repository, escaping once per format, the sandbox,
and a broken template named at its file and line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from incidentkit.comms.engine import MARKDOWN, SLACK, TEMPLATE_NAMES, render
from incidentkit.comms.view import IncidentView, build
from incidentkit.errors import FatalError
from tests.conftest import EXAMPLES
from tests.repos import opened, write

ID = "2026-01-15-auth-login-failures"
NOW = datetime(2026, 1, 15, 16, 0, tzinfo=UTC)
OVERRIDE = "templates/comms/investigating.md.j2"
TAIL = ("- **Affected services:** Auth API, Login web\n- **Started:** 2026-01-15 14:00 UTC\n\n"
        "_Posted 2026-01-15 16:00 UTC_\n")


def _view() -> IncidentView:
    repo = opened(EXAMPLES / "base")
    incident = repo.incidents[ID].model.model_copy(update={"title": "Login <fail> & *bold*"})
    return build(incident, repo.config, now=NOW, people=repo.people.values(),
                 services=repo.services.values())


def test_the_builtin_resolved_template_in_both_flavors() -> None:
    view = _view()
    assert render(EXAMPLES / "base", "resolved", view, now=NOW) == (
        "## Resolved: Login &lt;fail&gt; &amp; \\*bold\\*\n\n"
        "This incident has been resolved and all affected services are operating normally.\n\n"
        "**Duration:** 1h 30m\n\n" + TAIL.replace(
            "- **Started:** 2026-01-15 14:00 UTC\n",
            "- **Started:** 2026-01-15 14:00 UTC\n- **Mitigated:** 2026-01-15 15:00 UTC\n"
            "- **Resolved:** 2026-01-15 15:30 UTC\n"))
    assert render(EXAMPLES / "base", "resolved", view, now=NOW, flavor=SLACK,
                  message_only=True) == (
        "This incident has been resolved and all affected services are operating normally."
        "\n\n*Duration:* 1h 30m\n")


def test_an_override_extends_the_layout_with_filters(tmp_path: Path) -> None:
    write(tmp_path, OVERRIDE,
          '{% extends "_external.md.j2" %}\n{% block heading %}Ours{% endblock %}\n'
          '{% block message %}\n{{ incident.title }} — {{ "x"|strong }} '
          '{{ incident.links[0]|link }} {{ ["a<", "b"]|join(" & ") }}\n{% endblock %}\n')
    view = _view()
    assert render(tmp_path, "investigating", view, now=NOW) == (
        "## Ours: Login &lt;fail&gt; &amp; \\*bold\\*\n\nLogin &lt;fail&gt; &amp; \\*bold\\* — "
        "**x** [Dashboard](https://grafana.example.com/d/auth) a&lt; &amp; b\n\n" + TAIL)
    assert render(tmp_path, "investigating", view, now=NOW, flavor=SLACK) == (
        "## Ours: Login &lt;fail&gt; &amp; *bold*\n\nLogin &lt;fail&gt; &amp; *bold* — *x* "
        "<https://grafana.example.com/d/auth|Dashboard> a&lt; &amp; b\n\n" + TAIL)
    # The message block alone; a template without one is rendered whole.
    assert render(tmp_path, "investigating", view, now=NOW, message_only=True) == (
        "Login &lt;fail&gt; &amp; \\*bold\\* — **x** [Dashboard]("
        "https://grafana.example.com/d/auth) a&lt; &amp; b\n")


def test_safe_text_is_kept_and_the_output_is_tidied(tmp_path: Path) -> None:
    write(tmp_path, OVERRIDE, "{{ '<b>'|safe }} {{ '<b>' }} {{ incident.title|e }}   \n\n\n\n"
                              "{{ now }} {{ format }} {{ template }}\n")
    for flavor, title in ((MARKDOWN, "Login &lt;fail&gt; &amp; \\*bold\\*"),
                          (SLACK, "Login &lt;fail&gt; &amp; *bold*")):
        assert render(tmp_path, "investigating", _view(), now=NOW, flavor=flavor) == (
            f"<b> &lt;b&gt; {title}\n\n2026-01-15 16:00 UTC {flavor.name} investigating\n")
    assert render(tmp_path, "investigating", _view(), now=NOW, message_only=True).startswith(
        "<b> &lt;b&gt;")


@pytest.mark.parametrize(("body", "message"), [
    ("line one\n{% if %}\n", "templates/comms/investigating.md.j2:2: template syntax error: "
     "Expected an expression, got 'end of statement block': fix the template"),
    ("a\n\n{{ incident.nope }}\n", "templates/comms/investigating.md.j2:3: template "
     "investigating.md.j2 failed: UndefinedError: 'incidentkit.comms.view.IncidentView object' "
     "has no attribute 'nope': fix the template"),
    ("{{ incident.__class__ }}\n", "templates/comms/investigating.md.j2:1: template "
     "investigating.md.j2 failed: SecurityError: access to attribute '__class__' of "
     "'IncidentView' object is unsafe: fix the template"),
    ("{{ incident.tags.append(1) }}\n", "templates/comms/investigating.md.j2:1: template "
     "investigating.md.j2 failed: UndefinedError: 'tuple object' has no attribute 'append': "
     "fix the template"),
])
def test_a_broken_template_is_named_at_its_line(tmp_path: Path, body: str, message: str) -> None:
    write(tmp_path, OVERRIDE, body)
    with pytest.raises(FatalError) as caught:
        render(tmp_path, "investigating", _view(), now=NOW)
    assert str(caught.value) == message


def test_the_message_block_fails_at_its_line_too(tmp_path: Path) -> None:
    write(tmp_path, OVERRIDE, '{% extends "_external.md.j2" %}\n{% block message %}\n'
                              "{{ incident.nope }}\n{% endblock %}\n")
    with pytest.raises(FatalError) as caught:
        render(tmp_path, "investigating", _view(), now=NOW, message_only=True)
    assert caught.value.location == "templates/comms/investigating.md.j2:3"


def test_only_known_templates() -> None:
    assert TEMPLATE_NAMES == ("investigating", "identified", "monitoring", "resolved",
                              "internal")
    with pytest.raises(FatalError) as caught:
        render(EXAMPLES / "base", "_external", _view(), now=NOW)
    assert str(caught.value) == ("unknown template '_external': use one of investigating, "
                                 "identified, monitoring, resolved, internal")
