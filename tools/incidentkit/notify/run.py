"""One ``notify`` run: the events between two commits, routed, put in words, and sent once.

:func:`plan` reads each commit from the merge base of BASE and HEAD to HEAD (along first
parents, against its parent, as ``diff`` reads two versions), the head's configuration and
catalog, and the ledger, and decides what to send: every new (event, channel) pair, and the
deliveries that failed before and whose next try is due. :func:`deliver` checks every secret
the plan needs before it sends anything, writes the plan into the ledger, then sends one
delivery at a time, recording each in the ledger as it goes. A delivery that fails stays
pending with a later next try; the others still go out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from incidentkit.changes.versions import open_versions, snapshot, touched
from incidentkit.checks.finding import Finding
from incidentkit.followup.github.safe import Redactor, server_text
from incidentkit.model.notify import Channel
from incidentkit.model.times import parse_timestamp
from incidentkit.notify import routing
from incidentkit.notify.channels import TYPES
from incidentkit.notify.channels.base import Failure, Secrets, read
from incidentkit.notify.events import events
from incidentkit.notify.ledger import Ledger, load, stamp
from incidentkit.notify.message import Message, compose
from incidentkit.repository import open_repository
from incidentkit.store.source import Source

#: The most commits of one run compared one by one.
MAX_STEPS = 100


@dataclass(frozen=True, slots=True)
class Delivery:
    event: str
    kind: str
    incident: str
    channel: Channel
    payload: dict[str, Any]
    #: Tries so far (0 for a new delivery).
    attempts: int = 0
    #: Ids of the updates the event carries (:attr:`.events.Event.aliases`).
    aliases: tuple[str, ...] = ()
    #: Planned by an earlier run (a retry, or a run that was stopped before sending it).
    pending: bool = False


@dataclass(slots=True)
class Plan:
    root: Path
    ledger: Ledger
    deliveries: list[Delivery] = field(default_factory=list)
    #: Pending deliveries whose next try is later: (delivery, when).
    waiting: list[tuple[Delivery, str]] = field(default_factory=list)
    #: Pending deliveries to a channel no longer configured (dropped from the ledger).
    orphans: list[tuple[str, str]] = field(default_factory=list)
    #: Events found between the two versions.
    events: int = 0
    #: The first error of each changed file HEAD cannot read (its events wait for a fix).
    unreadable: list[Finding] = field(default_factory=list)


@dataclass(slots=True)
class Outcome:
    sent: list[tuple[Delivery, str]] = field(default_factory=list)
    #: (delivery, why, next try).
    failed: list[tuple[Delivery, str, str]] = field(default_factory=list)


def plan(root: Path, base: str, head: str, *, now: datetime) -> Plan:
    """What this run would send (nothing is written)."""
    old_version, new_version = open_versions(root, base, head)
    repo = open_repository(new_version, only=lambda rel: False)
    config = repo.config
    ledger = load(root / config.notify.ledger, config.notify.ledger)
    result = Plan(root, ledger)
    found = []
    for before, after in history(root, old_version, new_version):
        old_step, new_step = open_versions(root, before, after)
        keys = touched(old_step, new_step)
        if keys:
            new_snapshot = snapshot(new_step, keys)
            found += events(snapshot(old_step, keys), new_snapshot, after)
            if after == new_version.commit:
                result.unreadable = [f for f, _ in new_snapshot.unreadable]
    result.events = len(found)
    channels = {c.id: c for c in config.notify.channels}
    for event_id, waiting in sorted(ledger.pending.items()):
        for channel_id, entry in sorted(waiting.items()):
            channel = channels.get(channel_id)
            if channel is None or entry.get("type", channel.type) != channel.type:
                result.orphans.append((event_id, channel_id))  # its payload fits no channel
                continue
            delivery = Delivery(event_id, str(entry.get("event", "")),
                                str(entry.get("incident", "")), channel,
                                dict(entry.get("payload", {})), int(entry.get("attempts", 0)),
                                pending=True)
            due = str(entry.get("next_attempt", ""))
            if not due or _time(due) <= now:
                result.deliveries.append(delivery)
            else:
                result.waiting.append((delivery, due))
    people, services = repo.people, repo.services
    messages: dict[tuple[str, str], Message] = {}
    chosen: set[tuple[str, str]] = set()  # an incident deleted and declared again: once
    for event in found:
        for channel in routing.channels(event, config):
            names = (event.id, *event.aliases)
            if any(ledger.knows(name, channel.id) or (name, channel.id) in chosen
                   for name in names):
                continue
            chosen.update((name, channel.id) for name in names)
            key = (event.id, channel.audience)
            if key not in messages:
                messages[key] = compose(event, config, now=now, audience=channel.audience,
                                        people=people, services=services)
            body = TYPES[channel.type].payload(messages[key], channel)
            result.deliveries.append(Delivery(event.id, event.kind, event.incident.id,
                                              channel, body, aliases=event.aliases))
    return result


def history(root: Path, base: Source, head: Source) -> list[tuple[str, str]]:
    """``(parent, commit)`` for each commit from ``base`` (a merge base) to ``head`` along
    first parents, oldest first; more than :data:`MAX_STEPS` commits are compared as one step
    (their net change)."""
    import git

    assert base.commit is not None and head.commit is not None
    repo = git.Repo(root, search_parent_directories=True)
    commits = [c.hexsha for c in repo.iter_commits(
        f"{base.commit}..{head.commit}", first_parent=True, reverse=True,
        max_count=MAX_STEPS + 1)]
    if len(commits) > MAX_STEPS or not commits:
        return [(base.commit, head.commit)] if commits else []
    chain = [base.commit, *commits]
    parents = [repo.commit(c).parents for c in commits]
    if any(not p or p[0].hexsha != chain[n] for n, p in enumerate(parents)):
        return [(base.commit, head.commit)]  # the first-parent chain does not reach base
    return list(zip(chain, commits, strict=False))


def _time(text: str) -> datetime:
    try:
        return parse_timestamp(text)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)  # unreadable: due now


def channel_secrets(channels: Iterable[Channel], environ: Mapping[str, str]) -> Secrets:
    """Every secret the channels need, checked (missing, or an address that is not one):
    a :class:`FatalError` before anything is sent."""
    values: dict[str, str] = {}
    seen: set[str] = set()
    for channel in channels:
        if channel.id in seen:
            continue
        seen.add(channel.id)
        kind = TYPES[channel.type]
        for name in kind.needs(channel):
            values[name] = read(environ, name, channel)
        kind.check(channel, Secrets(values))
    return Secrets(values)


def secrets(deliveries: list[Delivery], environ: Mapping[str, str]) -> Secrets:
    """Every secret the deliveries need, checked (see :func:`channel_secrets`)."""
    return channel_secrets((d.channel for d in deliveries), environ)


def secret_forms(value: str) -> list[str]:
    """``value`` and, for an address, the parts a server may echo without the rest: its path,
    its query, and each long path segment or query value (a Slack webhook's secret is its last
    segment, a Teams workflow's its ``sig`` parameter)."""
    forms = [value]
    parts = urlsplit(value)
    if parts.scheme and parts.netloc:
        forms += [p for p in (parts.path, parts.query) if len(p) >= 8]
        forms += [p for p in parts.path.split("/") if len(p) >= 12]
        forms += [v for _, v in parse_qsl(parts.query) if len(v) >= 12]
    return forms


def deliver(planned: Plan, environ: Mapping[str, str], *, now: datetime) -> Outcome:
    """Send what ``planned`` holds, recording every delivery in the ledger as it goes."""
    if not planned.deliveries and not planned.orphans:
        return Outcome()  # nothing to send or remember: the ledger stays as it is
    found = secrets(planned.deliveries, environ)
    redact = Redactor(*(form for value in found.values.values() for form in secret_forms(value)))
    ledger = planned.ledger
    for event_id, channel_id in planned.orphans:
        ledger.drop(event_id, channel_id)
    for delivery in planned.deliveries:
        for alias in delivery.aliases:
            ledger.aliases[alias] = delivery.event
        if not delivery.pending:
            ledger.plan(delivery.event, delivery.channel.id, {
                "event": delivery.kind, "incident": delivery.incident,
                "type": delivery.channel.type, "attempts": 0,
                "next_attempt": stamp(now), "payload": delivery.payload})
    ledger.save()
    outcome = Outcome()
    for delivery in planned.deliveries:
        channel = delivery.channel
        try:
            said = TYPES[channel.type].send(channel, delivery.payload, found, redact)
        except Failure as exc:
            why = redact(str(exc))
            retry = ledger.failed(delivery.event, channel.id, now, why)
            outcome.failed.append((delivery, why, stamp(retry)))
        except Exception as exc:  # a channel's library failing: never a secret in the text
            why = f"{type(exc).__name__}: {server_text(str(exc), redact, 200)}"
            retry = ledger.failed(delivery.event, channel.id, now, why)
            outcome.failed.append((delivery, why, stamp(retry)))
        else:
            ledger.done(delivery.event, channel.id, now)
            outcome.sent.append((delivery, redact(said)))
        ledger.save()
    return outcome
