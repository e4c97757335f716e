"""torchmap:traindeeplearningmodel: fit a pixel or image classifier into one model package."""

from __future__ import annotations

from qgis.core import QgsProcessingContext, QgsProcessingFeedback

from ..engine.algorithms.train import ALGORITHM
from ..engine.models.registry import MODEL_TYPES, PIXEL_CLASSIFICATION, ModelType
from .base import TorchMapAlgorithm
from .feedback_reporter import FeedbackReporter


class TrainDeepLearningModelAlgorithm(TorchMapAlgorithm):
    GROUP_ID = "training"
    DESCRIPTION = ALGORITHM

    def choice_labels(self) -> dict[str, list[str]]:
        return {"MODEL_TYPE": [self.model_type_option(model) for model in MODEL_TYPES]}

    def model_type_option(self, model: ModelType) -> str:
        """``U-Net (pixel classification)`` with the task translated (network names are names)."""
        name = model.label.split(" (")[0]
        if model.task == PIXEL_CLASSIFICATION:
            return self.tr("{} (pixel classification)").format(name)
        return self.tr("{} (image classification)").format(name)

    def processAlgorithm(
        self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict:
        from ..engine.training.train import train_model

        values = self.values(parameters, context, feedback)
        config = self.run_engine(lambda: ALGORITHM.config(values), feedback)
        reporter = FeedbackReporter(feedback)
        results = self.in_processes(values, feedback)
        if results is not None:
            reporter.run_saved(results["OUTPUT_MODEL"], results.get("OUTPUT_REPORT"))
            return results
        result = self.run_engine(lambda: train_model(config, reporter), feedback)
        reporter.run_saved(result.model_path, result.report_path)  # for the TorchMap dock
        return {
            "OUTPUT_MODEL": str(result.model_path),
            "VALIDATION_ACCURACY": result.validation_accuracy,
            "MEAN_IOU": result.mean_iou,
            "OUTPUT_REPORT": str(result.report_path) if result.report_path else None,
        }
