"""A short fuzz run: mutated repositories never make a command crash or hang.

``bench/fuzz.py`` runs the same cases for 10^5 executions; this is its smoke test in
``make test`` (a fixed number of examples, derandomised so CI is repeatable).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.conftest import EXAMPLES
from tests.fuzz.harness import WorkingCopy, execute, run
from tests.fuzz.strategies import CASE

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> WorkingCopy:
    where = tmp_path_factory.mktemp("fuzz")
    template = where / "template"
    shutil.copytree(EXAMPLES / "base", template)
    # A maintenance file and public components, so that status-page has something to show.
    shutil.copytree(EXAMPLES / "valid" / "maintenance", template, dirs_exist_ok=True)
    services = template / "oncall" / "services.yaml"
    services.write_text(services.read_text().replace(
        "  escalation_policy: identity\n", "  escalation_policy: identity\n"
        "  status_page: {name: Sign-in, group: Core}\n", 1))
    return WorkingCopy.make(template, where)


@settings(max_examples=150, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=CASE)
def test_no_crash_no_hang(copy: WorkingCopy, case: tuple[list[tuple[str, int]], str, int]) -> None:
    mutations, command, seed = case
    outcome = execute(copy, mutations, command, seed)
    assert outcome.problem is None, (outcome.problem, mutations, command, outcome.args[:6],
                                     outcome.err[-500:])


def test_the_harness_sees_a_hang(tmp_path: Path) -> None:
    """A command blocked on a FIFO is reported as a hang, not waited for (the harness can
    fail)."""
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)

    def blocked(args: list[str]) -> int:
        fifo.read_bytes()
        return 0

    outcome = run([], hang_after=0.2, entry=blocked)
    assert outcome.problem is not None and outcome.problem.startswith("hang")


def test_the_harness_sees_an_internal_error() -> None:
    def broken(args: list[str]) -> int:
        raise OverflowError("date value out of range")

    outcome = run([], entry=broken)
    assert outcome.problem == "escaped main: OverflowError: date value out of range"
