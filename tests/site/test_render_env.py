"""The site templates' environment: every value escaped once for Markdown, the helpers, and a
broken template named."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from incidentkit.errors import FatalError
from incidentkit.site import render
from incidentkit.site.views import Names
from tests.conftest import EXAMPLES
from tests.repos import opened, write

X = 'a <b> | *c* "q"'


def _render(source: str, **context: object) -> str:
    names = Names.of(opened(EXAMPLES / "base"))
    base = {"here": "services/auth-api.md", "known": frozenset({"incidents/index.md"}),
            "names": names}
    return render.environment(None).from_string(source).render({**base, **context})


def test_filters_escape_for_their_place() -> None:
    assert _render("{{ x }}", x=X) == 'a &lt;b&gt; \\| \\*c\\* "q"'
    assert _render("{{ x|cell }}", x=X) == 'a &lt;b&gt; \\| \\*c\\* "q"'
    assert _render("{{ x|attr }}", x=X) == "a &lt;b&gt; | *c* &quot;q&quot;"
    assert _render("{{ x|yaml }}", x=X) == '"a <b> | *c* \\"q\\""'
    assert _render("{{ x|title }}", x=X) == '"a &lt;b&gt; | *c* &quot;q&quot;"'
    assert _render("{{ ['a<', 'b']|join }}|{{ ['x', 'y']|join(' / ') }}") == "a&lt;, b|x / y"
    assert _render("{{ x|e }}{{ x|safe }}", x="<i>") == "&lt;i&gt;<i>"
    assert _render("{{ hs|people }}", hs=["jane", "zed"]) == "Jane Doe (jane), zed"


def test_times_and_durations() -> None:
    moment = datetime.fromisoformat("2026-01-15T16:00:00+01:00")
    assert _render("{{ t|when }}|{{ t|when('%d %b %H:%M') }}|{{ n|when }}", t=moment,
                   n=None) == "2026-01-15 15:00|15 Jan 15:00|—"
    assert _render("{{ d|duration }}|{{ n|duration }}", d=timedelta(minutes=90),
                   n=None) == "1h 30m|—"
    assert render.when(datetime(2026, 1, 5, 9, 7, tzinfo=UTC)) == "2026-01-05 09:07"


def test_links_are_relative_and_only_to_pages_that_exist() -> None:
    assert _render("{{ link(x, 'incidents/index.md') }}", x=X) == (
        '[a &lt;b&gt; \\| \\*c\\* "q"](../incidents/index.md)')
    assert _render("{{ link(x, 'gone.md') }}", x=X) == 'a &lt;b&gt; \\| \\*c\\* "q"'
    assert _render("{{ link('x', 'gone.md') }}", known=None) == "[x](../gone.md)"
    assert _render("{{ href('incidents/index.md#top') }}") == "../incidents/index.md#top"
    assert _render("{{ ext('ok', 'https://e.example/a b') }}") == "[ok](https://e.example/a%20b)"


def test_an_override_wins_and_a_broken_template_is_named(tmp_path: Path) -> None:
    write(tmp_path, "service.md.j2", "mine {{ x }}\n")
    write(tmp_path, "bad.md.j2", "a\n{% if %}\n")
    write(tmp_path, "boom.md.j2", "{{ nope }}\n")
    env = render.environment(tmp_path)
    assert render.render(env, "service.md.j2", {"x": "<y>"}) == "mine &lt;y&gt;\n"
    with pytest.raises(FatalError) as caught:
        render.render(env, "bad.md.j2", {})
    assert str(caught.value) == (f"{tmp_path}/bad.md.j2:2: template syntax error: Expected an "
                                 "expression, got 'end of statement block': fix the template")
    with pytest.raises(FatalError) as caught:
        render.render(env, "boom.md.j2", {})
    assert str(caught.value) == "template boom.md.j2 failed: 'nope' is undefined: fix the template"
    assert (render.BUILTIN / "service.md.j2").is_file()
