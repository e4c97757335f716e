"""Train Deep Learning Model: fit a pixel or image classifier and save one model package."""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import rasterio
import torch
import torchvision
from torch import nn
from torch.utils.data import DataLoader, Dataset

from .data.catalog import TrainingData, read_training_folder
from .dataset import IGNORE_INDEX, ImageChipDataset, PixelChipDataset
from .errors import InputError
from .metrics import class_iou, confusion_matrix, mean_iou, overall_accuracy
from .model_types import PIXEL_CLASSIFICATION
from .model_types import model_type as find_model_type
from .models.networks import build_model, choose_device
from .package import ModelDefinition, save_package
from .reporter import NullReporter, Reporter, raise_if_cancelled


@dataclass(frozen=True)
class TrainConfig:
    """How to train; ``model_type`` is a key of ``models.MODEL_TYPES`` (``unet``, ``resnet18``)."""

    data_folder: Path
    model_type: str
    output_model: Path
    epochs: int = 10
    batch_size: int = 8
    learning_rate: float = 1e-3
    validation_fraction: float = 0.2
    seed: int = 42
    device: str | None = None  # None: CUDA when available, else CPU


@dataclass(frozen=True)
class TrainResult:
    model_path: Path
    best_epoch: int
    validation_accuracy: float
    mean_iou: float
    history: list[dict[str, float]] = field(default_factory=list)


@dataclass
class _EpochScore:
    loss: float
    matrix: np.ndarray


def train_model(config: TrainConfig, reporter: Reporter | None = None) -> TrainResult:
    """Train, keep the weights of the epoch with the best validation mean IoU, save them."""
    reporter = reporter or NullReporter()
    _check_numbers(config)
    spec = find_model_type(config.model_type)
    data = _read_training_data(config.data_folder, spec.task)
    train_indices, validation_indices = split_indices(
        len(data.image_paths), config.validation_fraction, config.seed, reporter
    )
    reporter.info(
        f"Training {spec.label} on {len(train_indices)} chips, validating on "
        f"{len(validation_indices)}; {len(data.classes)} classes, {data.spec.band_count} bands."
    )
    torch.manual_seed(config.seed)
    device = choose_device(config.device)
    model = build_model(spec.key, data.spec.band_count, len(data.classes)).to(device)
    loaders = _loaders(data, train_indices, validation_indices, config)
    best = _fit(model, loaders, len(data.classes), config, device, reporter)
    definition = _definition(spec.key, data, config, best, device)
    save_package(config.output_model, definition, best.state_dict)
    reporter.info(
        f"Saved the model of epoch {best.epoch} (validation accuracy "
        f"{best.accuracy:.3f}, mean IoU {best.mean_iou:.3f}) to {config.output_model}."
    )
    return TrainResult(
        model_path=config.output_model,
        best_epoch=best.epoch,
        validation_accuracy=best.accuracy,
        mean_iou=best.mean_iou,
        history=best.history,
    )


def _check_numbers(config: TrainConfig) -> None:
    if config.epochs < 1:
        raise InputError("epochs", f"must be at least 1 (got {config.epochs}).")
    if config.batch_size < 2:  # batch normalisation cannot train on a single sample
        raise InputError("batch_size", f"must be at least 2 (got {config.batch_size}).")
    if not config.learning_rate > 0:
        raise InputError("learning_rate", f"must be above 0 (got {config.learning_rate}).")
    if not 0 < config.validation_fraction < 1:
        raise InputError("validation_fraction", "must lie between 0 and 1.")


def _read_training_data(folder: Path, task: str) -> TrainingData:
    data = read_training_folder(folder)
    if data.task == task:
        return data
    if task == PIXEL_CLASSIFICATION:
        raise InputError(
            "data_folder",
            f"{folder} is not an Export Training Data folder of pixel-labelled chips (TorchMap "
            "or ArcGIS Classified Tiles), which pixel classification needs; export chips "
            "first, or choose an image classification model type for whole-chip labels.",
        )
    raise InputError(
        "data_folder",
        f"{folder} holds pixel-labelled chips; train a pixel classifier (U-Net) on it, or "
        "give image classification a folder with one sub-folder of images per class.",
    )


def split_indices(
    count: int, validation_fraction: float, seed: int, reporter: Reporter
) -> tuple[list[int], list[int]]:
    """A seeded random split into training and validation chips (at least two to train on)."""
    order = np.random.default_rng(seed).permutation(count).tolist()
    if count < 3:  # a lone training chip would make a batch of one, which cannot train
        reporter.warning(
            f"Only {count} training chips: they are used for validation too, so the "
            "validation metrics say nothing about unseen data. Export more chips."
        )
        return order, order
    validation_count = min(count - 2, max(1, round(count * validation_fraction)))
    return order[validation_count:], order[:validation_count]


def _loaders(
    data: TrainingData, train_indices: list[int], validation_indices: list[int], config: TrainConfig
) -> tuple[DataLoader, DataLoader]:
    dataset_type: type[Dataset] = (
        PixelChipDataset if data.task == PIXEL_CLASSIFICATION else ImageChipDataset
    )
    generator = torch.Generator().manual_seed(config.seed)
    # No worker processes: QGIS's embedded Python cannot safely fork or spawn interpreters.
    train_loader = DataLoader(
        dataset_type(data, train_indices, augment=True, seed=config.seed),
        batch_size=config.batch_size,
        shuffle=True,
        generator=generator,
        drop_last=len(train_indices) > config.batch_size,  # BatchNorm needs > 1 sample
    )
    validation_loader = DataLoader(
        dataset_type(data, validation_indices, augment=False, seed=config.seed),
        batch_size=config.batch_size,
    )
    return train_loader, validation_loader


@dataclass
class _Best:
    epoch: int = 0
    accuracy: float = 0.0
    mean_iou: float = -1.0
    class_iou: list[float | None] = field(default_factory=list)
    matrix: list[list[int]] = field(default_factory=list)
    state_dict: dict = field(default_factory=dict)
    history: list[dict[str, float]] = field(default_factory=list)
    seconds: float = 0.0


def _fit(
    model: nn.Module,
    loaders: tuple[DataLoader, DataLoader],
    class_count: int,
    config: TrainConfig,
    device: torch.device,
    reporter: Reporter,
) -> _Best:
    train_loader, validation_loader = loaders
    optimizer = torch.optim.Adam(model.parameters(), lr=config.learning_rate)
    loss_function = nn.CrossEntropyLoss(ignore_index=IGNORE_INDEX)
    best = _Best()
    started = time.monotonic()
    for epoch in range(1, config.epochs + 1):
        train_loss = _train_one_epoch(
            model, train_loader, optimizer, loss_function, device, reporter, epoch, config.epochs
        )
        score = _evaluate(model, validation_loader, loss_function, class_count, device, reporter)
        values = {
            "train_loss": train_loss,
            "valid_loss": score.loss,
            "accuracy": overall_accuracy(score.matrix),
            "mean_iou": mean_iou(score.matrix),
        }
        best.history.append({"epoch": epoch, **values})
        reporter.metrics(epoch, values)
        if values["mean_iou"] > best.mean_iou:
            best.epoch, best.accuracy, best.mean_iou = epoch, values["accuracy"], values["mean_iou"]
            best.class_iou = [None if np.isnan(v) else float(v) for v in class_iou(score.matrix)]
            best.matrix = score.matrix.tolist()
            best.state_dict = copy.deepcopy({k: v.cpu() for k, v in model.state_dict().items()})
    best.seconds = time.monotonic() - started
    return best


def _train_one_epoch(
    model: nn.Module,
    loader: DataLoader,
    optimizer: torch.optim.Optimizer,
    loss_function: nn.Module,
    device: torch.device,
    reporter: Reporter,
    epoch: int,
    epochs: int,
) -> float:
    model.train()
    total_loss, batches = 0.0, 0
    for batch, (images, targets) in enumerate(loader, start=1):
        raise_if_cancelled(reporter)  # checked every batch: a cancel stops within one batch
        images, targets = images.to(device), targets.to(device)
        optimizer.zero_grad()
        loss = loss_function(model(images), targets)
        loss.backward()
        optimizer.step()
        total_loss += float(loss.detach())
        batches += 1
        reporter.progress(100.0 * (epoch - 1 + batch / len(loader)) / epochs)
    return total_loss / max(batches, 1)


@torch.no_grad()
def _evaluate(
    model: nn.Module,
    loader: DataLoader,
    loss_function: nn.Module,
    class_count: int,
    device: torch.device,
    reporter: Reporter,
) -> _EpochScore:
    model.eval()
    matrix = np.zeros((class_count, class_count), dtype=np.int64)
    total_loss, batches = 0.0, 0
    for images, targets in loader:
        raise_if_cancelled(reporter)
        images, targets = images.to(device), targets.to(device)
        logits = model(images)
        loss = loss_function(logits, targets)
        if not torch.isnan(loss):  # a batch with no labelled pixel has no loss
            total_loss += float(loss)
            batches += 1
        matrix += confusion_matrix(logits.argmax(dim=1), targets, class_count, IGNORE_INDEX)
    return _EpochScore(loss=total_loss / max(batches, 1), matrix=matrix)


def _definition(
    key: str, data: TrainingData, config: TrainConfig, best: _Best, device: torch.device
) -> ModelDefinition:
    spec = find_model_type(key)
    return ModelDefinition(
        model_type=spec.key,
        task=spec.task,
        architecture=spec.architecture,
        backbone=spec.backbone,
        spec=data.spec,
        classes=data.classes,
        metrics={
            "best_epoch": best.epoch,
            "validation_accuracy": best.accuracy,
            "mean_iou": best.mean_iou,
            "class_iou": best.class_iou,
            "confusion_matrix": best.matrix,
        },
        training={
            "data_folder": str(config.data_folder),
            "chip_count": len(data.image_paths),
            "epochs": config.epochs,
            "batch_size": config.batch_size,
            "learning_rate": config.learning_rate,
            "validation_fraction": config.validation_fraction,
            "seed": config.seed,
            "device": device.type,
            "seconds": round(best.seconds, 1),
            "history": best.history,
        },
        versions={
            "torchmap_package_format": "2",
            "torch": torch.__version__,
            "torchvision": torchvision.__version__,
            "rasterio": rasterio.__version__,
            "numpy": np.__version__,
        },
    )
