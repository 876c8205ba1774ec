"""Search that answers at scale: a Pagefind index of the built site behind the theme's own box.

Material's (and Zensical's) search loads one index of the whole site into the browser before it
answers: 59 MB and about 24 s for 10,000 incidents. Pagefind splits its index into small
compressed chunks, and a query fetches only the chunks of its words and the fragments of the
results it shows.

* :func:`index` runs the Pagefind binary (shipped in the ``pagefind-bin`` wheel) on the built
  HTML: only each page's article (``article.md-content__inner``; permalinks left out), written
  to ``SITE/pagefind/``. The MkDocs plugin calls it after the build (``on_post_build``);
  for Zensical, which runs no MkDocs plugin, ``incidentkit search-index SITE`` does it.
* The theme's own index is emptied, not removed (removing the ``search`` plugin would remove the
  search box): every page says ``search: {exclude: true}`` (:data:`THEME_EXCLUDED`), set by the
  plugin on each page and written into the front matter of ``incidentkit site --out`` pages
  (:func:`exclude_front_matter`), so the index the theme loads on every page is a few bytes.
* :mod:`incidentkit.site.search_assets` holds the script that binds the theme's search box to
  Pagefind's JavaScript API and renders the results in the theme's result list.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from incidentkit.errors import FatalError
from incidentkit.site.assets import missing
from incidentkit.site.paths import ASSETS
from incidentkit.site.search_assets import SEARCH_CSS, SEARCH_JS

#: The plugin's ``search`` option that selects Pagefind (the other, ``theme``, changes nothing).
PAGEFIND = "pagefind"
#: Where the index goes, relative to the site's root (the script loads ``pagefind/pagefind.js``).
BUNDLE = "pagefind"
#: The element of a page that is indexed: the theme's article (Material and Zensical alike).
ROOT_SELECTOR = "article.md-content__inner"
#: Left out of the index: heading permalinks (their "¶" would end every title).
EXCLUDED = ".headerlink"
#: The search script and its stylesheet, in the docs tree and on the site.
SCRIPT = f"{ASSETS}/search.js"
STYLESHEET = f"{ASSETS}/search.css"
#: The page metadata that empties the theme's own index (Material's and Zensical's ``search``).
THEME_EXCLUDED = {"exclude": True}
#: The environment variable that names another Pagefind binary (as Pagefind's Python API reads).
BINARY_VARIABLE = "PAGEFIND_BINARY_PATH"
TIMEOUT = 1800
_INDEXED = re.compile(r"Indexed (\d+) pages?")
_SEARCH_KEY = re.compile(r"(?m)^search\s*:")


@dataclass(frozen=True, slots=True)
class IndexReport:
    """What indexing cost: pages indexed, seconds, and the bundle's size in bytes."""

    pages: int
    seconds: float
    size: int

    def summary(self) -> str:
        return (f"search index: {self.pages} pages in {self.seconds:.1f} s, "
                f"{self.size / 2**20:.1f} MiB in {BUNDLE}/")


def assets(engine: str = PAGEFIND) -> dict[str, str]:
    """The static files the search needs, by their path in the docs tree (none for the theme's
    own search)."""
    return {SCRIPT: SEARCH_JS, STYLESHEET: SEARCH_CSS} if engine == PAGEFIND else {}


def engine(option: str, theme: str | None) -> str:
    """The search the site gets: Pagefind when the plugin's ``search`` option asks for it and the
    theme is Material (whose search box the script answers); else the theme's own."""
    return PAGEFIND if option == PAGEFIND and theme == "material" else "theme"


def executable() -> Path:
    """The Pagefind binary: ``$PAGEFIND_BINARY_PATH``, else the one of the ``pagefind-bin``
    wheel."""
    named = os.environ.get(BINARY_VARIABLE)
    if named:
        return Path(named)
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise FatalError("search index: the Pagefind binary is not installed: "
                         "pip install 'pagefind[bin]'") from None
    try:
        return Path(get_executable())
    except FileNotFoundError as exc:
        raise FatalError(f"search index: {exc}: reinstall it with "
                         "pip install --force-reinstall 'pagefind[bin]'") from None


def index(site: Path) -> IndexReport:
    """Index the built site at ``site`` into ``site/pagefind/`` (replacing an earlier index).

    Raises :class:`FatalError` with Pagefind's own words when it fails or finds no page."""
    site = site.resolve()
    if not (site / "index.html").is_file():
        raise FatalError(f"search index: {site} is not a built site (it has no index.html): "
                         "build it first (mkdocs build or zensical build)")
    binary = executable()
    bundle = site / BUNDLE
    if bundle.is_dir() and (bundle / "pagefind-entry.json").is_file():
        shutil.rmtree(bundle)
    args = [str(binary), "--site", str(site), "--output-subdir", BUNDLE,
            "--root-selector", ROOT_SELECTOR, "--exclude-selectors", EXCLUDED]
    start = time.perf_counter()
    try:
        done = subprocess.run(args, capture_output=True, text=True, errors="replace",
                              check=False, timeout=TIMEOUT)
    except OSError as exc:
        raise FatalError(f"search index: cannot run {binary}: {exc.strerror or exc}") from None
    except subprocess.TimeoutExpired:
        raise FatalError(f"search index: Pagefind did not finish within {TIMEOUT} s "
                         f"on {site}") from None
    seconds = time.perf_counter() - start
    output = (done.stdout + done.stderr).strip()
    found = _INDEXED.search(output)
    pages = int(found.group(1)) if found else 0
    if found and pages == 0:
        raise FatalError(f"search index: Pagefind found no page to index in {site} (no "
                         f"{ROOT_SELECTOR} element): was it built with the Material theme?")
    if done.returncode != 0 or pages == 0:
        raise FatalError(f"search index: Pagefind failed on {site} (exit {done.returncode}): "
                         f"{_tail(output)}")
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    return IndexReport(pages=pages, seconds=seconds, size=size)


def exclude_front_matter(markdown: str) -> str:
    """``markdown`` with ``search: {exclude: true}`` in its front matter (added to the front
    matter it has, or as a new one), so the theme leaves the page out of its own index."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---", 3)
        if end > 0:
            head = markdown[4:end + 1]
            if not _SEARCH_KEY.search(head):
                return f"---\nsearch:\n  exclude: true\n{markdown[4:]}"
            try:
                meta = yaml.safe_load(head)
            except yaml.YAMLError:
                meta = None
            if isinstance(meta, dict):
                given = meta.get("search")
                meta["search"] = {**(given if isinstance(given, dict) else {}), **THEME_EXCLUDED}
                text = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
                return f"---\n{text}---{markdown[end + 4:]}"
    return f"---\nsearch:\n  exclude: true\n---\n{markdown}"


def _tail(output: str, lines: int = 5) -> str:
    """The last distinct lines of Pagefind's output, on one line."""
    kept = list(dict.fromkeys(line.strip() for line in output.splitlines() if line.strip()))
    return " / ".join(kept[-lines:]) or "no output"


def prepare_output(docs: Path, config: dict[str, Any], engine: str) -> dict[str, Any]:
    """For ``incidentkit site --out``: the search assets written into ``docs``, every Markdown
    page there left out of the theme's own index, and ``config`` (the ``mkdocs.yml`` written
    beside it) with the script and stylesheet added; nothing with the theme's own search."""
    if engine != PAGEFIND:
        return config
    for path, content in assets().items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    for page in docs.rglob("*.md"):
        if page.is_file() and not page.is_symlink():
            text = page.read_text(encoding="utf-8")
            page.write_text(exclude_front_matter(text), encoding="utf-8", newline="")
    css = list(config.get("extra_css") or [])
    js = list(config.get("extra_javascript") or [])
    return {**config, "extra_css": css + missing(css, [STYLESHEET]),
            "extra_javascript": js + missing(js, [SCRIPT])}
