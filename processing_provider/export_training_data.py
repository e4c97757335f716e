"""torchmap:exporttrainingdata: image chips and their labels, from a raster and a thematic
raster or polygons; its parameters are described in ``engine/algorithms/export.py``."""

from __future__ import annotations

from qgis.core import QgsProcessingContext, QgsProcessingFeedback

from ..engine.algorithms.export import ALGORITHM
from .base import TorchMapAlgorithm
from .feedback_reporter import FeedbackReporter


class ExportTrainingDataAlgorithm(TorchMapAlgorithm):
    GROUP_ID = "training"
    DESCRIPTION = ALGORITHM
    IMAGE_AND_CLASS_INPUTS = (("INPUT_RASTER", "INPUT_CLASS_DATA"),)

    def processAlgorithm(
        self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict:
        from ..engine.data.export import export_training_data

        config = self.run_engine(
            lambda: ALGORITHM.config(self.values(parameters, context, feedback)), feedback
        )
        result = self.run_engine(
            lambda: export_training_data(config, FeedbackReporter(feedback)), feedback
        )
        return {"OUTPUT_FOLDER": str(result.output_folder), "CHIP_COUNT": result.chip_count}
