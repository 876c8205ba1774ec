"""What ``mkdocs serve`` keeps between builds: the repository (reloading only changed files)
and rendered pages."""

from __future__ import annotations

import time
from pathlib import Path

from incidentkit.site.cache import PageCache, RepositoryCache, stamps
from incidentkit.store.cache import stamp_of
from incidentkit.store.source import WorkingTree
from tests.repos import copy_base, write

ID = "2026-01-15-auth-login-failures"
INC = f"incidents/2026/{ID}.yaml"


def test_only_changed_files_are_checked_again(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    cache = RepositoryCache(root, racy_ns=0)
    first = cache.load()
    assert (cache.checked, len(cache.stamps)) == (7, 7)
    assert cache.load() is first and cache.checked == 0
    write(root, INC, (root / INC).read_text().replace("title: Login failures",
                                                      "title: Login failures again"))
    second = cache.load()
    assert cache.checked == 1
    assert second is not first
    assert second.incidents[ID].model.title == "Login failures again for ~30% of users"
    assert second.people == first.people
    # A broken file leaves the index, with its findings; fixed, it comes back.
    write(root, INC, "title: [\n")
    broken = cache.load()
    assert (cache.checked, list(broken.incidents), broken.invalid_files) == (1, [], [INC])
    write(root, INC, (copy_base(tmp_path, "again") / INC).read_text())
    fixed = cache.load()
    assert (cache.checked, list(fixed.incidents), fixed.findings) == (1, [ID], [])


def test_a_catalog_change_or_a_new_file_reloads_everything(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    cache = RepositoryCache(root, racy_ns=0)
    cache.load()
    write(root, "oncall/people.yaml", (root / "oncall/people.yaml").read_text()
          + "- handle: dan\n  name: Dan\n")
    assert "dan" in cache.load().people
    assert cache.checked == 7
    text = (root / INC).read_text().replace(ID, "2026-02-01-new")
    write(root, "incidents/2026/2026-02-01-new.yaml", text)
    assert sorted(cache.load().incidents) == [ID, "2026-02-01-new"]
    assert cache.checked == 8
    (root / "incidents/2026/2026-02-01-new.yaml").unlink()
    assert sorted(cache.load().incidents) == [ID]
    assert cache.checked == 7


def test_a_file_modified_within_the_racy_window_is_checked_again(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    time.sleep(0.05)
    write(root, INC, (root / INC).read_text() + "\n")
    old, new = stamp_of(str(root / "oncall/people.yaml")), stamp_of(str(root / INC))
    assert old is not None and new is not None
    window = (new[3] - old[3]) // 2  # the edit is within it, the copy before it
    layout = WorkingTree(root).layout()
    got = stamps(layout, new[3], racy_ns=window)
    assert got[INC] is None  # its stamp proves nothing yet
    assert got["oncall/people.yaml"] == old
    assert stamps(layout, new[3] + 1, racy_ns=0)[INC] == new
    # Every file was written just now: the next load checks them all again.
    cache = RepositoryCache(root)
    cache.load()
    cache.load()
    assert cache.checked == 7


def test_pages_are_kept_by_key() -> None:
    pages = PageCache()
    made: list[str] = []

    def render(text: str) -> str:
        made.append(text)
        return text

    assert pages.get("a.md", 1, lambda: render("one")) == "one"
    assert pages.get("a.md", 1, lambda: render("never")) == "one"
    assert pages.get("a.md", 2, lambda: render("two")) == "two"
    assert pages.get("b.md", 2, lambda: render("b")) == "b"
    assert (made, pages.hits, pages.misses) == (["one", "two", "b"], 1, 3)
