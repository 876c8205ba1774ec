"""Vendor users to our people: one handle per user, stable from one import to the next.

A user whose email (or, without one, whose name) matches someone already in
``oncall/people.yaml`` keeps that person's handle, so an import into a repository that already
lists its people adds nobody twice. Anyone else gets a handle from the local part of their
email (``alice.ng@example.com`` → ``alice.ng``), or from their name, made unique with a number.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

#: What our handles allow (incidentkit.model.types): lowercase letters, digits, ``.``, ``_``, ``-``.
_NOT_HANDLE = re.compile(r"[^a-z0-9._-]+")
_TIME_ZONE = re.compile(r"^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def handle_from(email: str | None, name: str) -> str:
    """A handle-shaped word for a user (not yet made unique)."""
    source = email.split("@", 1)[0] if email else name
    word = _NOT_HANDLE.sub("-", _ascii(source).lower()).strip("._-")
    return word[:60] or "person"


class People:
    """The handles given so far, and the people this import adds."""

    def __init__(self, existing: Iterable[Mapping[str, Any]]) -> None:
        self._by_email: dict[str, str] = {}
        self._by_name: dict[str, str] = {}
        self._taken: set[str] = set()
        for person in existing:
            handle = str(person["handle"])
            self._taken.add(handle)
            if person.get("email"):
                self._by_email.setdefault(str(person["email"]).lower(), handle)
            self._by_name.setdefault(str(person["name"]).casefold(), handle)
        self._by_vendor: dict[str, str] = {}
        #: The people to add, in the order they were first met.
        self.added: list[dict[str, Any]] = []

    def handle(self, vendor_id: str) -> str | None:
        """The handle already given to a vendor user id, if any."""
        return self._by_vendor.get(vendor_id)

    def add(self, vendor_id: str, name: str, email: str | None = None,
            timezone: str | None = None) -> str:
        """The handle of a vendor user; a person the repository lacks is added."""
        if vendor_id in self._by_vendor:
            return self._by_vendor[vendor_id]
        name = " ".join(name.split()) or (email or vendor_id)
        known = (self._by_email.get(email.lower()) if email else None) or \
            self._by_name.get(name.casefold())
        if known is None:
            base = handle_from(email, name)
            known, n = base, 2
            while known in self._taken:
                known, n = f"{base}-{n}", n + 1
            self._taken.add(known)
            person: dict[str, Any] = {"handle": known, "name": name}
            if email:
                person["email"] = email
                self._by_email[email.lower()] = known
            if timezone and _TIME_ZONE.match(timezone):
                person["timezone"] = timezone
            self._by_name[name.casefold()] = known
            self.added.append(person)
        self._by_vendor[vendor_id] = known
        return known


def slug(text: str, taken: set[str]) -> str:
    """An id for a vendor object named ``text`` (lowercase, digits, ``-``), unique in ``taken``
    (which it joins)."""
    base = re.sub(r"[^a-z0-9]+", "-", _ascii(text).lower()).strip("-")[:90] or "imported"
    found, n = base, 2
    while found in taken:
        found, n = f"{base}-{n}", n + 1
    taken.add(found)
    return found
