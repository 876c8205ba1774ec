"""Unsafe link destinations in Markdown bodies: a warning at each one's line and column."""

from __future__ import annotations

from incidentkit.checks import links
from incidentkit.checks.finding import Finding, Severity

ADVICE = ("URL, which the site does not follow: link to an http(s) page or a relative path")


def test_javascript_and_data_links_are_warned_safe_ones_are_not() -> None:
    body = ("Hi [a](javascript:alert(1)) and\n![i](data:image/png;base64,xx)\n"
            "[ok](https://x) [m](mailto:a@b) [r](../x.md)\n")
    assert links.check("postmortems/x.md", body, 10) == [
        Finding("postmortems/x.md", 10, 8, Severity.WARNING, "unsafe-link",
                f"link to a javascript: {ADVICE}"),
        Finding("postmortems/x.md", 11, 6, Severity.WARNING, "unsafe-link",
                f"link to a data: {ADVICE}"),
    ]


def test_a_long_scheme_is_shortened() -> None:
    found = links.check("p.md", "[a](" + "x" * 50 + ":y)", 1)
    assert [f.message for f in found] == [f"link to a {'x' * 39}…: {ADVICE}"]


def test_no_colon_no_work() -> None:
    assert links.check("p.md", "[a](relative/path)\n", 1) == []
    assert links.check("p.md", "time: 10:00, [ok](https://x)\n", 1) == []
