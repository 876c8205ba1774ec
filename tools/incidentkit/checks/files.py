"""Read one file, parse it, and run the checks of its kind: the per-file unit of work."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from incidentkit.checks import control, incidents, oncall, postmortems, runbooks, schema
from incidentkit.checks.context import Context
from incidentkit.checks.finding import Finding
from incidentkit.checks.located import Located
from incidentkit.config import Config
from incidentkit.store.frontmatter import Split, split
from incidentkit.store.layout import Kind
from incidentkit.store.reading import read_file
from incidentkit.store.yamlload import Loaded, Problem, decode, load_text

CONFIG: TypeAdapter[Config] = TypeAdapter(Config)
_LISTS = {Kind.PEOPLE: "people", Kind.SERVICES: "services", Kind.POLICIES: "escalation policies"}


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
    if kind in (Kind.POSTMORTEM, Kind.RUNBOOK):
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
    want_list = kind in _LISTS
    ok = isinstance(loaded.data, list) if want_list else isinstance(loaded.data, dict)
    if ok:
        return None
    got = type(loaded.data).__name__
    source = Located.of(rel, loaded)
    if want_list:
        return source.finding(
            (), "not-a-list", f"the top level must be a list of {_LISTS[kind]} ('- ...'), not {got}"
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


def _config(source: Located, data: Any, parts: Split | None, ctx: Context
            ) -> tuple[Any, list[Finding]]:
    return schema.validate(source, CONFIG, data)


def _with_body(check: Any) -> Any:
    def run(source: Located, data: Any, parts: Split | None, ctx: Context
            ) -> tuple[Any, list[Finding]]:
        assert parts is not None
        return check(source, data, parts, ctx)  # type: ignore[no-any-return]
    return run


def _data_only(check: Any) -> Any:
    def run(source: Located, data: Any, parts: Split | None, ctx: Context
            ) -> tuple[Any, list[Finding]]:
        return check(source, data, ctx)  # type: ignore[no-any-return]
    return run


KindCheck = Callable[[Located, Any, "Split | None", Context], tuple[Any, list[Finding]]]

#: The registry of checks: what each kind of file is checked with (after its shape and
#: control characters).
CHECKS: dict[Kind, KindCheck] = {
    Kind.INCIDENT: _data_only(incidents.check),
    Kind.POSTMORTEM: _with_body(postmortems.check),
    Kind.RUNBOOK: _with_body(runbooks.check),
    Kind.PEOPLE: _data_only(oncall.check_people),
    Kind.SERVICES: _data_only(oncall.check_services),
    Kind.POLICIES: _data_only(oncall.check_policies),
    Kind.SCHEDULE: _data_only(oncall.check_schedule),
    Kind.CONFIG: _config,
}


def _kind(source: Located, data: Any, kind: Kind, parts: Split | None, ctx: Context
          ) -> tuple[Any, list[Finding]]:
    return CHECKS[kind](source, data, parts, ctx)
