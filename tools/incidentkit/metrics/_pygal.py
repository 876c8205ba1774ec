"""pygal, imported once and without its legacy import hook.

pygal appends to ``sys.meta_path`` a finder for its map plugins that has only the legacy
``find_module``: from then on Python 3.11 warns (ImportWarning) about every import that no other
finder resolves — an error under ``-W error``, where it also breaks ``try: import … except
ImportError``; Python 3.12 skips such finders. No map is used here, so it is taken out. pygal
is also pinned to the standard library's ElementTree so that installing lxml cannot change the
bytes of a chart.
"""

from __future__ import annotations

import sys

import pygal  # type: ignore[import-untyped]
from pygal.etree import etree  # type: ignore[import-untyped]
from pygal.style import Style  # type: ignore[import-untyped]

sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]
etree.to_etree()

__all__ = ["Style", "etree", "pygal"]
