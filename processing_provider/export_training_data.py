"""torchmap:exporttrainingdata: image and label chips from a raster and a class raster."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
)

from .base import TorchMapAlgorithm
from .feedback_reporter import FeedbackReporter


class ExportTrainingDataAlgorithm(TorchMapAlgorithm):
    GROUP_ID = "training"
    INPUT_RASTER = "INPUT_RASTER"
    INPUT_CLASS_DATA = "INPUT_CLASS_DATA"
    TILE_SIZE = "TILE_SIZE"
    STRIDE = "STRIDE"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    CHIP_COUNT = "CHIP_COUNT"

    FIELD_PARAMETERS = {
        "raster": INPUT_RASTER,
        "class_raster": INPUT_CLASS_DATA,
        "tile_size": TILE_SIZE,
        "stride": STRIDE,
        "output_folder": OUTPUT_FOLDER,
    }

    def name(self) -> str:
        return "exporttrainingdata"

    def displayName(self) -> str:
        return self.tr("Export Training Data")

    def shortHelpString(self) -> str:
        return self.tr(
            "Cuts an image raster and a thematic class raster into matching image and label "
            "chips (GeoTIFF) for training a pixel classifier.\n\n"
            "Class raster: integer class values 1..n; 0 (or its nodata value) marks "
            "unlabelled pixels. Its colour table and category names, if any, name and colour "
            "the classes. It is resampled (nearest neighbour) onto the image's grid if needed. "
            "Chips without any labelled pixel are skipped; image nodata is never learned from.\n\n"
            "The output folder gets images/, labels/ and torchmap_export.json (classes, bands, "
            "per-band statistics, CRS, cell size). An existing folder is replaced only if it "
            "is empty or an earlier TorchMap export."
        )

    def initAlgorithm(self, config: dict | None = None) -> None:
        self.addParameter(
            QgsProcessingParameterRasterLayer(self.INPUT_RASTER, self.tr("Input raster"))
        )
        self.addParameter(
            QgsProcessingParameterRasterLayer(
                self.INPUT_CLASS_DATA, self.tr("Class raster (values 1..n, 0 = unlabelled)")
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.TILE_SIZE, self.tr("Tile size (pixels)"), defaultValue=256, minValue=8
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.STRIDE,
                self.tr("Stride (pixels; smaller than the tile size for overlapping chips)"),
                defaultValue=128,
                minValue=1,
            )
        )
        self.addParameter(
            QgsProcessingParameterFolderDestination(self.OUTPUT_FOLDER, self.tr("Output folder"))
        )
        self.addOutput(QgsProcessingOutputNumber(self.CHIP_COUNT, self.tr("Number of chips")))

    def processAlgorithm(
        self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict:
        from ..engine.data.export import ExportConfig, export_training_data

        config = ExportConfig(
            raster=Path(self.raster_file(parameters, self.INPUT_RASTER, context)),
            class_raster=Path(self.raster_file(parameters, self.INPUT_CLASS_DATA, context)),
            output_folder=Path(self.parameterAsFileOutput(parameters, self.OUTPUT_FOLDER, context)),
            tile_size=self.parameterAsInt(parameters, self.TILE_SIZE, context),
            stride=self.parameterAsInt(parameters, self.STRIDE, context),
        )
        result = self.run_engine(
            lambda: export_training_data(config, FeedbackReporter(feedback)), feedback
        )
        return {self.OUTPUT_FOLDER: str(result.output_folder), self.CHIP_COUNT: result.chip_count}
