"""The commented ``notify:`` example that ``incidentkit init`` writes is a valid configuration
once uncommented (and routes only to services the scaffold's catalog has)."""

from __future__ import annotations

from pathlib import Path

import yaml

from incidentkit.checks.context import Context
from incidentkit.checks.files import check_file
from incidentkit.cli.init import SCAFFOLD
from incidentkit.config import Config
from incidentkit.model.notify import NotifySettings
from incidentkit.store.layout import Kind


def uncommented(text: str) -> str:
    text = text.replace("  channels: []\n", "  channels:\n").replace("  routes: []\n",
                                                                      "  routes:\n")
    return "".join(line.replace("  #   ", "    ", 1) if line.startswith("  #   ") else line
                   for line in text.splitlines(keepends=True))


def test_the_example_validates_once_uncommented(tmp_path: Path) -> None:
    (tmp_path / "incidentkit.yaml").write_text(
        uncommented((SCAFFOLD / "incidentkit.yaml").read_text(encoding="utf-8")))
    config, findings = check_file(tmp_path, "incidentkit.yaml", Kind.CONFIG, Context(Config()))
    assert findings == []
    assert isinstance(config, Config)
    settings: NotifySettings = config.notify
    assert [(c.id, c.type, c.audience) for c in settings.channels] == [
        ("incidents-slack", "slack", "internal"), ("leadership-teams", "teams", "internal"),
        ("customers-email", "email", "external"), ("status-webhook", "webhook", "external"),
        ("pagerduty", "pagerduty", "internal")]
    services = {s["id"] for s in yaml.safe_load(
        (SCAFFOLD / "oncall/services.yaml").read_text(encoding="utf-8"))}
    assert {s for route in settings.routes for s in route.services or []} <= services
    # The workflow passes every variable the example names.
    workflow = (SCAFFOLD / "dot_github/workflows/notify.yml").read_text(encoding="utf-8")
    for channel in settings.channels:
        for name in (channel.webhook_url_env, channel.token_env, channel.secret_env,
                     channel.routing_key_env, channel.username_env, channel.password_env):
            if name:
                assert f"{name}: ${{{{ secrets.{name} }}}}" in workflow
