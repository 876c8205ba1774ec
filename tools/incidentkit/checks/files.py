"""Read one file, parse it, and run the checks of its kind: the per-file unit of work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from incidentkit.checks import control
from incidentkit.checks.context import Context
from incidentkit.checks.finding import Finding
from incidentkit.checks.located import Located
from incidentkit.checks.registry import BY_KIND
from incidentkit.store.frontmatter import Split, split
from incidentkit.store.layout import Kind
from incidentkit.store.reading import read_file
from incidentkit.store.yamlload import Loaded, Problem, decode, load_text


def _problem(rel: str, problem: Problem) -> Finding:
    return Located(rel, None).error_at(problem.line, problem.col, problem.code, problem.message)


def read(root: Path, rel: str, kind: Kind) -> tuple[Loaded, Split | None] | Finding:
    """The parsed YAML of a file (the front matter for Markdown), or the finding that stops it."""
    return parse_raw(rel, kind, read_file(root, rel))


def parse_raw(rel: str, kind: Kind, raw: bytes | Problem
              ) -> tuple[Loaded, Split | None] | Finding:
    """The parsed YAML of some bytes read for ``rel`` (or the finding that stops them)."""
    if isinstance(raw, Problem):
        return _problem(rel, raw)
    text = decode(raw)
    if isinstance(text, Problem):
        return _problem(rel, text)
    return parse(rel, kind, text)


def parse(rel: str, kind: Kind, text: str) -> tuple[Loaded, Split | None] | Finding:
    """The parsed YAML of a text (the front matter for Markdown), or the finding that stops it."""
    parts: Split | None = None
    if BY_KIND[kind].markdown:
        cut = split(text)
        if isinstance(cut, Problem):
            return _problem(rel, cut)
        parts = cut
        loaded = load_text(cut.meta, line_offset=cut.meta_offset)
    else:
        loaded = load_text(text)
    if loaded.problem is not None:
        return _problem(rel, loaded.problem)
    return loaded, parts


def _shape(rel: str, loaded: Loaded, kind: Kind) -> Finding | None:
    items = BY_KIND[kind].items
    want_list = items is not None
    ok = isinstance(loaded.data, list) if want_list else isinstance(loaded.data, dict)
    if ok:
        return None
    got = type(loaded.data).__name__
    source = Located.of(rel, loaded)
    if want_list:
        return source.finding(
            (), "not-a-list", f"the top level must be a list of {items} ('- ...'), not {got}"
        )
    return source.finding((), "not-a-mapping",
                          f"the top level must be a mapping of keys to values, not {got}")


def check_file(root: Path, rel: str, kind: Kind, ctx: Context) -> tuple[Any, list[Finding]]:
    """The model of the file (``None`` when invalid) and every finding in it."""
    if rel.endswith(".yml"):
        return None, [_yml(rel)]
    return _check(rel, kind, read(root, rel, kind), ctx)


def _yml(rel: str) -> Finding:
    return Located(rel, None).error_at(
        1, 1, "file-name", "incidentkit reads '.yaml' files: rename this file to .yaml")


def check_raw(rel: str, kind: Kind, raw: bytes | Problem, ctx: Context
              ) -> tuple[Any, list[Finding]]:
    """What ``check_file`` says of a file whose bytes (or the problem reading them) the caller
    already has."""
    if rel.endswith(".yml"):
        return None, [_yml(rel)]
    return _check(rel, kind, parse_raw(rel, kind, raw), ctx)


def check_text(rel: str, kind: Kind, text: str, ctx: Context) -> tuple[Any, list[Finding]]:
    """What ``check_file`` would say of ``text`` if it were the file at ``rel`` (an edit about
    to be written is checked before it reaches the disk)."""
    return _check(rel, kind, parse(rel, kind, text), ctx)


def _check(
    rel: str, kind: Kind, got: tuple[Loaded, Split | None] | Finding, ctx: Context
) -> tuple[Any, list[Finding]]:
    if isinstance(got, Finding):
        return None, [got]
    loaded, parts = got
    bad_shape = _shape(rel, loaded, kind)
    if bad_shape is not None:
        return None, [bad_shape]
    source = Located.of(rel, loaded)
    controls = control.check(source, loaded.data)
    model, findings = _kind(source, loaded.data, kind, parts, ctx)
    if controls:  # the model is not used: its text would carry the characters on
        return None, controls + findings
    return model, findings


def _kind(source: Located, data: Any, kind: Kind, parts: Split | None, ctx: Context
          ) -> tuple[Any, list[Finding]]:
    return BY_KIND[kind].check(source, data, parts, ctx)
