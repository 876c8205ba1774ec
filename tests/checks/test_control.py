"""Control characters in keys and text values: one error at each place."""

from __future__ import annotations

from incidentkit.checks import control
from incidentkit.checks.finding import Finding, Severity
from incidentkit.checks.located import Located
from incidentkit.store.yamlload import load_text

REL = "incidents/2026/x.yaml"
FIX = "remove it (write a line break as a new line, not an escape)"


def _check(text: str) -> list[Finding]:
    loaded = load_text(text)
    return sorted(control.check(Located.of(REL, loaded), loaded.data))


def test_escapes_in_values_and_keys_nested_anywhere() -> None:
    text = ('title: "bell \\x07"\ntags: [ok, "esc \\e[31m"]\n"k\\x01": 1\n'
            'nested:\n  - {a: "\\u0085"}\n')
    assert _check(text) == [
        Finding(REL, 1, 8, Severity.ERROR, "control-character",
                f"this value contains the control character U+0007: {FIX}"),
        Finding(REL, 2, 12, Severity.ERROR, "control-character",
                f"this value contains the control character U+001B: {FIX}"),
        Finding(REL, 3, 1, Severity.ERROR, "control-character",
                f"this key contains the control character U+0001: {FIX}"),
        Finding(REL, 5, 9, Severity.ERROR, "control-character",
                f"this value contains the control character U+0085: {FIX}"),
    ]


def test_tab_line_feed_and_del_boundaries() -> None:
    assert _check('a: "tab\\there"\nb: "two\\nlines"\nc: "\\u00a0"\n') == []
    assert [f.message[:50] for f in _check('a: "\\x7f"\nb: "\\r"\n')] == [
        "this value contains the control character U+007F: ",
        "this value contains the control character U+000D: ",
    ]


def test_a_text_without_escapes_or_controls_is_not_walked() -> None:
    # The data has a control character the text cannot hold: the text decides.
    source = Located(REL, None, text="a: plain\n")
    assert control.check(source, {"a": "\x07"}) == []
    # Without a text, the data is walked.
    assert [f.line for f in control.check(Located(REL, None), {"a": "\x07"})] == [1]
