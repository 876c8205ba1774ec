"""Both YAML paths read a text alike; the fast one is taken only where they agree."""

from __future__ import annotations

import pytest
import yaml

from incidentkit.store import yamlload

TEXTS = [
    "a: ~\n", "a: ~30%\n", "a: x ~\n", "a: [~]\n", "~: 1\n", "a: '~'\n", "a: ~ # c\n",
    "a:\n  - ~\n", "a: {~: 1}\n", "a: ~/x\n", "a: x~\n", "a: [x,~]\n", "a: {b: ~}\n",
    "? ~\n: 1\n", "a: |\n  ~\n", "1: x\ntrue: y\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_fast_and_exact_paths_agree(text: str) -> None:
    got = yamlload.load_text(text)
    assert got.problem is None
    assert got.data == yaml.load(text, Loader=yamlload._Loader)  # noqa: S506 - our safe loader


def test_a_tilde_inside_a_text_takes_the_fast_path() -> None:
    assert yamlload.load_text("a: about ~30% of users\n").root is None  # not composed
    assert yamlload.load_text("a: ~\n").root is not None  # the exact path composed it
