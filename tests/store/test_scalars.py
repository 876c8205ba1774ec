"""One-line YAML scalars, quoted exactly where the YAML 1.2 core loader needs it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from incidentkit.store.scalars import EditError, Scalar, format_timestamp, render_scalar
from incidentkit.store.yamlload import load_text


@pytest.mark.parametrize(("value", "block", "flow"), [
    ("plain", "plain", "plain"),
    ("it's", "it's", "it's"),
    ("ünï", "ünï", "ünï"),
    ("a, b", "a, b", "'a, b'"),  # a comma only matters inside brackets
    ("a: b", "'a: b'", "'a: b'"),
    ("#x", "'#x'", "'#x'"),
    ("- x", "'- x'", "'- x'"),
    ("[x]", "'[x]'", "'[x]'"),
    ("", "''", "''"),
    ("true", "'true'", "'true'"),
    ("1", "'1'", "'1'"),
    ("01", "'01'", "'01'"),
    ("null", "'null'", "'null'"),
    ("~", "'~'", "'~'"),
    ("2026-01-15", "'2026-01-15'", "'2026-01-15'"),
    ("line\nbreak", '"line\\nbreak"', '"line\\nbreak"'),  # never folded over two lines
    ("x\u2028y", '"x\\Ly"', '"x\\Ly"'),
    (None, "null", "null"),
    (True, "true", "true"),
    (3, "3", "3"),
    (1.5, "1.5", "1.5"),
])
def test_render_and_read_back(value: Scalar, block: str, flow: str) -> None:
    assert render_scalar(value) == block
    assert render_scalar(value, flow=True) == flow
    assert load_text(f"- {block}").data == [value]
    assert load_text(f"[{flow}]").data == [value]


def test_timestamps_and_dates_are_unquoted() -> None:
    utc = datetime(2026, 1, 15, 14, 0, tzinfo=UTC)
    berlin = datetime(2026, 1, 15, 15, 0, tzinfo=timezone(timedelta(hours=1)))
    assert render_scalar(utc) == "2026-01-15T14:00:00Z"
    assert render_scalar(berlin) == "2026-01-15T15:00:00+01:00"
    assert render_scalar(date(2026, 1, 15), flow=True) == "2026-01-15"
    assert format_timestamp(utc) == "2026-01-15T14:00:00Z"


def test_a_timestamp_without_offset_is_refused() -> None:
    with pytest.raises(ValueError, match="timestamp 2026-01-01T00:00:00 has no offset"):
        format_timestamp(datetime(2026, 1, 1))  # noqa: DTZ001


def test_a_value_that_cannot_read_back_is_an_edit_error() -> None:
    with pytest.raises(EditError, match=r"^cannot write nan as a YAML value$"):
        render_scalar(float("nan"))
