"""Export Training Data: image chips and matching label chips from a raster and a thematic
(class) raster, plus a JSON file describing classes, bands and statistics."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from rasterio.enums import Resampling
from rasterio.io import DatasetReader
from rasterio.vrt import WarpedVRT
from rasterio.windows import Window

from ..colormap import build_classes, read_class_legend
from ..errors import InputError
from ..outputs import atomic_folder
from ..rasters import cell_size, crs_wkt, open_raster, valid_pixels
from ..reporter import NullReporter, Reporter, raise_if_cancelled
from ..spec import ClassInfo, InputSpec
from ..tiling import count_tile_windows, tile_windows
from .catalog import PIXEL_CLASSIFICATION, ChipPosition
from .formats import CLASSIFIED_TILES, ChipRecord, ExportSummary, classified_tiles
from .formats.torchmap import EXPORT_METADATA_NAME, write_metadata
from .statistics import BandStatisticsAccumulator

MIN_TILE_SIZE = 8


@dataclass(frozen=True)
class ExportConfig:
    """What to export: ``class_raster`` holds class values 1..n, 0 (or nodata) = unlabelled."""

    raster: Path
    class_raster: Path
    output_folder: Path
    tile_size: int = 256
    stride: int | None = None  # None: tile_size, i.e. chips that touch but do not overlap


@dataclass(frozen=True)
class ExportResult:
    output_folder: Path
    metadata_path: Path
    chip_count: int
    classes: list[ClassInfo]


def export_training_data(config: ExportConfig, reporter: Reporter | None = None) -> ExportResult:
    """Write ``images/`` and ``labels/`` chips and the metadata JSON into the output folder."""
    reporter = reporter or NullReporter()
    stride = config.tile_size if config.stride is None else config.stride
    _check_tiling(config.tile_size, stride)
    with ExitStack() as stack:
        image_src = stack.enter_context(open_raster("raster", config.raster))
        label_src = stack.enter_context(open_raster("class_raster", config.class_raster))
        _check_class_raster(label_src)
        _check_raster_size(image_src, config.tile_size)
        labels = stack.enter_context(_labels_on_image_grid(image_src, label_src))
        names, colors = read_class_legend(config.class_raster)
        with atomic_folder("output_folder", config.output_folder, EXPORT_METADATA_NAME) as work:
            chips = _write_chips(image_src, labels, work, config.tile_size, stride, reporter)
            if chips.count == 0:
                raise InputError(
                    "class_raster",
                    f"{config.class_raster} has no labelled pixels (values "
                    "above 0) over valid pixels of the image; label some pixels inside the "
                    "image's extent, or check that both layers cover the same area.",
                )
            classes = build_classes(sorted(chips.class_pixels), names, colors)
            summary = _summary(config, image_src, stride, chips, classes)
            write_metadata(work, summary)
            classified_tiles.write(work, summary)
    reporter.info(
        f"Exported {chips.count} chips of {config.tile_size} px with {len(classes)} classes "
        f"to {config.output_folder}."
    )
    return ExportResult(
        output_folder=config.output_folder,
        metadata_path=config.output_folder / EXPORT_METADATA_NAME,
        chip_count=chips.count,
        classes=classes,
    )


def _check_tiling(tile_size: int, stride: int) -> None:
    if tile_size < MIN_TILE_SIZE:
        raise InputError("tile_size", f"must be at least {MIN_TILE_SIZE} pixels (got {tile_size}).")
    if stride < 1:
        raise InputError("stride", f"must be at least 1 pixel (got {stride}).")


def _check_class_raster(label_src: DatasetReader) -> None:
    if not np.issubdtype(np.dtype(label_src.dtypes[0]), np.integer):
        raise InputError(
            "class_raster",
            f"{label_src.name} holds {label_src.dtypes[0]} values; a thematic "
            "raster of integer class values 1..n (0 = unlabelled) is needed.",
        )


def _check_raster_size(src: DatasetReader, tile_size: int) -> None:
    if src.width < tile_size or src.height < tile_size:
        raise InputError(
            "tile_size",
            f"{tile_size} px is larger than the raster ({src.width} x "
            f"{src.height} pixels); use at most {min(src.width, src.height)}.",
        )


def _labels_on_image_grid(image_src: DatasetReader, label_src: DatasetReader):
    """The class raster as seen on the image's grid: warped (nearest neighbour, so class
    values stay classes) when its CRS, cell size or alignment differ."""
    same_grid = (
        label_src.transform == image_src.transform
        and label_src.shape == image_src.shape
        and (label_src.crs == image_src.crs or label_src.crs is None)
    )
    if same_grid:
        return _NoClose(label_src)
    if label_src.crs is None or image_src.crs is None:
        raise InputError(
            "class_raster",
            "is not on the image's grid and one of the two has no CRS, so "
            "they cannot be aligned; assign a CRS to both layers.",
        )
    return WarpedVRT(
        label_src,
        crs=image_src.crs,
        transform=image_src.transform,
        width=image_src.width,
        height=image_src.height,
        resampling=Resampling.nearest,
        src_nodata=label_src.nodata,
        nodata=0,
    )


class _NoClose:
    """Context manager that hands out a dataset another context already owns."""

    def __init__(self, src: DatasetReader) -> None:
        self.src = src

    def __enter__(self) -> DatasetReader:
        return self.src

    def __exit__(self, *exc: object) -> None:
        pass


@dataclass
class _ChipTally:
    count: int
    class_pixels: dict[int, int]
    class_chips: dict[int, int]
    statistics: BandStatisticsAccumulator
    label_dtype: str
    records: list[ChipRecord]


def _write_chips(
    image_src: DatasetReader,
    labels: DatasetReader,
    folder: Path,
    tile_size: int,
    stride: int,
    reporter: Reporter,
) -> _ChipTally:
    (folder / "images").mkdir()
    (folder / "labels").mkdir()
    tally = _ChipTally(0, {}, {}, BandStatisticsAccumulator(image_src.count), "uint8", [])
    total = count_tile_windows(image_src.width, image_src.height, tile_size, stride)
    for done, (window, pixels, valid, label) in enumerate(
        _labelled_chips(image_src, labels, tile_size, stride), start=1
    ):
        raise_if_cancelled(reporter)
        reporter.progress(100.0 * done / total)
        if label is None:
            continue
        name = f"{tally.count:06d}.tif"
        _write_chip(folder / "images" / name, image_src, window, pixels, image_src.nodata)
        label_dtype = "uint8" if label.max() <= 255 else "uint16"
        _write_chip(folder / "labels" / name, image_src, window, label[None].astype(label_dtype), 0)
        tally.count += 1
        if label_dtype == "uint16":
            tally.label_dtype = "uint16"
        tally.statistics.add(pixels, valid)
        values, counts = np.unique(label[label > 0], return_counts=True)
        for value, count in zip(values.tolist(), counts.tolist(), strict=True):
            tally.class_pixels[value] = tally.class_pixels.get(value, 0) + count
            tally.class_chips[value] = tally.class_chips.get(value, 0) + 1
        position = ChipPosition(
            "0", int(window.col_off), int(window.row_off), int(window.width), int(window.height)
        )
        tally.records.append(ChipRecord(f"images/{name}", f"labels/{name}", position))
    return tally


def _labelled_chips(
    image_src: DatasetReader, labels: DatasetReader, tile_size: int, stride: int
) -> Iterator[tuple[Window, np.ndarray, np.ndarray, np.ndarray | None]]:
    """Each window with its pixels, valid mask and labels (None when nothing is labelled).
    Labels over invalid image pixels are dropped: a model must not learn from nodata."""
    for window in tile_windows(image_src.width, image_src.height, tile_size, stride):
        label = labels.read(1, window=window).astype(np.int64)
        if labels.nodata is not None:
            label[label == labels.nodata] = 0
        label[label < 0] = 0
        if label.any():  # only then are the image's masks worth reading
            valid = valid_pixels(image_src, window)
            label[~valid] = 0
        if not label.any():
            yield window, np.empty(0), np.empty(0), None
            continue
        yield window, image_src.read(window=window), valid, label


def _write_chip(
    path: Path, src: DatasetReader, window: Window, pixels: np.ndarray, nodata: float | None
) -> None:
    profile = {
        "driver": "GTiff",
        "width": pixels.shape[2],
        "height": pixels.shape[1],
        "count": pixels.shape[0],
        "dtype": pixels.dtype.name,
        "crs": src.crs,
        "transform": src.window_transform(window),
        "nodata": nodata,
    }
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(pixels)


def _summary(
    config: ExportConfig,
    image_src: DatasetReader,
    stride: int,
    chips: _ChipTally,
    classes: list[ClassInfo],
) -> ExportSummary:
    band_names = [
        description or f"band {index}"
        for index, description in enumerate(image_src.descriptions, start=1)
    ]
    spec = InputSpec(
        band_count=image_src.count,
        band_names=band_names,
        statistics=chips.statistics.result(),
        tile_width=config.tile_size,
        tile_height=config.tile_size,
        dtype=image_src.dtypes[0],
        nodata=image_src.nodata,
        cell_size=cell_size(image_src),
        crs=crs_wkt(image_src),
    )
    return ExportSummary(
        task=PIXEL_CLASSIFICATION,
        metadata_format=CLASSIFIED_TILES,
        spec=spec,
        classes=classes,
        chips=chips.records,
        class_pixels=chips.class_pixels,
        class_chips=chips.class_chips,
        label_dtype=chips.label_dtype,
        settings={
            "source_rasters": {"0": str(config.raster)},
            "source_class_data": str(config.class_raster),
            "tile_size": config.tile_size,
            "stride": stride,
        },
    )
