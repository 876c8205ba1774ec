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
* an alias structure that would expand past ``MAX_EXPANDED_NODES`` is refused (billion laughs:
  libyaml shares aliased nodes, so memory stays bounded, and we never walk the expansion);
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
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_EXPANDED_NODES = 100_000


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that cannot be read as YAML. ``line``/``col`` are 1-based."""

    line: int
    col: int
    code: str
    message: str


class _DuplicateKey(Exception):
    def __init__(self, node: Node, key: str) -> None:
        super().__init__(key)
        self.node = node
        self.key = key


class _Loader(yaml.CSafeLoader):
    """libyaml parser + safe constructor with YAML 1.2 core scalars, refusing duplicate keys.

    YAML 1.2 core, as the fast path reads it: ``yes``/``on`` and ``1:30`` are text, not a
    boolean or a base-60 number; timestamps stay text so pydantic decides.
    """

    yaml_implicit_resolvers: dict[Any, Any] = {}

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, MappingNode):
            seen: set[str] = set()
            for key_node, _ in node.value:
                if isinstance(key_node, ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                    if key_node.value in seen:
                        raise _DuplicateKey(key_node, key_node.value)
                    seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)  # type: ignore[arg-type]


for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|false)$", "tf"),
    ("tag:yaml.org,2002:int", r"^-?(?:0|[1-9][0-9]*)$", "-0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:-?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?|-?[0-9]+[eE][-+]?[0-9]+"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+.0123456789"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
):
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def _expanded_size(root: Node) -> Node | None:
    """The first node whose alias expansion exceeds the limit, or ``None``.

    Sizes are memoised per node object, so this is linear in the composed (shared) graph even
    when the expansion is exponential.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        if isinstance(node, ScalarNode):
            sizes[id(node)] = 1
            continue
        children: list[Node] = []
        if isinstance(node, SequenceNode):
            children = list(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                children += (key, value)
        if not done:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
            continue
        total = 1 + sum(sizes.get(id(c), 1) for c in children)
        if total > MAX_EXPANDED_NODES:
            return node
        sizes[id(node)] = total
    return None


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
#: anchors, aliases, tags, ``~``, tabs, merge keys and the capitalised null spellings.
_EXACT_ONLY = ("&", "*", "!", "~", "\t", "<<", "Null", "NULL")


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
    if any(marker in text for marker in _EXACT_ONLY):
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
    except (ValueError, _Duplicate):
        return False, None


def _marked(exc: yaml.MarkedYAMLError, offset: int) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1 if mark else 1) + offset
    col = mark.column + 1 if mark else 1
    what = exc.problem or "invalid YAML"
    context = f" ({exc.context})" if exc.context else ""
    return Problem(line, col, "yaml-syntax", f"YAML syntax error: {what}{context}")


def load_text(text: str, *, line_offset: int = 0) -> Loaded:
    """Parse one YAML document. Never raises for bad input."""
    fast, data = _fast(text)
    if fast:
        return Loaded(data, None, None, line_offset, text)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return Loaded(None, None, Problem(
                1 + line_offset, 1, "empty-file", "the document is empty: write its keys"
            ), line_offset)
        if ("&" in text or "<<" in text) and "*" in text:
            bomb = _expanded_size(root)
            if bomb is not None:
                return Loaded(None, root, Problem(
                    bomb.start_mark.line + 1 + line_offset, bomb.start_mark.column + 1,
                    "alias-bomb",
                    f"aliases here expand to more than {MAX_EXPANDED_NODES} nodes: "
                    "write the values out instead of nesting aliases",
                ), line_offset)
        data = loader.construct_document(root)
        return Loaded(data, root, None, line_offset, text)
    except _DuplicateKey as dup:
        mark = dup.node.start_mark
        return Loaded(None, None, Problem(
            mark.line + 1 + line_offset, mark.column + 1, "duplicate-key",
            f"key {dup.key!r} appears twice in this mapping: keep one",
        ), line_offset)
    except ConstructorError as exc:
        problem = _marked(exc, line_offset)
        return Loaded(None, None, Problem(
            problem.line, problem.col, "yaml-value", f"unsupported YAML: {exc.problem}"
        ), line_offset)
    except yaml.MarkedYAMLError as exc:
        return Loaded(None, None, _marked(exc, line_offset), line_offset)
    except yaml.YAMLError as exc:
        return Loaded(None, None, Problem(
            1 + line_offset, 1, "yaml-syntax", f"YAML error: {exc}"
        ), line_offset)
    except RecursionError:
        return Loaded(None, None, Problem(
            1 + line_offset, 1, "too-deep", "the YAML nests too deeply: flatten it"
        ), line_offset)
    finally:
        loader.dispose()


def compose_only(text: str) -> Node | None:
    """The node tree of a text already known to parse (to place findings); ``None`` if not."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()
