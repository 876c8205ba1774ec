"""Nothing internal reaches the public status page: the whole output of this repository's
example data (every file: HTML, feeds, JSON, stylesheet) is searched for every person's handle,
name, e-mail and GitHub login, every internal update's text, every other text only the team
reads (summaries, timelines, impact notes), every severity id, every incident's id and links,
and the knowledge base's addresses, and none is found."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from incidentkit.repository import open_repository
from incidentkit.store.source import WorkingTree
from tests.statuspage.conftest import DURING_MAINTENANCE, ROOT, build, files


def _secrets() -> dict[str, str]:
    """What must not appear, with why."""
    repo = open_repository(WorkingTree(ROOT))
    found: dict[str, str] = {}
    for person in repo.people.values():
        for what in ("handle", "name", "email", "github"):
            value = getattr(person, what)
            if value:
                found[value] = f"{what} of {person.handle}"
    for level in repo.config.severities:
        found[level.id] = "severity id"
    for doc in repo.incidents.values():
        i = doc.model
        found[i.id] = "incident id"
        found[i.summary.strip()] = f"summary of {i.id}"
        found[i.impact.summary.strip()] = f"impact summary of {i.id}"
        found.update((u.text.strip(), f"internal update of {i.id}")
                     for u in i.updates if u.audience == "internal")
        found.update((e.text.strip(), f"timeline of {i.id}") for e in i.timeline)
        found.update((link.url, f"link of {i.id}") for link in i.links)
    mkdocs = yaml.safe_load((ROOT / "mkdocs.yml").read_text().replace("!!python", "#"))
    for key in ("site_url", "repo_url"):
        if isinstance(mkdocs, dict) and mkdocs.get(key):
            found[mkdocs[key]] = f"mkdocs.yml {key}"
    if repo.config.github.site_url:
        found[repo.config.github.site_url] = "knowledge base URL"
    found.update({"postmortems/": "knowledge base path", "runbooks/": "knowledge base path",
                  "oncall/": "knowledge base path"})
    return found


def _leaks(out: Path, secrets: dict[str, str]) -> list[str]:
    leaks = []
    for rel, text in files(out).items():
        for secret, why in secrets.items():
            # Handles are lowercase words ("jun"): matched as written, so that a month in an
            # RSS date ("18 Jun 2026") is not one; everything else in any case.
            flags = 0 if why.startswith("handle") else re.IGNORECASE
            if re.search(rf"(?<![\w.@-]){re.escape(secret)}(?![\w@-])", text, flags):
                leaks.append(f"{rel}: {why}: {secret[:60]!r}")
    return leaks


def test_the_secrets_are_in_the_repository() -> None:
    secrets = _secrets()
    whys = set(secrets.values())
    assert any(w.startswith("internal update") for w in whys)
    assert any(w.startswith("handle") for w in whys)
    assert {"SEV0", "SEV1", "SEV2", "SEV3"} <= set(secrets)


def test_no_internal_word_in_any_file(example: Path, tmp_path: Path) -> None:
    secrets = _secrets()
    assert _leaks(example, secrets) == []
    during = build(tmp_path / "during", at=DURING_MAINTENANCE)
    assert _leaks(during, secrets) == []
    # The check itself finds a handle where there is one.
    (during / "index.html").write_text(f"<p>{next(iter(secrets))}</p>", encoding="utf-8")
    assert _leaks(during, secrets) != []
