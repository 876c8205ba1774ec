"""Overdue counts for the home page: the engine's items counted by kind, no file parsed again."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from incidentkit.site.overdue import overdue_counts
from tests.conftest import EXAMPLES
from tests.repos import copy_base, opened, write

PM = "postmortems/2026-01-15-auth-login-failures.md"


def test_counts_in_the_report_order_without_zeros(tmp_path: Path) -> None:
    assert overdue_counts(opened(EXAMPLES / "base"), datetime(2026, 3, 1, tzinfo=UTC)) == []
    root = copy_base(tmp_path)
    text = (root / PM).read_text().replace("status: final", "status: draft").replace(
        "    status: done\n", "    status: open\n  - id: AI-2\n    title: Two\n    owner: bob\n"
        "    priority: P2\n    status: in-progress\n")
    write(root, PM, text)
    repo = opened(root)
    assert overdue_counts(repo, datetime(2027, 6, 1, tzinfo=UTC)) == [
        ("action-item", 2), ("postmortem-not-final", 1), ("runbook-review", 1)]
    # The repository it was given is left as it was, and its files are not read again.
    (root / PM).unlink()
    assert overdue_counts(repo, datetime(2026, 2, 1, tzinfo=UTC)) == [
        ("action-item", 1), ("postmortem-not-final", 1)]
