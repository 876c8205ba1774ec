"""What went wrong reading YAML, where, and what to do: each problem with its place and hint."""

from __future__ import annotations

import pytest
import yaml

from incidentkit.store.yamlload import load_text
from incidentkit.store.yamlproblems import (
    Problem,
    at_index,
    directive,
    documents,
    hint,
    marked,
    stream_problem,
)

TOKEN = ("YAML syntax error: found character that cannot start any token (while scanning for "
         "the next token)")


@pytest.mark.parametrize(("text", "problem"), [
    ("a: b: c\n", Problem(1, 5, "yaml-syntax",
     "YAML syntax error: mapping values are not allowed in this context: quote the value if it "
     "holds ': '")),
    ("a: [1, 2\n", Problem(2, 1, "yaml-syntax",
     "YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence): "
     "close the list with ']' or separate items with ','")),
    ("a: {b: 1\n", Problem(2, 1, "yaml-syntax",
     "YAML syntax error: did not find expected ',' or '}' (while parsing a flow mapping): "
     "close the mapping with '}' or separate items with ','")),
    ("a: *x\n", Problem(1, 4, "yaml-syntax",
     "YAML syntax error: found undefined alias: define the anchor (&name) before using *name")),
    ("a: 'x\n", Problem(2, 1, "yaml-syntax",
     "YAML syntax error: found unexpected end of stream (while scanning a quoted scalar): close "
     "the quote or bracket")),
    ("a: &x 1\nb: &x 2\n", Problem(2, 4, "yaml-syntax",
     "YAML syntax error: second occurrence (found duplicate anchor; first occurrence): give "
     "each anchor its own name")),
    # YAML reserves '@' and '`' at the start of a plain value: refused on the fast path too.
    ("title: @oncall paged\n", Problem(1, 8, "yaml-syntax", f"{TOKEN}: quote the value")),
    ("a: [x, `y`]\n", Problem(1, 8, "yaml-syntax", f"{TOKEN}: quote the value")),
    ("a:\n  - @x\n", Problem(2, 5, "yaml-syntax", f"{TOKEN}: quote the value")),
    ("a: 1\n---\nb: 2\n---\nc: 3\n", Problem(2, 1, "multiple-documents",
     "this file holds 3 YAML documents (separated by '---'): keep one")),
    ("%YAML 1.2\n---\na: 1\n", Problem(1, 1, "yaml-directive",
     "the %YAML directive is not supported: remove the directive (and the '---' line after "
     "it)")),
    ("a: 1\nb: \x01\n", Problem(2, 4, "control-character",
     "the control character U+0001 is not allowed in YAML: remove it")),
    # The reader's offset is in UTF-8 bytes; the column counts characters.
    ("éé: \x07b\n", Problem(1, 5, "control-character",
     "the control character U+0007 is not allowed in YAML: remove it")),
])
def test_problems_of_a_text(text: str, problem: Problem) -> None:
    assert load_text(text).problem == problem


def test_the_line_offset_moves_every_problem() -> None:
    assert load_text("a: b: c\n", line_offset=3).problem == Problem(
        4, 5, "yaml-syntax",
        "YAML syntax error: mapping values are not allowed in this context: quote the value if "
        "it holds ': '")
    assert directive("# c\n%TAG ! tag:x,2000:\n---\na: 1\n", 1) == Problem(
        3, 1, "yaml-directive",
        "the %TAG directive is not supported: remove the directive (and the '---' line after "
        "it)")


def test_hint_falls_back_to_indentation_and_quoting() -> None:
    assert hint("something unheard of") == "check the indentation and quoting here"
    assert hint("could not find expected ':'") == "add ':' after the key, or quote the text"
    assert hint("found character that cannot start any token") == "quote the value"
    # The problem's own hint wins over the context's.
    assert hint("found undefined alias", "found duplicate anchor") == (
        "define the anchor (&name) before using *name")


def test_at_index_counts_lines_and_columns_from_one() -> None:
    text = "ab\ncde\nf"
    assert at_index(text, 0, 0) == (1, 1)
    assert at_index(text, 4, 0) == (2, 2)
    assert at_index(text, 7, 2) == (5, 1)


def test_documents_counts_as_far_as_the_stream_parses() -> None:
    assert documents("a: 1\n") == 1
    assert documents("a: 1\n---\nb: 2\n---\n") == 3
    assert documents("a: 1\n---\nb: [\n") == 2
    assert directive("a: 1\n", 0) is None


def test_a_mark_less_error_is_placed_on_the_first_line() -> None:
    exc = yaml.MarkedYAMLError(problem=None)
    assert marked(exc, 2) == Problem(3, 1, "yaml-syntax",
                                     "YAML syntax error: invalid YAML: check the indentation "
                                     "and quoting here")
    nested = yaml.MarkedYAMLError(problem="exceeded maximum nesting depth")
    assert marked(nested, 0) == Problem(
        1, 1, "too-deep",
        "the YAML nests more than 1000 levels deep: flatten it to at most 1000 levels")
    assert stream_problem("a: 1\n", exc, 0) is None
    second = yaml.MarkedYAMLError(context="expected a single document in the stream")
    assert stream_problem("a: 1\n---\nb: 2\n", second, 4) == Problem(
        5, 1, "multiple-documents",
        "this file holds 2 YAML documents (separated by '---'): keep one")


def test_at_signs_and_backticks_inside_values_are_text() -> None:
    loaded = load_text("email: jane@example.com\ntitle: Page @oncall, run `x`\n"
                       "q: '@quoted'\n")
    assert loaded.problem is None
    assert loaded.data == {"email": "jane@example.com", "title": "Page @oncall, run `x`",
                           "q": "@quoted"}
    assert load_text("email: jane@example.com\n").root is None  # still the fast path
