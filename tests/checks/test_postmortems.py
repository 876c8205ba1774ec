"""Checks of one postmortem: its incident, its people, item ids, sections and language."""

from __future__ import annotations

from typing import Any

from incidentkit.checks import postmortems
from incidentkit.checks.context import Catalog, Context
from incidentkit.checks.files import parse
from incidentkit.checks.located import Located
from incidentkit.config import Config
from incidentkit.store.layout import Kind
from tests.conftest import EXAMPLES

ID = "2026-01-15-auth-login-failures"
TEXT = (EXAMPLES / "base" / "postmortems" / f"{ID}.md").read_text()
CTX = Context(Config(), Catalog(people=frozenset({"jane", "bob", "carol"}),
                                incidents=frozenset({ID})))


def _check(text: str, rel: str = f"postmortems/{ID}.md", ctx: Context = CTX
           ) -> tuple[Any, list[str]]:
    got = parse(rel, Kind.POSTMORTEM, text)
    assert isinstance(got, tuple)
    loaded, split = got
    assert split is not None
    model, found = postmortems.check(Located.of(rel, loaded), loaded.data, split, ctx)
    return model, [str(f) for f in found]


def test_the_base_postmortem_passes() -> None:
    model, found = _check(TEXT)
    assert found == []
    assert (model.incident, model.status, [a.id for a in model.action_items]) == (
        ID, "final", ["AI-1"])


def test_every_finding_at_its_place() -> None:
    text = (TEXT.replace("owner: carol", "owner: carl")
            .replace("reviewers: [bob]", "reviewers: [bob, zed]")
            .replace("    status: done\n", "    status: done\n  - id: AI-1\n    title: again\n"
                     "    owner: jane\n    priority: P3\n    status: open\n")
            .replace("## Detection\nThe error-rate alert.\n", "## Detection\n<!-- prompt -->\n")
            .replace("## Response\nRolled back.\n", "")
            .replace("Slow detection.", "Human error, see [x](javascript:alert(1))."))
    rel = "postmortems/2026-01-16-other.md"
    model, found = _check(text, rel)
    assert model is not None
    assert found == [f"{rel}:{where}" for where in (
        "44:1: warning [blameless] 'Human error' assigns blame to people: describe what the "
        "system allowed and what made the action reasonable at the time",
        "44:22: warning [unsafe-link] link to a javascript: URL, which the site does not "
        "follow: link to an http(s) page or a relative path",
        "2:11: error [id-mismatch] incident '2026-01-15-auth-login-failures' differs from the "
        "file name '2026-01-16-other': a postmortem is named after its incident's id",
        "5:18: error [unknown-person] person 'zed' does not exist: add it to "
        "oncall/people.yaml or fix the name",
        "9:12: error [unknown-person] person 'carl' does not exist: did you mean 'carol'? add "
        "it to oncall/people.yaml or fix the name",
        "13:9: error [duplicate-id] action item AI-1 appears twice: give each item its own id",
        "36:1: error [empty-section] section '## Detection' is empty; a postmortem in final "
        "needs its text: write it, or move the status back to draft",
        "3:9: error [missing-section] section '## Response' is missing; a postmortem in final "
        "needs every required section: add it with its text",
        "37:1: error [placeholder] '<!-- prompt -->' is a placeholder of the draft, left in a "
        "postmortem in final: write what it asks for and remove the comment, or move the "
        "status back to draft",
    )]


def test_sections_only_matter_in_review_or_final_and_as_configured() -> None:
    draft = TEXT.replace("status: final", "status: draft").replace("## Response\nRolled back.\n",
                                                                   "")
    assert _check(draft)[1] == []
    config = Config.model_validate({"postmortems": {"required_sections": ["Summary", "Timeline"],
                                                    "may_be_empty": ["Timeline"]}})
    review = TEXT.replace("status: final", "status: in-review").replace(
        "See the incident.\n", "").replace("## Response\nRolled back.\n", "")
    assert _check(review, ctx=Context(config, CTX.catalog))[1] == []


def test_a_schema_error_leaves_no_model_but_every_other_finding() -> None:
    text = TEXT.replace("authors: [jane]", "authors: jane").replace(
        "Slow detection.", "Careless.").replace("incident: " + ID, "incident: 2026-01-01-nope")
    model, found = _check(text)
    assert model is None
    assert [f.split(" [")[1].split("]")[0] for f in found] == [
        "wrong-type", "blameless", "id-mismatch", "unknown-incident"]


def test_an_unreadable_people_file_checks_no_person() -> None:
    ctx = Context(Config(), Catalog(people=None, incidents=frozenset({ID})))
    assert _check(TEXT.replace("owner: carol", "owner: carl"), ctx=ctx)[1] == []
