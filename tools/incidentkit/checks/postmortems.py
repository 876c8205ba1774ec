"""Checks of one postmortem: front matter, its incident, people, sections, placeholders,
blameless language.

In review and final, a postmortem is really written: every required section has text (a
section holding only sub-headings and placeholders is empty), and no placeholder of the draft
is left (an HTML comment such as ``<!-- how many? -->``, or one of the draft's prompts with its
comment marks removed: :data:`~incidentkit.model.postmortem.DRAFT_PROMPTS`).
"""

from __future__ import annotations

import bisect
import re

from pydantic import TypeAdapter

from incidentkit.bodies import prose_only
from incidentkit.checks import blameless, custom, links, references, schema
from incidentkit.checks.context import Context
from incidentkit.checks.finding import Finding
from incidentkit.checks.located import Located
from incidentkit.model.postmortem import (
    DRAFT_PROMPTS,
    OTHER_SECTION_PROMPT,
    ActionItem,
    PostmortemMeta,
)
from incidentkit.store.frontmatter import Split, sections
from incidentkit.store.layout import stem
from incidentkit.store.text import quote

PLACEHOLDER = "placeholder"
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_HEADING = re.compile(r"(?m)^ {0,3}#{1,6}(?:[ \t].*)?$")
#: Prompts shorter than this are placeholders only inside a comment (``how many?`` may be
#: a writer's own words).
_LONG_PROMPT = 20

ADAPTER: TypeAdapter[PostmortemMeta] = TypeAdapter(PostmortemMeta)


def check(
    source: Located, data: object, split: Split, ctx: Context
) -> tuple[PostmortemMeta | None, list[Finding]]:
    meta, findings = schema.validate(source, ADAPTER, data)
    findings += blameless.check(
        source.rel, split.body, split.body_line, ctx.config.blameless_phrases
    )
    findings += links.check(source.rel, split.body, split.body_line)
    # Of an invalid front matter, the values valid on their own are still checked: one run
    # reports every independent problem.
    fields = schema.fields_of(PostmortemMeta, data, meta)
    file_stem = stem(source.rel)
    incident: str | None = fields.get("incident")
    if incident is not None and incident != file_stem:
        findings.append(source.finding(
            ("incident",), "id-mismatch",
            f"incident {quote(incident)} differs from the file name {quote(file_stem)}: a "
            "postmortem is named after its incident's id",
        ))
    if incident is not None:
        findings += references.dangling(
            source, "incident", [(("incident",), incident)], ctx.catalog.incidents
        )
    items: list[ActionItem] = fields.get("action_items") or []
    people: list[tuple[tuple[str | int, ...], str]]
    people = [(("authors", i), h) for i, h in enumerate(fields.get("authors") or [])]
    people += [(("reviewers", i), h) for i, h in enumerate(fields.get("reviewers") or [])]
    people += [(("action_items", i, "owner"), a.owner) for i, a in enumerate(items)]
    findings += references.dangling(source, "person", people, ctx.catalog.people)
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            findings.append(source.finding(
                ("action_items", i, "id"), "duplicate-id",
                f"action item {item.id} appears twice: give each item its own id",
            ))
        seen.add(item.id)
    findings += custom.check_values(source, data, fields.get("fields"), "postmortems", ctx)
    status: str | None = fields.get("status")
    if status in ("in-review", "final"):
        assert status is not None
        findings += _sections(source, split, status, ctx)
        findings += _placeholders(source, split, status, ctx)
    return meta, findings


def _prompts(ctx: Context) -> list[str]:
    """The prompt texts a draft may have left, longest first."""
    texts = [p for p in DRAFT_PROMPTS.values() if len(p) >= _LONG_PROMPT]
    texts += [OTHER_SECTION_PROMPT.format(section=title)
              for title in ctx.config.postmortems.required_sections]
    return sorted(set(texts), key=len, reverse=True)


def _empty(body: str, ctx: Context) -> bool:
    """Nothing but whitespace, sub-headings and placeholders."""
    text = _HEADING.sub("", _COMMENT.sub("", body))
    for prompt in _prompts(ctx):
        text = text.replace(prompt, "")
    return not text.strip()


def _placeholders(source: Located, split: Split, status: str, ctx: Context) -> list[Finding]:
    """An error at each comment or draft prompt left in the body (outside code)."""
    body = split.body
    if "<!--" not in body and not any(p in body for p in _prompts(ctx)):
        return []
    prose = prose_only(body)
    starts = [0] + [m.end() for m in re.finditer("\n", body)]

    def at(offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(starts, offset) - 1
        return split.body_line + index, offset - starts[index] + 1

    found: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []
    for match in _COMMENT.finditer(prose):
        spans.append(match.span())
        inner = body[match.start() + 4 : match.end()].removesuffix("-->").strip()
        found.append((match.start(), f"{quote(f'<!-- {inner} -->')} is a placeholder of the "
                      f"draft, left in a postmortem in {status}: write what it asks for and "
                      "remove the comment, or move the status back to draft"))
    for prompt in _prompts(ctx):
        for match in re.finditer(re.escape(prompt), prose):
            if any(a <= match.start() < b for a, b in spans):
                continue
            spans.append(match.span())
            found.append((match.start(), f"{quote(prompt)} is a prompt of the draft, left in a "
                          f"postmortem in {status}: replace it with the answer"))
    return [source.error_at(*at(offset), PLACEHOLDER, message) for offset, message in found]


def _sections(source: Located, split: Split, status: str, ctx: Context) -> list[Finding]:
    policy = ctx.config.postmortems
    found = {s.title.casefold(): s for s in sections(split.body, split.body_line) if s.level == 2}
    findings = []
    for title in policy.required_sections:
        section = found.get(title.casefold())
        if section is None:
            findings.append(source.finding(
                ("status",), "missing-section",
                f"section '## {title}' is missing; a postmortem in {status} needs every "
                "required section: add it with its text",
            ))
        elif title not in policy.may_be_empty and _empty(section.body, ctx):
            findings.append(source.error_at(
                section.line, 1, "empty-section",
                f"section '## {title}' is empty; a postmortem in {status} needs its text: "
                "write it, or move the status back to draft",
            ))
    return findings
