"""Reading incident history out of ``git log -p --unified=0`` text (no git needed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from incidentkit.site.history import Change, parse

RS, US = "\x1e", "\x1f"


def _commit(sha: str, who: str, when: str, diff: str) -> str:
    return f"{RS}{sha}{US}{who}{US}{when}\n{diff}"


def _file(path: str, lines: str, *, new: bool = False, deleted: bool = False) -> str:
    before = "/dev/null" if new else f"a/{path}"
    after = "/dev/null" if deleted else f"b/{path}"
    return f"\ndiff --git a/{path} b/{path}\n--- {before}\n+++ {after}\n@@ -1 +1 @@\n{lines}"


LOG = (
    _commit("c1", "Jane", "2026-01-15T14:05:00+01:00",
            _file("ops/incidents/2026/x.yaml", "+id: x\n+severity: 'SEV2'  # first guess\n"
                  "+status: investigating\n", new=True)
            + _file("ops/README.md", "-status: a\n+status: b\n"))
    + _commit("c2", "Bob", "2026-01-15T15:00:00Z",
              _file("ops/incidents/2026/x.yaml", "-severity: 'SEV2'  # first guess\n"
                    "+severity: SEV1\n-status: investigating\n+status: \"resolved\"\n")
              + _file("ops/postmortems/x.md", "+---\n+status: draft\n", new=True))
    + _commit("c3", "Carol", "2026-01-16T09:00:00Z",
              _file("ops/postmortems/x.md", "-Old text\n+New text\n    status: done\n")
              + _file("ops/incidents/2026/x.yaml", "-summary: a\n+summary: b\n")
              + _file("ops/incidents/2026/gone.yaml", "-status: resolved\n", deleted=True)
              + _file("ops/postmortems/x.md", "-status: draft\n+status: in-review\n"))
)


def test_what_each_commit_did_to_each_incident() -> None:
    assert parse(LOG, "ops/") == {"x": (
        Change(datetime(2026, 1, 15, 14, 5, tzinfo=timezone(timedelta(hours=1))), "Jane", "c1",
               "declared as SEV2, investigating"),
        Change(datetime(2026, 1, 15, 15, tzinfo=UTC), "Bob", "c2",
               "severity SEV2 → SEV1; status investigating → resolved"),
        Change(datetime(2026, 1, 15, 15, tzinfo=UTC), "Bob", "c2", "postmortem written (draft)"),
        # An edit of neither severity nor status leaves no entry; a postmortem's does.
        Change(datetime(2026, 1, 16, 9, tzinfo=UTC), "Carol", "c3", "postmortem edited"),
        Change(datetime(2026, 1, 16, 9, tzinfo=UTC), "Carol", "c3",
               "postmortem draft → in-review"),
    )}


def test_only_files_under_the_repository_folder() -> None:
    assert parse(LOG, "other/") == {}
    assert parse("", "") == {}
    top = _commit("c9", "Dan", "2026-02-01T00:00:00Z",
                  _file("incidents/2026/y.yml", "+severity: SEV3\n", new=True)
                  + _file("postmortems/y.txt", "+status: draft\n", new=True))
    assert parse(top) == {"y": (Change(datetime(2026, 2, 1, tzinfo=UTC), "Dan", "c9",
                                       "declared as SEV3"),)}
