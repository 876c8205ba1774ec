"""What went wrong reading a YAML text, at its line and column, and what to do about it."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from yaml.reader import ReaderError

#: libyaml's limit on nesting (flow and block levels).
MAX_DEPTH = 1000


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that cannot be read as YAML. ``line``/``col`` are 1-based."""

    line: int
    col: int
    code: str
    message: str


_HINTS = (
    ("mapping values are not allowed", "quote the value if it holds ': '"),
    ("could not find expected ':'", "add ':' after the key, or quote the text"),
    ("cannot start any token", "quote the value"),
    ("undefined alias", "define the anchor (&name) before using *name"),
    ("unexpected end of stream", "close the quote or bracket"),
    ("duplicate anchor", "give each anchor its own name"),
    ("expected ',' or ']'", "close the list with ']' or separate items with ','"),
    ("expected ',' or '}'", "close the mapping with '}' or separate items with ','"),
)
_DIRECTIVE = re.compile(r"^%(YAML|TAG)\b", re.M)
#: Lines that make a text more than one plain document: the fast path leaves them alone.
STREAM = re.compile(r"^(?:---|\.\.\.|%)", re.M)


def hint(problem: str, context: str = "") -> str:
    """What to do about ``problem``; libyaml says some problems in the context only (a
    duplicate anchor is the problem "second occurrence" in the context "found duplicate
    anchor")."""
    for text in (problem, context):
        found = next((hint for key, hint in _HINTS if key in text), None)
        if found is not None:
            return found
    return "check the indentation and quoting here"


def marked(exc: yaml.MarkedYAMLError, offset: int) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1 if mark else 1) + offset
    col = mark.column + 1 if mark else 1
    what = exc.problem or "invalid YAML"
    if "maximum nesting depth" in what:
        return Problem(line, col, "too-deep", f"the YAML nests more than {MAX_DEPTH} levels "
                                              f"deep: flatten it to at most {MAX_DEPTH} levels")
    context = f" ({exc.context})" if exc.context else ""
    return Problem(line, col, "yaml-syntax",
                   f"YAML syntax error: {what}{context}: {hint(what, exc.context or '')}")


def at_index(text: str, index: int, offset: int) -> tuple[int, int]:
    """1-based line and column of a character index."""
    line = text.count("\n", 0, index) + 1 + offset
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def reader(exc: ReaderError, text: str, offset: int) -> Problem:
    """libyaml refuses a raw control character, at a UTF-8 byte offset: find its place."""
    index = len(text.encode("utf-8")[: exc.position].decode("utf-8", "replace"))
    line, col = at_index(text, index, offset)
    char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return Problem(line, col, "control-character",
                   f"the control character U+{char:04X} is not allowed in YAML: remove it")


def documents(text: str) -> int:
    """How many documents a stream holds (counted as far as it parses)."""
    count = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            count += isinstance(event, yaml.DocumentStartEvent)
    except yaml.YAMLError:
        pass
    return count


def stream_problem(text: str, exc: yaml.MarkedYAMLError, offset: int) -> Problem | None:
    """The right words for a second document (``---``): keep one."""
    if "expected a single document" not in str(exc.context or ""):
        return None
    mark = exc.problem_mark
    line, col = (mark.line + 1 + offset, mark.column + 1) if mark else (1 + offset, 1)
    return Problem(line, col, "multiple-documents",
                   f"this file holds {documents(text)} YAML documents (separated by '---'): "
                   "keep one")


def directive(text: str, offset: int) -> Problem | None:
    match = _DIRECTIVE.search(text)
    if match is None:
        return None
    line, col = at_index(text, match.start(), offset)
    return Problem(line, col, "yaml-directive",
                   f"the %{match.group(1)} directive is not supported: remove the directive "
                   "(and the '---' line after it)")


