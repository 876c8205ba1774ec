"""The one escaper family (incidentkit.escape): each format's output for the same hostile text."""

from __future__ import annotations

from incidentkit.escape import github, markdown, site, site_cell, slack, teams, url

TEXT = "a *b* <i>&x</i> | ~y~ $z\n- item\n1. one [l](u) =x"


def test_each_format_of_one_text() -> None:
    assert github(TEXT) == (
        r"a \*b\* \<i\>\&x\</i\> \| \~y\~ \$z - item 1. one \[l\](u) =x")
    assert markdown(TEXT) == (
        "a \\*b\\* &lt;i&gt;&amp;x&lt;/i&gt; \\| \\~y\\~ $z\n\\- item\n1\\. one \\[l\\](u) =x")
    assert site(TEXT) == (
        "a \\*b\\* &lt;i&gt;&amp;x&lt;/i&gt; \\| &#126;y&#126; $z\n\\- item\n1\\. one "
        "\\[l\\](u) =x")
    assert site_cell(TEXT) == (
        "a \\*b\\* &lt;i&gt;&amp;x&lt;/i&gt; \\| &#126;y&#126; $z \\- item 1\\. one \\[l\\](u) =x")
    assert slack(TEXT) == "a *b* &lt;i&gt;&amp;x&lt;/i&gt; | ~y~ $z\n- item\n1. one [l](u) =x"
    assert teams(TEXT) == "a \\*b\\* <i>&x</i> | ~y~ $z\n\\- item\n1\\. one \\[l\\](u) =x"
    assert url("https://x.test/a b(c)|<d>") == "https://x.test/a%20b%28c%29%7C%3Cd%3E"


def test_plain_text_is_left_alone() -> None:
    for escape in (github, markdown, site, site_cell, slack, teams):
        assert escape("auth-api 2026-01-15") == "auth-api 2026-01-15"
    assert url("https://x.test/a%20b?q=1#f") == "https://x.test/a%20b?q=1#f"  # encoded once


def test_slack_mentions_stay_text() -> None:
    assert slack("<!channel> <https://evil.test|click>") == (
        "&lt;!channel&gt; &lt;https://evil.test|click&gt;")
