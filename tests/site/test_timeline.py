"""The timeline on a schedule's page: a row per day of the schedule's zone (23 hours on the day
summer time starts), pieces placed by their instants, gaps, windows uncovered on purpose and
time off in words, names and reasons escaped once; and the table below it lists the same."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import markdown

from incidentkit.repository import Repository
from incidentkit.site.generator import Generator, SiteOptions
from incidentkit.site.oncall import now_on_call
from incidentkit.site.timeline import instant, palette, timeline
from incidentkit.site.views import Names
from tests.conftest import EXAMPLES
from tests.repos import opened
from tests.site.timelines import AT, NAME, REASON, dst_repository

JANE = f"{NAME} (jane)"
BOB_AWAY = "Bob Stone (bob) (on time off: dentist)"
UNCOVERED = f"uncovered on purpose: {REASON}"


def _repo(tmp_path: Path) -> Repository:
    return opened(dst_repository(tmp_path))


def _pages(tmp_path: Path, at: datetime = AT) -> dict[str, str]:
    root = dst_repository(tmp_path)
    return Generator(root).generate(opened(root), SiteOptions(now=at, oncall_weeks=1))


def test_a_row_per_day_of_the_schedules_zone_across_dst(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    drawn = timeline(repo.schedules["dst"].model, Names.of(repo), AT, AT + timedelta(weeks=1),
                     repo.time_off)
    assert (drawn.zone, drawn.start, drawn.end) == (
        "Europe/Berlin", "2026-03-28T12:00:00Z", "2026-04-04T12:00:00Z")
    assert [(d.date, d.label, [(p.kind, p.label, p.left, p.width, p.since, p.until)
                               for p in d.pieces]) for d in drawn.days] == [
        ("2026-03-28", "Sat 28 Mar", [
            ("out", "", "0", "54.167", None, None),  # before 13:00, when the site was built
            ("shift", "Bob Stone (bob)", "54.167", "45.833", "13:00", None)]),
        # 23 hours: Bob's shift ends at 09:00 CEST, 8 hours after midnight CET.
        ("2026-03-29", "Sun 29 Mar", [
            ("shift", "Bob Stone (bob)", "0", "34.783", None, "09:00"),
            ("shift", JANE, "34.783", "65.217", "09:00", None)]),
        ("2026-03-30", "Mon 30 Mar", [
            ("shift", JANE, "0", "37.5", None, "09:00"),
            ("shift", BOB_AWAY, "37.5", "12.5", "09:00", "12:00"),
            ("uncovered", UNCOVERED, "50", "25", "12:00", "18:00"),
            ("shift", BOB_AWAY, "75", "25", "18:00", None),
            ("away", "on time off: dentist", "37.5", "12.5", "09:00", "12:00"),
            ("away", "on time off: dentist", "75", "25", "18:00", "00:00")]),
        ("2026-03-31", "Tue 31 Mar", [
            ("shift", BOB_AWAY, "0", "37.5", None, "09:00"),
            ("shift", JANE, "37.5", "62.5", "09:00", None)]),
        ("2026-04-01", "Wed 1 Apr", [
            ("shift", JANE, "0", "37.5", None, "09:00"),
            ("shift", "Bob Stone (bob)", "37.5", "62.5", "09:00", None)]),
        ("2026-04-02", "Thu 2 Apr", [
            ("shift", "Bob Stone (bob)", "0", "37.5", None, "09:00"),
            ("gap", "gap", "37.5", "62.5", "09:00", None)]),
        ("2026-04-03", "Fri 3 Apr", [("gap", "gap", "0", "100", None, None)]),
        ("2026-04-04", "Sat 4 Apr", [
            ("gap", "gap", "0", "58.333", None, "14:00"),
            ("out", "", "58.333", "41.667", None, None)]),
    ]


SUNDAY = (
    '<div class="ik-tl-day"><time class="ik-tl-date" datetime="2026-03-29">Sun 29 Mar</time>'
    '<div class="ik-tl-track">'
    '<span class="ik-tl-seg ik-tl-p1" style="left:0%;width:34.783%" title="Bob Stone (bob), '
    'Sat 2026-03-28 13:00 CET – Sun 2026-03-29 09:00 CEST" data-item="0" data-kind="shift" '
    'data-start="2026-03-28T12:00:00Z" data-end="2026-03-29T07:00:00Z">'
    '<span class="ik-tl-label">Bob Stone (bob)</span><span class="ik-tl-when">until '
    '<time datetime="2026-03-29T07:00:00Z">09:00</time></span></span>'
    '<span class="ik-tl-seg ik-tl-p0" style="left:34.783%;width:65.217%" '
    'title="Jane &lt;b&gt;&amp;&quot;&#x27; Doe (jane), Sun 2026-03-29 09:00 CEST – '
    'Mon 2026-03-30 09:00 CEST" data-item="1" data-kind="shift" '
    'data-start="2026-03-29T07:00:00Z" data-end="2026-03-30T07:00:00Z">'
    '<span class="ik-tl-label">Jane &lt;b&gt;&amp;&quot;&#x27; Doe (jane)</span>'
    '<span class="ik-tl-when">from <time datetime="2026-03-29T07:00:00Z">09:00</time></span>'
    '</span></div></div>\n')

MONDAY_UNCOVERED = (
    '<span class="ik-tl-seg ik-tl-uncovered" style="left:50%;width:25%" '
    'title="uncovered on purpose: offsite &lt;i&gt;&amp;&quot;&#x27;, Mon 2026-03-30 12:00 CEST '
    '– Mon 2026-03-30 18:00 CEST" data-item="4" data-kind="uncovered" '
    'data-start="2026-03-30T10:00:00Z" data-end="2026-03-30T16:00:00Z">'
    '<span class="ik-tl-label">uncovered on purpose: offsite &lt;i&gt;&amp;&quot;&#x27;</span>'
    '<span class="ik-tl-when"><time datetime="2026-03-30T10:00:00Z">12:00</time>–'
    '<time datetime="2026-03-30T16:00:00Z">18:00</time></span></span>')

MONDAY_AWAY = (
    '<span class="ik-tl-seg ik-tl-p1 ik-tl-off" style="left:75%;width:25%" title="Bob Stone (bob) '
    '(on time off: dentist), Mon 2026-03-30 18:00 CEST – Tue 2026-03-31 09:00 CEST" '
    'data-item="5" data-kind="shift" data-start="2026-03-30T16:00:00Z" '
    'data-end="2026-03-31T07:00:00Z"><span class="ik-tl-label">Bob Stone (bob) (on time off: '
    'dentist)</span><span class="ik-tl-when">from <time datetime="2026-03-30T16:00:00Z">18:00'
    '</time></span></span>'
    '<span class="ik-tl-seg ik-tl-away" style="left:37.5%;width:12.5%" title="on time off: '
    'dentist, Mon 2026-03-30 09:00 CEST – Mon 2026-03-30 12:00 CEST" data-item="3" '
    'data-kind="away" data-start="2026-03-30T07:00:00Z" data-end="2026-03-30T10:00:00Z">'
    '<span class="ik-tl-label">on time off: dentist</span><span class="ik-tl-when">'
    '<time datetime="2026-03-30T07:00:00Z">09:00</time>–'
    '<time datetime="2026-03-30T10:00:00Z">12:00</time></span></span>')

GAP = (
    '<span class="ik-tl-seg ik-tl-gap" style="left:37.5%;width:62.5%" title="gap, Thu 2026-04-02 '
    '09:00 CEST – Sat 2026-04-04 14:00 CEST" data-item="9" data-kind="gap" '
    'data-start="2026-04-02T07:00:00Z" data-end="2026-04-04T12:00:00Z">'
    '<span class="ik-tl-label">gap</span><span class="ik-tl-when">from '
    '<time datetime="2026-04-02T07:00:00Z">09:00</time></span></span>')

TABLE = """\
Times in Europe/Berlin.

| From | To | On call | Through |
|---|---|---|---|
| Sat 2026-03-28 13:00 CET | Sun 2026-03-29 09:00 CEST | Bob Stone (bob) | layer daily |
| Sun 2026-03-29 09:00 CEST | Mon 2026-03-30 09:00 CEST | Jane &lt;b&gt;&amp;"' Doe (jane) \
| layer daily |
| Mon 2026-03-30 09:00 CEST | Mon 2026-03-30 12:00 CEST | Bob Stone (bob) (on time off: dentist) \
| layer daily |
| Mon 2026-03-30 12:00 CEST | Mon 2026-03-30 18:00 CEST | nobody — uncovered on purpose: \
offsite &lt;i&gt;&amp;"' | override |
| Mon 2026-03-30 18:00 CEST | Tue 2026-03-31 09:00 CEST | Bob Stone (bob) (on time off: dentist) \
| layer daily |
| Tue 2026-03-31 09:00 CEST | Wed 2026-04-01 09:00 CEST | Jane &lt;b&gt;&amp;"' Doe (jane) \
| layer daily |
| Wed 2026-04-01 09:00 CEST | Thu 2026-04-02 09:00 CEST | Bob Stone (bob) | layer daily |
| Thu 2026-04-02 09:00 CEST | Sat 2026-04-04 14:00 CEST | nobody (a gap) | — |
"""


def test_the_page_carries_the_instants_above_the_table(tmp_path: Path) -> None:
    page = _pages(tmp_path)["oncall/dst.md"]
    head, _, rest = page.partition('<div class="ik-timeline"')
    assert head.endswith(
        "## The next 1 weeks\n\n"
        "The timeline shows these weeks a day a row, with the same shifts, gaps, windows "
        "uncovered on\npurpose and time off as the table below, which lists them as text.\n\n")
    drawn, _, table = rest.partition("\n</div>\n</div>\n\n")
    assert drawn.startswith(
        ' aria-hidden="true" data-start="2026-03-28T12:00:00Z" data-end="2026-04-04T12:00:00Z">\n'
        '<p class="ik-tl-zone">Times in Europe/Berlin, the schedule\'s time zone.</p>\n'
        '<div class="ik-tl-days">\n')
    assert drawn.count('<div class="ik-tl-day">') == 8
    assert SUNDAY in drawn
    assert MONDAY_UNCOVERED in drawn
    assert MONDAY_AWAY in drawn
    assert GAP in drawn
    assert "\n\n" not in drawn  # one raw HTML block for Markdown
    assert table == TABLE


class _Timeline(HTMLParser):
    """The texts of a page's timeline pieces and their titles, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.labels: list[str] = []
        self.titles: list[str] = []
        self.tags: list[str] = []
        self._label = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append(tag)
        self._label = found.get("class") == "ik-tl-label"
        if "ik-tl-seg" in (found.get("class") or "").split():
            self.titles.append(found.get("title") or "")

    def handle_data(self, data: str) -> None:
        if self._label:
            self.labels.append(data)
            self._label = False


def test_names_and_reasons_are_escaped_once(tmp_path: Path) -> None:
    page = _pages(tmp_path)["oncall/dst.md"]
    html = markdown.Markdown(extensions=["tables", "meta"]).convert(page)
    parsed = _Timeline()
    parsed.feed(html)
    assert {"b", "i"}.isdisjoint(parsed.tags)
    assert parsed.labels.count(JANE) == 4
    assert parsed.labels.count(UNCOVERED) == 1
    assert "Jane <b>&\"' Doe (jane), Sun 2026-03-29 09:00 CEST – Mon 2026-03-30 09:00 CEST" in (
        parsed.titles)
    assert "&amp;amp;" not in html and "&amp;lt;" not in html
    assert "<td>Jane &lt;b&gt;&amp;\"' Doe (jane)</td>" in html


def test_uncovered_on_purpose_is_not_a_gap(tmp_path: Path) -> None:
    at = datetime(2026, 3, 30, 11, tzinfo=UTC)
    repo = _repo(tmp_path / "a")
    now = now_on_call(repo.schedules["dst"].model, Names.of(repo), at, repo.time_off)
    assert (now.who, now.until) == (f"nobody — uncovered on purpose: {REASON}", None)
    gap = now_on_call(repo.schedules["dst"].model, Names.of(repo),
                      datetime(2026, 4, 3, tzinfo=UTC), repo.time_off)
    assert gap.who == "nobody (a gap)"
    pages = _pages(tmp_path / "b", at)
    assert ("- **On call now:** nobody — uncovered on purpose: offsite &lt;i&gt;&amp;\"'\n"
            in pages["oncall/dst.md"])
    assert ("| [Across DST](dst.md) | nobody — uncovered on purpose: offsite &lt;i&gt;&amp;\"' "
            "| — | [iCalendar](dst.ics) |\n") in pages["oncall/index.md"]


def test_people_keep_their_colour_in_the_schedules_order() -> None:
    model = opened(EXAMPLES / "base").schedules["identity-primary"].model
    assert palette(model) == {"jane": "ik-tl-p0", "bob": "ik-tl-p1", "carol": "ik-tl-p2"}
    nine = model.model_copy(update={"layers": [model.layers[0].model_copy(update={
        "members": [f"p{n}" for n in range(9)]})]})
    assert palette(nine)["p8"] == "ik-tl-p0"
    assert list(palette(nine).values())[:8] == [f"ik-tl-p{n}" for n in range(8)]


def test_instants_are_iso_utc() -> None:
    assert instant(datetime(2026, 3, 29, 3, 0, tzinfo=UTC).astimezone()) == "2026-03-29T03:00:00Z"
    assert instant(datetime(2026, 3, 29, 3, 0, 0, 5, tzinfo=UTC)) == "2026-03-29T03:00:00.000005Z"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", instant(AT))
