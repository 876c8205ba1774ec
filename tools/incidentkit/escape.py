"""Escaping text from the data files for every format it is shown in: the one family.

* :func:`github`: GitHub-flavoured Markdown on one line (reports, issues, step summaries,
  the handbook's tables).
* :func:`markdown`: Markdown of the communication templates: characters with a meaning get a
  backslash; ``&``, ``<`` and ``>`` become HTML entities, so no tag or entity survives; line
  starts that would begin a list, a heading underline or a numbered list are escaped too.
* :func:`site` and :func:`site_cell`: Python-Markdown (MkDocs, Zensical) for the site's
  pages, where ``~`` and ``=`` have no backslash escape and become entities.
* :func:`slack`: Slack ``mrkdwn``: ``&``, ``<`` and ``>`` become entities, which is all Slack
  decodes (https://api.slack.com/reference/surfaces/formatting#escaping); ``<!channel>`` or
  ``<https://evil|click>`` in a title stays text.
* :func:`url`: a URL as a Markdown link destination or inside Slack's ``<url|text>``.
* :func:`teams`: the Markdown subset of Adaptive Card ``TextBlock`` text in Microsoft Teams
  (bold, italic, lists, links; no HTML, headings or quotes): ``\\ * _ [ ]`` get a backslash,
  and so do line starts that would open a list.

Markdown bodies written by people (postmortems, runbooks) are sanitised, not escaped:
:mod:`incidentkit.bodies`. GitHub workflow commands: :mod:`incidentkit.ghactions`.
"""

from __future__ import annotations

import re
from urllib.parse import quote

_GITHUB = frozenset("\\`*_{}[]<>#|!&~$")


def github(value: str) -> str:
    """``value`` as literal, one-line GitHub-flavoured Markdown (reports, issues, step
    summaries): every character with a meaning there (``~`` strikethrough and ``$`` math
    included) gets a backslash, and line breaks fold to spaces."""
    out = "".join(f"\\{c}" if c in _GITHUB else c for c in value)
    return " ".join(out.split())


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


_TEAMS = re.compile(r"[\\*_\[\]]")
_TEAMS_LINE_START = re.compile(r"(?m)^([ \t]*)([-+]|\d+(?=\.))")


def teams(text: str) -> str:
    """``text`` for a Teams Adaptive Card ``TextBlock``: ``**x**`` → ``\\*\\*x\\*\\*``."""
    escaped = _TEAMS.sub(lambda m: "\\" + m.group(), text)

    def line_start(match: re.Match[str]) -> str:
        indent, marker = match.groups()
        return f"{indent}{marker}\\" if marker.isdigit() else f"{indent}\\{marker}"

    return _TEAMS_LINE_START.sub(line_start, escaped)


def url(address: str) -> str:
    """A URL safe as a Markdown link destination or inside Slack's ``<url|text>``.

    Characters that would end the destination or the link (``()<>|``, quotes, spaces and
    backslashes) are percent-encoded; everything already encoded stays as it is.
    """
    return quote(address, safe="/:?#[]@$&*+,;=%-._~!'")


#: Characters Python-Markdown (with the tables extension) unescapes after a backslash, and
#: characters that only an entity makes literal everywhere.
_PY_INLINE = re.compile(r"[\\`*_{}\[\]#|!&<>~]")
_PY_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "~": "&#126;"}
_PY_LINE_START = re.compile(r"(?m)^([ \t]*)(?:([-+])|(=)|(\d+)([.)]))")
_PY_SPECIAL = re.compile(r"[\\`*_{}\[\]#|!&<>~]|(?m:^[ \t]*(?:[-+=]|\d+[.)]))")


def site(text: object) -> str:
    """``text`` as literal Markdown: ``*bold*`` → ``\\*bold\\*``, ``<b>`` → ``&lt;b&gt;``.

    Line starts that would open a list or underline a heading are escaped too. ``~`` and
    ``=`` become entities: Python-Markdown has no backslash escape for them.
    """
    value = "" if text is None else str(text)
    if not _PY_SPECIAL.search(value):  # most values (ids, names, times) need nothing
        return value
    escaped = _PY_INLINE.sub(lambda m: _PY_ENTITY.get(m.group(), "\\" + m.group()), value)

    def line_start(match: re.Match[str]) -> str:
        indent, bullet, rule, number, mark = match.groups()
        if bullet:
            return f"{indent}\\{bullet}"
        if rule:
            return f"{indent}&#61;"
        return f"{indent}{number}\\{mark}"

    return _PY_LINE_START.sub(line_start, escaped)


def site_cell(text: object) -> str:
    """``text`` as literal Markdown inside one table cell: one line, ``|`` escaped."""
    return " ".join(site(text).split())
