"""Classify Objects: one class for each object (polygon), from the image chip under its
bounding box, with an image classification package."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from rasterio.io import DatasetReader
from rasterio.windows import Window, from_bounds

from .data.preprocess import normalise, resize_chip
from .inference.checks import check_raster_fits_model
from .models.networks import choose_device
from .models.package import ModelDefinition, load_model_for_task
from .models.registry import IMAGE_CLASSIFICATION
from .rasters import open_raster, valid_pixels
from .reporter import NullReporter, Reporter, raise_if_cancelled

Extent = tuple[float, float, float, float]  # xmin, ymin, xmax, ymax in the raster's CRS


@dataclass(frozen=True)
class ClassifyObjectsConfig:
    raster: Path
    model: Path
    batch_size: int = 32
    device: str | None = None


@dataclass(frozen=True)
class ObjectClass:
    """The class predicted for one object and the model's probability for it."""

    value: int
    name: str
    confidence: float


def classify_objects(
    config: ClassifyObjectsConfig, extents: Sequence[Extent], reporter: Reporter | None = None
) -> list[ObjectClass | None]:
    """A prediction per extent, in order; None where the extent holds no valid pixel."""
    reporter = reporter or NullReporter()
    device = choose_device(config.device)
    definition, model = load_model_for_task(config.model, device, IMAGE_CLASSIFICATION)
    results: list[ObjectClass | None] = [None] * len(extents)
    with open_raster("raster", config.raster) as src:
        check_raster_fits_model(src, definition, reporter)
        batch: list[tuple[int, torch.Tensor]] = []
        for position, extent in enumerate(extents):
            raise_if_cancelled(reporter)
            chip = _chip_under(src, extent, definition)
            if chip is not None:
                batch.append((position, chip))
            if len(batch) == config.batch_size or position == len(extents) - 1:
                _classify_batch(model, batch, definition, device, results)
                batch = []
                reporter.progress(100.0 * (position + 1) / len(extents))
    skipped = results.count(None)
    if skipped:
        reporter.warning(
            f"{skipped} of {len(extents)} objects lie outside the raster or over nodata only; "
            "they get no class."
        )
    return results


def _chip_under(
    src: DatasetReader, extent: Extent, definition: ModelDefinition
) -> torch.Tensor | None:
    """The normalised image under an extent, resized to the model's tile size, or None."""
    window = _pixel_window(src, extent)
    if window is None:
        return None
    valid = valid_pixels(src, window)
    if not valid.any():
        return None
    pixels = normalise(src.read(window=window), valid, definition.spec.statistics)
    return resize_chip(torch.from_numpy(pixels), definition.spec.tile_size)


def _pixel_window(src: DatasetReader, extent: Extent) -> Window | None:
    """The whole pixels an extent covers, clipped to the raster (None when outside it).
    An object smaller than a pixel still gets the pixel it falls in."""
    window = from_bounds(*extent, transform=src.transform)
    col_start, row_start = int(np.floor(window.col_off)), int(np.floor(window.row_off))
    col_stop = max(int(np.ceil(window.col_off + window.width)), col_start + 1)
    row_stop = max(int(np.ceil(window.row_off + window.height)), row_start + 1)
    col_start, row_start = max(col_start, 0), max(row_start, 0)
    col_stop, row_stop = min(col_stop, src.width), min(row_stop, src.height)
    if col_start >= col_stop or row_start >= row_stop:
        return None
    return Window(col_start, row_start, col_stop - col_start, row_stop - row_start)


@torch.inference_mode()
def _classify_batch(
    model: torch.nn.Module,
    batch: list[tuple[int, torch.Tensor]],
    definition: ModelDefinition,
    device: torch.device,
    results: list[ObjectClass | None],
) -> None:
    if not batch:
        return
    images = torch.stack([chip for _, chip in batch]).to(device)
    probabilities = torch.softmax(model(images), dim=1).cpu()
    confidence, index = probabilities.max(dim=1)
    for (position, _), best, probability in zip(
        batch, index.tolist(), confidence.tolist(), strict=True
    ):
        info = definition.class_by_index(best)
        results[position] = ObjectClass(info.value, info.name, round(probability, 4))
