"""The few GitHub Actions expressions the workflows and the action use, evaluated strictly.

Supported: literals (``'text'`` with ``''`` for a quote, numbers, ``true``, ``false``, ``null``),
property paths (``github.event.pull_request.base.sha``, ``steps.install.outcome``,
``inputs.python-version``), the status functions ``success()``, ``failure()``, ``cancelled()``
and ``always()``, the operators ``!``, ``==``, ``!=``, ``&&``, ``||`` and parentheses. Strings
compare without regard to case, as GitHub compares them.

Anything else raises :class:`Unknown`: another function, an index (``a['b']``, ``a[0]``), ``<``,
a property the context does not hold, a comparison of two types. A workflow that starts using
something new fails the test until this evaluator learns it, rather than being evaluated wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

_TOKEN = re.compile(r"""
    \s*(?:
      (?P<string>'(?:[^']|'')*')
    | (?P<number>-?\d+(?:\.\d+)?)
    | (?P<op>==|!=|&&|\|\||!|\(|\)|\.)
    | (?P<name>[A-Za-z_][A-Za-z0-9_-]*)
    | (?P<bad>\S)
    )""", re.VERBOSE)
_EMBEDDED = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
_KEYWORDS: dict[str, Any] = {"true": True, "false": False, "null": None}


class Unknown(Exception):
    """An expression this evaluator does not support, or a value the context does not hold."""


def _tokens(text: str) -> list[tuple[str, str]]:
    found = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind is None:
            continue
        if kind == "bad":
            raise Unknown(f"unsupported character {match.group(kind)!r} in {text!r}")
        found.append((kind, match.group(kind)))
    return found


class _Parser:
    def __init__(self, text: str, context: Mapping[str, Any],
                 status: Mapping[str, Callable[[], bool]]) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.at = 0
        self.context = context
        self.status = status

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (value is not None and token[1] != value):
            raise Unknown(f"expected {value or 'more'} in {self.text!r}")
        self.at += 1
        return token

    def parse(self) -> Any:
        value = self.or_()
        rest = self.peek()
        if rest is not None:
            raise Unknown(f"unexpected {rest[1]!r} in {self.text!r}")
        return value

    def or_(self) -> Any:
        value = self.and_()
        while self.peek() == ("op", "||"):
            self.take()
            right = self.and_()
            value = value if truthy(value) else right
        return value

    def and_(self) -> Any:
        value = self.equality()
        while self.peek() == ("op", "&&"):
            self.take()
            right = self.equality()
            value = right if truthy(value) else value
        return value

    def equality(self) -> Any:
        value = self.unary()
        while self.peek() in (("op", "=="), ("op", "!=")):
            op = self.take()[1]
            same = _equal(value, self.unary(), self.text)
            value = same if op == "==" else not same
        return value

    def unary(self) -> Any:
        if self.peek() == ("op", "!"):
            self.take()
            return not truthy(self.unary())
        return self.primary()

    def primary(self) -> Any:
        kind, text = self.take()
        if kind == "string":
            return text[1:-1].replace("''", "'")
        if kind == "number":
            return float(text) if "." in text else int(text)
        if (kind, text) == ("op", "("):
            value = self.or_()
            self.take(")")
            return value
        if kind != "name":
            raise Unknown(f"unexpected {text!r} in {self.text!r}")
        if text in _KEYWORDS:
            return _KEYWORDS[text]
        if self.peek() == ("op", "("):
            if text not in self.status:
                raise Unknown(f"unsupported function {text}() in {self.text!r}")
            self.take()
            self.take(")")
            return self.status[text]()
        return self.path(text)

    def path(self, root: str) -> Any:
        if root not in self.context:
            raise Unknown(f"unknown context {root!r} in {self.text!r}")
        value = self.context[root]
        where = root
        while self.peek() == ("op", "."):
            self.take()
            kind, name = self.take()
            if kind != "name":
                raise Unknown(f"unsupported property {name!r} in {self.text!r}")
            if not isinstance(value, Mapping) or name not in value:
                raise Unknown(f"{where} has no {name!r} (in {self.text!r})")
            value = value[name]
            where = f"{where}.{name}"
        return value


def _equal(left: Any, right: Any, text: str) -> bool:
    if type(left) is not type(right):
        raise Unknown(f"comparison of {type(left).__name__} and {type(right).__name__} in "
                      f"{text!r}")
    if isinstance(left, str):
        return left.casefold() == right.casefold()
    return bool(left == right)


def truthy(value: Any) -> bool:
    return value not in (False, 0, "", None)


def as_text(value: Any) -> str:
    """A value as GitHub writes it into a string."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (Mapping, list)):
        raise Unknown(f"an object or array in a string: {value!r}")
    return str(value)


def evaluate(expression: str, context: Mapping[str, Any],
             status: Mapping[str, Callable[[], bool]] | None = None) -> Any:
    """The value of one expression (the text inside ``${{ }}``)."""
    return _Parser(expression, context, status or {}).parse()


def interpolate(text: str, context: Mapping[str, Any],
                status: Mapping[str, Callable[[], bool]] | None = None) -> str:
    """``text`` with every ``${{ expression }}`` replaced by its value."""
    return _EMBEDDED.sub(lambda m: as_text(evaluate(m.group(1), context, status)), text)


def condition(text: str | bool | None, context: Mapping[str, Any],
              status: Mapping[str, Callable[[], bool]]) -> bool:
    """Whether a step runs: its ``if:`` (with or without ``${{ }}``); none means ``success()``.

    As on GitHub, a condition that calls no status function is ``success() && (condition)``.
    """
    if text is None:
        return status["success"]()
    if isinstance(text, bool):
        return status["success"]() and text
    whole = _EMBEDDED.fullmatch(text.strip())
    expression = whole.group(1) if whole else text
    if "${{" in expression:
        raise Unknown(f"an if: that mixes text and expressions: {text!r}")
    value = truthy(evaluate(expression, context, status))
    if not re.search(r"\b(success|failure|cancelled|always)\s*\(", expression):
        return status["success"]() and value
    return value


def expressions_in(value: Any) -> list[str]:
    """Every ``${{ }}`` expression in a loaded YAML document (keys and values)."""
    found: list[str] = []
    if isinstance(value, str):
        found.extend(m.group(1) for m in _EMBEDDED.finditer(value))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            found.extend(expressions_in(key))
            found.extend(expressions_in(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(expressions_in(item))
    return found
