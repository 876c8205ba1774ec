"""Checks of one runbook: front matter, owner and services, required sections."""

from __future__ import annotations

import re

from pydantic import TypeAdapter

from incidentkit.checks import links, references, schema
from incidentkit.checks.context import Context
from incidentkit.checks.finding import Finding
from incidentkit.checks.located import Located
from incidentkit.model.runbook import RUNBOOK_SECTIONS, RunbookMeta
from incidentkit.store.frontmatter import Split, sections
from incidentkit.store.layout import stem
from incidentkit.store.text import quote

ADAPTER: TypeAdapter[RunbookMeta] = TypeAdapter(RunbookMeta)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")


def check(
    source: Located, data: object, split: Split, ctx: Context
) -> tuple[RunbookMeta | None, list[Finding]]:
    meta, findings = schema.validate(source, ADAPTER, data)
    findings += links.check(source.rel, split.body, split.body_line)
    file_stem = stem(source.rel)
    if not _SLUG.match(file_stem):
        findings.append(source.error_at(
            1, 1, "invalid-id",
            f"runbook file name {quote(file_stem)} is not a slug: rename it to lowercase letters, "
            "digits and '-'",
        ))
    if meta is None:
        return None, findings
    findings += references.dangling(
        source, "person", [(("owner",), meta.owner)], ctx.catalog.people
    )
    findings += references.dangling(
        source, "service", ((("services", i), s) for i, s in enumerate(meta.services)),
        ctx.catalog.services,
    )
    found = {s.title.casefold(): s for s in sections(split.body, split.body_line) if s.level == 2}
    for title in RUNBOOK_SECTIONS:
        section = found.get(title.casefold())
        if section is None:
            findings.append(source.error_at(
                split.body_line, 1, "missing-section",
                f"runbook section '## {title}' is missing: add it with its text",
            ))
        elif section.is_empty:
            findings.append(source.error_at(
                section.line, 1, "empty-section",
                f"runbook section '## {title}' is empty: write what the responder does",
            ))
    return meta, findings
