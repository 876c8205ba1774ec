"""Fast YAML loading that finds positions on demand and returns problems as values.

Two parsers, one meaning:

* the fast path: rapidyaml (C++) parses the text and emits JSON, which ``json.loads`` turns into
  Python objects. It is about six times faster than PyYAML's libyaml loader, whose cost is the
  Python objects it builds for every node. It is taken only for texts without anchors, aliases,
  tags, merge keys or ``~``/``Null`` spellings, where both parsers agree on every value;
* the exact path: libyaml (PyYAML's C parser) composes a node tree whose nodes carry their line
  and column. It parses the other texts, reports every syntax error, and is run again on a
  file only when a finding needs a line and column (``compose_only``).

Differences from plain ``yaml.safe_load``:

* timestamps stay text, so pydantic decides (and can say "no offset" instead of silently
  accepting a naive time);
* a key given twice is an error, not a silent overwrite;
* an alias structure that would expand past ``MAX_EXPANDED_NODES`` nodes or
  ``MAX_EXPANDED_CHARS`` characters of text is refused (billion laughs, or one long text
  repeated: libyaml shares aliased nodes, so memory stays bounded, and we never walk the
  expansion; :mod:`incidentkit.store.aliases`);
* keys are text, on both paths (``1:`` and ``true:`` are the keys ``"1"`` and ``"true"``); a
  list or mapping as a key is an error;
* one document only: a second ``---`` document, a ``%YAML``/``%TAG`` directive, a raw control
  character and nesting past libyaml's 1000 levels are errors at their line and column that
  say what to do (:mod:`incidentkit.store.yamlproblems`);
* bytes that are not UTF-8 are an error at their line and column.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any

import ryml
import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode
from yaml.reader import ReaderError

from incidentkit.store.aliases import MAX_EXPANDED_CHARS, MAX_EXPANDED_NODES, expanded
from incidentkit.store.text import quote
from incidentkit.store.yamlproblems import (
    MAX_DEPTH,
    STREAM,
    directive,
    marked,
    reader,
    stream_problem,
)
from incidentkit.store.yamlproblems import Problem as Problem  # re-exported: the readers' type

MAX_FILE_BYTES = 5 * 1024 * 1024


class _DuplicateKey(Exception):
    def __init__(self, node: Node, key: str) -> None:
        super().__init__(key)
        self.node = node
        self.key = key


class _ComplexKey(Exception):
    def __init__(self, node: Node) -> None:
        super().__init__("complex key")
        self.node = node


_MERGE = "tag:yaml.org,2002:merge"
_STR = "tag:yaml.org,2002:str"


class _Loader(yaml.CSafeLoader):
    """libyaml parser + safe constructor with YAML 1.2 core scalars, refusing duplicate keys.

    YAML 1.2 core, as the fast path reads it: ``yes``/``on`` and ``1:30`` are text, not a
    boolean or a base-60 number; timestamps stay text so pydantic decides.
    """

    yaml_implicit_resolvers: dict[Any, Any] = {}

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, MappingNode):
            seen: set[str] = set()
            for n, (key_node, value_node) in enumerate(node.value):
                if not isinstance(key_node, ScalarNode):
                    raise _ComplexKey(key_node)
                if key_node.tag == _MERGE:
                    continue
                if key_node.value in seen:
                    raise _DuplicateKey(key_node, key_node.value)
                seen.add(key_node.value)
                if key_node.tag != _STR:  # keys are text, as the fast path reads them: 1, true
                    node.value[n] = (ScalarNode(_STR, key_node.value, key_node.start_mark,
                                                key_node.end_mark, key_node.style), value_node)
        return super().construct_mapping(node, deep=deep)  # type: ignore[arg-type]


for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|false)$", "tf"),
    ("tag:yaml.org,2002:int", r"^-?(?:0|[1-9][0-9]*)$", "-0123456789"),
    ("tag:yaml.org,2002:float",
     # No .inf or .nan: the fast path reads them as text, and no field wants an infinite or
     # undefined number (both paths must give the same document).
     # An exponent after a leading 0 (0e5) is text, as rapidyaml reads it (like 01).
     r"^(?:-?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?|-?[1-9][0-9]*[eE][-+]?[0-9]+)$",
     "-.0123456789"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
):
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def decode(raw: bytes) -> str | Problem:
    """UTF-8 text of a file (a BOM is allowed), or where the first undecodable byte is."""
    if len(raw) > MAX_FILE_BYTES:
        return Problem(
            1, 1, "file-too-large",
            f"file is {len(raw)} bytes; the limit is {MAX_FILE_BYTES}: split it or remove data",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return Problem(
            line, col, "encoding",
            f"byte 0x{raw[exc.start]:02x} is not UTF-8: save the file as UTF-8",
        )


@dataclass(slots=True)
class Loaded:
    """The outcome of reading one YAML text: data and its node tree, or a problem.

    ``root`` is ``None`` after the fast path; ``tree()`` composes it when a position is needed.
    """

    data: Any
    root: Node | None
    problem: Problem | None
    #: Lines before the YAML text in its file (front matter starts after ``---``).
    line_offset: int = 0
    text: str | None = None

    def tree(self) -> Node | None:
        if self.root is None and self.text is not None:
            self.root = compose_only(self.text)
        return self.root


#: Texts with any of these take the exact path (the fast parser would read them differently):
#: anchors, aliases, tags, tabs, merge keys and the capitalised null spellings.
_EXACT_ONLY = ("&", "*", "!", "\t", "<<", "Null", "NULL")
#: A ``~`` standing alone (the null the fast parser reads as text); ``~30%`` or ``~/x`` inside
#: a text are read alike by both parsers.
#: ``.nan``/``.inf`` in any case: rapidyaml rewrites their spelling (``.NaN`` → ``.nan``).
_SPECIAL_FLOAT = re.compile(r"\.(?:nan|inf)", re.IGNORECASE)
_TILDE = re.compile(r"(?<![^\s\[{,:?-])~(?![^\s\]},:#])")
#: ``@`` or a backtick where a plain value may begin: YAML reserves both, rapidyaml reads them
#: as text (``a: @x``), libyaml (and every other tool) refuses them. ``a@b.c`` stays fast.
_RESERVED = re.compile(r"(?<![^\s\[{,:?-])[@`]")


class _Duplicate(Exception):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _Duplicate
    return mapping


_DEVNULL: int | None = None


def _fast(text: str) -> tuple[bool, Any]:
    """``(True, data)`` from rapidyaml, or ``(False, None)`` when the exact path must decide.

    rapidyaml writes its parse errors to the process's stderr, so file descriptor 2 points to
    /dev/null for the duration of the call (nothing else of ours runs in between).
    """
    global _DEVNULL
    if any(marker in text for marker in _EXACT_ONLY) or ("~" in text and _TILDE.search(text)) \
            or (("@" in text or "`" in text) and _RESERVED.search(text)) \
            or _SPECIAL_FLOAT.search(text):
        return False, None
    if _DEVNULL is None:
        _DEVNULL = os.open(os.devnull, os.O_WRONLY)
    saved = os.dup(2)
    os.dup2(_DEVNULL, 2)
    try:
        tree = ryml.parse_in_arena(text.encode("utf-8"))
        emitted = ryml.emit_json_malloc(tree, tree.root_id()) if tree.size() > 1 else None
    except Exception:  # rapidyaml raises its own types for every parse error
        return False, None
    finally:
        os.dup2(saved, 2)
        os.close(saved)
    if emitted is None:
        return False, None
    try:
        return True, json.loads(emitted, object_pairs_hook=_pairs)
    except (ValueError, RecursionError, _Duplicate):
        return False, None


def _problem(problem: Problem) -> Loaded:
    return Loaded(None, None, problem, 0)


def load_text(text: str, *, line_offset: int = 0) -> Loaded:
    """Parse one YAML document. Never raises for bad input."""
    if not STREAM.search(text):
        fast, data = _fast(text)
        if fast:
            return Loaded(data, None, None, line_offset, text)
    got = _exact(text, line_offset)
    got.line_offset = line_offset
    return got


def _exact(text: str, line_offset: int) -> Loaded:
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        found = directive(text, line_offset)
        if found is not None:
            return _problem(found)
        if root is None:
            return _problem(Problem(
                1 + line_offset, 1, "empty-file", "the document is empty: write its keys"))
        if ("&" in text or "<<" in text) and "*" in text:
            excess = expanded(root)
            if excess is not None:
                mark = excess.node.start_mark
                nodes = excess.nodes > MAX_EXPANDED_NODES
                what = (f"more than {MAX_EXPANDED_NODES} nodes" if nodes
                        else f"{excess.chars} characters, over the limit of "
                             f"{MAX_EXPANDED_CHARS}")
                return Loaded(None, root, Problem(
                    mark.line + 1 + line_offset, mark.column + 1,
                    "alias-bomb" if nodes else "alias-amplification",
                    f"aliases of this value expand the file to {what}: write the values out "
                    "instead of repeating them with aliases",
                ))
        data = loader.construct_document(root)
        return Loaded(data, root, None, line_offset, text)
    except _DuplicateKey as dup:
        mark = dup.node.start_mark
        return _problem(Problem(
            mark.line + 1 + line_offset, mark.column + 1, "duplicate-key",
            f"key {quote(dup.key)} appears twice in this mapping: keep one",
        ))
    except _ComplexKey as bad:
        mark = bad.node.start_mark
        return _problem(Problem(
            mark.line + 1 + line_offset, mark.column + 1, "non-string-key",
            "a key must be text, not a list or a mapping: write the key as text, e.g. quote "
            "it",
        ))
    except ConstructorError as exc:
        problem = marked(exc, line_offset)
        return _problem(Problem(
            problem.line, problem.col, "yaml-value",
            f"unsupported YAML: {exc.problem}: write plain values (no tags such as !!python)",
        ))
    except yaml.MarkedYAMLError as exc:
        return _problem(stream_problem(text, exc, line_offset) or marked(exc, line_offset))
    except ReaderError as exc:
        return _problem(reader(exc, text, line_offset))
    except yaml.YAMLError as exc:
        return _problem(Problem(
            1 + line_offset, 1, "yaml-syntax", f"YAML error: {exc}: fix the YAML"))
    except RecursionError:
        return _problem(Problem(
            1 + line_offset, 1, "too-deep",
            f"the YAML nests too deeply: flatten it to at most {MAX_DEPTH} levels"))
    finally:
        loader.dispose()


class _PositionLoader(_Loader):
    """Composes a tree only to place findings: every node keeps its marks, no scalar is
    resolved (a third of the composing time of a large file goes into resolving tags that
    placing a finding never reads)."""

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        return _STR


def compose_only(text: str, *, positions_only: bool = False) -> Node | None:
    """The node tree of a text already known to parse; ``None`` if not. With
    ``positions_only`` the tags of the nodes are meaningless (only marks and values count)."""
    loader = (_PositionLoader if positions_only else _Loader)(text)
    try:
        return loader.get_single_node()
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()
