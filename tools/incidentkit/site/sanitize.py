"""The HTML of every page the MkDocs plugin builds, cleaned by ``nh3`` (ammonia) before the theme
wraps it.

The allow-list keeps what Markdown, its usual extensions (tables, admonitions, code highlighting,
footnotes, task lists, tabs, details, emoji icons), Material and our templates produce: classes
and ids (headings, permalinks, footnotes), titles, ``data-*`` attributes, ARIA names and roles
(a chart is an image named by its caption), the incidents filter's form, inline SVG icons and
charts (a target's dashed line and its label). Links and images may only be http, https,
mailto or relative URLs; scripts, styles, event handlers, frames, forms' actions and ``style``
attributes go. The metrics page alone keeps the ``<style>`` element and ``style`` attributes of
its pygal charts (their text comes from pygal, which escapes it). The on-call pages keep one
kind of ``style``: the place of a piece of a schedule's timeline, ``left:12.5%;width:50%`` on a
``span`` and nothing else (:mod:`incidentkit.site.timeline`).

This is a second wall: the generated Markdown escapes data text and neutralises link schemes
already (:mod:`incidentkit.site.text`); hand-written pages in ``docs/`` pass through it too.
"""

from __future__ import annotations

import re

import nh3

from incidentkit.site import paths

#: Safe schemes for ``href``/``src``; URLs without a scheme (relative, ``#anchor``) are kept.
URL_SCHEMES = frozenset(["http", "https", "mailto"])

_SVG = frozenset(["svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline",
                  "polygon", "text", "tspan", "title", "desc", "defs"])
TAGS = frozenset(nh3.ALLOWED_TAGS | _SVG | {
    "form", "label", "select", "option", "output", "input", "button", "section",
    "main", "picture", "source", "caption", "kbd", "var", "samp"})
_COMMON = {"class", "id", "title", "hidden", "lang", "dir", "role", "aria-label",
           "aria-labelledby", "aria-describedby", "aria-hidden", "tabindex"}
_SVG_ATTRIBUTES = {"viewBox", "xmlns", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r",
                   "rx", "ry", "width", "height", "points", "transform", "fill", "stroke",
                   "stroke-width", "stroke-dasharray", "fill-rule", "clip-rule", "text-anchor",
                   "font-size", "font-family", "dx", "dy", "preserveAspectRatio", "focusable"}
ATTRIBUTES: dict[str, set[str]] = {
    "*": _COMMON | _SVG_ATTRIBUTES,
    "a": {"href", "name", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "source": {"srcset", "type", "media"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start", "type"},
    "li": {"value"},
    "input": {"type", "checked", "disabled", "name", "value"},
    "label": {"for"},
    "option": {"value", "selected"},
    "select": {"name"},
    "details": {"open"},
    "time": {"datetime"},
    "code": {"data-lang"},
    "abbr": {"title"},
}
_CHARTS = {"style"}
_PLACE = re.compile(r"left:\d{1,3}(?:\.\d{1,3})?%;width:\d{1,3}(?:\.\d{1,3})?%")
_TIMELINE = {**ATTRIBUTES, "span": ATTRIBUTES.get("span", set()) | {"style"}}


def _place(tag: str, attribute: str, value: str) -> str | None:
    """Keep a ``style`` only when it places a timeline's piece."""
    if attribute != "style":
        return value
    return value if tag == "span" and _PLACE.fullmatch(value) else None


def _clean(html: str, *, charts: bool, timeline: bool = False) -> str:
    attributes = ATTRIBUTES
    if charts:
        attributes = {**ATTRIBUTES, "*": ATTRIBUTES["*"] | _CHARTS}
    return nh3.clean(
        html,
        tags=set(TAGS | (_CHARTS if charts else set())),
        clean_content_tags={"script"} | (set() if charts else {"style"}),
        attributes=_TIMELINE if timeline else attributes,
        generic_attribute_prefixes={"data-"},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
        attribute_filter=_place if timeline else None,
    )


def page_html(html: str, src_uri: str) -> str:
    """The content of page ``src_uri`` (docs-relative), sanitised."""
    return _clean(html, charts=src_uri == paths.METRICS,
                  timeline=src_uri.startswith(paths.ONCALL.rpartition("/")[0] + "/"))
