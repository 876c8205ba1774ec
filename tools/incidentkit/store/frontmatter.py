"""Markdown files with YAML front matter (postmortems, runbooks): split, and find sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

from incidentkit.store.yamlload import Problem

_COMMENT = re.compile(r"<!--.*?-->", re.S)


@dataclass(frozen=True, slots=True)
class Split:
    """A Markdown file cut in two: the YAML between the ``---`` lines, and the body."""

    meta: str
    #: Lines before the YAML (the opening ``---``): add to YAML line numbers.
    meta_offset: int
    body: str
    #: 1-based line number of the body's first line.
    body_line: int


def split(text: str) -> Split | Problem:
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r") != "---":
        return Problem(
            1, 1, "no-front-matter",
            "the file must start with a '---' line, the YAML front matter, and a closing '---'",
        )
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r") in ("---", "..."):
            return Split(
                meta="\n".join(lines[1:i]) + "\n",
                meta_offset=1,
                body="\n".join(lines[i + 1 :]),
                body_line=i + 2,
            )
    return Problem(
        1, 1, "no-front-matter", "the front matter has no closing '---' line: add one after it"
    )


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    level: int
    #: 1-based line of the heading in the whole file.
    line: int
    #: Text under the heading up to the next heading of the same or a higher level.
    body: str

    @property
    def is_empty(self) -> bool:
        """Empty when nothing but whitespace and HTML comments (template prompts) remains."""
        return not _COMMENT.sub("", self.body).strip()


_CLOSING = re.compile(r"[ \t]+#+[ \t]*$")
_LINE = re.compile(r"^( {0,3})(`{3,}|~{3,}|#{1,6}(?=[ \t]|$))(.*)$", re.M)


def sections(body: str, first_line: int = 1) -> list[Section]:
    """The ATX headings of a Markdown body, outside fenced code, with their text.

    One regular-expression scan finds heading and fence lines; the rest is never looked at.
    """
    heads: list[tuple[int, int, int, int, str]] = []  # (line, level, start, end, title)
    fence: str | None = None
    line = 0
    last = 0
    for match in _LINE.finditer(body):
        line += body.count("\n", last, match.start())
        last = match.start()
        marker = match.group(2)
        if marker[0] in "`~":
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence) and not match.group(3).strip():
                fence = None
            continue
        if fence is not None:
            continue
        title = match.group(3)
        title = _CLOSING.sub("", title).strip().rstrip("#").strip() if "#" in title else (
            title.strip())
        heads.append((line, len(marker), match.start(), match.end(), title))
    # Each section ends where the next heading of the same or a higher level starts: one pass
    # with a stack of the sections still open (linear in the number of headings).
    stops = [len(body)] * len(heads)
    open_: list[int] = []
    for n, (_, level, start, _, _) in enumerate(heads):
        while open_ and heads[open_[-1]][1] >= level:
            stops[open_.pop()] = start
        open_.append(n)
    return [
        Section(title, level, first_line + index, body[end + 1 : stops[n]] if end < len(body)
                else "")
        for n, (index, level, _, end, title) in enumerate(heads)
    ]
