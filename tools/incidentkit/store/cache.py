"""A cache of per-file results, keyed by what the file holds, that is never stale.

``validate`` keeps the findings of each file here so that a second run over an unchanged
repository reads no file it has already checked. The rules:

* **Where.** Outside the repository and outside git: ``$INCIDENTKIT_CACHE_DIR``, else
  ``$XDG_CACHE_HOME/incidentkit``, else ``~/.cache/incidentkit``; one file per repository
  (named by a hash of its resolved path) and per use. A cache inside the working tree could
  be committed by anyone and vouch for a file it never saw; one in the user's cache folder
  cannot. Deleting the folder is always safe: the next run is a cold run.
* **What makes an entry valid.** The whole cache is tied to a ``scope`` (the caller's
  digest of everything the results depend on besides the file itself: the tool's version,
  the configuration, the catalog of ids). Inside a scope, an entry holds the file's stat
  stamp (inode, size, mtime and ctime in nanoseconds) and the BLAKE2b digest of its bytes.
  A file whose stamp is unchanged and was last modified more than :data:`RACY_NS` before the
  cache was written is trusted without being read (git's index does the same). Any other
  file is read and hashed; an equal digest is still a hit. Writing a file changes its ctime,
  which no tool can set back, so an unchanged stamp means unchanged bytes.
* **Safety.** The file is JSON (never pickle: the cache is data, not code), checked on
  load; anything unexpected makes it an empty cache. It is written atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from incidentkit.store.atomic import write_text

#: Format of the cache file; a change makes older files empty caches.
FORMAT = 1
#: A file modified this close to (or after) the moment the cache was written may have changed
#: again within the file system's timestamp granularity: its bytes are hashed, not trusted.
RACY_NS = 2_000_000_000

Stamp = tuple[int, int, int, int]


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def stamp_of(path: str) -> Stamp | None:
    """``(inode, size, mtime_ns, ctime_ns)`` of a file (links followed), or ``None``."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def folder(environ: Mapping[str, str] | None = None) -> Path:
    """Where the caches live (see the module's documentation)."""
    env = os.environ if environ is None else environ
    if env.get("INCIDENTKIT_CACHE_DIR"):
        return Path(env["INCIDENTKIT_CACHE_DIR"])
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "incidentkit"


@dataclass(frozen=True, slots=True)
class Entry:
    stamp: Stamp
    digest: str
    data: Any


@dataclass(slots=True)
class FileCache:
    """Results by repository-relative path, valid inside one scope."""

    path: Path
    scope: str
    entries: dict[str, Entry] = field(default_factory=dict)
    #: When the loaded cache was written (``time.time_ns()``); 0 for a new cache.
    written_ns: int = 0
    changed: bool = False

    @classmethod
    def open(cls, root: Path, use: str, scope: str,
             environ: Mapping[str, str] | None = None) -> FileCache:
        """The cache of ``use`` (``validate``) for the repository at ``root``; empty when
        there is none, it is unreadable, or it was made for another scope."""
        name = hashlib.sha256(os.path.realpath(root).encode("utf-8", "surrogateescape"))
        path = folder(environ) / f"{use}-{name.hexdigest()[:24]}.json"
        cache = cls(path, scope)
        try:
            raw = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return cache
        if not (isinstance(raw, dict) and raw.get("format") == FORMAT
                and raw.get("scope") == scope and isinstance(raw.get("written_ns"), int)
                and isinstance(raw.get("entries"), dict)):
            return cache
        entries: dict[str, Entry] = {}
        for rel, value in raw["entries"].items():
            if not (isinstance(value, list) and len(value) == 3 and isinstance(value[1], str)
                    and isinstance(value[0], list) and len(value[0]) == 4
                    and all(type(n) is int for n in value[0])):
                return cls(path, scope)
            entries[rel] = Entry((value[0][0], value[0][1], value[0][2], value[0][3]),
                                 value[1], value[2])
        cache.entries, cache.written_ns = entries, raw["written_ns"]
        return cache

    def trusted(self, rel: str, stamp: Stamp | None) -> Entry | None:
        """The entry of ``rel`` when its stamp alone proves the bytes unchanged."""
        entry = self.entries.get(rel)
        if entry is None or entry.stamp != stamp or stamp is None:
            return None
        limit = self.written_ns - RACY_NS
        if stamp[2] >= limit or stamp[3] >= limit:
            return None
        return entry

    def matching(self, rel: str, stamp: Stamp, data_digest: str) -> Entry | None:
        """The entry of ``rel`` when it was made for the same bytes (its stamp refreshed)."""
        entry = self.entries.get(rel)
        if entry is None or entry.digest != data_digest:
            return None
        if entry.stamp != stamp:
            entry = Entry(stamp, entry.digest, entry.data)
            self.entries[rel] = entry
            self.changed = True
        return entry

    def put(self, rel: str, stamp: Stamp, data_digest: str, data: Any) -> None:
        self.entries[rel] = Entry(stamp, data_digest, data)
        self.changed = True

    def keep_only(self, rels: set[str]) -> None:
        """Forget the files that are gone."""
        gone = self.entries.keys() - rels
        for rel in gone:
            del self.entries[rel]
        self.changed = self.changed or bool(gone)

    def save(self, started_ns: int) -> None:
        """Write the cache (atomically), if anything changed; a failure only costs speed.

        ``started_ns`` is when the run began reading files: a file modified after that may
        not match what was checked, so it must count as racy on the next run."""
        if not self.changed and self.written_ns:
            return
        text = json.dumps({
            "format": FORMAT, "scope": self.scope, "written_ns": started_ns,
            "entries": {rel: [list(e.stamp), e.digest, e.data]
                        for rel, e in sorted(self.entries.items())},
        }, separators=(",", ":"), ensure_ascii=False)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_text(self.path, text + "\n")
        except OSError:
            return
