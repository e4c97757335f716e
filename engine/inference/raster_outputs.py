"""Classify Pixels' rasters: the class raster (the smallest integer type that holds the
classes and a nodata value that is no class), the confidence and the probabilities, written a
block row at a time as tile rows finish, resampled back onto the input grid when read at
another cell size, and described inside the file (colour table, names, classes)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import rasterio
from rasterio.io import DatasetWriter
from rasterio.transform import Affine
from rasterio.windows import Window

from ..colormap import write_category_names, write_color_table
from ..errors import InputError
from ..i18n import _
from ..models.definition import ModelDefinition
from .processing_grid import ProcessingGrid

SCORE_NODATA = -1.0  # confidence and probabilities lie in 0..1
BLOCK = 256  # output block size: rows are written a whole block row at a time


def class_encoding(values: Sequence[int]) -> tuple[str, int]:
    """The output data type and a nodata value that is no class: 0 where free, else the
    type's largest value, else the first free one."""
    low, high = min(values), max(values)
    types = ("int16", "int32") if low < 0 else ("uint8", "uint16", "uint32")
    dtype = next(
        name
        for name in types
        if np.iinfo(name).min <= low
        and high <= np.iinfo(name).max
        and len(values) < np.iinfo(name).max - np.iinfo(name).min + 1  # room for nodata
    )
    info = np.iinfo(dtype)
    taken = set(values)
    for candidate in (0, info.max, info.min):
        if candidate not in taken:
            return dtype, int(candidate)
    return dtype, next(v for v in range(info.min, info.max) if v not in taken)


def open_writers(
    grid: ProcessingGrid,
    definition: ModelDefinition,
    targets: dict[str, Path],
    dtype: str,
    nodata: int,
    stack: contextlib.ExitStack,
    rows: tuple[int, int] | None = None,
) -> dict[str, DatasetWriter]:
    """The outputs' GeoTIFFs on the processing grid, or on its ``rows`` (top, bottom): one
    rank's part of a sharded run."""
    top, bottom = rows or (0, grid.height)
    base = {
        "driver": "GTiff",
        "width": grid.width,
        "height": bottom - top,
        "crs": grid.crs,
        "transform": grid.transform * Affine.translation(0, top),
        "tiled": True,
        "blockxsize": BLOCK,
        "blockysize": BLOCK,
        "compress": "deflate",
        "BIGTIFF": "IF_SAFER",
    }
    profiles = {
        "output": base | {"count": 1, "dtype": dtype, "nodata": nodata},
        "confidence": base | {"count": 1, "dtype": "float32", "nodata": SCORE_NODATA},
        "probabilities": base
        | {
            "count": len(definition.classes),
            "dtype": "float32",
            "nodata": SCORE_NODATA,
            "interleave": "band",
        },
    }
    writers = {}
    for name, target in targets.items():
        try:
            writers[name] = stack.enter_context(rasterio.open(target, "w", **profiles[name]))
        except rasterio.errors.RasterioIOError as error:
            raise InputError(
                name,
                _(
                    "{folder} cannot be written ({error}); choose a location you can write to."
                ).format(folder=target.parent, error=error),
            ) from error
    return writers


def write_rows(
    writers: dict[str, BlockRowWriter],
    probabilities: np.ndarray,
    valid: np.ndarray,
    lookup: np.ndarray,
    nodata: int,
) -> np.ndarray:
    """Write the next finished rows of every output; returns the pixel count per class."""
    indices = most_probable(probabilities)
    classes = lookup[indices].astype(writers["output"].dataset.dtypes[0])
    classes[~valid] = nodata
    writers["output"].write(classes[None])
    if "confidence" in writers:
        confidence = np.take_along_axis(probabilities, indices[None], axis=0)
        confidence[:, ~valid] = SCORE_NODATA
        writers["confidence"].write(confidence)
    if "probabilities" in writers:
        probabilities[:, ~valid] = SCORE_NODATA
        writers["probabilities"].write(probabilities)
    return np.bincount(indices[valid], minlength=len(lookup))


def most_probable(probabilities: np.ndarray) -> np.ndarray:
    """The index of the largest of (classes, rows, cols) per pixel, as ``argmax(axis=0)``
    (the first on ties) but class by class over whole planes, several times faster."""
    best = probabilities[0].copy()
    dtype = np.uint8 if len(probabilities) <= 256 else np.int32
    indices = np.zeros(best.shape, dtype=dtype)
    larger = np.empty(best.shape, dtype=bool)
    for index in range(1, len(probabilities)):
        np.greater(probabilities[index], best, out=larger)
        np.copyto(indices, index, where=larger)
        np.maximum(best, probabilities[index], out=best)
    return indices


class BlockRowWriter:
    """Writes rows that arrive in order a whole block row at a time, so GDAL never holds,
    or flushes and later rewrites, half-filled compressed blocks (memory stays bounded)."""

    def __init__(self, dataset: DatasetWriter, block_rows: int = BLOCK) -> None:
        self.dataset, self.block_rows = dataset, block_rows
        self.parts: list[np.ndarray] = []
        self.top = self.buffered = 0

    def write(self, rows: np.ndarray) -> None:
        """Append (bands, rows, width) below the rows written so far."""
        self.parts.append(rows)
        self.buffered += rows.shape[1]
        if self.buffered >= self.block_rows:
            self._flush(self.buffered - self.buffered % self.block_rows)

    def close(self) -> None:
        """Write what is left and close the dataset."""
        if self.buffered:
            self._flush(self.buffered)
        self.dataset.close()

    def _flush(self, count: int) -> None:
        data = np.concatenate(self.parts, axis=1) if len(self.parts) > 1 else self.parts[0]
        window = Window(0, self.top, data.shape[2], count)
        self.dataset.write(data[:, :count], window=window)
        rest = data[:, count:]
        self.parts = [rest.copy()] if rest.shape[1] else []
        self.top, self.buffered = self.top + count, self.buffered - count


def warp_to_input_grid(
    source: Path, destination: Path, grid: ProcessingGrid, categorical: bool
) -> None:
    """Resample an output from the processing grid back onto the input raster's grid."""
    from osgeo import gdal

    left, top = grid.input_transform.c, grid.input_transform.f
    right = left + grid.input_transform.a * grid.input_width
    bottom = top + grid.input_transform.e * grid.input_height
    options = gdal.WarpOptions(
        format="GTiff",
        outputBounds=(left, bottom, right, top),
        width=grid.input_width,
        height=grid.input_height,
        resampleAlg="near" if categorical else "bilinear",
        creationOptions=["TILED=YES", "COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER"],
    )
    result = gdal.Warp(str(destination), str(source), options=options)
    if result is None:
        raise OSError(_("GDAL could not resample {path} onto the input grid").format(path=source))
    result = None  # closes the dataset


def describe_classes(path: Path, definition: ModelDefinition, dtype: str) -> None:
    """Colour table, class names and metadata inside the file, so it is self-describing."""
    if dtype in ("uint8", "uint16"):  # the types GeoTIFF colour tables support
        write_color_table(path, definition.classes)
    with rasterio.open(path, "r+") as dst:
        dst.set_band_description(1, "class")
        dst.update_tags(
            TORCHMAP_CLASSES=json.dumps([info.to_json() for info in definition.classes]),
            TORCHMAP_MODEL_TYPE=definition.model_type,
        )
    if min(info.value for info in definition.classes) >= 0:
        write_category_names(path, definition.classes)


def describe_probabilities(path: Path, definition: ModelDefinition) -> None:
    with rasterio.open(path, "r+") as dst:
        for band, info in enumerate(definition.classes, start=1):
            dst.set_band_description(band, f"probability of {info.name}")
        dst.update_tags(
            TORCHMAP_CLASSES=json.dumps([info.to_json() for info in definition.classes])
        )


def join_parts(parts: list[Path], writer: BlockRowWriter) -> None:
    """Copy the ranks' parts, top to bottom, into one output, a block row at a time."""
    for part in parts:
        with rasterio.open(part) as source:
            for top in range(0, source.height, BLOCK):
                rows = min(BLOCK, source.height - top)
                writer.write(source.read(window=Window(0, top, source.width, rows)))
