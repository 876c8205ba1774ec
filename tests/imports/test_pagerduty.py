"""``incidentkit import pagerduty`` end to end: the real command against a fake PagerDuty on
127.0.0.1 (tests/imports/fake_pagerduty.py), into a repository made by ``incidentkit init``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.imports.fake_pagerduty import FakePagerDuty, entry
from tests.imports.fakeapi import tree_bytes

TOKEN = "u+pd-Secret-7f3a9c"  # noqa: S105 - a made-up token the fake expects
NOW = "2026-03-25T12:00:00Z"

NOTES = """\
Not translated (9):
  schedule 'Identity Primary' (PSCHED1): layer 'Old primary' ended at 2026-01-05T09:00:00+01:00: not imported (it no longer applies)
  schedule 'Database Pager' (PSCHED3): layer 'Half hours' hands off every 1800 s: incidentkit rotations last from 1 hour to 365 days; the layer is not imported
  schedule 'Database Pager' (PSCHED3): no layer could be imported: the schedule is not imported
  escalation policy 'Identity Escalation' (PPOL001): repeats 2 times 30 min after its last rule; incidentkit's repeat runs the steps again without a delay of its own
  escalation policy 'Database Escalation' (PPOL002): rule 1 targets schedule 'Database Pager' (PSCHED3), which was not imported: left out
  escalation policy 'Search Escalation' (PPOL003): rule 1 assigns its targets round robin: incidentkit notifies all of them
  service 'Orders DB' (PSVC002): its incidents' urgency follows support hours: incidentkit pages the same way at all hours; not translated
  service 'Search' (PSVC003): has no team in PagerDuty: its escalation policy's team, 'Search Relevance', is used
  services: PagerDuty has no service tier: the 3 services are imported as tier 3; set each one's tier in oncall/services.yaml
"""  # noqa: E501

COMPARED_SAME = """\
Compared with PagerDuty's final schedule, 2026-03-25 12:00 UTC to 2026-04-22 12:00 UTC:
  identity-primary: the same (11 shifts)
  identity-secondary: the same (5 shifts)
"""

FIRST_OUTPUT = """\
Import from PagerDuty:
  13 created, 0 unchanged, 0 kept as the repository has them
  oncall/people.yaml: person dana.ortiz created
  oncall/people.yaml: person eli.brandt created
  oncall/people.yaml: person farah.khan created
  oncall/people.yaml: person gus.meyer created
  oncall/people.yaml: person hana.ito created
  oncall/services.yaml: service auth-api created
  oncall/services.yaml: service orders-db created
  oncall/services.yaml: service search created
  oncall/escalation-policies.yaml: escalation policy identity-escalation created
  oncall/escalation-policies.yaml: escalation policy database-escalation created
  oncall/escalation-policies.yaml: escalation policy search-escalation created
  oncall/schedules/identity-primary.yaml: schedule identity-primary created
  oncall/schedules/identity-secondary.yaml: schedule identity-secondary created

""" + NOTES + "\n" + COMPARED_SAME

SECOND_OUTPUT = """\
Import from PagerDuty:
  0 created, 8 unchanged, 0 kept as the repository has them

""" + NOTES + "\n" + COMPARED_SAME

PRIMARY = """\
id: identity-primary
name: Identity Primary
timezone: Europe/Berlin
layers:
  - name: Weekly primary
    start: 2026-02-09T09:00
    rotation: weekly
    members:
      - farah.khan
      - dana.ortiz
      - eli.brandt
  - name: Weekend
    start: 2026-01-02T17:00
    rotation: weekly
    members:
      - ben
      - gus.meyer
    restrictions:
      - days:
          - fri
        from: '17:00'
        to: '24:00'
      - days:
          - sat
          - sun
        from: 00:00
        to: '24:00'
      - days:
          - mon
        from: 00:00
        to: 09:00
overrides:
  - from: '2026-04-08T09:00:00+02:00'
    to: '2026-04-09T09:00:00+02:00'
    person: ben
"""

SECONDARY = """\
id: identity-secondary
name: Identity Secondary
timezone: Europe/Berlin
layers:
  - name: Layer 1
    start: 2026-02-02T09:00
    rotation: weekly
    members:
      - gus.meyer
      - hana.ito
"""

PEOPLE_ADDED = """\
- handle: dana.ortiz
  name: Dana Ortiz
  email: dana.ortiz@example.com
  timezone: Europe/Berlin
- handle: eli.brandt
  name: Eli Brandt
  email: eli.brandt@example.com
  timezone: Europe/Berlin
- handle: farah.khan
  name: Farah Khan
  email: farah.khan@example.com
  timezone: Europe/Berlin
- handle: gus.meyer
  name: Gus Meyer
  email: gus.meyer@example.com
  timezone: Europe/Berlin
- handle: hana.ito
  name: Hana Ito
  email: hana.ito@example.com
  timezone: Europe/Berlin
"""

POLICIES_ADDED = """\
- id: identity-escalation
  name: Identity Escalation
  repeat: 2
  steps:
    - after: 0m
      notify:
        - schedule:identity-primary
    - after: 10m
      notify:
        - schedule:identity-secondary
    - after: 25m
      notify:
        - person:farah.khan
        - person:ben
- id: database-escalation
  name: Database Escalation
  steps:
    - after: 0m
      notify:
        - person:dana.ortiz
- id: search-escalation
  name: Search Escalation
  steps:
    - after: 0m
      notify:
        - person:eli.brandt
        - person:hana.ito
"""

SERVICES_ADDED = """\
- id: auth-api
  name: Auth API
  team: identity
  tier: 3
  escalation_policy: identity-escalation
  description: Logins and tokens.
- id: orders-db
  name: Orders DB
  team: data-platform
  tier: 3
  escalation_policy: database-escalation
- id: search
  name: Search
  team: search-relevance
  tier: 3
  escalation_policy: search-escalation
"""


@pytest.fixture
def fake() -> Iterator[FakePagerDuty]:
    server = FakePagerDuty(token=TOKEN)
    with server.api.serving():
        yield server


@pytest.fixture
def repo(tmp_path: Path, run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    assert run("init", str(root)).status == 0
    monkeypatch.setenv("INCIDENTKIT_NOW", NOW)
    monkeypatch.delenv("PAGERDUTY_API_URL", raising=False)
    return root



def _import(run: Callable[..., Run], root: Path, *args: str) -> Run:
    return run("--repo", str(root), "import", "pagerduty", *args)


def _no_token(result: Run) -> None:
    assert TOKEN not in result.out + result.err


def test_imports_people_schedules_policies_and_services_the_same_as_pagerduty(
        fake: FakePagerDuty, repo: Path, run: Callable[..., Run],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGERDUTY_TOKEN", TOKEN)
    before = tree_bytes(repo)

    result = _import(run, repo, "--url", fake.api.url)

    assert (result.status, result.err) == (0, "")
    assert result.out == FIRST_OUTPUT
    _no_token(result)
    assert (repo / "oncall/schedules/identity-primary.yaml").read_text() == PRIMARY
    assert (repo / "oncall/schedules/identity-secondary.yaml").read_text() == SECONDARY
    for rel, added in (("oncall/people.yaml", PEOPLE_ADDED),
                       ("oncall/escalation-policies.yaml", POLICIES_ADDED),
                       ("oncall/services.yaml", SERVICES_ADDED)):
        text = (repo / rel).read_bytes()
        assert text == before[rel] + added.encode(), rel
    changed = {rel for rel, data in tree_bytes(repo).items() if before.get(rel) != data}
    assert changed == {"oncall/people.yaml", "oncall/escalation-policies.yaml",
                       "oncall/services.yaml", "oncall/schedules/identity-primary.yaml",
                       "oncall/schedules/identity-secondary.yaml"}
    checked = run("--repo", str(repo), "validate")
    assert checked.status == 0, checked.out + checked.err
    assert checked.out.endswith(" 0 errors, 0 warnings\n")


def test_a_second_import_changes_nothing(fake: FakePagerDuty, repo: Path,
                                         run: Callable[..., Run],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGERDUTY_TOKEN", TOKEN)
    assert _import(run, repo, "--url", fake.api.url).status == 0
    after_first = tree_bytes(repo)

    again = _import(run, repo, "--url", fake.api.url)

    assert (again.status, again.out) == (0, SECOND_OUTPUT)
    assert tree_bytes(repo) == after_first


def test_every_list_is_read_page_by_page(fake: FakePagerDuty, repo: Path,
                                         run: Callable[..., Run],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGERDUTY_TOKEN", TOKEN)
    assert _import(run, repo, "--url", fake.api.url).status == 0
    window = "since=2026-03-25T12%3A00%3A00Z&until=2026-04-22T12%3A00%3A00Z"
    lists = {path: [query for p, query in fake.api.log if p == path]
             for path in ("/users", "/schedules", "/escalation_policies", "/services")}
    assert lists == {
        "/users": ["limit=100&offset=0", "limit=100&offset=2", "limit=100&offset=4"],
        "/schedules": ["limit=100&offset=0", "limit=100&offset=2"],
        "/escalation_policies": ["limit=100&offset=0", "limit=100&offset=2"],
        "/services": ["limit=100&offset=0", "limit=100&offset=2"],
    }
    assert ("/schedules/PSCHED1",
            window.replace("&until", "&time_zone=Europe%2FBerlin&until")) in fake.api.log
    assert ("/schedules/PSCHED1/overrides", "overflow=true&" + window) in fake.api.log


def test_saved_responses_import_offline_the_same(fake: FakePagerDuty, tmp_path: Path,
                                                 run: Callable[..., Run],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    online, offline = tmp_path / "online", tmp_path / "offline"
    for root in (online, offline):
        assert run("init", str(root)).status == 0
    monkeypatch.setenv("INCIDENTKIT_NOW", NOW)
    monkeypatch.setenv("PAGERDUTY_TOKEN", TOKEN)
    saved = tmp_path / "responses"

    first = _import(run, online, "--url", fake.api.url, "--save-responses", str(saved))
    assert (first.status, first.out) == (0, FIRST_OUTPUT)
    assert not any(TOKEN in p.read_text() for p in saved.iterdir())
    assert "users@limit=100_offset=2.json" in {p.name for p in saved.iterdir()}

    monkeypatch.delenv("PAGERDUTY_TOKEN")
    requests = len(fake.api.log)
    second = _import(run, offline, "--responses", str(saved))

    assert (second.status, second.out) == (0, FIRST_OUTPUT)
    assert len(fake.api.log) == requests
    assert tree_bytes(offline) == tree_bytes(online)


def test_a_different_final_schedule_is_reported_with_status_1(
        fake: FakePagerDuty, repo: Path, run: Callable[..., Run],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGERDUTY_TOKEN", TOKEN)
    final = fake.account["schedules"][0]["final"]
    # PagerDuty says gus, not ben, covers the weekend across the DST change, and that the
    # handoff to dana on Monday 2026-03-30 happens at 10:00 CEST.
    final[1] = entry("2026-03-27T16:00:00Z", "2026-03-30T08:00:00Z", "PGUS005")
    final[2] = entry("2026-03-30T08:00:00Z", "2026-04-03T15:00:00Z", "PDANA01")

    result = _import(run, repo, "--url", fake.api.url)

    assert result.status == 1
    assert result.out.endswith(
        "Compared with PagerDuty's final schedule, 2026-03-25 12:00 UTC to "
        "2026-04-22 12:00 UTC:\n"
        "  identity-primary: 2 differences\n"
        "    2026-03-27 16:00 UTC to 2026-03-30 07:00 UTC: incidentkit ben, PagerDuty gus.meyer\n"
        "    2026-03-30 07:00 UTC to 2026-03-30 08:00 UTC: incidentkit dana.ortiz, "
        "PagerDuty gus.meyer\n"
        "  identity-secondary: the same (5 shifts)\n")
    assert (repo / "oncall/schedules/identity-primary.yaml").read_text() == PRIMARY


def test_a_missing_token_names_the_variable(fake: FakePagerDuty, repo: Path,
                                            run: Callable[..., Run],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAGERDUTY_TOKEN", raising=False)
    before = tree_bytes(repo)

    result = _import(run, repo, "--url", fake.api.url)

    assert result.status == 2
    assert result.err == ("incidentkit: error: PagerDuty: set PAGERDUTY_TOKEN to an API token "
                          "with read access (or import saved responses with --responses DIR)\n")
    assert fake.api.log == []
    assert tree_bytes(repo) == before


def test_a_wrong_token_is_refused_and_never_shown(fake: FakePagerDuty, repo: Path,
                                                 run: Callable[..., Run],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = "pd-wrong-token-123"
    monkeypatch.setenv("PAGERDUTY_TOKEN", wrong)
    monkeypatch.setenv("PAGERDUTY_API_URL", fake.api.url)
    before = tree_bytes(repo)

    result = _import(run, repo)

    assert result.status == 2
    assert result.err == (f"incidentkit: error: PagerDuty: {fake.api.url}/users answered 401: "
                          "the token is missing, wrong or lacks read access\n")
    assert wrong not in result.out + result.err
    assert tree_bytes(repo) == before
