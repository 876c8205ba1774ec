"""Escaping: data text is shown, never obeyed; bodies stay Markdown without raw HTML."""

from __future__ import annotations

import re
import time

import markdown

from incidentkit.bodies import safe_url, sanitize_body, unsafe_destinations
from incidentkit.escape import site as md
from incidentkit.escape import site_cell as cell
from incidentkit.site.text import relative


def _html(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "fenced_code"])


def test_markdown_text_is_literal() -> None:
    text = "<script>alert(1)</script> *x* _y_ [l](javascript:1) `c` ~30% & # ! {: .a }"
    assert md(text) == (
        "&lt;script&gt;alert(1)&lt;/script&gt; \\*x\\* \\_y\\_ \\[l\\](javascript:1) \\`c\\` "
        "&#126;30% &amp; \\# \\! \\{: .a \\}")
    assert _html(md(text)) == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; *x* _y_ [l](javascript:1) `c` &#126;30% "
        "&amp; # ! {: .a }</p>")


def test_line_starts_open_no_block() -> None:
    assert md("- a\n+ b\n= c\n1. d\n2) e\n# f") == (
        "\\- a\n\\+ b\n&#61; c\n1\\. d\n2\\) e\n\\# f")
    assert _html(md("title\n=====")) == "<p>title\n&#61;====</p>"


def test_a_cell_is_one_line_with_its_pipes_escaped() -> None:
    assert cell("a | b\n\nc") == "a \\| b c"
    assert "<td>a | b c</td>" in _html(f"| x |\n|---|\n| {cell('a | b' + chr(10) + 'c')} |")


def test_body_keeps_markdown_and_code_but_no_html() -> None:
    body = (
        "## Cause <b>bold</b> & <https://example.com/x>\n"
        "A `<code>` span, [a link](https://example.com), [bad](javascript:alert(1)).\n"
        "{: onclick=\"alert(1)\" }\n"
        "```html\n<script>alert(1)</script>\n```\n"
        "    <img src=x onerror=alert(1)>\n"
    )
    assert sanitize_body(body) == (
        "## Cause &lt;b>bold&lt;/b> &amp; <https://example.com/x>\n"
        "A `<code>` span, [a link](https://example.com), [bad](?unsafe-link-removed:alert(1)).\n"
        "\\{: onclick=\"alert(1)\" }\n"
        "```html\n<script>alert(1)</script>\n```\n"
        "    &lt;img src=x onerror=alert(1)>\n"
    )
    html = _html(sanitize_body(body))
    assert "<b>" not in html and "<img" not in html and "javascript:" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # inside the code block, as text
    assert '<a href="https://example.com/x">' in html


def test_sanitising_twice_changes_nothing_more() -> None:
    """A drafted postmortem holds text sanitised once; the site sanitises its body again and
    must show the same text, not ``&lt;b>``. The entities it keeps decode to text only."""
    for body in ("<b>html</b> & 1 < 2 &amp;lt; {: a } \\{: b } \\{ c }",
                 "[x](&#106;avascript:alert(1)) [y](&lt;javascript:alert(2)>)",
                 "&lt;script>alert(1)&lt;/script> &amp;#106; &gt;"):
        once = sanitize_body(body)
        assert sanitize_body(once) == once, body
    once = sanitize_body("<b>html</b> & 1 < 2 {: a }")
    assert once == "&lt;b>html&lt;/b> &amp; 1 &lt; 2 \\{: a }"
    assert _html(once) == "<p>&lt;b&gt;html&lt;/b&gt; &amp; 1 &lt; 2 {: a }</p>"
    assert 'href="&amp;#106;avascript:alert(1)"' in _html(
        sanitize_body("[x](&#106;avascript:alert(1))"))  # a relative link, not a script
    for brace in ("{: onclick=x }", "\\\\{: onclick=x }"):  # an escaped backslash, then {
        html = markdown.markdown(sanitize_body(f"para\n{brace}"), extensions=["attr_list"])
        assert "<p>para" in html and "onclick=" in html and "<p onclick" not in html


def test_relative_links_between_pages() -> None:
    assert relative("incidents/2026/x.md", "services/a.md") == "../../services/a.md"
    assert relative("index.md", "status/index.md") == "status/index.md"
    assert relative("incidents/index.md", "incidents/2026/x.md#roles") == "2026/x.md#roles"


#: Every spelling of a script link found by the hardening pass (issue 8), and what it becomes.
UNSAFE = [
    ("[a](javascript:alert(1))", "[a](?unsafe-link-removed:alert(1))"),
    ("[a](JaVaScRiPt:alert(1))", "[a](?unsafe-link-removed:alert(1))"),
    ("[a](\x01javascript:alert(1))", "[a](?unsafe-link-removed:alert(1))"),
    ("[a](java\tscript:alert(1))", "[a](?unsafe-link-removed:alert(1))"),
    ("[a](java\nscript:alert(1))", "[a](?unsafe-link-removed:alert(1))"),
    ("[a]( \njavascript:alert(1))", "[a](?unsafe-link-removed: \nalert(1))"),
    ("[a](<javascript:alert(1)>)", "[a](?unsafe-link-removed:alert(1)>)"),
    ("[a](&#106;avascript:alert(1))", "[a](&amp;#106;avascript:alert(1))"),
    ("![x](javascript:alert(1))", "![x](?unsafe-link-removed:alert(1))"),
    ("[a](vbscript:msgbox(1))", "[a](?unsafe-link-removed:msgbox(1))"),
    ("[a](data:text/html,x)", "[a](?unsafe-link-removed:text/html,x)"),
    ("<javascript:alert(1)>", "&lt;javascript:alert(1)>"),
    ("[r]\n\n[r]: javascript:alert(1)", "[r]\n\n[r]: ?unsafe-link-removed:alert(1)"),
    ("[r][]\n\n[r]:\tJAVASCRIPT:alert(1)", "[r][]\n\n[r]:\t?unsafe-link-removed:alert(1)"),
    ("[r]:\n  javascript:alert(1)\n\n[r]", "[r]:?unsafe-link-removed:\n  alert(1)\n\n[r]"),
    ("> [r]: javascript:x\n>\n> [r]", "> [r]: ?unsafe-link-removed:x\n>\n> [r]"),
    ("| a |\n|---|\n| [r] |\n\n[r]: javascript:alert(1)",
     "| a |\n|---|\n| [r] |\n\n[r]: ?unsafe-link-removed:alert(1)"),
]


def test_every_spelling_of_a_script_link_points_nowhere() -> None:
    for body, expected in UNSAFE:
        safe = sanitize_body(body)
        assert safe == expected, body
        targets = re.findall(r'(?:href|src)="([^"]*)"', _html(safe))
        assert all(t.startswith(("?unsafe-link-removed:", "&amp;#106;")) for t in targets), body


def test_safe_links_and_footnotes_are_kept() -> None:
    body = ("[a](https://x.example/?a=1) [b](mailto:x@example.com) [c](../runbooks/db.md) "
            "[d](#roles) ![e](img/x.png)\n\n[r]: HTTPS://x.example\n[^1]: Note: not a link\n"
            "Time: 10:00 [x]: y")
    assert sanitize_body(body) == body


def test_code_is_kept_byte_for_byte() -> None:
    body = "`[a](javascript:x)` and\n```\n[r]: javascript:x\n```\n[b](javascript:y)"
    assert sanitize_body(body) == (
        "`[a](javascript:x)` and\n```\n[r]: javascript:x\n```\n[b](?unsafe-link-removed:y)")
    assert sanitize_body("a \x00 b") == "a \ufffd b"


def test_safe_url() -> None:
    assert [safe_url(u) for u in ("https://a.example/x", "MAILTO:a@b", "../x.md", "#a",
                                  " \x01JavaScript:alert(1)", "java\tscript:x", "data:x")] == [
        "https://a.example/x", "MAILTO:a@b", "../x.md", "#a", "?unsafe-link-removed:alert(1)",
        "?unsafe-link-removed:x", "?unsafe-link-removed:x"]


def test_unsafe_destinations_are_located_outside_code() -> None:
    body = ("a [x](javascript:1)\n```\n[y](javascript:2)\n```\n`[z](javascript:3)` "
            "[r]: \x01JAVA\tscript:4\n[^1]: Note: x\n[ok](https://x) [c](C:x)")
    assert unsafe_destinations(body) == [(6, "javascript"), (72, "javascript"), (120, "c")]
    assert body[72:76] == "JAVA" and body[120] == "C"


def test_long_hostile_bodies_take_linear_time() -> None:
    started = time.monotonic()
    for body in ("](" + " " * 200_000 + "x", "]: a:" * 50_000, "](" + "\x01" * 200_000,
                 "]( \n" * 50_000, "[x](" * 100_000):
        sanitize_body(body)
        unsafe_destinations(body)
    assert time.monotonic() - started < 5
