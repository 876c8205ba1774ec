"""Checks of one postmortem: front matter, its incident, people, sections, blameless language."""

from __future__ import annotations

from pydantic import TypeAdapter

from incidentkit.checks import blameless, links, references, schema
from incidentkit.checks.context import Context
from incidentkit.checks.finding import Finding
from incidentkit.checks.located import Located
from incidentkit.model.postmortem import PostmortemMeta
from incidentkit.store.frontmatter import Split, sections
from incidentkit.store.layout import stem
from incidentkit.store.text import quote

ADAPTER: TypeAdapter[PostmortemMeta] = TypeAdapter(PostmortemMeta)


def check(
    source: Located, data: object, split: Split, ctx: Context
) -> tuple[PostmortemMeta | None, list[Finding]]:
    meta, findings = schema.validate(source, ADAPTER, data)
    findings += blameless.check(
        source.rel, split.body, split.body_line, ctx.config.blameless_phrases
    )
    findings += links.check(source.rel, split.body, split.body_line)
    if meta is None:
        return None, findings
    file_stem = stem(source.rel)
    if meta.incident != file_stem:
        findings.append(source.finding(
            ("incident",), "id-mismatch",
            f"incident {quote(meta.incident)} differs from the file name {quote(file_stem)}: a "
            "postmortem is named after its incident's id",
        ))
    findings += references.dangling(
        source, "incident", [(("incident",), meta.incident)], ctx.catalog.incidents
    )
    people: list[tuple[tuple[str | int, ...], str]]
    people = [(("authors", i), h) for i, h in enumerate(meta.authors)]
    people += [(("reviewers", i), h) for i, h in enumerate(meta.reviewers)]
    people += [(("action_items", i, "owner"), a.owner) for i, a in enumerate(meta.action_items)]
    findings += references.dangling(source, "person", people, ctx.catalog.people)
    seen: set[str] = set()
    for i, item in enumerate(meta.action_items):
        if item.id in seen:
            findings.append(source.finding(
                ("action_items", i, "id"), "duplicate-id",
                f"action item {item.id} appears twice: give each item its own id",
            ))
        seen.add(item.id)
    if meta.status in ("in-review", "final"):
        findings += _sections(source, split, meta.status, ctx)
    return meta, findings


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
        elif section.is_empty and title not in policy.may_be_empty:
            findings.append(source.error_at(
                section.line, 1, "empty-section",
                f"section '## {title}' is empty; a postmortem in {status} needs its text: "
                "write it, or move the status back to draft",
            ))
    return findings
