"""Markdown bodies written by people (postmortems, runbooks, handbook pages), made safe to
render: raw HTML, ``{ attr_list }`` blocks and links or images to any scheme but http, https
and mailto are neutralised outside code, while the body stays Markdown.

It sits below the checks, the authoring commands and the site, which all use it: ``validate``
warns about the links it would disarm (:func:`unsafe_destinations`), ``new postmortem``
sanitises what it copies from the incident, and the site every body it publishes.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+|mailto:[^\s<>]+)>")
_CODE_MARK = re.compile("\x00(\\d+)\x00")
#: An ``&`` that does not begin one of the entities the sanitiser itself writes (``&lt;``,
#: ``&gt;``, ``&amp;``): those stay, so that text sanitised once (a drafted postmortem) shows
#: the same when it is sanitised again (the site), instead of ``&lt;b>``. They decode to
#: characters that never form markup or a scheme.
_AMPERSAND = re.compile(r"&(?!(?:lt|gt|amp);)")
#: A ``{`` not already escaped (after an even number of backslashes, none included).
_BRACE = re.compile(r"(?<!\\)((?:\\\\)*)\{")
#: Where a link or image destination starts, and the scheme it may have (see
#: :func:`safe_destinations`); a footnote (``[^1]: …``) is not a reference definition.
_DESTINATION = re.compile(
    r"(?P<start>\](?:[ \t\r\n]*+\(|(?P<definition>:)))(?P<space>[ \t\r\n]*+)"
    r"(?:[\x00-\x20]|&lt;)*+(?P<scheme>[A-Za-z][A-Za-z0-9+.\-\x00-\x20]*+):")
_SCHEME = re.compile(r"[\x00-\x20]*+([A-Za-z][A-Za-z0-9+.\-\x00-\x20]*+):")
_IGNORED = re.compile(r"[\x00-\x20]")
#: The schemes a link or image may have, besides none (a relative URL).
SAFE_SCHEMES = frozenset(["http", "https", "mailto"])
UNSAFE_MARK = "?unsafe-link-removed:"


def _neutralise(line: str, code: list[str]) -> str:
    """One line of prose: raw HTML and attribute lists made literal; code spans set aside in
    ``code`` (a ``\\x00<n>\\x00`` mark stays in their place)."""
    out: list[str] = []
    last = 0
    for match in _CODE_SPAN.finditer(line):
        out.append(_prose(line[last:match.start()]))
        code.append(match.group())
        out.append(f"\x00{len(code) - 1}\x00")
        last = match.end()
    out.append(_prose(line[last:]))
    return "".join(out)


def _prose(text: str) -> str:
    links: list[str] = []

    def keep(match: re.Match[str]) -> str:
        links.append(match.group())
        return f"\x00{len(links) - 1}\x00"

    text = _AUTOLINK.sub(keep, text)
    text = _AMPERSAND.sub("&amp;", text).replace("<", "&lt;")
    text = _BRACE.sub(lambda m: m.group(1) + "\\{", text)
    return re.sub("\x00(\\d+)\x00", lambda m: links[int(m.group(1))], text)


def _disarm(match: re.Match[str]) -> str:
    scheme = _IGNORED.sub("", match.group("scheme")).lower()
    if scheme in SAFE_SCHEMES or (match.group("definition") and _footnote(match)):
        return match.group()
    start, space = match.group("start", "space")
    if "\n" in space or "\r" in space:  # keep the mark on the line of its ``](`` or ``]:``
        return start + UNSAFE_MARK + space
    return start + space + UNSAFE_MARK


def _footnote(match: re.Match[str]) -> bool:
    """Whether the ``]:`` of ``match`` ends a footnote's label (``[^1]: …``)."""
    text, end = match.string, match.start()
    start = text.rfind("[", max(0, end - 1000), end)  # a label is at most 999 characters
    return start >= 0 and text.startswith("[^", start) and "]" not in text[start:end]


def safe_destinations(prose: str) -> str:
    """``prose`` with every link or image destination whose scheme is not http, https or mailto
    sent to ``?unsafe-link-removed:…``, a query on the page itself: the scheme (and what comes
    before it) is replaced, the rest of the destination kept. (Not an anchor: ``zensical build
    --strict`` fails on a link to an anchor the page does not have.)

    A destination starts after ``](`` (inline links and images) or ``]:`` (reference
    definitions, which shortcut, collapsed and full references use, in table cells too), past
    any white space, line break or control character; its scheme is read as a browser reads it,
    with tabs, line breaks and control characters removed and letters in any case
    (``java\\tscript:``, ``\\x01JaVaScRiPt:``). Entities cannot spell a scheme: the caller has
    made every ``&`` literal already.
    """
    return _DESTINATION.sub(_disarm, prose)


def prose_only(body: str) -> str:
    """``body`` with fenced code blocks and code spans blanked (spaces), every offset kept:
    what the checks look at for links and placeholders."""
    lines = []
    fence: str | None = None
    for line in body.split("\n"):
        match = _FENCE.match(line)
        if fence is not None or match:
            lines.append(" " * len(line))  # code: blanked, offsets kept
            if fence is None:
                fence = match.group(1) if match else None
            elif match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
        else:
            lines.append(_CODE_SPAN.sub(lambda m: " " * len(m.group()), line))
    return "\n".join(lines)


def unsafe_destinations(body: str) -> list[tuple[int, str]]:
    """Where link or image destinations of ``body`` (raw Markdown) have an unsafe scheme, as
    :func:`safe_destinations` finds them outside code: ``(offset, scheme)`` pairs, the
    offset that of the scheme's first letter, the scheme as a browser reads it."""
    found = []
    for match in _DESTINATION.finditer(prose_only(body)):
        scheme = _IGNORED.sub("", match.group("scheme")).lower()
        if scheme not in SAFE_SCHEMES and not (match.group("definition") and _footnote(match)):
            found.append((match.start("scheme"), scheme))
    return found


def safe_url(url: str) -> str:
    """``url`` if its scheme is http, https or mailto or it has none (relative), else
    ``?unsafe-link-removed:`` and what follows the scheme."""
    match = _SCHEME.match(url)
    if match is None or _IGNORED.sub("", match.group(1)).lower() in SAFE_SCHEMES:
        return url
    return UNSAFE_MARK + url[match.end():]


def sanitize_body(body: str) -> str:
    """A Markdown body written by people, with no way to inject HTML or script.

    Fenced code blocks and code spans are kept byte for byte (code escapes itself); elsewhere,
    indented lines included (they may continue a list item, where HTML would be live),
    ``<`` and ``&`` become entities (autolinks such as ``<https://…>`` stay; ``&lt;``,
    ``&gt;`` and ``&amp;`` are kept), ``{`` is escaped so that no ``{ onclick=… }`` attribute
    list applies, and a link or image to anything but an
    http, https, mailto or relative URL points nowhere (:func:`safe_destinations`). NUL, which
    Markdown renderers replace anyway, becomes U+FFFD. Sanitising twice changes nothing more:
    ``sanitize_body(sanitize_body(b)) == sanitize_body(b)``, so text typed into an incident
    (``<b>``) and copied into a postmortem draft shows as typed on the site, escaped once.
    """
    out: list[str] = []
    prose: list[str] = []
    code: list[str] = []

    def flush() -> None:
        if prose:
            text = safe_destinations("\n".join(prose))
            out.append(_CODE_MARK.sub(lambda m: code[int(m.group(1))], text))
            prose.clear()
            code.clear()

    fence: str | None = None
    for line in body.replace("\x00", "\ufffd").split("\n"):
        match = _FENCE.match(line)
        if fence is not None:
            out.append(line)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            flush()
            fence = match.group(1)
            out.append(line)
            continue
        prose.append(_neutralise(line, code))
    flush()
    return "\n".join(out)
