"""The ``incidentkit`` MkDocs plugin: the knowledge base's generated pages, in memory.

Events:

* ``on_startup``: its presence keeps this plugin object across the rebuilds of ``mkdocs
  serve``, and with it the caches (repository, rendered pages, git history).
* ``on_config``: the repository root; the site's stylesheet and scripts
  (:mod:`incidentkit.site.assets`) in ``extra_css`` / ``extra_javascript``.
* ``on_files``: load the repository (only the files that changed since the last build), generate
  the pages and add them as ``File.generated``; the hand-written ``index.md`` becomes the intro of
  the generated home page. Detail pages (each incident, postmortem, service, runbook, schedule) are
  ``NOT_IN_NAV`` (:mod:`incidentkit.site.navigation`): index pages link to them, the navigation
  does not list them, and MkDocs does not report them as omitted from it.
* ``on_page_content``: the HTML of every page (generated or hand-written) cleaned by ``nh3``
  (:mod:`incidentkit.site.sanitize`); the incidents filter script, which the cleaning removes
  from the page, comes from ``extra_javascript`` instead (it does nothing on other pages).
* ``on_serve``: watch the data files and the site templates.
* Search (:mod:`incidentkit.site.search`, hooks marked "search"): the search script and its
  stylesheet (``on_config``, ``on_files``), every page left out of the theme's own index
  (``on_page_markdown``), and the Pagefind index of the built site (``on_post_build``).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from incidentkit.errors import FatalError
from incidentkit.ghactions import one_line
from incidentkit.site import assets, history, navigation, paths, sanitize, search
from incidentkit.site.cache import RepositoryCache
from incidentkit.site.config import IncidentkitConfig, site_now
from incidentkit.site.generator import Generator, SiteOptions
from incidentkit.site.render import OVERRIDES

log = logging.getLogger("mkdocs.plugins.incidentkit")

WATCHED = ("incidents", "postmortems", "oncall", "incidentkit.yaml", OVERRIDES)


Hook = TypeVar("Hook", bound=Callable[..., Any])


def boundary(hook: Hook) -> Hook:
    """The plugin's error boundary: a :class:`FatalError` in a hook (an invalid
    ``incidentkit.yaml``, say) ends the build with MkDocs' one-line error naming the file, line
    and column, never a traceback."""

    @functools.wraps(hook)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return hook(*args, **kwargs)
        except FatalError as exc:
            raise PluginError(f"incidentkit: {one_line(str(exc))}") from None

    return cast(Hook, run)


class IncidentkitPlugin(BasePlugin[IncidentkitConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.root: Path | None = None
        self.repos: RepositoryCache | None = None
        self.generator: Generator | None = None
        self.history: tuple[str | None, history.History] = (None, {})
        self.search = search.PAGEFIND

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool
                   ) -> None:
        """Present so that MkDocs keeps this object, and its caches, across rebuilds."""

    @boundary
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        configured = self.config.repository
        root = Path(configured or Path(config.config_file_path).parent).resolve()
        if root != self.root:
            self.root = root
            self.repos = RepositoryCache(root)
            self.generator = Generator(root)
            self.history = (None, {})
        config.extra_css.extend(assets.missing(config.extra_css, assets.stylesheets()))
        config.extra_javascript.extend(assets.missing(config.extra_javascript, assets.scripts()))
        self._search_config(config)
        return config

    def _search_config(self, config: MkDocsConfig) -> None:
        """search: the search script and stylesheet on every page (Material only: another
        theme keeps its own search)."""
        self.search = search.engine(self.config.search, config.theme.name)
        if self.search != search.PAGEFIND:
            return
        config.extra_css.extend(assets.missing(config.extra_css, [search.STYLESHEET]))
        config.extra_javascript.extend(assets.missing(config.extra_javascript, [search.SCRIPT]))

    def _history(self, root: Path) -> history.History:
        if not self.config.git_history:
            return {}
        head = history.head(root)
        if head is None:
            return {}
        if self.history[0] != head:
            self.history = (head, history.read(root))
        return self.history[1]

    @boundary
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.repos is not None and self.generator is not None and self.root is not None
        repo = self.repos.load()
        if repo.findings:
            invalid = repo.invalid_files
            message = (f"incidentkit: {len(invalid)} file{'s' * (len(invalid) != 1)} did not "
                       f"pass their checks and are left out of the site "
                       f"({', '.join(one_line(name) for name in invalid[:5])}"
                       f"{', …' if len(invalid) > 5 else ''}): run incidentkit validate")
            if self.config.fail_on_invalid:
                raise PluginError(message)
            log.warning(message)
        home = files.get_file_from_path(paths.HOME)
        options = SiteOptions(
            now=site_now(self.config.now),
            templates=Path(self.config.templates) if self.config.templates else None,
            directory_urls=config.use_directory_urls,
            site_url=config.site_url or None,
            site_name=config.site_name,
            github_url=self.config.github_url,
            oncall_weeks=self.config.oncall_weeks,
            status_days=self.config.status_days,
            feed_items=self.config.feed_items,
            intro=home.content_string if home is not None else None,
        )
        pages = self.generator.generate(repo, options, self._history(self.root))
        for path, content in pages.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            inclusion = (InclusionLevel.UNDEFINED if navigation.listed(path)
                         else InclusionLevel.NOT_IN_NAV)
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
        for path, content in search.assets(self.search).items():  # search
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content=content))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
                         ) -> str:
        """search: the page stays out of the theme's own index (Pagefind indexes it)."""
        if self.search != search.PAGEFIND:
            return markdown
        given = page.meta.get("search")
        page.meta["search"] = {**(given if isinstance(given, dict) else {}),
                               **search.THEME_EXCLUDED}
        return markdown

    @boundary
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files
                        ) -> str:
        return sanitize.page_html(html, page.file.src_uri)

    @boundary
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """search: the Pagefind index of the built site."""
        if self.search == search.PAGEFIND:
            log.info(search.index(Path(config.site_dir)).summary())

    @boundary
    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.root is not None
        for name in WATCHED:
            if (self.root / name).exists():
                server.watch(str(self.root / name))
        return server
