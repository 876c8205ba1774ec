"""What does not change between two builds of ``mkdocs serve`` is not computed again.

:class:`RepositoryCache` keeps the loaded :class:`~incidentkit.repository.Repository` and the
stamp of every file it came from, with the rule of ``validate``'s file cache
(:mod:`incidentkit.store.cache`: inode, size, mtime and ctime, and a file modified within
``RACY_NS`` of the load is checked again on the next build, so an edit inside the file
system's timestamp granularity is never missed). On the next build only files whose stamp
changed are checked and loaded again; when a catalog file (configuration, people, services,
escalation policies) changes or a file appears or disappears, everything is (the per-file checks
resolve references against the catalog). :class:`PageCache` keeps rendered pages by a key made of
the stamps of what they were made from.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path

from incidentkit.checks.registry import Doc
from incidentkit.repository import Repository, open_repository
from incidentkit.store.cache import RACY_NS, Stamp, stamp_of
from incidentkit.store.layout import Kind, Layout, kind_of
from incidentkit.store.source import WorkingTree

_CATALOG = (Kind.CONFIG, Kind.PEOPLE, Kind.SERVICES, Kind.POLICIES)


def stamps(layout: Layout, started_ns: int, racy_ns: int = RACY_NS) -> dict[str, Stamp | None]:
    """The stamp of every incidentkit file of the repository; ``None`` for a file modified
    within ``racy_ns`` of ``started_ns`` (its stamp proves nothing: it counts as changed on the
    next load)."""
    found: dict[str, Stamp | None] = {}
    limit = started_ns - racy_ns
    for rel in layout.all():
        stamp = stamp_of(str(layout.root / rel))
        if stamp is not None:
            found[rel] = None if stamp[2] >= limit or stamp[3] >= limit else stamp
    return found


@dataclass(slots=True)
class RepositoryCache:
    root: Path
    repo: Repository | None = None
    stamps: dict[str, Stamp | None] = field(default_factory=dict)
    #: How many files the last :meth:`load` checked (for tests and the benchmark).
    checked: int = 0
    racy_ns: int = RACY_NS

    def load(self) -> Repository:
        started_ns = time.time_ns()
        source = WorkingTree(self.root)
        layout = source.layout()
        now = stamps(layout, started_ns, self.racy_ns)
        previous, repo = self.stamps, self.repo
        changed = [rel for rel, stamp in now.items()
                   if stamp is None or previous.get(rel) != stamp]
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
    gone = set(changed)
    documents = {kind: {key: value for key, value in docs.items()
                        if not (isinstance(value, Doc) and value.rel in gone)}
                 for kind, docs in old.documents.items()}
    repo = Repository(source=WorkingTree(old.root, layout), config=old.config,
                      context=old.context, documents=documents,
                      findings=[f for f in old.findings if f.path not in gone])
    for rel in changed:
        kind = kind_of(rel)
        if kind is not None:  # the same per-file check and indexing as open_repository
            repo.add(rel, kind)
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
