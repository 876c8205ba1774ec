"""GitHub's JSON read into records, each field checked, with the one that is wrong named."""

from __future__ import annotations

from typing import Any

import pytest

from incidentkit.followup.github.answers import Shape, issue, items, label_name, search_items
from incidentkit.followup.github.client import RemoteIssue

GOOD: dict[str, Any] = {
    "number": 7, "title": "AI-1: Fix", "body": None, "state": "closed",
    "state_reason": "not_planned", "labels": [{"name": "bug"}, "priority/P1"],
    "assignees": [{"login": "carol"}], "html_url": "https://github.example/o/r/issues/7",
    "user": None, "milestone": 3,
}


def test_an_issue_is_read_field_by_field() -> None:
    assert issue(GOOD) == RemoteIssue(7, "AI-1: Fix", "", "closed", "not_planned",
                                      ("bug", "priority/P1"), ("carol",),
                                      "https://github.example/o/r/issues/7")
    without_reason = {k: v for k, v in GOOD.items() if k != "state_reason"}
    read = issue(without_reason)
    assert read is not None and read.state_reason is None
    assert issue({**GOOD, "pull_request": {"url": "x"}}) is None


@pytest.mark.parametrize(("data", "index", "message"), [
    ([], None, "the issue is a list, not an object"),
    ({**GOOD, "number": True}, 2, 'issue 3 of the page has "number": true, not a number'),
    ({k: v for k, v in GOOD.items() if k != "number"}, None, 'the issue has no "number"'),
    ({**GOOD, "number": 0}, None, 'the issue has "number": 0, not a positive number'),
    ({**GOOD, "state": "merged"}, None,
     'issue #7 has "state": "merged", not "open" or "closed"'),
    ({**GOOD, "labels": None}, None, 'issue #7 has "labels": null, not a list'),
    ({**GOOD, "labels": [3]}, None, "issue #7 has a label that is a number without a name"),
    ({**GOOD, "assignees": [{"id": 1}]}, None,
     "issue #7 has an assignee that is an object without a login"),
    ({**GOOD, "title": ["x\u202e" * 30]}, None,  # shown as JSON, shortened
     'issue #7 has "title": ["x\\u202ex\\u202ex\\u202ex\\u202ex\\u202ex\\…, not a string'),
    ({**GOOD, "html_url": "javascript:alert(1)"}, None,
     'issue #7 has "html_url": "javascript:alert(1)", not a web address'),
])
def test_a_wrong_shape_names_the_field(data: Any, index: int | None, message: str) -> None:
    with pytest.raises(Shape) as caught:
        issue(data, index)
    assert str(caught.value) == message


def test_pages_search_results_and_labels() -> None:
    assert items([1, 2], "issues") == [1, 2]
    with pytest.raises(Shape, match="^the answer is an object, not a list of labels$"):
        items({}, "labels")
    assert search_items({"items": [GOOD]}) == [GOOD]
    with pytest.raises(Shape, match="^the answer is a string, not a search result$"):
        search_items("x")
    with pytest.raises(Shape, match='^the search result has "items": null, not a list$'):
        search_items({"items": None})
    assert label_name({"name": "bug"}, 0) == "bug"
    with pytest.raises(Shape, match="^label 2 is null, not an object$"):
        label_name(None, 1)
