"""``incidentkit review``: the weekly review's Markdown agenda (exact output).

The corpus (``review_corpus``), reviewed for the week before 2026-12-01 00:00 UTC:

* new: an incident (resolved, SEV1, a title with Markdown in it), a near-miss, a drill and an
  open incident; in the week before, two incidents (the previous period's figures);
* postmortems: one in review (due to be final before the next review), a draft of October
  (late), a required one not written (late);
* action items: done, won't do and late in the period, late from October, due before the next
  review, and two that are not listed (done before the period, due after the next review);
* repeats: by service (the API twice, the web once), by runbook (the near-miss), none for the
  drill (a rehearsal) nor for the database's slow queries (no postmortem, nothing promised).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

HERE = Path(__file__).parent
CORPUS = HERE / "review_corpus"
EXPECTED = (HERE / "review_expected.md").read_text(encoding="utf-8")
AT = "2026-12-01T00:00:00Z"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(CORPUS, root)
    return root


def test_the_agenda_of_a_week(corpus: Path, run: Callable[..., Run]) -> None:
    done = run("-C", str(corpus), "review", "--at", AT)
    assert (done.status, done.err) == (0, "")
    assert done.out == EXPECTED


def test_the_corpus_is_valid(run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTKIT_NOW", AT)
    done = run("-C", str(CORPUS), "validate")
    assert done.status == 0, done.out
    assert done.out.endswith(" 0 errors, 0 warnings\n")


def test_the_period_ends_now_by_default(corpus: Path, run: Callable[..., Run],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-12-01T00:00:00.250000Z")
    done = run("-C", str(corpus), "review", "--since", "7d")
    assert (done.status, done.out) == (0, EXPECTED)


def test_out_writes_the_agenda_to_a_file(corpus: Path, tmp_path: Path,
                                         run: Callable[..., Run]) -> None:
    out = tmp_path / "agenda.md"
    done = run("-C", str(corpus), "review", "--at", AT, "--out", str(out))
    assert (done.status, done.out) == (0, "")
    assert done.err == f"incidentkit: review written to {out}\n"
    assert out.read_text(encoding="utf-8") == EXPECTED


def test_links_continue_the_given_address(corpus: Path, run: Callable[..., Run]) -> None:
    base = "https://github.com/acme/incidents/blob/main/"
    done = run("-C", str(corpus), "review", "--at", AT, "--links", base)
    assert done.status == 0
    assert done.out == EXPECTED.replace("](incidents/", f"]({base}incidents/").replace(
        "](postmortems/", f"]({base}postmortems/")
    assert done.out.count(f"]({base}") == EXPECTED.count("`](") == 19


def test_a_longer_period_is_compared_with_as_long_a_one(corpus: Path,
                                                        run: Callable[..., Run]) -> None:
    done = run("-C", str(corpus), "review", "--at", AT, "--since", "2w")
    assert done.status == 0
    lines = done.out.splitlines()
    assert lines[0] == "# Incident review, 2026-11-17 00:00 UTC to 2026-12-01 00:00 UTC"
    assert lines[2] == ("The last 14 days. Started: 4 incidents, 1 near-miss, 1 drill. To discuss: "
                        "3 postmortems, 5 action items, 3 repeat incidents.")
    assert "| Figure | Last 14 days | Previous 14 days | Target |" in lines
    # The incidents of the fortnight before 2026-11-17: the API outage alone.
    assert "| MTTR (mean) | 3h 5m | 2h |  |" in lines


def test_an_empty_repository(tmp_path: Path, run: Callable[..., Run]) -> None:
    done = run("-C", str(tmp_path), "review", "--at", AT, "--since", "36h")
    assert (done.status, done.err) == (0, "")
    assert done.out == """\
# Incident review, 2026-11-29 12:00 UTC to 2026-12-01 00:00 UTC

The last 1d 12h. Started: nothing. To discuss: 0 postmortems, 0 action items, 0 repeat incidents.

## New incidents, near-misses and drills

None.

## Postmortems due or in review

None.

## Action items

None.

## Repeat incidents

None.

## Figures against their targets

Over the incidents started in each period (incidents counted in the times and rates); \
the previous period's targets are judged at its end.

| Figure | Last 1d 12h | Previous 1d 12h | Target |
|---|---|---|---|
| Incidents started | 0 | 0 |  |
| Near-misses started | 0 | 0 |  |
| Drills started | 0 | 0 |  |
| MTTA (mean) | — | — |  |
| MTTR (mean) | — | — |  |

### Short of the targets

None.
"""


@pytest.mark.parametrize(("since", "message"), [
    ("0d", "a review covers at least 1m: write e.g. 7d"),
    ("30s", "a review covers at least 1m: write e.g. 7d"),
    ("7x", "not a duration: write ASCII digits and a unit, e.g. 30s, 15m, 4h, 2d or 1w"),
    ("7 days", "not a duration: write ASCII digits and a unit, e.g. 30s, 15m, 4h, 2d or 1w"),
    ("", "not a duration: write ASCII digits and a unit, e.g. 30s, 15m, 4h, 2d or 1w"),
    ("400d", "longer than the maximum 366d: write a shorter duration"),
])
def test_since_must_be_a_period(tmp_path: Path, run: Callable[..., Run], since: str,
                                message: str) -> None:
    out = tmp_path / "agenda.md"
    done = run("-C", str(tmp_path), "review", "--at", AT, "--since", since, "--out", str(out))
    assert (done.status, done.out) == (2, "")
    assert done.err.endswith(f"Error: Invalid value for '--since': {message}\n")
    assert not out.exists()


def test_a_negative_period_is_refused(tmp_path: Path, run: Callable[..., Run]) -> None:
    done = run("-C", str(tmp_path), "review", "--since", "-7d")
    assert done.status == 2
    assert "Invalid value for '--since'" in done.err


def test_today_ends_the_period_at_midnight_utc(corpus: Path, run: Callable[..., Run],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # 2026-12-01 01:30 UTC, still November 30th in São Paulo.
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-11-30T22:30:00-03:00")
    done = run("-C", str(corpus), "review", "--at", "today")
    assert (done.status, done.out) == (0, EXPECTED)


def test_the_agenda_joins_the_step_summary(corpus: Path, tmp_path: Path,
                                           run: Callable[..., Run],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("Earlier step.\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    done = run("-C", str(corpus), "review", "--at", AT)
    assert (done.status, done.out) == (0, EXPECTED)
    assert summary.read_text(encoding="utf-8") == "Earlier step.\n" + EXPECTED


def test_an_invalid_file_is_left_out_and_said(corpus: Path, run: Callable[..., Run]) -> None:
    broken = corpus / "incidents/2026/2026-11-28-web-drill.yaml"
    broken.write_text(broken.read_text().replace("kind: drill", "kind: rehearsal"))
    done = run("-C", str(corpus), "review", "--at", AT)
    assert done.status == 0
    assert done.err == ("incidentkit: warning: 1 invalid file left out "
                        "(incidents/2026/2026-11-28-web-drill.yaml): run incidentkit validate\n")
    assert "2026-11-28-web-drill" not in done.out
    assert "Started: 2 incidents, 1 near-miss. " in done.out
