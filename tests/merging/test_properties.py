"""Property: whatever both sides log, the merged timeline is the union of the entries in time
order (ours' entries where they were, theirs' new ones in their order after ours' of the same
time, an entry both added once), and the rest of the file is ours' bytes."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentkit.merging.document import Merged, merge_yaml
from incidentkit.merging.files import INCIDENT_RULES
from incidentkit.store.edit import format_timestamp
from incidentkit.store.yamlload import load_text

HEAD = "# an incident\nid: 2026-01-15-x   # the id\ntimeline:\n"
TAIL = "  # keep entries in time order\ntags: [a]\n"
START = datetime(2026, 1, 15, 14, 0, tzinfo=UTC)
Entry = tuple[int, str]


def _log(entries: list[Entry], new: Entry) -> None:
    """Insert as `incidentkit log` does: after the last entry not later than it."""
    place = next((i for i, (at, _) in enumerate(entries) if at > new[0]), len(entries))
    entries.insert(place, new)


def _text(entries: list[Entry]) -> str:
    return HEAD + "".join(
        f"  - at: {format_timestamp(START + timedelta(minutes=at))}\n    kind: note\n"
        f"    text: {text}\n" for at, text in entries) + TAIL


minutes = st.integers(min_value=0, max_value=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=st.lists(minutes, min_size=1, max_size=5),
       ours=st.lists(minutes, max_size=12), theirs=st.lists(minutes, max_size=12),
       shared=st.lists(minutes, max_size=3))
def test_the_merged_timeline_is_the_union_in_time_order(
        base: list[int], ours: list[int], theirs: list[int], shared: list[int]) -> None:
    b_entries: list[Entry] = []
    for n, at in enumerate(sorted(base)):
        b_entries.append((at, f"base{n}"))
    o_entries, t_entries = list(b_entries), list(b_entries)
    for n, at in enumerate(ours):
        _log(o_entries, (at, f"ours{n}"))
    for n, at in enumerate(theirs):
        _log(t_entries, (at, f"theirs{n}"))
    for n, at in enumerate(shared):  # logged alike on both sides
        _log(o_entries, (at, f"both{n}"))
        _log(t_entries, (at, f"both{n}"))
    merged = merge_yaml(_text(b_entries), _text(o_entries), _text(t_entries), INCIDENT_RULES)
    assert isinstance(merged, Merged)
    assert merged.conflicts == ()
    assert merged.text.startswith(HEAD)
    assert merged.text.endswith(TAIL)
    timeline = load_text(merged.text).data["timeline"]
    got = [(int((datetime.fromisoformat(e["at"]) - START).total_seconds() // 60), e["text"])
           for e in timeline]
    assert Counter(got) == Counter(o_entries) + Counter(
        e for e in t_entries if not e[1].startswith(("base", "both")))
    assert [at for at, _ in got] == sorted(at for at, _ in got)
    assert [e for e in got if e in o_entries] == o_entries  # ours' entries do not move
    added = [e for e in t_entries if e[1].startswith("theirs")]
    assert [e for e in got if e in added] == added  # theirs' in their order
    assert merged.text == _text(got)
