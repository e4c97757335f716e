"""torchmap:classifypixels: a classified raster from an image and a pixel classifier."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingParameterFile,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from .base import TorchMapAlgorithm
from .feedback_reporter import FeedbackReporter
from .styling import save_default_raster_style


class ClassifyPixelsAlgorithm(TorchMapAlgorithm):
    GROUP_ID = "inference"
    INPUT_RASTER = "INPUT_RASTER"
    MODEL = "MODEL"
    OUTPUT = "OUTPUT"

    FIELD_PARAMETERS = {"raster": INPUT_RASTER, "model": MODEL, "output": OUTPUT}

    def name(self) -> str:
        return "classifypixels"

    def displayName(self) -> str:
        return self.tr("Classify Pixels")

    def help_intro(self) -> str:
        return self.tr(
            "Classifies every pixel of a raster with a pixel classification model package "
            "(.tmpk, e.g. a U-Net from Train Deep Learning Model).\n\n"
            "The raster needs the bands the model was trained on, in the same order. It is "
            "processed tile by tile, so rasters of any size work. The output GeoTIFF is on the "
            "input's grid (CRS, extent, cell size), holds class values with 0 = no data (input "
            "nodata stays nodata), and carries the model's class colours and names."
        )

    def parameter_help(self) -> dict[str, str]:
        return {
            self.INPUT_RASTER: self.tr(
                "The image to classify, with the bands the model was trained on."
            ),
            self.MODEL: self.tr("A pixel classification model package (.tmpk)."),
            self.OUTPUT: self.tr(
                "The classified raster (GeoTIFF, with the classes' colours and names)."
            ),
        }

    def initAlgorithm(self, config: dict | None = None) -> None:
        self.addParameter(
            QgsProcessingParameterRasterLayer(self.INPUT_RASTER, self.tr("Input raster"))
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.MODEL, self.tr("Model package (.tmpk)"), extension="tmpk"
            )
        )
        self.addParameter(
            QgsProcessingParameterRasterDestination(self.OUTPUT, self.tr("Classified raster"))
        )

    def processAlgorithm(
        self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict:
        from ..engine.predict_pixels import ClassifyPixelsConfig, classify_pixels

        config = ClassifyPixelsConfig(
            raster=Path(self.raster_file(parameters, self.INPUT_RASTER, context)),
            model=Path(self.parameterAsFile(parameters, self.MODEL, context)),
            output=Path(self.parameterAsOutputLayer(parameters, self.OUTPUT, context)),
        )
        result = self.run_engine(
            lambda: classify_pixels(config, FeedbackReporter(feedback)), feedback
        )
        problem = save_default_raster_style(str(result.output), result.classes)
        if problem:
            feedback.pushWarning(self.tr("The class style was not saved: {}").format(problem))
        return {self.OUTPUT: str(result.output)}
