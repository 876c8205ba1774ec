"""The hypothesis strategies of the fuzz: which mutations, with which seeds, before which
command (shared by the short run in ``make test`` and ``bench/fuzz.py``)."""

from __future__ import annotations

from hypothesis import strategies as st

from tests.fuzz.harness import COMMANDS, MUTATIONS

#: How often each command runs, relative to the others: the pre-commit path (one file) is the
#: cheapest and the one most often run on a half-written file; the site is the most expensive.
WEIGHTS = {"validate-file": 8, "validate": 3, "log": 2, "status": 2, "new-postmortem": 2,
           "ack": 1, "severity": 1, "assign": 1, "render": 1, "metrics": 1, "overdue": 1,
           "oncall": 1, "site": 1, "status-page": 1, "review": 1}
assert set(WEIGHTS) == set(COMMANDS)
#: The heavy mutations (tens of thousands of keys, aliases or headings) cost a command seconds
#: by design: they are drawn less often so that a long run covers the rest too.
MUTATION_WEIGHTS = {name: 1 if name in ("many_keys", "amplify") else 4 for name in MUTATIONS}
SEEDS = st.integers(min_value=0, max_value=2**32 - 1)
MUTATION = st.tuples(
    st.sampled_from([name for name, weight in sorted(MUTATION_WEIGHTS.items())
                     for _ in range(weight)]), SEEDS)
#: Up to three mutations, then one command with a seed for its arguments.
CASE = st.tuples(st.lists(MUTATION, min_size=1, max_size=3), st.sampled_from(
    [name for name, weight in sorted(WEIGHTS.items()) for _ in range(weight)]), SEEDS)
