"""The plugin's ``now`` option: parsed once for the plugin and ``incidentkit site``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from incidentkit.errors import FatalError
from incidentkit.site.config import IncidentkitConfig, site_now


def test_the_option_wins_with_its_offset() -> None:
    assert site_now("2026-03-01T12:00:00+01:00") == datetime(
        2026, 3, 1, 12, tzinfo=timezone(timedelta(hours=1)))


def test_without_it_the_clock_to_the_second(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-01T12:00:00.750Z")
    assert site_now(None) == datetime(2026, 3, 1, 12, tzinfo=UTC)
    assert site_now("") == datetime(2026, 3, 1, 12, tzinfo=UTC)
    monkeypatch.delenv("INCIDENTKIT_NOW")
    before = datetime.now(UTC).replace(microsecond=0)
    got = site_now(None)
    assert got.microsecond == 0
    assert before <= got <= datetime.now(UTC)


@pytest.mark.parametrize(("value", "message"), [
    ("2026-03-01T12:00:00", "mkdocs.yml: plugins: incidentkit: now: timestamp "
     "'2026-03-01T12:00:00' has no offset: add one, e.g. 2026-03-01T12:00:00Z or "
     "2026-03-01T12:00:00+01:00"),
    ("tomorrow", "mkdocs.yml: plugins: incidentkit: now: 'tomorrow' is not an RFC 3339 "
     "timestamp: write e.g. 2026-01-15T14:00:00Z"),
])
def test_a_bad_now_is_named(value: str, message: str) -> None:
    with pytest.raises(FatalError) as caught:
        site_now(value)
    assert (caught.value.message, caught.value.status) == (message, 1)


def test_the_options_and_their_defaults(tmp_path: object) -> None:
    cfg = IncidentkitConfig()
    cfg.load_dict({"status_days": 30, "search": "theme"})
    errors, warnings = cfg.validate()
    assert (errors, warnings) == ([], [])
    assert (cfg.status_days, cfg.search, cfg.oncall_weeks, cfg.feed_items, cfg.git_history,
            cfg.github_url, cfg.now, cfg.fail_on_invalid) == (
        30, "theme", 4, 50, True, "https://github.com", None, False)
    bad = IncidentkitConfig()
    bad.load_dict({"search": "lunr"})
    errors, _ = bad.validate()
    assert [key for key, _ in errors] == ["search"]
