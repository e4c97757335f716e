"""torchmap:traindeeplearningmodel: fit a pixel or image classifier into one model package."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingOutputHtml,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..engine.models.registry import MODEL_TYPES, PIXEL_CLASSIFICATION, ModelType
from .base import TorchMapAlgorithm
from .feedback_reporter import FeedbackReporter
from .options import choice_parameter, read_choice, with_decimals

PRETRAINED_CHOICES = ("none", "imagenet")


MODELS_FOLDER = Path.home() / "TorchMap" / "models"


def default_model_path() -> Path:
    """Where a model goes unless the user says otherwise: a new file in ~/TorchMap/models,
    kept after QGIS exits (a temporary file, Processing's usual default, would be lost with
    hours of training), never an earlier model's name."""
    stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S")
    path = MODELS_FOLDER / f"model_{stamp}.tmpk"
    index = 1
    while path.exists():
        index += 1
        path = MODELS_FOLDER / f"model_{stamp}_{index}.tmpk"
    return path


class TrainDeepLearningModelAlgorithm(TorchMapAlgorithm):
    GROUP_ID = "training"
    INPUT_DATA = "INPUT_DATA"
    ADDITIONAL_DATA = "ADDITIONAL_DATA"
    MODEL_TYPE = "MODEL_TYPE"
    BACKBONE = "BACKBONE"
    PRETRAINED = "PRETRAINED"
    PRETRAINED_WEIGHTS = "PRETRAINED_WEIGHTS"
    EPOCHS = "EPOCHS"
    BATCH_SIZE = "BATCH_SIZE"
    LEARNING_RATE = "LEARNING_RATE"
    VALIDATION_PCT = "VALIDATION_PCT"
    MAX_TIME = "MAX_TIME"
    PATIENCE = "PATIENCE"
    MONITOR = "MONITOR"
    FREEZE_EPOCHS = "FREEZE_EPOCHS"
    INIT_MODEL = "INIT_MODEL"
    SEED = "SEED"
    DEVICE = "DEVICE"
    PRECISION = "PRECISION"
    OUTPUT_MODEL = "OUTPUT_MODEL"
    VALIDATION_ACCURACY = "VALIDATION_ACCURACY"
    MEAN_IOU = "MEAN_IOU"
    OUTPUT_REPORT = "OUTPUT_REPORT"

    FIELD_PARAMETERS = {
        "data_folder": INPUT_DATA,
        "model_type": MODEL_TYPE,
        "backbone": BACKBONE,
        "pretrained": PRETRAINED_WEIGHTS,
        "epochs": EPOCHS,
        "batch_size": BATCH_SIZE,
        "learning_rate": LEARNING_RATE,
        "validation_fraction": VALIDATION_PCT,
        "max_time_minutes": MAX_TIME,
        "patience": PATIENCE,
        "monitor": MONITOR,
        "freeze_epochs": FREEZE_EPOCHS,
        "init_model": INIT_MODEL,
        "device": DEVICE,
        "precision": PRECISION,
        "output_model": OUTPUT_MODEL,
    }

    def name(self) -> str:
        return "traindeeplearningmodel"

    def displayName(self) -> str:
        return self.tr("Train Deep Learning Model")

    def help_intro(self) -> str:
        return self.tr(
            "Trains a deep learning model on the CPU or a GPU and saves it as one TorchMap "
            "model package (.tmpk), with an HTML report beside it.\n\n"
            "Pixel classification (U-Net, U-Net++, DeepLabV3+, FPN, PSPNet, LinkNet, MA-Net, "
            "PAN, UPerNet, SegFormer; any segmentation-models-pytorch encoder as backbone): "
            "training data written by Export Training Data or ArcGIS (Classified Tiles). "
            "Image classification (ResNet, EfficientNet, MobileNetV3, ConvNeXt): a folder with "
            "one sub-folder of images per class, or an ArcGIS Labeled Tiles / ImageNet export; "
            "use the model with Classify Objects.\n\n"
            "The default recipe: AdamW with a one-cycle schedule, class-weighted "
            "cross-entropy plus Dice for pixels, oversampling of rare classes for images, "
            "flips and quarter turns, bf16 on CUDA GPUs (PRECISION=bf16 on CPUs with native bf16). "
            "Leave the learning rate "
            "empty to let the learning rate finder pick it. Maximum time (minutes) fits the "
            "schedule to a time budget. VALIDATION_PCT percent of the chips are held back "
            "(spatially apart from the training chips); the package keeps the best epoch. "
            "Cancel stops within one batch and writes nothing; Stop in the TorchMap dock ends "
            "the run early and saves the best model so far."
        )

    def parameter_help(self) -> dict[str, str]:
        return {
            self.INPUT_DATA: self.tr("The training data folder (an export, or class sub-folders)."),
            self.ADDITIONAL_DATA: self.tr(
                "More folders of the same bands and classes to train on."
            ),
            self.MODEL_TYPE: self.tr(
                "The network, and with it the task: pixel or image classification."
            ),
            self.BACKBONE: self.tr(
                "The encoder network, e.g. resnet18 or resnet34; empty: the model type's default."
            ),
            self.PRETRAINED: self.tr(
                "Start from ImageNet weights (from the local weight cache) or from scratch."
            ),
            self.PRETRAINED_WEIGHTS: self.tr("A local weights file to start the backbone from."),
            self.EPOCHS: self.tr(
                "Passes over the training chips (at most; early stopping may end sooner). "
                "Empty: 10, or with a maximum training time as many as fit in it."
            ),
            self.BATCH_SIZE: self.tr("Chips per training step; lower it if memory runs out."),
            self.LEARNING_RATE: self.tr(
                "Step size of the optimiser; empty or 0 runs the learning rate finder."
            ),
            self.VALIDATION_PCT: self.tr("Share of the chips held back to measure the model."),
            self.MAX_TIME: self.tr(
                "Stop after this many minutes and keep the best epoch; 0: no limit."
            ),
            self.PATIENCE: self.tr(
                "Stop when the monitored metric has not improved for this many epochs; 0: never."
            ),
            self.MONITOR: self.tr("The validation metric that decides the best epoch."),
            self.FREEZE_EPOCHS: self.tr(
                "First epochs that train only the head, keeping pretrained backbone weights."
            ),
            self.INIT_MODEL: self.tr(
                "Continue training (fine-tune) a model package of the same classes."
            ),
            self.SEED: self.tr("Makes the split and the training repeatable."),
            self.DEVICE: self.tr(
                "Where to train: auto picks a CUDA GPU (or Apple MPS) when available, else the CPU."
            ),
            self.PRECISION: self.tr(
                "Number format of the computation; bf16 or fp16 is faster on recent hardware."
            ),
            self.OUTPUT_MODEL: self.tr(
                "Where the model package (.tmpk) is saved; the report goes beside it. By "
                "default a new file in the TorchMap/models folder of your home folder, kept "
                "after QGIS closes."
            ),
        }

    def initAlgorithm(self, config: dict | None = None) -> None:
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT_DATA,
                self.tr("Training data folder"),
                behavior=QgsProcessingParameterFile.Folder,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.ADDITIONAL_DATA,
                self.tr("More training data folders (separated by ;)"),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.MODEL_TYPE,
                self.tr("Model type"),
                options=[self.model_type_option(model) for model in MODEL_TYPES],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.BACKBONE,
                self.tr("Backbone (empty: the model type's default, e.g. resnet34)"),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.PRETRAINED,
                self.tr("Pretrained weights"),
                options=[self.tr("None (from scratch)"), self.tr("ImageNet (weight cache)")],
                defaultValue=0,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.EPOCHS,
                self.tr("Epochs (maximum; empty: 10, or as many as the time allows)"),
                minValue=1,
                optional=True,
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
                self.tr("Learning rate (empty or 0: find it)"),
                type=QgsProcessingParameterNumber.Double,
                minValue=0.0,
                optional=True,
            )
        )
        self.addParameter(
            with_decimals(
                QgsProcessingParameterNumber(
                    self.VALIDATION_PCT,
                    self.tr("Validation chips (%)"),
                    type=QgsProcessingParameterNumber.Double,
                    defaultValue=20,
                    minValue=1,
                    maxValue=90,
                    optional=True,
                ),
                1,
            )
        )
        self.addParameter(
            with_decimals(
                QgsProcessingParameterNumber(
                    self.MAX_TIME,
                    self.tr("Maximum training time (minutes, 0: no limit)"),
                    type=QgsProcessingParameterNumber.Double,
                    defaultValue=0,
                    minValue=0,
                    optional=True,
                ),
                1,
            )
        )
        self._add_advanced_parameters()
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT_MODEL,
                self.tr("Output model package"),
                fileFilter=self.tr("TorchMap model package (*.tmpk)"),
                defaultValue=str(default_model_path()),
            )
        )
        self.addOutput(
            QgsProcessingOutputNumber(
                self.VALIDATION_ACCURACY, self.tr("Validation accuracy (0-1)")
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.MEAN_IOU, self.tr("Validation mean IoU")))
        self.addOutput(QgsProcessingOutputHtml(self.OUTPUT_REPORT, self.tr("Training report")))

    def _add_advanced_parameters(self) -> None:
        number = QgsProcessingParameterNumber
        parameters = [
            QgsProcessingParameterFile(
                self.PRETRAINED_WEIGHTS,
                self.tr("Local pretrained weights file (.pth)"),
                optional=True,
            ),
            number(self.PATIENCE, self.tr("Early stopping patience (epochs, 0: off)"),
                   defaultValue=0, minValue=0),
            choice_parameter(self.MONITOR),
            number(self.FREEZE_EPOCHS, self.tr("Epochs with the backbone frozen"),
                   defaultValue=0, minValue=0),
            QgsProcessingParameterFile(
                self.INIT_MODEL, self.tr("Fine-tune from model package"), optional=True,
                fileFilter=self.tr("TorchMap model package (*.tmpk)"),
            ),
            number(self.SEED, self.tr("Random seed"), defaultValue=42),
            choice_parameter(self.DEVICE),
            choice_parameter(self.PRECISION),
        ]  # fmt: skip
        self.add_advanced_parameters(*parameters)

    def model_type_option(self, model: ModelType) -> str:
        """``U-Net (pixel classification)`` with the task translated (network names are names)."""
        name = model.label.split(" (")[0]
        if model.task == PIXEL_CLASSIFICATION:
            return self.tr("{} (pixel classification)").format(name)
        return self.tr("{} (image classification)").format(name)

    def processAlgorithm(
        self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict:
        from ..engine.training.train import TrainConfig, train_model

        config = TrainConfig(**self._config_fields(parameters, context))
        reporter = FeedbackReporter(feedback)
        result = self.run_engine(lambda: train_model(config, reporter), feedback)
        reporter.run_saved(result.model_path, result.report_path)  # for the TorchMap dock
        return {
            self.OUTPUT_MODEL: str(result.model_path),
            self.VALIDATION_ACCURACY: result.validation_accuracy,
            self.MEAN_IOU: result.mean_iou,
            self.OUTPUT_REPORT: str(result.report_path) if result.report_path else None,
        }

    def _config_fields(self, parameters: dict, context: QgsProcessingContext) -> dict:
        def text(name: str) -> str:
            return (self.parameterAsString(parameters, name, context) or "").strip()

        def integer(name: str) -> int:
            return self.parameterAsInt(parameters, name, context)

        def number(name: str) -> float:
            return self.parameterAsDouble(parameters, name, context)

        def enum(name: str, choices: tuple[str, ...]) -> str:
            return choices[self.parameterAsEnum(parameters, name, context)]

        folders = [Path(self.parameterAsFile(parameters, self.INPUT_DATA, context))]
        folders += [Path(part.strip()) for part in text(self.ADDITIONAL_DATA).split(";") if part]
        output = self.parameterAsFileOutput(parameters, self.OUTPUT_MODEL, context)
        Path(output).parent.mkdir(parents=True, exist_ok=True)  # e.g. the default's folder
        model_index = self.parameterAsEnum(parameters, self.MODEL_TYPE, context)
        return {
            "data_folder": folders,
            "model_type": MODEL_TYPES[model_index].key,
            "output_model": Path(output),
            "backbone": text(self.BACKBONE) or None,
            "pretrained": text(self.PRETRAINED_WEIGHTS)
            or enum(self.PRETRAINED, PRETRAINED_CHOICES),
            "epochs": integer(self.EPOCHS) or None,  # empty: 10, or what MAX_TIME allows
            "batch_size": integer(self.BATCH_SIZE),
            "learning_rate": number(self.LEARNING_RATE) or None,  # empty or 0: find it
            "validation_fraction": number(self.VALIDATION_PCT) / 100,
            "max_time_minutes": number(self.MAX_TIME) or None,
            "patience": integer(self.PATIENCE) or None,
            "monitor": read_choice(self, parameters, self.MONITOR, context),
            "freeze_epochs": integer(self.FREEZE_EPOCHS),
            "init_model": Path(text(self.INIT_MODEL)) if text(self.INIT_MODEL) else None,
            "seed": integer(self.SEED),
            "device": read_choice(self, parameters, self.DEVICE, context),
            "precision": read_choice(self, parameters, self.PRECISION, context),
        }
