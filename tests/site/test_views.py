"""What the page templates see: names, rows, milestones, tags, action items and cut bodies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from incidentkit.config import Config
from incidentkit.site import views
from incidentkit.site.views import Body, Milestone, Names, Row
from tests.conftest import EXAMPLES
from tests.repos import opened

ID = "2026-01-15-auth-login-failures"
START = datetime(2026, 1, 15, 14, 0, tzinfo=UTC)


def test_names_fall_back_to_the_handle_or_id() -> None:
    names = Names.of(opened(EXAMPLES / "base"))
    assert [names.person("jane"), names.person("zed"), names.person(None)] == [
        "Jane Doe (jane)", "zed", "—"]
    assert [names.service("auth-api"), names.service("gone")] == ["Auth API", "gone"]


def test_rows_newest_first_with_their_postmortem() -> None:
    repo = opened(EXAMPLES / "base")
    incident = repo.incidents[ID].model
    later = incident.model_copy(update={"id": "2026-02-01-later", "started_at": START +
                                        timedelta(days=17)})
    same_start = incident.model_copy(update={"id": "2026-01-15-zzz"})
    rows = views.newest_first(repo, [incident, same_start, later])
    assert [(r.id, r.postmortem) for r in rows] == [
        ("2026-02-01-later", None), ("2026-01-15-zzz", None),
        (ID, f"postmortems/{ID}.md")]
    assert views.newest_first(repo) == [Row(
        ID, "Login failures for ~30% of users", "SEV1", "resolved", ("auth-api", "login-web"),
        START, f"incidents/2026/{ID}.md", f"postmortems/{ID}.md")]


def test_milestones_and_what_each_measures() -> None:
    incident = opened(EXAMPLES / "base").incidents[ID].model
    assert views.milestones(incident) == [
        Milestone("Started", START, timedelta(0), "impact began"),
        Milestone("Detected", START + timedelta(minutes=15), timedelta(minutes=15),
                  "time to detect 15m"),
        Milestone("Acknowledged", START + timedelta(minutes=17), timedelta(minutes=17),
                  "time to acknowledge 2m"),
        Milestone("Mitigated", START + timedelta(hours=1), timedelta(hours=1),
                  "time to mitigate 1h"),
        Milestone("Resolved", START + timedelta(minutes=90), timedelta(minutes=90),
                  "time to resolve 1h 30m"),
    ]
    open_one = incident.model_copy(update={"acknowledged_at": None, "mitigated_at": None,
                                           "resolved_at": None, "status": "investigating"})
    assert [(m.label, m.at, m.measure) for m in views.milestones(open_one)[2:]] == [
        ("Acknowledged", None, ""), ("Mitigated", None, ""), ("Resolved", None, "")]


def test_tags_labels_and_items() -> None:
    repo = opened(EXAMPLES / "base")
    incident = repo.incidents[ID].model.model_copy(update={"tags": ["database", "auth-api"]})
    assert views.tags(incident) == ["SEV1", "auth-api", "login-web", "database"]
    assert (views.status_label("monitoring"), views.status_label("odd")) == ("Monitoring", "odd")
    meta = repo.postmortems[ID].model
    numbered = meta.model_copy(update={"action_items": [
        meta.action_items[0].model_copy(update={"issue": 12})]})
    assert [i.issue_url for i in views.items(numbered, repo.config, "https://gh.example/")] == [
        None]  # no github.repository: no link
    config = Config.model_validate({"github": {"repository": "acme/ops"}})
    assert [i.issue_url for i in views.items(numbered, config, "https://gh.example/")] == [
        "https://gh.example/acme/ops/issues/12"]
    assert views.items(None, config, "x") == []
    assert views.closed(meta) == 1


def test_a_body_is_cut_after_its_title_and_at_action_items() -> None:
    body = ("\n# Postmortem: *Login* &amp; \\{x}\n\n## Summary\ntext\n\n## action items ##\n\n"
            "extra\n\n")
    assert views.cut(body) == Body("# Postmortem: *Login* &amp; \\{x}",
                                   "Postmortem: *Login* & {x}",
                                   "## Summary\ntext\n\n## action items ##", "extra")
    assert views.cut("no title\n## Steps\n") == Body(None, None, "no title\n## Steps", None)
