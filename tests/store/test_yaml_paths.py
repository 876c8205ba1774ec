"""Both YAML paths read a text alike; the fast one is taken only where they agree."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

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


#: Scalars where YAML parsers are known to differ: special floats, numbers in other bases,
#: YAML 1.1 words, escapes, nulls, dates, keys that are numbers.
TRICKY = [
    ".nan", ".NaN", ".inf", "-.inf", "+.inf", ".Inf", "1e309", "-1e309", "0o17", "0x1F", "+1",
    "1_000", ".5", "1.", "-0", "00", "007", "1e3", "1E3", "-1.5e-3", "yes", "No", "on", "OFF",
    "y", "n", "true", "True", "FALSE", "null", "Null", "~", "", "2026-01-15", "12:30",
    "2026-01-15T14:00:00Z", "'quoted'", '"dq"', '"\\x41"', '"\\u00e9"', '"\\N"', '"\\_"',
    '"\\L"', '"\\P"', '"\\t"', '"\\/"', "a b", "a: b", "- x", "[a, b]", "{a: 1}", "!!str 1",
    "&a x", "*a", "|\n  lit", ">\n  fold", "#c", "x # c", "a\\b", "é", "1:2", "0.1.2", "0e0",
    "0E5", "1.e3", "00.5",
]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "1", "true", "c d", "e-f"]),
                          st.one_of(st.sampled_from(TRICKY),
                                    st.text(alphabet=" -.:#_~0123456789abcxyzEeINnf+",
                                            max_size=8))),
                min_size=1, max_size=4, unique_by=lambda pair: pair[0]))
def test_the_fast_path_reads_generated_documents_as_the_exact_one(
        pairs: list[tuple[str, str]]) -> None:
    """Wherever the fast path answers, it answers what libyaml does (or both refuse)."""
    text = "".join(f"{key}: {value}\n" for key, value in pairs)
    fast, data = yamlload._fast(text)
    if not fast:
        return
    loader = yamlload._Loader(text)
    try:
        exact = loader.get_single_data()
    except yaml.YAMLError:
        pytest.fail(f"the fast path read {text!r}, which libyaml refuses")
    finally:
        loader.dispose()
    assert data == exact, text
