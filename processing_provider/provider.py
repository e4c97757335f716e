"""The ``torchmap`` Processing provider."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsApplication, QgsProcessingModelAlgorithm, QgsProcessingProvider
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from .classify_objects import ClassifyObjectsAlgorithm
from .classify_pixels import ClassifyPixelsAlgorithm
from .export_training_data import ExportTrainingDataAlgorithm
from .train_deep_learning_model import TrainDeepLearningModelAlgorithm

PLUGIN_ROOT = Path(__file__).resolve().parent.parent
ICON_PATH = PLUGIN_ROOT / "icon.svg"
MODELS_FOLDER = PLUGIN_ROOT / "models"


class TorchMapProvider(QgsProcessingProvider):
    """Provides Export Training Data, Train Deep Learning Model, Classify Pixels and Classify
    Objects."""

    def __init__(self) -> None:
        super().__init__()
        # The shipped models' steps are TorchMap algorithms, which the registry only resolves
        # once this provider is in it: load again then (QGIS's own model provider does too).
        QgsApplication.processingRegistry().providerAdded.connect(self._provider_added)

    def _provider_added(self, provider_id: str) -> None:
        if provider_id == self.id():
            self.refreshAlgorithms()

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
        for model in shipped_models():
            self.addAlgorithm(model)

    def supportedOutputRasterLayerExtensions(self) -> list[str]:
        # The engine writes GeoTIFF (with colour table and class names), nothing else.
        return ["tif"]


def shipped_models() -> list[QgsProcessingModelAlgorithm]:
    """The graphical models in models/ (e.g. the land-cover workflow), listed by the provider
    so that they appear in the Toolbox and run from qgis_process as ``torchmap:<name>``."""
    models = []
    for path in sorted(MODELS_FOLDER.glob("*.model3")):
        model = QgsProcessingModelAlgorithm()
        if model.fromFile(str(path)):
            model.setSourceFilePath(str(path))
            models.append(model)
    return models
