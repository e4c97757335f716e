"""Every TorchMap entry of the Processing Toolbox opens its dialog, with a widget for each
parameter, offscreen, the way a user double-clicks it."""

from __future__ import annotations

import html
import re
from pathlib import Path

import processing
import pytest
from qgis.core import QgsApplication

import torchmap

pytestmark = pytest.mark.usefixtures("torchmap_provider")

ALGORITHMS = [
    "torchmap:exporttrainingdata",
    "torchmap:traindeeplearningmodel",
    "torchmap:classifypixels",
    "torchmap:classifyobjects",
    "torchmap:Land cover workflow",
]


@pytest.mark.parametrize("algorithm_id", ALGORITHMS)
def test_the_toolbox_dialog_builds(dialog_iface: object, algorithm_id: str) -> None:
    algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
    dialog = processing.createAlgorithmDialog(algorithm_id)
    try:
        assert dialog is not None and dialog.algorithm().id() == algorithm_id
        panel = dialog.mainWidget()
        shown = set(panel.wrappers) | set(getattr(panel, "outputWidgets", {}))
        expected = {p.name() for p in algorithm.parameterDefinitions() if not p.isDestination()}
        assert expected <= shown
        # The help beside the parameters is the algorithm's own.
        assert algorithm.shortHelpString().strip()
    finally:
        dialog.close()
        dialog.deleteLater()


def readme_anchors() -> set[str]:
    """GitHub's anchors of README.md's headings."""
    readme = Path(torchmap.__file__).resolve().parent / "README.md"
    headings = [line.lstrip("#").strip() for line in readme.read_text().splitlines()]
    return {
        re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        for heading, line in zip(headings, readme.read_text().splitlines(), strict=True)
        if line.startswith("#")
    }


@pytest.mark.parametrize("algorithm_id", ALGORITHMS[:4])
def test_the_help_says_what_every_parameter_does_and_links_the_readme(algorithm_id: str) -> None:
    algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
    explained = algorithm.parameter_help()
    names = {p.name() for p in algorithm.parameterDefinitions()}
    missing = names - {name for name, text in explained.items() if text.strip()}
    assert not missing, (
        f"add what {sorted(missing)} do to {type(algorithm).__name__}.parameter_help()"
    )
    assert set(explained) <= names
    help_text = algorithm.shortHelpString()
    for parameter in algorithm.parameterDefinitions():
        for text in (parameter.description(), explained[parameter.name()]):
            assert html.escape(text, quote=False) in help_text  # plain text, shown as HTML
    url = algorithm.helpUrl()
    assert url in help_text and url.split("#")[1] in readme_anchors()
