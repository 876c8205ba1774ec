"""GitHub's JSON read into our records, checked field by field.

Only the fields the engines use are read; each must have the type GitHub's REST reference gives
it, or :class:`Shape` says which one is wrong (``"labels": null``, a missing ``number``, a page
that is an object where a list belongs). Fields we do not use (``user``, ``milestone``) may be
anything.
"""

from __future__ import annotations

import json
import re
from typing import Any

from incidentkit.followup.github.client import RemoteIssue
from incidentkit.followup.github.safe import escape_controls, shorten

_ADDRESS = re.compile(r"https?://[\x21-\x7e]{1,2000}")


class Shape(Exception):
    """The answer is JSON, but not in the shape the REST API documents."""


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string",
            list: "a list", dict: "an object"}.get(type(value), "something else")


def _field(data: dict[str, Any], name: str, want: type | tuple[type, ...], label: str,
           where: str, *, nullable: bool = False) -> Any:
    if name not in data:
        raise Shape(f"{where} has no \"{name}\"")
    value = data[name]
    if (value is None and nullable) or (isinstance(value, want) and not isinstance(value, bool)):
        return value
    shown = shorten(escape_controls(json.dumps(value)), 40)
    raise Shape(f"{where} has \"{name}\": {shown}, not {label}")


def items(data: object, what: str) -> list[Any]:
    """A page that must be a list."""
    if not isinstance(data, list):
        raise Shape(f"the answer is {_kind(data)}, not a list of {what}")
    return data


def search_items(data: object) -> list[Any]:
    if not isinstance(data, dict):
        raise Shape(f"the answer is {_kind(data)}, not a search result")
    return items(_field(data, "items", list, "a list", "the search result"), "issues")


def label_name(data: object, index: int) -> str:
    where = f"label {index + 1}"
    if not isinstance(data, dict):
        raise Shape(f"{where} is {_kind(data)}, not an object")
    name: str = _field(data, "name", str, "a string", where)
    return name


def issue(data: object, index: int | None = None) -> RemoteIssue | None:
    """The issue, or ``None`` for a pull request (GitHub lists both as issues)."""
    where = "the issue" if index is None else f"issue {index + 1} of the page"
    if not isinstance(data, dict):
        raise Shape(f"{where} is {_kind(data)}, not an object")
    number = _field(data, "number", int, "a number", where)
    if number < 1:
        raise Shape(f"{where} has \"number\": {number}, not a positive number")
    where = f"issue #{number}"
    if data.get("pull_request") is not None:
        return None
    state = _field(data, "state", str, "a string", where)
    if state not in ("open", "closed"):
        raise Shape(f"{where} has \"state\": {shorten(escape_controls(json.dumps(state)), 40)}, "
                    "not \"open\" or \"closed\"")
    labels = _field(data, "labels", list, "a list", where)
    assignees = _field(data, "assignees", list, "a list", where)
    names = []
    for label in labels:
        # GitHub sends label objects; a name alone is what it accepts when writing.
        if isinstance(label, str):
            names.append(label)
        elif isinstance(label, dict) and isinstance(label.get("name"), str):
            names.append(label["name"])
        else:
            raise Shape(f"{where} has a label that is {_kind(label)} without a name")
    logins = []
    for user in assignees:
        if not (isinstance(user, dict) and isinstance(user.get("login"), str)):
            raise Shape(f"{where} has an assignee that is {_kind(user)} without a login")
        logins.append(user["login"])
    return RemoteIssue(
        number=number,
        title=_field(data, "title", str, "a string", where),
        body=_field(data, "body", str, "a string", where, nullable=True) or "",
        state="closed" if state == "closed" else "open",
        state_reason=_field(data, "state_reason", str, "a string", where, nullable=True)
        if "state_reason" in data else None,
        labels=tuple(names), assignees=tuple(logins),
        html_url=_address(_field(data, "html_url", str, "a string", where), where))


def _address(url: str, where: str) -> str:
    """A web address as printed: http(s), printable ASCII, no longer than 2000 characters."""
    if not _ADDRESS.fullmatch(url):
        shown = shorten(escape_controls(json.dumps(url)), 40)
        raise Shape(f"{where} has \"html_url\": {shown}, not a web address")
    return url
