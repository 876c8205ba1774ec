"""Feeds stay well-formed whatever the text: a control character in a title (issue 8)."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from icalendar import Calendar

from incidentkit.repository import Doc, Repository, open_repository
from incidentkit.site.generator import Generator, SiteOptions
from incidentkit.site.text import xml_text
from incidentkit.store.source import WorkingTree
from tests.site.conftest import BASE, NOW

INCIDENT = "2026-01-15-auth-login-failures"
ATOM = "{http://www.w3.org/2005/Atom}"


def _hostile() -> Repository:
    """The base repository with control characters in an incident's text and a person's name
    (set on the models: ``validate`` may refuse them in files, the site must not break)."""
    repo = open_repository(WorkingTree(BASE))
    doc = repo.incidents[INCIDENT]
    model = doc.model.model_copy(update={
        "title": "Login\x01 failures\x1b[31m for\x0b ~30%\ufffe of users",
        "summary": "Pool\x00 exhausted\x08.\ud800"})
    repo.incidents[INCIDENT] = Doc(doc.rel, model)
    for key, service in list(repo.services.items()):
        repo.services[key] = service.model_copy(update={"name": f"{service.name}\x07"})
    for key, schedule in list(repo.schedules.items()):
        named = schedule.model.model_copy(update={"name": "Primary\x07\nEND:VEVENT\r\nX:y"})
        repo.schedules[key] = Doc(schedule.rel, named)
    return repo


def test_xml_text_keeps_allowed_characters_only() -> None:
    assert xml_text("a\x00b\x08c\td\ne\rf\x0bg\x1fh\ufffei\uffffj\ud800k\x7fl€") == (
        "abc\td\ne\rfgh\ufffdi\ufffdj\ufffdk\x7fl€")


def test_feed_parses_and_shows_the_title_without_the_control_characters() -> None:
    pages = Generator(BASE).generate(_hostile(), SiteOptions(now=NOW))
    feed = ET.fromstring(pages["feed.xml"].encode("utf-8"))
    entry = feed.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}title") == "[SEV1] Login failures[31m for ~30%\ufffd of users"
    assert entry.findtext(f"{ATOM}summary") == "resolved: Pool exhausted.\ufffd"
    status = json.loads(pages["status.json"])
    assert status["services"][0]["name"] == "Auth API\x07"
    calendars = [text for path, text in pages.items() if path.endswith(".ics")]
    assert calendars
    for text in calendars:
        calendar = Calendar.from_ical(text)
        assert "\r\nX-WR-CALNAME:On call: Primary\x07\\nEND:VEVENT\\nX:y\r\n" in text
        assert [e.name for e in calendar.subcomponents] == ["VEVENT"] * len(
            calendar.subcomponents)
