"""torchmap:traindeeplearningmodel: fit a pixel or image classifier into one model package."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
)

from ..engine.model_types import MODEL_TYPES
from .base import TorchMapAlgorithm
from .feedback_reporter import FeedbackReporter


class TrainDeepLearningModelAlgorithm(TorchMapAlgorithm):
    GROUP_ID = "training"
    INPUT_DATA = "INPUT_DATA"
    MODEL_TYPE = "MODEL_TYPE"
    EPOCHS = "EPOCHS"
    BATCH_SIZE = "BATCH_SIZE"
    LEARNING_RATE = "LEARNING_RATE"
    OUTPUT_MODEL = "OUTPUT_MODEL"
    VALIDATION_ACCURACY = "VALIDATION_ACCURACY"
    MEAN_IOU = "MEAN_IOU"

    FIELD_PARAMETERS = {
        "data_folder": INPUT_DATA,
        "model_type": MODEL_TYPE,
        "epochs": EPOCHS,
        "batch_size": BATCH_SIZE,
        "learning_rate": LEARNING_RATE,
        "output_model": OUTPUT_MODEL,
    }

    def name(self) -> str:
        return "traindeeplearningmodel"

    def displayName(self) -> str:
        return self.tr("Train Deep Learning Model")

    def shortHelpString(self) -> str:
        return self.tr(
            "Trains a deep learning model from scratch on the CPU or, when available, a CUDA "
            "GPU, and saves it as one TorchMap model package (.tmpk).\n\n"
            "U-Net (pixel classification): training data is a folder written by Export "
            "Training Data. ResNet-18 (image classification): a folder with one sub-folder of "
            "image chips per class, named after the class; use the model with Classify "
            "Objects.\n\n"
            "A fixed fifth of the chips is held back for validation. Each epoch logs the "
            "training and validation loss, accuracy and mean IoU; the package keeps the epoch "
            "with the best validation mean IoU. Cancel stops within one batch and writes "
            "nothing."
        )

    def initAlgorithm(self, config: dict | None = None) -> None:
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT_DATA,
                self.tr("Training data folder"),
                behavior=QgsProcessingParameterFile.Folder,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.MODEL_TYPE,
                self.tr("Model type"),
                options=[self.tr(model.label) for model in MODEL_TYPES],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.EPOCHS, self.tr("Epochs"), defaultValue=10, minValue=1
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.BATCH_SIZE, self.tr("Batch size"), defaultValue=8, minValue=2
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.LEARNING_RATE,
                self.tr("Learning rate"),
                type=QgsProcessingParameterNumber.Double,
                defaultValue=0.001,
                minValue=0.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT_MODEL,
                self.tr("Output model package"),
                fileFilter=self.tr("TorchMap model package (*.tmpk)"),
            )
        )
        self.addOutput(
            QgsProcessingOutputNumber(
                self.VALIDATION_ACCURACY, self.tr("Validation accuracy (0-1)")
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.MEAN_IOU, self.tr("Validation mean IoU")))

    def processAlgorithm(
        self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict:
        from ..engine.train import TrainConfig, train_model

        model_index = self.parameterAsEnum(parameters, self.MODEL_TYPE, context)
        config = TrainConfig(
            data_folder=Path(self.parameterAsFile(parameters, self.INPUT_DATA, context)),
            model_type=MODEL_TYPES[model_index].key,
            output_model=Path(self.parameterAsFileOutput(parameters, self.OUTPUT_MODEL, context)),
            epochs=self.parameterAsInt(parameters, self.EPOCHS, context),
            batch_size=self.parameterAsInt(parameters, self.BATCH_SIZE, context),
            learning_rate=self.parameterAsDouble(parameters, self.LEARNING_RATE, context),
        )
        result = self.run_engine(lambda: train_model(config, FeedbackReporter(feedback)), feedback)
        return {
            self.OUTPUT_MODEL: str(result.model_path),
            self.VALIDATION_ACCURACY: result.validation_accuracy,
            self.MEAN_IOU: result.mean_iou,
        }
