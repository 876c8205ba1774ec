"""Escaping data for the output formats, so that text from the files is shown, never obeyed.

* Markdown: characters with a meaning in (GitHub-flavoured, MkDocs) Markdown get a backslash;
  ``&``, ``<`` and ``>`` become HTML entities, so no tag or entity survives; line starts that
  would begin a list, a heading underline or a numbered list are escaped too.
* Slack ``mrkdwn``: ``&``, ``<`` and ``>`` become entities, which is all Slack decodes
  (https://api.slack.com/reference/surfaces/formatting#escaping); ``<!channel>`` or
  ``<https://evil|click>`` in a title stays text.
"""

from __future__ import annotations

import re
from urllib.parse import quote

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MARKDOWN = re.compile(r"[&<>\\`*_{}\[\]#|!~]")
_LINE_START = re.compile(r"(?m)^([ \t]*)([-+=]|\d+(?=[.)]))")
_SLACK = re.compile(r"[&<>]")


def markdown(text: str) -> str:
    """``text`` as literal Markdown: ``*bold*`` → ``\\*bold\\*``, ``<b>`` → ``&lt;b&gt;``."""
    escaped = _MARKDOWN.sub(lambda m: _ENTITIES.get(m.group(), "\\" + m.group()), text)

    def line_start(match: re.Match[str]) -> str:
        indent, marker = match.groups()
        if marker.isdigit():  # "1." / "1)" starts an ordered list: escape the dot instead
            return f"{indent}{marker}\\"
        return f"{indent}\\{marker}"

    return _LINE_START.sub(line_start, escaped)


def slack(text: str) -> str:
    """``text`` for a Slack ``mrkdwn`` or ``plain_text`` field."""
    return _SLACK.sub(lambda m: _ENTITIES[m.group()], text)


def url(address: str) -> str:
    """A URL safe as a Markdown link destination or inside Slack's ``<url|text>``.

    Characters that would end the destination or the link (``()<>|``, quotes, spaces and
    backslashes) are percent-encoded; everything already encoded stays as it is.
    """
    return quote(address, safe="/:?#[]@$&*+,;=%-._~!'")
