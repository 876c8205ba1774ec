"""Text from the data files, made safe for the pages the site is built from.

Three contexts, three escapes:

* Markdown text and table cells (:func:`incidentkit.escape.site`, ``site_cell``): every
  character with a meaning in Markdown gets a backslash and ``&``, ``<``, ``>`` become
  entities, so no tag, entity, link or emphasis survives; a cell also folds its lines.
* Raw HTML (:func:`attr`): :func:`html.escape` with quotes. Page titles go to the front matter
  escaped this way: Material prints ``page.meta.title`` into ``<title>`` as it is, while a title
  taken from the H1 is printed through ``striptags``, which decodes its entities again (a title
  ``</title><script>`` would leave the element).
* Markdown bodies written by people (postmortems, runbooks): :mod:`incidentkit.bodies`.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re

from incidentkit.escape import url as _url

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def attr(text: object) -> str:
    """``text`` for raw HTML, inside an element or a quoted attribute."""
    return html.escape("" if text is None else str(text), quote=True)


def link_target(address: str) -> str:
    """An external URL safe as a Markdown link destination."""
    return _url(address)


def xml_text(text: str) -> str:
    """``text`` with only characters XML 1.0 allows: C0 controls other than tab, line feed and
    carriage return are removed (they are invisible), lone surrogates and U+FFFE/U+FFFF become
    U+FFFD (the replacement character)."""
    if not _NOT_XML.search(text):
        return text
    return _NOT_XML.sub(lambda m: "" if m.group() < " " else "\ufffd", text)


def yaml_str(text: str) -> str:
    """A YAML scalar for front matter (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def plain_heading(line: str) -> str:
    """The text of a Markdown heading line (``# Title #`` → ``Title``), or the text itself."""
    return line.strip().lstrip("#").strip().rstrip("#").strip() or line


def relative(here: str, target: str) -> str:
    """The link from page ``here`` to page ``target``, both docs-relative POSIX paths."""
    if target.startswith("#"):
        return target
    path, hash_, anchor = target.partition("#")
    return _relpath(path, posixpath.dirname(here) or ".") + hash_ + anchor


@functools.lru_cache(maxsize=65536)
def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath``, remembered: the same few folders link to the same pages."""
    return posixpath.relpath(path, start)
