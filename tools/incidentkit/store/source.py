"""Where a repository's files come from: the working tree, a git commit, or either with edited
texts laid over it. Every command reads the repository through a :class:`Source` (given to
:func:`incidentkit.repository.open_repository`), so the same checks and index serve
``validate``, ``diff`` (two commits), the authoring commands (the text about to be written) and
the site.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from incidentkit.store.layout import CONFIG, Layout, kind_of
from incidentkit.store.reading import read_file
from incidentkit.store.yamlload import MAX_FILE_BYTES, Problem

#: The top-level entries of a git tree that can hold incidentkit files.
_TOPS = ("incidents", "postmortems", "oncall", CONFIG)
_SYMLINK = 0o120000


def blob_id(data: bytes) -> str:
    """The git blob id of some bytes (what ``git hash-object`` prints)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


class Source:
    """The files of one version of a repository."""

    #: What the user named (``main``, ``HEAD``), or ``working tree``.
    label: str = "working tree"
    #: The commit, or ``None`` for files on disk.
    commit: str | None = None
    #: The folder the paths are relative to (the working tree; a commit's checkout).
    root: Path

    def layout(self) -> Layout:
        raise NotImplementedError

    def read(self, rel: str) -> bytes | Problem:
        raise NotImplementedError

    def key(self, rel: str) -> str:
        """A content key of ``rel`` (the git blob id): equal keys, equal bytes."""
        raw = self.read(rel)
        return f"unreadable: {raw.code}" if isinstance(raw, Problem) else blob_id(raw)

    def where(self, rel: str) -> str:
        """``rel`` as a message names it: ``main:incidentkit.yaml`` for a commit's file."""
        return rel if self.commit is None else f"{self.label}:{rel}"


@dataclass(eq=False)
class WorkingTree(Source):
    """The files on disk (read with :func:`~incidentkit.store.reading.read_file`)."""

    root: Path
    _layout: Layout | None = field(default=None, repr=False)
    _real_root: str = field(default="", repr=False)

    def layout(self) -> Layout:
        if self._layout is None:
            self._layout = Layout.scan(self.root)
        return self._layout

    def read(self, rel: str) -> bytes | Problem:
        if not self._real_root:
            self._real_root = os.path.realpath(self.root)
        return read_file(self.root, rel, real_root=self._real_root)


@dataclass(eq=False)
class GitCommit(Source):
    """The files of a commit, read from git's object database (the working tree is never
    touched). ``prefix`` is the repository's folder inside the git repository."""

    root: Path
    label: str
    commit: str | None
    #: Path → GitPython blob.
    blobs: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, root: Path, commit: Any, prefix: str, label: str) -> GitCommit:
        tree = commit.tree
        blobs: dict[str, Any] = {}
        if prefix:
            try:
                tree = tree / prefix
            except KeyError:
                return cls(root, label, commit.hexsha, blobs)
        for top in _TOPS:
            try:
                node = tree / top
            except KeyError:
                continue
            for item in [node] if node.type == "blob" else node.traverse():
                if item.type != "blob" or item.mode == _SYMLINK:
                    continue
                rel = item.path[len(prefix) + 1:] if prefix else item.path
                if kind_of(rel) is not None and not any(p.startswith(".")
                                                        for p in rel.split("/")):
                    blobs[rel] = item
        return cls(root, label, commit.hexsha, blobs)

    def layout(self) -> Layout:
        return Layout.of_paths(self.root, self.blobs)

    def read(self, rel: str) -> bytes | Problem:
        blob = self.blobs.get(rel)
        if blob is None:
            return Problem(1, 1, "unreadable", f"{self.where(rel)} does not exist")
        if blob.size > MAX_FILE_BYTES:
            return Problem(1, 1, "file-too-large", f"file is {blob.size} bytes; the limit is "
                           f"{MAX_FILE_BYTES}: split it or remove data")
        try:
            return bytes(blob.data_stream.read())
        except (OSError, ValueError) as exc:
            return Problem(1, 1, "unreadable", f"cannot read the file: {exc}")

    def key(self, rel: str) -> str:
        return str(self.blobs[rel].hexsha) if rel in self.blobs else "missing"


@dataclass(eq=False)
class Overlay(Source):
    """Another source with some files' texts replaced or added (an edit checked before it is
    written)."""

    base: Source
    texts: Mapping[str, str]

    def __post_init__(self) -> None:
        self.root, self.label, self.commit = self.base.root, self.base.label, self.base.commit

    def layout(self) -> Layout:
        base = self.base.layout()
        added = [rel for rel in self.texts
                 if (kind := kind_of(rel)) is not None and rel not in base.of(kind)]
        if not added:
            return base
        merged = Layout.of_paths(base.root, [*base.all(), *added])
        return Layout(base.root, merged.files, base.strays)

    def read(self, rel: str) -> bytes | Problem:
        if rel in self.texts:
            return self.texts[rel].encode("utf-8")
        return self.base.read(rel)
