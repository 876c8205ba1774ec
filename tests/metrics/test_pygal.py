"""pygal as the package uses it: no legacy import hook left behind, the standard ElementTree."""

from __future__ import annotations

import importlib.util
import sys
import xml.etree.ElementTree as ET

from incidentkit.metrics import _pygal


def test_the_legacy_finder_is_gone_and_imports_fail_cleanly() -> None:
    assert not [f for f in sys.meta_path if type(f).__name__ == "PluginImportFixer"]
    # Under -W error an ImportWarning from the legacy finder would make this an error.
    assert importlib.util.find_spec("incidentkit_no_such_module") is None


def test_charts_are_built_with_the_standard_elementtree() -> None:
    assert _pygal.etree._etree is ET
    assert _pygal.etree.lxml is False
    chart = _pygal.pygal.Bar(style=_pygal.Style(background="transparent"))
    chart.add("SEV1", [1, 2])
    svg = chart.render(is_unicode=True)
    assert svg.startswith("<?xml") and "<svg" in svg
    assert ET.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"
