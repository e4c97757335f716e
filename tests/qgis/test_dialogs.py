"""Every TorchMap entry of the Processing Toolbox opens its dialog, with a widget for each
parameter, offscreen, the way a user double-clicks it."""

from __future__ import annotations

import processing
import pytest
from qgis.core import QgsApplication

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
