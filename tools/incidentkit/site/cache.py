"""What does not change between two builds of ``mkdocs serve`` is not computed again.

:class:`RepositoryCache` keeps the loaded :class:`~incidentkit.repository.Repository` and the
``(mtime, size)`` stamp of every file it came from. On the next build only files whose stamp
changed are checked and loaded again; when a catalog file (configuration, people, services,
escalation policies) changes or a file appears or disappears, everything is (the per-file checks
resolve references against the catalog). :class:`PageCache` keeps rendered pages by a key made of
the stamps of what they were made from.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path

from incidentkit.repository import Repository, open_repository
from incidentkit.store.layout import Kind, Layout
from incidentkit.store.source import WorkingTree

Stamp = tuple[int, int]
_CATALOG = (Kind.CONFIG, Kind.PEOPLE, Kind.SERVICES, Kind.POLICIES)


def stamps(layout: Layout) -> dict[str, Stamp]:
    """``(mtime_ns, size)`` of every incidentkit file of the repository."""
    found: dict[str, Stamp] = {}
    for rel in layout.all():
        try:
            st = os.stat(layout.root / rel)
        except OSError:
            continue
        found[rel] = (st.st_mtime_ns, st.st_size)
    return found


@dataclass(slots=True)
class RepositoryCache:
    root: Path
    repo: Repository | None = None
    stamps: dict[str, Stamp] = field(default_factory=dict)
    #: How many files the last :meth:`load` checked (for tests and the benchmark).
    checked: int = 0

    def load(self) -> Repository:
        source = WorkingTree(self.root)
        layout = source.layout()
        now = stamps(layout)
        previous, repo = self.stamps, self.repo
        changed = [rel for rel, stamp in now.items() if previous.get(rel) != stamp]
        same_files = now.keys() == previous.keys()
        catalog_same = all(rel not in changed for kind in _CATALOG for rel in layout.of(kind))
        if repo is not None and same_files and catalog_same:
            if changed:
                repo = _reload(repo, layout, changed)
            self.checked = len(changed)
        else:
            repo = open_repository(source)
            self.checked = len(now)
        self.repo, self.stamps = repo, now
        return repo


def _reload(old: Repository, layout: Layout, changed: list[str]) -> Repository:
    """A copy of ``old`` with the documents of ``changed`` files checked and loaded again
    (the catalog is unchanged: the caller made sure)."""
    repo = Repository(
        source=WorkingTree(old.root, layout), config=old.config, context=old.context,
        incidents=dict(old.incidents), postmortems=dict(old.postmortems), people=old.people,
        services=old.services, policies=old.policies, schedules=dict(old.schedules),
        runbooks=dict(old.runbooks))
    gone = set(changed)
    repo.findings = [f for f in old.findings if f.path not in gone]
    for docs in (repo.incidents, repo.postmortems, repo.schedules, repo.runbooks):
        for key in [k for k, doc in docs.items() if doc.rel in gone]:
            del docs[key]
    for rel in changed:
        # The same per-file check and indexing as a full load (open_repository).
        repo.add(rel, next(k for k in Kind if rel in layout.of(k)))
    return repo


@dataclass(slots=True)
class PageCache:
    """Rendered pages by path, each kept with the key it was rendered for."""

    pages: dict[str, tuple[Hashable, str]] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0

    def get(self, path: str, key: Hashable, render: Callable[[], str]) -> str:
        got = self.pages.get(path)
        if got is not None and got[0] == key:
            self.hits += 1
            return got[1]
        self.misses += 1
        text = render()
        self.pages[path] = (key, text)
        return text
