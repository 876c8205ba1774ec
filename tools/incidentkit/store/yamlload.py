"""Fast YAML loading that keeps positions and returns problems as values.

libyaml (PyYAML's C parser) composes the node tree; the nodes carry their line and column, so a
finding can be placed without a second, slow round-trip parse. Differences from plain
``yaml.safe_load``:

* timestamps stay text, so pydantic decides (and can say "no offset" instead of silently
  accepting a naive time);
* a key given twice is an error, not a silent overwrite;
* an alias structure that would expand past ``MAX_EXPANDED_NODES`` is refused (billion laughs:
  libyaml shares aliased nodes, so memory stays bounded, and we never walk the expansion);
* bytes that are not UTF-8 are an error at their line and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_EXPANDED_NODES = 100_000
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


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
    """libyaml parser + safe constructor, without the timestamp resolver, refusing duplicates."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, MappingNode):
            seen: set[str] = set()
            for key_node, _ in node.value:
                if isinstance(key_node, ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                    if key_node.value in seen:
                        raise _DuplicateKey(key_node, key_node.value)
                    seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)  # type: ignore[arg-type]


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
    """The outcome of reading one YAML text: data and its node tree, or a problem."""

    data: Any
    root: Node | None
    problem: Problem | None
    #: Lines before the YAML text in its file (front matter starts after ``---``).
    line_offset: int = 0


def _marked(exc: yaml.MarkedYAMLError, offset: int) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1 if mark else 1) + offset
    col = mark.column + 1 if mark else 1
    what = exc.problem or "invalid YAML"
    context = f" ({exc.context})" if exc.context else ""
    return Problem(line, col, "yaml-syntax", f"YAML syntax error: {what}{context}")


def load_text(text: str, *, line_offset: int = 0) -> Loaded:
    """Parse one YAML document. Never raises for bad input."""
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
        return Loaded(data, root, None, line_offset)
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
