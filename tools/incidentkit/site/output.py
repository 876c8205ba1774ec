"""``incidentkit site --out DIR``: the generated pages on disk, for Zensical or any Markdown site
builder.

``DIR/docs/`` holds a copy of the repository's ``docs/`` (its Markdown pages sanitised, since
Zensical runs no plugin to clean their HTML) with the generated pages over it, and
``DIR/mkdocs.yml`` the repository's ``mkdocs.yml`` without the ``incidentkit`` plugin (the pages
are already there), with ``docs_dir: docs`` and with the site's stylesheet and scripts in
``extra_css`` / ``extra_javascript`` (:mod:`incidentkit.site.assets`, as the plugin adds
them); ``zensical build`` (or ``mkdocs build``) in ``DIR`` builds the same site as ``mkdocs
build`` in the repository. The plugin's options in ``mkdocs.yml`` apply to these pages too.

The directory is written next to ``DIR`` and renamed into place: a failure leaves ``DIR`` as it
was. An existing ``DIR`` is replaced only if it is empty or an earlier output (it has the marker
file).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from yaml.reader import ReaderError

from incidentkit.bodies import sanitize_body
from incidentkit.errors import FatalError
from incidentkit.ghactions import one_line
from incidentkit.repository import Repository
from incidentkit.site import assets, history, navigation, paths, search
from incidentkit.site.generator import Generator, SiteOptions
from incidentkit.store.atomic import replaced_folder
from incidentkit.store.frontmatter import Split, split
from incidentkit.store.reading import read_file, unsafe_entries
from incidentkit.store.yamlload import Problem, decode
from incidentkit.store.yamlproblems import marked, reader

MARKER = ".incidentkit-site"
MKDOCS = "mkdocs.yml"
PLUGIN = "incidentkit"


class _Tagged:
    """A YAML value with a tag the safe loader does not know (``!!python/name:…``), kept as is."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _unknown(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        assert isinstance(node, yaml.MappingNode)
        value = loader.construct_mapping(node, deep=True)
    return _Tagged(node.tag, value)


def _represent(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Loader.add_multi_constructor("!", _unknown)
_Loader.add_multi_constructor("tag:", _unknown)
_Dumper.add_representer(_Tagged, _represent)
_Dumper.add_representer(
    str, lambda dumper, text: dumper.represent_scalar(
        "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


@dataclass(frozen=True, slots=True)
class MkDocsSettings:
    """What the generator needs from ``mkdocs.yml``, and the file without the plugin."""

    plugin: dict[str, Any]
    site_name: str
    site_url: str | None
    directory_urls: bool
    docs_dir: str
    config: dict[str, Any]


def _load(path: Path) -> Any:
    """``mkdocs.yml``'s data; what is wrong with it is named at its line and column, in the
    words ``validate`` uses for a data file."""
    text = decode(path.read_bytes())
    problem: Problem | None = text if isinstance(text, Problem) else None
    if isinstance(text, str):
        try:
            return yaml.load(text, Loader=_Loader)
        except yaml.MarkedYAMLError as exc:
            problem = marked(exc, 0)
        except ReaderError as exc:
            # The pure-Python reader counts characters; ``reader`` expects libyaml's bytes.
            exc.position = len(text[: exc.position].encode("utf-8"))
            problem = reader(exc, text, 0)
        except yaml.YAMLError as exc:
            raise FatalError(f"cannot read {MKDOCS}: {one_line(str(exc))}") from None
    assert problem is not None
    raise FatalError(problem.message, location=f"{MKDOCS}:{problem.line}:{problem.col}")


def read_mkdocs(root: Path) -> MkDocsSettings:
    path = root / MKDOCS
    data: dict[str, Any] = {}
    if path.is_file():
        loaded = _load(path)
        if not isinstance(loaded, dict):
            raise FatalError(f"{MKDOCS} must be a mapping")
        data = loaded
    plugin: dict[str, Any] = {}
    plugins = []
    for entry in data.get("plugins") or []:
        name = next(iter(entry)) if isinstance(entry, dict) else entry
        if name == PLUGIN:
            plugin = dict(entry[name] or {}) if isinstance(entry, dict) else {}
        else:
            plugins.append(entry)
    config = {**data, "docs_dir": "docs", "site_dir": "site"}
    config.setdefault("site_name", "Incident knowledge base")
    if "plugins" in data:
        config["plugins"] = plugins
    for key, wanted in (("extra_css", assets.stylesheets()),
                        ("extra_javascript", assets.scripts())):
        listed = config.get(key) or []
        if not isinstance(listed, list):
            raise FatalError(f"{MKDOCS}: {key} must be a list of paths", status=1)
        added = assets.missing(listed, wanted)
        if added:
            config[key] = [*listed, *added]
    return MkDocsSettings(
        plugin=plugin, site_name=str(config["site_name"]),
        site_url=data.get("site_url") or None,
        directory_urls=bool(data.get("use_directory_urls", True)),
        docs_dir=str(data.get("docs_dir", "docs")), config=config)


def options_for(root: Path, settings: MkDocsSettings, *, now: datetime | None,
                intro: str | None) -> tuple[SiteOptions, bool]:
    """The generator's options from the plugin's options in ``mkdocs.yml`` (and ``now``)."""
    from incidentkit.site.config import IncidentkitConfig, site_now

    cfg = IncidentkitConfig(config_file_path=str(root / MKDOCS))
    cfg.load_dict(dict(settings.plugin))
    errors, _ = cfg.validate()
    if errors:
        raise FatalError("mkdocs.yml: plugins: incidentkit: "
                         + "; ".join(f"{key}: {err}" for key, err in errors))
    templates = cfg.templates
    return SiteOptions(
        now=now or site_now(cfg.now),
        templates=(root / templates) if templates else None,
        directory_urls=settings.directory_urls, site_url=settings.site_url,
        site_name=settings.site_name, github_url=cfg.github_url,
        oncall_weeks=cfg.oncall_weeks, status_days=cfg.status_days,
        feed_items=cfg.feed_items, intro=intro,
    ), bool(cfg.git_history)


def pages_for(root: Path, repo: Repository, *, now: datetime | None = None,
              git_history: bool | None = None) -> tuple[dict[str, str], MkDocsSettings]:
    settings = read_mkdocs(root)
    home = read_file(root, f"{settings.docs_dir}/{paths.HOME}")
    intro = None if isinstance(home, Problem) else home.decode("utf-8", "replace")
    options, use_history = options_for(root, settings, now=now, intro=intro)
    if git_history is not None:
        use_history = git_history
    pages = Generator(root).generate(repo, options,
                                     history.read(root) if use_history else None)
    return pages, settings


def write(out: Path, root: Path, pages: dict[str, str], settings: MkDocsSettings) -> None:
    """Write ``DIR`` (docs copy, pages, mkdocs.yml) next to it, then rename it into place."""
    with replaced_folder(out, MARKER, "incidentkit site") as tmp:
        docs = tmp / "docs"
        source = root / settings.docs_dir
        if source.is_dir():
            shutil.copytree(source, docs, ignore=unsafe_entries(root))
            _sanitize_pages(docs)
        for path, content in pages.items():
            target = docs / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8", newline="")
        config = search.prepare_output(docs, _config(settings.config, pages),  # search
                                       str(settings.plugin.get("search", search.PAGEFIND)))
        text = yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
        (tmp / MKDOCS).write_text(
            "# Written by `incidentkit site`: the repository's mkdocs.yml without the incidentkit"
            "\n# plugin, whose pages are in docs/ already, and with the stylesheet and scripts"
            "\n# those pages need. Build with `zensical build`.\n" + text,
            encoding="utf-8")


def _config(config: dict[str, Any], pages: dict[str, str]) -> dict[str, Any]:
    """``mkdocs.yml`` for ``DIR``: with the ``not_in_nav`` patterns of the generated detail
    pages (:mod:`incidentkit.site.navigation`) before the user's own."""
    existing = config.get("not_in_nav")
    if existing is not None and not isinstance(existing, str):
        raise FatalError(f"{MKDOCS}: not_in_nav must be a multi-line string of patterns",
                         status=1)
    patterns = navigation.not_in_nav(pages, existing)
    return config if patterns is None else {**config, "not_in_nav": patterns}


def _sanitize_pages(docs: Path) -> None:
    """The copied hand-written Markdown pages, sanitised as postmortem bodies are
    (:func:`~incidentkit.bodies.sanitize_body`): Zensical runs no plugin, so nothing cleans
    their HTML later. Raw HTML shows as text, script links point nowhere."""
    for page in docs.rglob("*.md"):
        if page.is_file() and not page.is_symlink():
            text = page.read_bytes().decode("utf-8", "replace")
            cut = split(text)
            head = text[:len(text) - len(cut.body)] if isinstance(cut, Split) else ""
            safe = head + sanitize_body(text[len(head):])
            if safe != text:
                page.write_text(safe, encoding="utf-8", newline="")

