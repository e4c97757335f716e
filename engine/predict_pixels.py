"""Classify Pixels: tiled inference over a raster of any size into a classified GeoTIFF
that carries the model's colour table and class names."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
import torch
from rasterio.io import DatasetReader, DatasetWriter
from rasterio.windows import Window

from .colormap import hex_to_rgba, write_category_names
from .data.preprocess import normalise
from .errors import InputError
from .models.networks import choose_device
from .models.package import ModelDefinition, load_model_for_task
from .models.registry import PIXEL_CLASSIFICATION
from .outputs import atomic_file, remove_sidecars
from .rasters import open_raster, valid_pixels
from .reporter import NullReporter, Reporter, raise_if_cancelled
from .spec import ClassInfo
from .tiling import count_tile_windows, tile_windows

GEOTIFF_SUFFIXES = (".tif", ".tiff")
OUTPUT_NODATA = 0  # class values start at 1, so 0 is free to mark "not classified"


@dataclass(frozen=True)
class ClassifyPixelsConfig:
    raster: Path
    model: Path
    output: Path
    batch_size: int = 4
    device: str | None = None


@dataclass(frozen=True)
class ClassifyPixelsResult:
    output: Path
    classes: list[ClassInfo]
    class_pixel_counts: dict[str, int]


def classify_pixels(
    config: ClassifyPixelsConfig, reporter: Reporter | None = None
) -> ClassifyPixelsResult:
    """Classify every valid pixel of the raster with a pixel classification package."""
    reporter = reporter or NullReporter()
    if config.output.suffix.lower() not in GEOTIFF_SUFFIXES:
        raise InputError(
            "output", f"{config.output.name} must end in .tif: the classified raster is a "
            "GeoTIFF (with its colour table and class names).",
        )  # fmt: skip
    device = choose_device(config.device)
    definition, model = load_model_for_task(config.model, device, PIXEL_CLASSIFICATION)
    with open_raster("raster", config.raster) as src:
        check_raster_fits_model(src, definition, reporter)
        counts = np.zeros(len(definition.classes) + 1, dtype=np.int64)
        with atomic_file("output", config.output) as partial:
            with rasterio.open(partial, "w", **_output_profile(src, definition)) as dst:
                _describe_output(dst, definition)
                for window, classes in _classified_windows(
                    src, definition, model, config, device, reporter
                ):
                    dst.write(classes, 1, window=window)
                    counts += np.bincount(classes.ravel(), minlength=len(counts))[: len(counts)]
            remove_sidecars(config.output)
        write_category_names(config.output, definition.classes)
    summary = {info.name: int(counts[info.value]) for info in definition.classes}
    reporter.info(f"Classified pixels per class: {json.dumps(summary)}")
    return ClassifyPixelsResult(
        output=config.output, classes=definition.classes, class_pixel_counts=summary
    )


def check_raster_fits_model(
    src: DatasetReader, definition: ModelDefinition, reporter: Reporter
) -> None:
    """Refuse a raster whose bands differ from the training data; warn on other mismatches."""
    spec = definition.spec
    if src.count != spec.band_count:
        raise InputError(
            "raster", f"{src.name} has {src.count} bands but the model was trained on "
            f"{spec.band_count} ({', '.join(spec.band_names)}); use a raster with "
            "the same bands in the same order as the training data.",
        )  # fmt: skip
    if spec.crs and src.crs and src.crs.to_wkt() != spec.crs:
        reporter.warning(
            f"{src.name} is in {src.crs.to_string()}, the training data in another CRS; "
            "results may suffer if the cell size or the look of the imagery differs."
        )
    if spec.cell_size and src.crs:
        ratio = abs(src.transform.a) / spec.cell_size[0]
        if not 0.5 <= ratio <= 2:
            reporter.warning(
                f"The raster's cell size is {ratio:.2g} times the training data's; a model "
                "sees objects at the scale it was trained on, so resample the raster."
            )


def _output_profile(src: DatasetReader, definition: ModelDefinition) -> dict:
    return {
        "driver": "GTiff",
        "width": src.width,
        "height": src.height,
        "count": 1,
        "dtype": _dtype(np.array([info.value for info in definition.classes])),
        "crs": src.crs,
        "transform": src.transform,
        "nodata": OUTPUT_NODATA,
        "tiled": True,
        "blockxsize": 256,
        "blockysize": 256,
        "compress": "deflate",
        "BIGTIFF": "IF_SAFER",
    }


def _describe_output(dst: DatasetWriter, definition: ModelDefinition) -> None:
    """Colour table and class metadata inside the TIFF, so the file alone is self-describing."""
    dst.write_colormap(1, {info.value: hex_to_rgba(info.color) for info in definition.classes})
    dst.set_band_description(1, "class")
    dst.update_tags(
        TORCHMAP_CLASSES=json.dumps([info.to_json() for info in definition.classes]),
        TORCHMAP_MODEL_TYPE=definition.model_type,
    )


def _classified_windows(
    src: DatasetReader,
    definition: ModelDefinition,
    model: torch.nn.Module,
    config: ClassifyPixelsConfig,
    device: torch.device,
    reporter: Reporter,
) -> Iterator[tuple[Window, np.ndarray]]:
    """Each tile window with its class values, inferred in batches of same-sized tiles."""
    tile = definition.spec.tile_size
    total = count_tile_windows(src.width, src.height, tile, tile)
    values = np.array([info.value for info in definition.classes])
    batch: list[tuple[Window, np.ndarray, np.ndarray]] = []
    done = 0
    for window in tile_windows(src.width, src.height, tile, tile):
        raise_if_cancelled(reporter)
        valid = valid_pixels(src, window)
        if not valid.any():  # all nodata: nothing to infer
            done += 1
            yield window, np.full(valid.shape, OUTPUT_NODATA, dtype=_dtype(values))
            continue
        pixels = normalise(src.read(window=window), valid, definition.spec.statistics)
        batch.append((window, _pad_to_tile(pixels, tile), valid))
        if len(batch) == config.batch_size:
            yield from _infer_batch(model, batch, values, device)
            done += len(batch)
            batch = []
            reporter.progress(100.0 * done / total)
    if batch:
        yield from _infer_batch(model, batch, values, device)
    reporter.progress(100.0)


def _dtype(values: np.ndarray) -> str:
    """The smallest unsigned type holding every class value."""
    return "uint8" if values.max() <= 255 else "uint16"


def _pad_to_tile(pixels: np.ndarray, tile: int) -> np.ndarray:
    """Edge windows are smaller than a tile: mirror them up to it so tiles batch together."""
    pad_rows, pad_cols = tile - pixels.shape[1], tile - pixels.shape[2]
    if not pad_rows and not pad_cols:
        return pixels
    return np.pad(pixels, ((0, 0), (0, pad_rows), (0, pad_cols)), mode="symmetric")


@torch.inference_mode()
def _infer_batch(
    model: torch.nn.Module,
    batch: list[tuple[Window, np.ndarray, np.ndarray]],
    values: np.ndarray,
    device: torch.device,
) -> Iterator[tuple[Window, np.ndarray]]:
    images = torch.from_numpy(np.stack([pixels for _, pixels, _ in batch])).to(device)
    indices = model(images).argmax(dim=1).cpu().numpy()
    for (window, _, valid), index in zip(batch, indices, strict=True):
        rows, cols = valid.shape
        classes = values[index[:rows, :cols]].astype(_dtype(values))
        classes[~valid] = OUTPUT_NODATA
        yield window, classes
