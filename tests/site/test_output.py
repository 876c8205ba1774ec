"""``incidentkit site --out``'s pieces: mkdocs.yml read and rewritten, the plugin's options, and
the output directory written whole or not at all."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from incidentkit.errors import FatalError
from incidentkit.site import output
from incidentkit.site.output import MARKER, read_mkdocs
from tests.repos import write

MKDOCS = """\
site_name: Ops <KB>
site_url: https://kb.example/ops/
use_directory_urls: false
plugins:
  - search
  - incidentkit:
      now: "2026-03-01T12:00:00Z"
      oncall_weeks: 2
      search: theme
extra_css: [custom.css]
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
"""


def test_mkdocs_yml_without_the_plugin_and_with_the_assets(tmp_path: Path) -> None:
    write(tmp_path, "mkdocs.yml", MKDOCS)
    settings = read_mkdocs(tmp_path)
    assert settings.plugin == {"now": "2026-03-01T12:00:00Z", "oncall_weeks": 2,
                               "search": "theme"}
    assert (settings.site_name, settings.site_url, settings.directory_urls,
            settings.docs_dir) == ("Ops <KB>", "https://kb.example/ops/", False, "docs")
    config = settings.config
    assert config["plugins"] == ["search"]
    assert config["extra_css"] == ["custom.css", "assets/incidentkit/site.css"]
    assert config["extra_javascript"] == ["assets/incidentkit/filter.js",
                                          "assets/incidentkit/timeline.js"]
    assert (config["docs_dir"], config["site_dir"]) == ("docs", "site")
    # A tag the safe loader does not know is written back as it was.
    dumped = yaml.dump(config["markdown_extensions"], Dumper=output._Dumper)
    assert dumped == ("- pymdownx.emoji:\n    emoji_index: !!python/name:material.extensions."
                      "emoji.twemoji ''\n")


def test_no_mkdocs_yml_is_the_defaults(tmp_path: Path) -> None:
    settings = read_mkdocs(tmp_path)
    assert (settings.plugin, settings.site_name, settings.site_url, settings.directory_urls) == (
        {}, "Incident knowledge base", None, True)
    assert "plugins" not in settings.config


@pytest.mark.parametrize(("text", "message"), [
    ("- a\n", "mkdocs.yml must be a mapping"),
    ("extra_css: x.css\n", "mkdocs.yml: extra_css must be a list of paths"),
    ("extra_javascript: {a: 1}\n", "mkdocs.yml: extra_javascript must be a list of paths"),
])
def test_a_bad_mkdocs_yml(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path, "mkdocs.yml", text)
    with pytest.raises(FatalError) as caught:
        read_mkdocs(tmp_path)
    assert caught.value.message == message



def test_a_yaml_error_in_mkdocs_yml_is_named_at_its_line(tmp_path: Path) -> None:
    write(tmp_path, "mkdocs.yml", "site_name: KB\nnav:\n  - a: b: c\n")
    with pytest.raises(FatalError) as caught:
        read_mkdocs(tmp_path)
    assert str(caught.value) == (
        "mkdocs.yml:3:9: YAML syntax error: mapping values are not allowed here: quote the "
        "value if it holds ': '")
    write(tmp_path, "mkdocs.yml", "a: [\n")
    with pytest.raises(FatalError) as caught:
        read_mkdocs(tmp_path)
    assert str(caught.value) == (
        "mkdocs.yml:2:1: YAML syntax error: expected the node content, but found '<stream end>' "
        "(while parsing a flow node): check the indentation and quoting here")
    write(tmp_path, "mkdocs.yml", "site_name: Ünïcode KB\nsite_url: é\x07\n")
    with pytest.raises(FatalError) as caught:
        read_mkdocs(tmp_path)
    assert str(caught.value) == (
        "mkdocs.yml:2:12: the control character U+0007 is not allowed in YAML: remove it")
    (tmp_path / "mkdocs.yml").write_bytes(b"site_name: K\xe9B\n")
    with pytest.raises(FatalError) as caught:
        read_mkdocs(tmp_path)
    assert str(caught.value) == "mkdocs.yml:1:13: byte 0xe9 is not UTF-8: save the file as UTF-8"
    (tmp_path / "mkdocs.yml").write_bytes(b"\xef\xbb\xbfsite_name: KB\n")  # a BOM is fine
    assert read_mkdocs(tmp_path).site_name == "KB"


def test_the_plugin_options(tmp_path: Path) -> None:
    write(tmp_path, "mkdocs.yml", MKDOCS)
    (tmp_path / "tpl").mkdir()
    settings = read_mkdocs(tmp_path)
    options, history = output.options_for(tmp_path, settings, now=None, intro="hi")
    assert (options.now, options.oncall_weeks, options.status_days, options.directory_urls,
            options.site_url, options.site_name, options.intro, options.templates) == (
        datetime(2026, 3, 1, 12, tzinfo=UTC), 2, 90, False, "https://kb.example/ops/",
        "Ops <KB>", "hi", None)
    assert history is True
    given = datetime(2026, 4, 1, tzinfo=UTC)
    assert output.options_for(tmp_path, settings, now=given, intro=None)[0].now == given
    write(tmp_path, "mkdocs.yml", "plugins:\n  - incidentkit:\n      oncall_weeks: many\n"
                                  "      templates: tpl\n      git_history: false\n")
    with pytest.raises(FatalError) as caught:
        output.options_for(tmp_path, read_mkdocs(tmp_path), now=None, intro=None)
    assert caught.value.message == (
        "mkdocs.yml: plugins: incidentkit: oncall_weeks: Expected type: <class 'int'> but "
        "received: <class 'str'>")


def test_the_output_replaces_only_an_earlier_output(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write(root, "mkdocs.yml", "site_name: KB\nplugins:\n  - incidentkit:\n      search: theme\n")
    write(root, "docs/index.md", "Hello <script>x</script>\n")
    settings = read_mkdocs(root)
    out = tmp_path / "out"
    output.write(out, root, {"incidents/index.md": "# Incidents\n"}, settings)
    assert (out / MARKER).is_file()
    assert (out / "docs/incidents/index.md").read_text() == "# Incidents\n"
    assert "<script>" not in (out / "docs/index.md").read_text()  # sanitised: no plugin later
    written = (out / "mkdocs.yml").read_text()
    assert written.startswith("# Written by `incidentkit site`")
    assert yaml.safe_load(written)["site_name"] == "KB"
    output.write(out, root, {"other.md": "x\n"}, settings)  # an earlier output: replaced
    assert not (out / "docs/incidents").exists()
    assert (out / "docs/other.md").read_text() == "x\n"
    mine = tmp_path / "mine"
    write(mine, "keep.txt", "mine\n")
    with pytest.raises(FatalError) as caught:
        output.write(mine, root, {}, settings)
    assert caught.value.message == (f"{mine} exists and is not an earlier output of incidentkit "
                                    "site: choose a new or empty directory")
    assert [p.name for p in mine.iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "out", "repo"]  # no leftovers
