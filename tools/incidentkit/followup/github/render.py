"""What the issue of an action item should say: title, body, labels and assignee."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from incidentkit.config import Config
from incidentkit.escape import github as md_cell
from incidentkit.followup.github.markers import Key, item_marker, synced_marker
from incidentkit.model.incident import Incident
from incidentkit.model.postmortem import ActionItem, ItemStatus
from incidentkit.model.types import format_duration
from incidentkit.present import utc_minute
from incidentkit.repository import Repository

PRIORITIES = ("P0", "P1", "P2", "P3")
PRIORITY_COLORS = {"P0": "b60205", "P1": "d93f0b", "P2": "fbca04", "P3": "0e8a16"}
BASE_COLOR = "5319e7"
INCIDENT_COLOR = "c5def5"
#: GitHub refuses label names longer than this.
MAX_LABEL = 50


def incident_label(incident_id: str) -> str:
    """``incident/<id>``; a longer one is cut and given a hash so it stays unique."""
    name = f"incident/{incident_id}"
    if len(name) <= MAX_LABEL:
        return name
    digest = hashlib.sha1(incident_id.encode(), usedforsecurity=False).hexdigest()[:6]
    return f"{name[: MAX_LABEL - 7]}~{digest}"


def is_managed(label: str, base: str) -> bool:
    """Labels sync owns: the base label, ``priority/P0``..``P3`` and ``incident/*``."""
    return label == base or label in {f"priority/{p}" for p in PRIORITIES} or label.startswith(
        "incident/")


def label_style(label: str, base: str) -> tuple[str, str]:
    """Color and description for a label sync creates."""
    if label == base:
        return BASE_COLOR, "Postmortem action item, kept in step by incidentkit"
    if label.startswith("priority/"):
        return PRIORITY_COLORS.get(label.removeprefix("priority/"), "ededed"), (
            f"Action item priority {label.removeprefix('priority/')}")
    return INCIDENT_COLOR, f"Action items of incident {label.removeprefix('incident/')}"[:100]


@dataclass(frozen=True, slots=True)
class Want:
    """One action item and the issue it should have."""

    incident: str
    item_id: str
    #: The postmortem file, relative to the repository.
    rel: str
    #: Position in ``action_items``.
    index: int
    title: str
    labels: tuple[str, ...]
    #: The owner's GitHub login, if they have one.
    login: str | None
    owner: str
    owner_name: str
    status: ItemStatus
    #: The issue number written in the file.
    recorded: int | None
    priority: str
    due: str
    incident_title: str
    link: str

    @property
    def key(self) -> Key:
        return (self.incident, self.item_id)

    @property
    def name(self) -> str:
        """How messages name the item: ``2026-01-15-auth-login-failures AI-1``."""
        return f"{self.incident} {self.item_id}"

    def body(self, status: str, assignee: str | None) -> str:
        owner = (f"{md_cell(self.owner_name)} (@{self.login})" if self.login else
                 f"{md_cell(self.owner_name)} (`{self.owner}` has no GitHub login in "
                 "oncall/people.yaml)")
        return "\n".join([
            item_marker(self.key),
            f"Action item **{self.item_id}** from the postmortem of "
            f"[{self.incident}]({self.link}): {md_cell(self.incident_title)}",
            "",
            f"- **Owner:** {owner}",
            f"- **Priority:** {self.priority}",
            f"- **Due:** {self.due}",
            f"- **Status:** {status}",
            "",
            f"This issue is written by `incidentkit actions sync` from `{self.rel}`: change "
            "the action item there. Close the issue as completed to mark the item `done`, as "
            "not planned to mark it `wont-do`; reopen it to mark it `open` again.",
            "",
            synced_marker(status, assignee),
        ]) + "\n"


def due_text(item: ActionItem, incident: Incident | None, config: Config) -> str:
    due = config.action_items.due(item, incident.resolved_at if incident else None)
    if isinstance(due, datetime):
        after = format_duration(config.action_items.due_after[item.priority])
        return f"{utc_minute(due)} ({item.priority} default, {after} after resolution)"
    if due is not None:
        return due.isoformat()
    after = format_duration(config.action_items.due_after[item.priority])
    return f"{after} after the incident is resolved ({item.priority} default)"


def postmortem_link(config: Config, incident_id: str, rel: str, repo_web: str) -> str:
    """The postmortem on the knowledge base (``github.site_url``), else the file on GitHub."""
    if config.github.site_url:
        return f"{config.github.site_url.rstrip('/')}/postmortems/{incident_id}/"
    return f"{repo_web}/blob/HEAD/{rel}"


def wants(repo: Repository, repo_web: str) -> list[Want]:
    """Every action item of every valid postmortem, by file and position."""
    out: list[Want] = []
    cfg = repo.config
    for incident_id, doc in sorted(repo.postmortems.items(), key=lambda kv: kv[1].rel):
        incident = repo.incidents.get(incident_id)
        incident_doc = incident.model if incident else None
        link = postmortem_link(cfg, incident_id, doc.rel, repo_web)
        for index, item in enumerate(doc.model.action_items):
            person = repo.people.get(item.owner)
            out.append(Want(
                incident=incident_id, item_id=item.id, rel=doc.rel, index=index,
                title=f"{item.id}: {item.title} ({incident_id})",
                labels=(cfg.github.label, f"priority/{item.priority}",
                        incident_label(incident_id)),
                login=person.github if person else None, owner=item.owner,
                owner_name=person.name if person else item.owner, status=item.status,
                recorded=item.issue, priority=item.priority,
                due=due_text(item, incident_doc, cfg),
                incident_title=incident_doc.title if incident_doc else incident_id, link=link))
    return out
