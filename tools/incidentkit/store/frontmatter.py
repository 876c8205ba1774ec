"""Markdown files with YAML front matter (postmortems, runbooks): split, and find sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

from incidentkit.store.yamlload import Problem

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
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


def sections(body: str, first_line: int = 1) -> list[Section]:
    """The ATX headings of a Markdown body, outside fenced code, with their text."""
    lines = body.split("\n")
    heads: list[tuple[int, int, str]] = []  # (index, level, title)
    fence: str | None = None
    for index, line in enumerate(lines):
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker[0] * len(marker)
            elif marker.startswith(fence):
                fence = None
            continue
        if fence is not None:
            continue
        match = _HEADING.match(line)
        if match:
            heads.append((index, len(match.group(1)), match.group(2).strip()))
    result: list[Section] = []
    for n, (index, level, title) in enumerate(heads):
        end = len(lines)
        for later_index, later_level, _ in heads[n + 1 :]:
            if later_level <= level:
                end = later_index
                break
        result.append(
            Section(title, level, first_line + index, "\n".join(lines[index + 1 : end]))
        )
    return result
