"""torchmap:traindeeplearningmodel / ``train``: fit a pixel or image classifier into one model
package."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from ..models.registry import MODEL_TYPES
from ..options import DEFAULT_REFIT, REFITS
from . import shared
from .description import (
    CHOICE,
    FILE,
    FILE_OUT,
    FOLDER,
    INTEGER,
    NUMBER,
    STRING,
    Algorithm,
    Output,
    Parameter,
    qt_text,
)

TRANSLATION_CONTEXT = "TrainDeepLearningModelAlgorithm"
PRETRAINED_CHOICES = ("none", "imagenet")
MODEL_PACKAGE_FILTER = qt_text("TorchMap model package (*.tmpk)")
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


PARAMETERS = (
    Parameter(
        "INPUT_DATA",
        FOLDER,
        qt_text("Training data folder"),
        qt_text("The training data folder (an export, or class sub-folders)."),
        field="data_folder",
    ),
    Parameter(
        "ADDITIONAL_DATA",
        STRING,
        qt_text("More training data folders (separated by ;)"),
        qt_text("More folders of the same bands and classes to train on."),
        optional=True,
    ),
    Parameter(
        "MODEL_TYPE",
        CHOICE,
        qt_text("Model type"),
        qt_text("The network, and with it the task: pixel or image classification."),
        default=MODEL_TYPES[0].key,
        field="model_type",
        choices=tuple(model.key for model in MODEL_TYPES),
    ),
    Parameter(
        "BACKBONE",
        STRING,
        qt_text("Backbone (empty: the model type's default, e.g. resnet34)"),
        qt_text("The encoder network, e.g. resnet18 or resnet34; empty: the model type's default."),
        optional=True,
        field="backbone",
    ),
    Parameter(
        "PRETRAINED",
        CHOICE,
        qt_text("Pretrained weights"),
        qt_text("Start from ImageNet weights (from the local weight cache) or from scratch."),
        default="none",
        optional=True,
        field="pretrained",
        choices=PRETRAINED_CHOICES,
        choice_labels=(qt_text("None (from scratch)"), qt_text("ImageNet (weight cache)")),
    ),
    Parameter(
        "EPOCHS",
        INTEGER,
        qt_text("Epochs (maximum; empty: 10, or as many as the time allows)"),
        qt_text(
            "Passes over the training chips (at most; early stopping may end sooner). "
            "Empty: 10, or with a maximum training time as many as fit in it."
        ),
        optional=True,
        field="epochs",
        minimum=1,
    ),
    shared.batch_size(
        qt_text("Chips per training step; lower it if memory runs out."),
        8,
        minimum=2,
        advanced=False,
    ),
    Parameter(
        "LEARNING_RATE",
        NUMBER,
        qt_text("Learning rate (empty or 0: find it)"),
        qt_text("Step size of the optimiser; empty or 0 runs the learning rate finder."),
        optional=True,
        field="learning_rate",
        minimum=0.0,
    ),
    Parameter(
        "VALIDATION_PCT",
        NUMBER,
        qt_text("Validation chips (%)"),
        qt_text("Share of the chips held back to measure the model."),
        default=20.0,
        optional=True,
        field="validation_fraction",
        minimum=1.0,
        maximum=90.0,
        decimals=1,
    ),
    Parameter(
        "MAX_TIME",
        NUMBER,
        qt_text("Maximum training time (minutes, 0: no limit)"),
        qt_text("Stop after this many minutes and keep the best epoch; 0: no limit."),
        default=0.0,
        optional=True,
        field="max_time_minutes",
        minimum=0.0,
        decimals=1,
    ),
    Parameter(
        "PRETRAINED_WEIGHTS",
        FILE,
        qt_text("Local pretrained weights file (.pth)"),
        qt_text("A local weights file to start the backbone from."),
        optional=True,
        advanced=True,
        field="pretrained",
    ),
    Parameter(
        "TRAINING_WINDOW",
        INTEGER,
        qt_text("Training window (px, 0: half the chip)"),
        qt_text(
            "Pixel classification: every epoch trains on a fresh random window of this size "
            "from each chip (a multiple of 32), placed over labelled pixels; 0: half the "
            "chip's side (at least 32); the chip's size or more: whole chips."
        ),
        default=0,
        advanced=True,
        field="window",
        minimum=0,
    ),
    Parameter(
        "REFIT",
        CHOICE,
        qt_text("Refit on every chip for the package"),
        qt_text(
            "After the validated run has chosen the schedule, train once more on all chips "
            "(validation chips included) and save those weights; the metrics stay the "
            "validated run's. Auto: on for sets of up to 300 chips, where holding chips back "
            "costs most."
        ),
        default=DEFAULT_REFIT,
        advanced=True,
        field="refit",
        choices=REFITS,
        choice_labels=(qt_text("Auto (small sets)"), qt_text("On"), qt_text("Off")),
    ),
    Parameter(
        "PATIENCE",
        INTEGER,
        qt_text("Early stopping patience (epochs, 0: off)"),
        qt_text("Stop when the monitored metric has not improved for this many epochs; 0: never."),
        default=0,
        advanced=True,
        field="patience",
        minimum=0,
    ),
    shared.monitor(qt_text("The validation metric that decides the best epoch.")),
    Parameter(
        "FREEZE_EPOCHS",
        INTEGER,
        qt_text("Epochs with the backbone frozen"),
        qt_text("First epochs that train only the head, keeping pretrained backbone weights."),
        default=0,
        advanced=True,
        field="freeze_epochs",
        minimum=0,
    ),
    Parameter(
        "INIT_MODEL",
        FILE,
        qt_text("Fine-tune from model package"),
        qt_text("Continue training (fine-tune) a model package of the same classes."),
        optional=True,
        advanced=True,
        field="init_model",
        extension="tmpk",
    ),
    Parameter(
        "SEED",
        INTEGER,
        qt_text("Random seed"),
        qt_text("Makes the split and the training repeatable."),
        default=42,
        advanced=True,
        field="seed",
    ),
    shared.device(
        qt_text(
            "Where to train: auto picks a CUDA GPU (or Apple MPS) when available, else the CPU."
        )
    ),
    shared.precision(
        qt_text("Number format of the computation; bf16 or fp16 is faster on recent hardware.")
    ),
    shared.processes(
        qt_text(
            "Above 1, the model trains in that many processes at once (PyTorch's torchrun: one "
            "GPU each, or the CPU cores shared), as one run; see the README's Scaling out."
        )
    ),
    Parameter(
        "OUTPUT_MODEL",
        FILE_OUT,
        qt_text("Output model package"),
        qt_text(
            "Where the model package (.tmpk) is saved; the report goes beside it. By "
            "default a new file in the TorchMap/models folder of your home folder, kept "
            "after QGIS closes."
        ),
        field="output_model",
        extension=MODEL_PACKAGE_FILTER,
        default_factory=lambda: str(default_model_path()),
    ),
)

INTRO = qt_text(
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


def config(values: dict[str, Any]) -> Any:
    """The engine's settings from the parameters' values (see ``description.KINDS``)."""
    from ..training.train import TrainConfig

    folders = [Path(values["INPUT_DATA"])]
    folders += [
        Path(part.strip()) for part in (values.get("ADDITIONAL_DATA") or "").split(";") if part
    ]
    output = Path(values["OUTPUT_MODEL"])
    output.parent.mkdir(parents=True, exist_ok=True)  # e.g. the default's folder
    init_model = values.get("INIT_MODEL")
    return TrainConfig(
        data_folder=folders,
        model_type=values["MODEL_TYPE"],
        output_model=output,
        backbone=(values.get("BACKBONE") or "").strip() or None,
        pretrained=values.get("PRETRAINED_WEIGHTS") or values.get("PRETRAINED") or "none",
        epochs=values.get("EPOCHS") or None,  # empty: 10, or what MAX_TIME allows
        batch_size=values["BATCH_SIZE"],
        learning_rate=values.get("LEARNING_RATE") or None,  # empty or 0: find it
        validation_fraction=values["VALIDATION_PCT"] / 100,
        window=values.get("TRAINING_WINDOW") or None,  # 0: half the chip
        refit=values.get("REFIT") or DEFAULT_REFIT,
        max_time_minutes=values.get("MAX_TIME") or None,
        patience=values.get("PATIENCE") or None,
        monitor=values["MONITOR"],
        freeze_epochs=values["FREEZE_EPOCHS"],
        init_model=Path(init_model) if init_model else None,
        seed=values["SEED"],
        device=values["DEVICE"],
        precision=values["PRECISION"],
    )


def run(values: dict[str, Any], reporter: Any, group: Any = None) -> dict[str, Any]:
    from ..distributed import SINGLE
    from ..training.train import train_model

    result = train_model(config(values), reporter, group or SINGLE)
    return {
        "OUTPUT_MODEL": str(result.model_path),
        "VALIDATION_ACCURACY": result.validation_accuracy,
        "MEAN_IOU": result.mean_iou,
        "OUTPUT_REPORT": str(result.report_path) if result.report_path else None,
    }


ALGORITHM = Algorithm(
    name="traindeeplearningmodel",
    command="train",
    title=qt_text("Train Deep Learning Model"),
    intro=INTRO,
    parameters=PARAMETERS,
    outputs=(
        Output("VALIDATION_ACCURACY", "number", qt_text("Validation accuracy (0-1)")),
        Output("MEAN_IOU", "number", qt_text("Validation mean IoU")),
        Output("OUTPUT_REPORT", "html", qt_text("Training report")),
    ),
    config=config,
    run=run,
    translation_context=TRANSLATION_CONTEXT,
    distributed=True,
)
