"""The ``torchmap`` Processing provider."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelParameter,
    QgsProcessingProvider,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
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


# The texts of the shipped models (models/*.model3), for translation in the context "Models".
MODEL_TEXTS = (
    QT_TRANSLATE_NOOP("Models", "Land cover workflow"),
    QT_TRANSLATE_NOOP("Models", "Workflows"),
    QT_TRANSLATE_NOOP("Models", "Image raster"),
    QT_TRANSLATE_NOOP("Models", "Class raster (1..n, 0 = unlabelled)"),
    QT_TRANSLATE_NOOP("Models", "Tile size (pixels)"),
    QT_TRANSLATE_NOOP("Models", "Stride (pixels)"),
    QT_TRANSLATE_NOOP("Models", "Epochs"),
    QT_TRANSLATE_NOOP("Models", "Batch size"),
    QT_TRANSLATE_NOOP("Models", "Model package"),
    QT_TRANSLATE_NOOP("Models", "Land cover"),
    QT_TRANSLATE_NOOP(
        "Models",
        "The land-cover workflow in one run: cuts the image and its class raster into training "
        "chips (Export Training Data), trains a U-Net on them (Train Deep Learning Model) and "
        "classifies every pixel of the image with it (Classify Pixels). Outputs: the model "
        "package (.tmpk) and the classified land-cover raster, styled with the classes' colours "
        "and names. See the README section 'A graphical model: the land-cover workflow'.",
    ),
)


class ShippedModel(QgsProcessingModelAlgorithm):
    """A model of models/ as the Toolbox shows it: its name in the user's language (its id,
    ``torchmap:<name>``, stays the English name that scripts and qgis_process use)."""

    def displayName(self) -> str:
        return QCoreApplication.translate("Models", self.name())

    def createCustomParametersWidget(self, parent: object = None) -> object:
        """The Toolbox's dialog, whose class raster does not start as the image."""
        inputs = {p.name() for p in self.parameterDefinitions()}
        if not {"image", "labels"} <= inputs:
            return None
        from .dialogs import dialog_with_distinct_layers

        return dialog_with_distinct_layers(self, (("image", "labels"),), parent)

    def createInstance(self) -> QgsProcessingModelAlgorithm:
        # QGIS copies a model through its saved form, which lists inputs alphabetically:
        # arrange the copy that a dialog or a run uses too.
        model = ShippedModel()
        model.loadVariant(self.toVariant())
        model.setSourceFilePath(self.sourceFilePath())
        arrange_and_translate(model)
        return model


def shipped_models() -> list[QgsProcessingModelAlgorithm]:
    """The graphical models in models/ (e.g. the land-cover workflow), listed by the provider
    so that they appear in the Toolbox and run from qgis_process as ``torchmap:<name>``."""
    models = []
    for path in sorted(MODELS_FOLDER.glob("*.model3")):
        model = ShippedModel()
        if model.fromFile(str(path)):
            model.setSourceFilePath(str(path))
            arrange_and_translate(model)
            models.append(model)
    return models


def arrange_and_translate(model: QgsProcessingModelAlgorithm) -> None:
    """Inputs in the order they stand on the Modeler's canvas, top to bottom (QGIS 3.22 lists
    a model's inputs alphabetically), with translated descriptions, group and help."""
    translate = QCoreApplication.translate
    inputs = [p for p in model.parameterDefinitions() if not p.isDestination()]
    inputs.sort(key=lambda p: model.parameterComponent(p.name()).position().y())
    for definition in inputs:
        component = QgsProcessingModelParameter(model.parameterComponent(definition.name()))
        arranged = definition.clone()
        arranged.setDescription(translate("Models", definition.description()))
        model.removeModelParameter(definition.name())
        model.addModelParameter(arranged, component)
    for definition in model.destinationParameterDefinitions():
        definition.setDescription(translate("Models", definition.description()))
    model.setGroup(translate("Models", model.group()))
    help_content = dict(model.helpContent())
    if help_content.get("ALG_DESC"):
        help_content["ALG_DESC"] = translate("Models", help_content["ALG_DESC"])
        model.setHelpContent(help_content)
