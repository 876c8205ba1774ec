"""Blameless language: a warning per listed phrase, at its line and column, outside code."""

from __future__ import annotations

from incidentkit.checks import blameless
from incidentkit.checks.finding import Finding, Severity

PHRASES = ["human error", "fault of", "careless", "should have known"]
ADVICE = ("assigns blame to people: describe what the system allowed and what made the action "
          "reasonable at the time")


def test_phrases_any_case_any_spacing_outside_fences() -> None:
    body = ("It was Human  Error.\n```\nhuman error in code\n```\n"
            "the fault of Bob; careless\n  ~~~\ncareless\n  ~~~\nshould\thave known\n")
    assert blameless.check("postmortems/x.md", body, 7, PHRASES) == [
        Finding("postmortems/x.md", 7, 8, Severity.WARNING, "blameless",
                f"'Human  Error' {ADVICE}"),
        Finding("postmortems/x.md", 11, 5, Severity.WARNING, "blameless", f"'fault of' {ADVICE}"),
        Finding("postmortems/x.md", 11, 19, Severity.WARNING, "blameless",
                f"'careless' {ADVICE}"),
        Finding("postmortems/x.md", 15, 1, Severity.WARNING, "blameless",
                f"'should\\thave known' {ADVICE}"),
    ]


def test_whole_words_only_and_nothing_to_find() -> None:
    assert blameless.check("p.md", "carelessly written; default of x\n", 1, PHRASES) == []
    assert blameless.check("p.md", "human error\n", 1, []) == []
    assert blameless.check("p.md", "nothing here\n", 1, PHRASES) == []
    # The first word occurs, the phrase does not.
    assert blameless.check("p.md", "a human erred\n", 1, PHRASES) == []


def test_the_longest_phrase_wins_where_two_overlap() -> None:
    found = blameless.check("p.md", "x: human error of judgement\n", 1,
                            ["human error", "human error of judgement"])
    assert [(f.col, f.message.split(" assigns")[0]) for f in found] == [
        (4, "'human error of judgement'")]
