"""The ``torchmap`` Processing provider."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from .classify_objects import ClassifyObjectsAlgorithm
from .classify_pixels import ClassifyPixelsAlgorithm
from .export_training_data import ExportTrainingDataAlgorithm
from .train_deep_learning_model import TrainDeepLearningModelAlgorithm

ICON_PATH = Path(__file__).resolve().parent.parent / "icon.svg"


class TorchMapProvider(QgsProcessingProvider):
    """Provides Export Training Data, Train Deep Learning Model, Classify Pixels and Classify
    Objects."""

    def id(self) -> str:
        return "torchmap"

    def name(self) -> str:
        return "TorchMap"

    def longName(self) -> str:
        return QCoreApplication.translate(
            "TorchMapProvider", "TorchMap: deep learning for imagery (PyTorch)"
        )

    def icon(self) -> QIcon:
        return QIcon(str(ICON_PATH))

    def loadAlgorithms(self) -> None:
        for algorithm in (
            ExportTrainingDataAlgorithm(),
            TrainDeepLearningModelAlgorithm(),
            ClassifyPixelsAlgorithm(),
            ClassifyObjectsAlgorithm(),
        ):
            self.addAlgorithm(algorithm)

    def supportedOutputRasterLayerExtensions(self) -> list[str]:
        # The engine writes GeoTIFF (with colour table and class names), nothing else.
        return ["tif"]
