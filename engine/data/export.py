"""Export Training Data: image chips and their labels from a raster and a thematic raster or
polygons, in TorchMap's / ArcGIS's *Classified Tiles* layout (pixel labels) or the *ImageNet*
/ *Labeled Tiles* layout (one class per chip), with the metadata that describes them."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine
from rasterio.io import DatasetReader
from rasterio.windows import Window

from ..compat import zip_strict
from ..errors import InputError
from ..i18n import _
from ..options import (
    BOUNDING_BOX,
    CROP_MODES,
    FIXED_SIZE,
    IMAGE_CLASSIFICATION,
    PIXEL_CLASSIFICATION,
)
from ..outputs import atomic_additions, atomic_folder
from ..rasters import (
    bounded_gdal_cache,
    crs_wkt,
    extent_window,
    finite_pixels,
    open_raster,
    resampled,
    tile_offsets,
    valid_pixels,
)
from ..reporter import NullReporter, Reporter, raise_if_cancelled
from ..spec import ClassInfo, InputSpec
from .chip_writer import CHIP_FORMATS, ChipWriter, check_chip_format
from .feature_checks import SkippedFeatures
from .formats import CLASSIFIED_TILES, IMAGENET, METADATA_FORMATS
from .formats import writer as metadata_format
from .formats.imagenet import class_folder_name
from .formats.torchmap import EXPORT_METADATA_NAME, read_metadata, write_metadata
from .labels import (
    ChipGrid,
    LabelSource,
    PolygonLabels,
    RasterLabels,
    covering_window,
    nearest_on_grid,
    read_polygon_features,
)
from .records import ChipPosition, ChipRecord, ExportSummary
from .statistics import BandStatisticsAccumulator

MIN_TILE_SIZE = 8
SOURCE_ID = "0"  # one source raster per export; appends from another raster get another id
GDAL_CACHE_BYTES = 64 * 1024 * 1024  # GDAL's block cache would otherwise grow with the raster


@dataclass(frozen=True)
class ExportConfig:
    """What to export. ``class_data`` is a thematic raster (integer class values, 0 or its
    nodata = unlabelled) or a polygon file with ``class_value_field``. Sizes are in pixels of
    the export grid (the raster's, or ``cell_size``'s); ``extent`` is in the raster's CRS."""

    raster: Path
    class_data: Path
    output_folder: Path
    tile_size: int = 256  # width (and height unless tile_height is given)
    stride: int | None = None  # x step; None: the tile width (chips that touch)
    tile_height: int | None = None
    stride_y: int | None = None
    class_layer: str | None = None  # layer of a multi-layer vector file
    class_value_field: str | None = None
    class_name_field: str | None = None
    metadata_format: str = CLASSIFIED_TILES
    chip_format: str = "tif"
    bands: tuple[int, ...] | None = None  # 1-based; None: all
    cell_size: float | None = None  # None: the raster's own
    extent: tuple[float, float, float, float] | None = None  # xmin, ymin, xmax, ymax
    mask: Path | None = None
    mask_layer: str | None = None
    min_labelled_fraction: float = 0.0
    export_all_tiles: bool = False
    rotation_angle: float = 0.0
    start_index: int = 0
    append: bool = False
    overwrite: bool = False
    crop_mode: str = FIXED_SIZE
    buffer_percent: float = 0.0
    blacken_around_feature: bool = False
    workers: int = 2

    @property
    def tile_width(self) -> int:
        return self.tile_size

    @property
    def tile_rows(self) -> int:
        return self.tile_height or self.tile_size

    @property
    def stride_x(self) -> int:
        return self.tile_size if self.stride is None else self.stride

    @property
    def stride_rows(self) -> int:
        if self.stride_y is not None:
            return self.stride_y
        return self.stride_x if self.tile_height is None else self.tile_rows


@dataclass(frozen=True)
class ExportResult:
    output_folder: Path
    metadata_path: Path
    chip_count: int
    classes: list[ClassInfo]


def export_training_data(config: ExportConfig, reporter: Reporter | None = None) -> ExportResult:
    """Write the chips and their metadata into the output folder: whole, or not at all."""
    reporter = reporter or NullReporter()
    _check_options(config)
    with bounded_gdal_cache(GDAL_CACHE_BYTES), ExitStack() as stack:
        source = stack.enter_context(open_raster("raster", config.raster))
        image = stack.enter_context(_on_export_grid(source, config.cell_size))
        bands = _bands(config, image)
        check_chip_format(config.chip_format, image.dtypes[bands[0] - 1], len(bands))
        area = _processing_window(config, image)
        labels = _label_source(config, image, area, reporter)
        stack.callback(labels.close)
        for conflict in getattr(labels, "conflicts", []):
            reporter.warning(conflict)
        mask = _mask_source(config, image, reporter)
        previous = _previous_export(config)
        # The writer closes (its threads done) before the folder is kept or removed.
        with (
            _output_folder(config) as work,
            ChipWriter(work, config.chip_format, config.workers) as writer,
        ):
            tally = _Tally(image, bands, labels, previous, config)
            if config.metadata_format == IMAGENET and isinstance(labels, PolygonLabels):
                _export_feature_chips(config, image, bands, labels, mask, tally, writer, reporter)
            else:
                _export_tiles(config, image, bands, area, labels, mask, tally, writer, reporter)
            writer.finish()
            if tally.new_chips == 0:
                raise InputError(
                    "class_data",
                    _(
                        "{path} has no labelled pixels over valid pixels of the image in the "
                        "processing extent (or too few for MIN_LABELLED_FRACTION); label some "
                        "pixels inside the image's extent, or check that both layers cover the "
                        "same area."
                    ).format(path=config.class_data),
                )
            summary = tally.summary(config, image)
            write_metadata(work, summary)
            metadata_format(config.metadata_format).write(work, summary)
    if previous:
        exported = _(
            "Exported {count} chips of {width} x {height} px with {classes} classes to "
            "{folder} ({total} in all)."
        )
    else:
        exported = _(
            "Exported {count} chips of {width} x {height} px with {classes} classes to {folder}."
        )
    reporter.info(
        exported.format(
            count=tally.new_chips,
            width=config.tile_width,
            height=config.tile_rows,
            classes=len(summary.classes),
            folder=config.output_folder,
            total=len(summary.chips),
        )
    )
    return ExportResult(
        output_folder=config.output_folder,
        metadata_path=config.output_folder / EXPORT_METADATA_NAME,
        chip_count=tally.new_chips,
        classes=summary.classes,
    )


def _check_options(config: ExportConfig) -> None:
    for name, value in (("tile_size", config.tile_width), ("tile_size", config.tile_rows)):
        if value < MIN_TILE_SIZE:
            raise InputError(
                name,
                _("must be at least {minimum} pixels (got {value}).").format(
                    minimum=MIN_TILE_SIZE, value=value
                ),
            )
    for value in (config.stride_x, config.stride_rows):
        if value < 1:
            raise InputError(
                "stride", _("must be at least 1 pixel (got {value}).").format(value=value)
            )
    if config.metadata_format not in METADATA_FORMATS:
        raise InputError(
            "metadata_format",
            _("must be one of {choices}.").format(choices=", ".join(METADATA_FORMATS)),
        )
    if config.chip_format not in CHIP_FORMATS:
        raise InputError(
            "chip_format", _("must be one of {choices}.").format(choices=", ".join(CHIP_FORMATS))
        )
    if config.crop_mode not in CROP_MODES:
        raise InputError(
            "crop_mode", _("must be one of {choices}.").format(choices=", ".join(CROP_MODES))
        )
    if not 0 <= config.min_labelled_fraction <= 1:
        raise InputError("min_labelled_fraction", _("must lie between 0 and 1."))
    if not 0 <= config.rotation_angle < 360:
        raise InputError("rotation_angle", _("must lie between 0 and 360 degrees (0: none)."))
    if config.cell_size is not None and not config.cell_size > 0:
        raise InputError("cell_size", _("must be above 0 (or empty for the raster's own)."))
    if config.buffer_percent < 0:
        raise InputError("buffer_percent", _("must not be negative."))
    if config.start_index < 0:
        raise InputError("start_index", _("must not be negative."))


@contextmanager
def _on_export_grid(src: DatasetReader, cell: float | None) -> Iterator[DatasetReader]:
    """The raster itself, or resampled on the fly (bilinear) to ``cell`` CRS units."""
    if cell is None or math.isclose(cell, abs(src.transform.a)):
        yield src
        return
    with resampled(src, cell) as vrt:
        yield vrt


def _bands(config: ExportConfig, image: DatasetReader) -> list[int]:
    bands = list(config.bands) if config.bands else list(image.indexes)
    bad = [band for band in bands if not 1 <= band <= image.count]
    if bad:
        raise InputError(
            "bands",
            _("band {band} does not exist; the raster has bands 1 to {count}.").format(
                band=bad[0], count=image.count
            ),
        )
    dtypes = {image.dtypes[band - 1] for band in bands}
    if len(dtypes) > 1:
        raise InputError(
            "bands",
            _("the chosen bands mix data types ({dtypes}).").format(dtypes=", ".join(dtypes)),
        )
    return bands


def _processing_window(config: ExportConfig, image: DatasetReader) -> Window:
    """The pixel window to tile: the raster, or its part inside the processing extent."""
    full = extent_window("extent", image, config.extent)
    if config.metadata_format == IMAGENET and config.crop_mode == BOUNDING_BOX:
        return full  # chips are resized feature boxes: no tile needs to fit
    if full.width < config.tile_width or full.height < config.tile_rows:
        if config.extent:
            too_large = _(
                "{width} x {height} px is larger than the processing extent ({area_width} x "
                "{area_height} pixels); use at most {most}."
            )
        else:
            too_large = _(
                "{width} x {height} px is larger than the raster ({area_width} x {area_height} "
                "pixels); use at most {most}."
            )
        raise InputError(
            "tile_size",
            too_large.format(
                width=config.tile_width,
                height=config.tile_rows,
                area_width=int(full.width),
                area_height=int(full.height),
                most=int(min(full.width, full.height)),
            ),
        )
    return full


def _window_bounds(image: DatasetReader, window: Window) -> tuple[float, float, float, float]:
    return tuple(rasterio.windows.bounds(window, image.transform))


def _is_vector(config: ExportConfig) -> bool:
    if config.class_value_field or config.class_layer:
        return True
    from osgeo import gdal

    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        raster = gdal.OpenEx(str(config.class_data), gdal.OF_RASTER | gdal.OF_READONLY)
        return raster is None and Path(config.class_data).exists()
    finally:
        gdal.PopErrorHandler()


def _label_source(
    config: ExportConfig, image: DatasetReader, area: Window, reporter: Reporter
) -> LabelSource:
    if not _is_vector(config):
        return RasterLabels(config.class_data, image)
    if not config.class_value_field:
        raise InputError(
            "class_value_field",
            _(
                "{path} is a vector layer: choose its integer field of class values "
                "(CLASS_VALUE_FIELD)."
            ).format(path=config.class_data),
        )
    skipped = SkippedFeatures()
    features = read_polygon_features(
        "class_data",
        config.class_data,
        config.class_layer,
        crs_wkt(image),
        config.class_value_field,
        config.class_name_field,
        skipped,
    )
    _warn_skipped(reporter, config.class_data, skipped)
    return PolygonLabels(features, _window_bounds(image, area), config.class_data)


def _mask_source(
    config: ExportConfig, image: DatasetReader, reporter: Reporter
) -> PolygonLabels | None:
    if config.mask is None:
        return None
    skipped = SkippedFeatures()
    features = read_polygon_features(
        "mask", config.mask, config.mask_layer, crs_wkt(image), None, skipped=skipped
    )
    _warn_skipped(reporter, config.mask, skipped)
    try:
        return PolygonLabels(features, tuple(image.bounds), config.mask)
    except InputError as error:
        raise InputError("mask", error.message) from error


def _warn_skipped(reporter: Reporter, path: Path, skipped: SkippedFeatures) -> None:
    """One warning for the features of ``path`` that were skipped or repaired (before
    anything can fail for want of them, so that the warning explains the failure)."""
    message = skipped.warning()
    if message:
        reporter.warning(_("{path}: {message}").format(path=path, message=message))


def _rotations(angle: float) -> list[float]:
    """0 and the extra rotations ArcGIS makes: every ``angle`` degrees round the circle."""
    if angle <= 0:
        return [0.0]
    return [step * angle for step in range(math.ceil(360 / angle - 1e-9))]


def _export_tiles(
    config: ExportConfig,
    image: DatasetReader,
    bands: list[int],
    area: Window,
    labels: LabelSource,
    mask: PolygonLabels | None,
    tally: _Tally,
    writer: ChipWriter,
    reporter: Reporter,
) -> None:
    """Tile the processing window row by row (the raster's block order) and write each chip
    with enough labelled valid pixels, plus its rotated copies."""
    cols = [
        int(area.col_off) + c
        for c in tile_offsets(int(area.width), config.tile_width, config.stride_x)
    ]
    rows = [
        int(area.row_off) + r
        for r in tile_offsets(int(area.height), config.tile_rows, config.stride_rows)
    ]
    total = len(cols) * len(rows)
    angles = _rotations(config.rotation_angle)
    done = 0
    for row in rows:
        for col in cols:
            raise_if_cancelled(reporter)
            done += 1
            window = Window(col, row, config.tile_width, config.tile_rows)
            position = ChipPosition(tally.source_id, col, row, config.tile_width, config.tile_rows)
            grid = ChipGrid(
                window, image.window_transform(window), config.tile_width, config.tile_rows
            )
            for angle in angles:
                chip = _labelled_chip(config, image, bands, _rotated(grid, angle), labels, mask)
                if chip is None:
                    break  # an unrotated chip not worth exporting has no rotated copies either
                tally.add(chip, position, angle, writer)
            reporter.progress(100.0 * done / total)


def _rotated(grid: ChipGrid, angle: float) -> ChipGrid:
    if angle == 0:
        return grid
    pivot = (grid.width / 2, grid.height / 2)
    return replace(grid, window=None, transform=grid.transform * Affine.rotation(angle, pivot))


@dataclass
class _Chip:
    pixels: np.ndarray
    valid: np.ndarray
    label: np.ndarray | None  # pixel labels (Classified Tiles) ...
    class_value: int | None  # ... or the chip's class (ImageNet)
    transform: Affine


def _labelled_chip(
    config: ExportConfig,
    image: DatasetReader,
    bands: list[int],
    grid: ChipGrid,
    labels: LabelSource,
    mask: PolygonLabels | None,
) -> _Chip | None:
    """The chip on ``grid`` with its labels, or None when it is not worth exporting."""
    bounds = grid.bounds()
    if mask is not None and not mask.may_label(bounds):
        return None
    if not config.export_all_tiles and not labels.may_label(bounds):
        return None
    label = labels.read(grid)
    if mask is not None:
        label[mask.read(grid) == 0] = 0
    if not config.export_all_tiles and not _enough_labelled(label, config):
        return None  # decided before reading the image: most empty tiles cost one label read
    pixels, valid = read_grid(image, bands, grid)
    if mask is not None:
        valid &= mask.read(grid) > 0
    if not valid.any():
        return None
    label[~valid] = 0  # a model must never learn from nodata
    if not config.export_all_tiles and not _enough_labelled(label, config):
        return None
    class_value = None
    if config.metadata_format == IMAGENET:
        class_value = _majority_class(label)
        if class_value is None:
            return None
    nodata = image.nodata
    if nodata is not None:
        pixels[:, ~valid] = nodata
    return _Chip(pixels, valid, label, class_value, grid.transform)


def _enough_labelled(label: np.ndarray, config: ExportConfig) -> bool:
    labelled = np.count_nonzero(label)
    return labelled > 0 and labelled >= config.min_labelled_fraction * label.size


def class_counts(label: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The class values (above 0) of a label chip and their pixel counts."""
    if label.dtype.itemsize <= 2:  # a histogram is much faster than sorting every pixel
        counts = np.bincount(label.ravel())
        values = np.flatnonzero(counts)
        values = values[values > 0]
        return values, counts[values]
    return np.unique(label[label > 0], return_counts=True)


def _majority_class(label: np.ndarray) -> int | None:
    values, counts = class_counts(label)
    return int(values[np.argmax(counts)]) if len(values) else None


def read_grid(
    image: DatasetReader, bands: list[int], grid: ChipGrid
) -> tuple[np.ndarray, np.ndarray]:
    """Pixels of a chip grid and where they are valid: not nodata (value, mask or alpha
    band), not NaN or infinite, and inside the raster."""
    if grid.window is not None:
        pixels = image.read(bands, window=grid.window)
        valid = valid_pixels(image, bands, grid.window)
    else:
        window = covering_window(image, grid)
        transform = image.window_transform(window)
        fill = image.nodata if image.nodata is not None else 0
        pixels, inside = nearest_on_grid(image.read(bands, window=window), transform, grid, fill)
        masks, _ = nearest_on_grid(image.read_masks(bands, window=window), transform, grid)
        valid = np.all(masks > 0, axis=0) & inside
    return pixels, valid & finite_pixels(pixels)


def _export_feature_chips(
    config: ExportConfig,
    image: DatasetReader,
    bands: list[int],
    labels: PolygonLabels,
    mask: PolygonLabels | None,
    tally: _Tally,
    writer: ChipWriter,
    reporter: Reporter,
) -> None:
    """ImageNet from polygons: one chip per polygon (and its rotated copies), cut by the
    function Classify Objects uses, so training sees objects as inference will."""
    from .object_chips import ChipOptions, read_object_chip

    options = ChipOptions(
        size=config.tile_width,
        crop_mode=config.crop_mode,
        buffer_percent=config.buffer_percent,
        blacken_around_feature=config.blacken_around_feature,
    )
    area_bounds = config.extent or tuple(image.bounds)
    tally.chip_width = tally.chip_height = config.tile_width  # square object chips
    angles = _rotations(config.rotation_angle)
    for done, feature in enumerate(labels.features, start=1):
        raise_if_cancelled(reporter)
        reporter.progress(100.0 * done / len(labels.features))
        if not _meets(feature.bounds, area_bounds):
            continue
        if mask is not None and not mask.may_label(feature.bounds):
            continue
        chip = read_object_chip(image, feature.geometry, options, bands)
        if chip is None:
            continue
        valid = chip.valid & finite_pixels(chip.pixels)
        if not valid.any():
            continue
        col, row = ~image.transform * (chip.transform.c, chip.transform.f)
        far_col, far_row = ~image.transform * (
            chip.transform * (config.tile_width, config.tile_width)
        )
        position = ChipPosition(
            tally.source_id,
            math.floor(col),
            math.floor(row),
            max(1, math.ceil(far_col - col)),
            max(1, math.ceil(far_row - row)),
        )
        for angle in angles:
            pixels, chip_valid = chip.pixels, valid
            if angle:
                turns = angle / 90
                if not float(turns).is_integer():
                    raise InputError(
                        "rotation_angle",
                        _("chips of polygons rotate in quarter turns only (90, 180 or 270)."),
                    )
                pixels = np.rot90(pixels, int(turns), axes=(1, 2)).copy()
                chip_valid = np.rot90(valid, int(turns)).copy()
            pixels = pixels.copy()
            if image.nodata is not None:
                pixels[:, ~chip_valid] = image.nodata
            tally.add(
                _Chip(pixels, chip_valid, None, feature.value, chip.transform),
                position,
                angle,
                writer,
            )


def _meets(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class _Tally:
    """Counts, statistics and records of the chips written, continuing an earlier export
    when appending."""

    def __init__(
        self,
        image: DatasetReader,
        bands: list[int],
        labels: LabelSource,
        previous: dict | None,
        config: ExportConfig,
    ) -> None:
        self.image = image
        self.bands = bands
        self.labels = labels
        self.label_dtype = labels.dtype
        self.crs_wkt = crs_wkt(image)  # once: converting a CRS costs more than a chip write
        self.chip_width, self.chip_height = config.tile_width, config.tile_rows
        self.config = config
        self.task = (
            IMAGE_CLASSIFICATION if config.metadata_format == IMAGENET else PIXEL_CLASSIFICATION
        )
        self.statistics = BandStatisticsAccumulator(len(bands))
        self.class_pixels: dict[int, int] = {}
        self.class_chips: dict[int, int] = {}
        self.records: list[ChipRecord] = []
        self.names: dict[int, str] = {}
        self.new_chips = 0
        self.previous = previous
        self.source_id = SOURCE_ID
        self.next_index = config.start_index
        if previous is not None:
            _check_append(previous, self, config)
            self._continue(previous)

    def _continue(self, previous: dict) -> None:
        spec = InputSpec.from_json(previous["spec"])
        self.statistics = BandStatisticsAccumulator.from_statistics(spec.statistics)
        for item in previous["classes"]:
            self.class_pixels[int(item["value"])] = int(item.get("pixel_count", 0))
            self.class_chips[int(item["value"])] = int(item.get("chip_count", 0))
            self.names[int(item["value"])] = str(item["name"])
        key = "label" if self.task == PIXEL_CLASSIFICATION else "class_value"
        sources = set()
        for chip in previous["chips"]:
            position = ChipPosition.from_json(chip["position"])
            sources.add(position.source)
            self.records.append(
                ChipRecord(chip["image"], chip[key], position, chip.get("rotation", 0))
            )
        sources_by_path = {v: k for k, v in previous.get("source_rasters", {}).items()}
        known = sources_by_path.get(str(self.config.raster))
        self.source_id = known or str(len(sources))
        taken = max((_chip_index(r.image) for r in self.records), default=-1)
        if self.config.start_index and self.config.start_index <= taken:
            raise InputError(
                "start_index",
                _(
                    "chips up to number {taken} exist already; use a start index above {taken} "
                    "(or 0 to continue after them)."
                ).format(taken=taken),
            )
        self.next_index = max(self.config.start_index, taken + 1)

    def add(self, chip: _Chip, position: ChipPosition, angle: float, writer: ChipWriter) -> None:
        """Count the chip into the statistics and queue it for writing."""
        name = f"{self.next_index:09d}"
        self.next_index += 1
        self.new_chips += 1
        self.statistics.add(chip.pixels, chip.valid)
        crs = self.crs_wkt
        nodata = self.image.nodata
        if chip.label is not None and self.task == PIXEL_CLASSIFICATION:
            values, counts = class_counts(chip.label)
            for value, count in zip_strict(values.tolist(), counts.tolist()):
                self.class_pixels[value] = self.class_pixels.get(value, 0) + count
                self.class_chips[value] = self.class_chips.get(value, 0) + 1
            image_path = writer.write_image(
                f"images/{name}", chip.pixels, chip.transform, crs, nodata
            )
            label_path = writer.write_label(
                f"labels/{name}", chip.label[None].astype(self.label_dtype), chip.transform, crs
            )
            self.records.append(ChipRecord(image_path, label_path, position, angle))
            return
        value = int(chip.class_value)
        self.class_pixels[value] = self.class_pixels.get(value, 0) + 1  # features
        self.class_chips[value] = self.class_chips.get(value, 0) + 1
        folder = self._class_folder(value)
        image_path = writer.write_image(
            f"images/{folder}/{name}", chip.pixels, chip.transform, crs, nodata
        )
        self.records.append(ChipRecord(image_path, value, position, angle))

    def _class_folder(self, value: int) -> str:
        if value not in self.names:
            self.names[value] = self.labels.classes([value])[0].name
        return class_folder_name(ClassInfo(value, self.names[value], "#000000"))

    def _chip_recipe(self, config: ExportConfig) -> dict[str, object] | None:
        """How image chips were cut (None for pixel classification): around polygons as the
        user chose, or class raster tiles (a fixed-size window, nothing blackened)."""
        if self.task != IMAGE_CLASSIFICATION:
            return None
        if not isinstance(self.labels, PolygonLabels):
            return {"crop_mode": FIXED_SIZE, "buffer_percent": 0.0, "blacken_around_feature": False}
        return {
            "crop_mode": config.crop_mode,
            "buffer_percent": config.buffer_percent,
            "blacken_around_feature": config.blacken_around_feature,
        }

    def summary(self, config: ExportConfig, image: DatasetReader) -> ExportSummary:
        """The export's description for the format writers."""
        values = sorted(self.class_pixels)
        classes = self.labels.classes(values)
        if self.names:  # an earlier export's names win: the folders carry them
            classes = [
                replace(info, name=self.names.get(info.value, info.name)) for info in classes
            ]
        band_names = [image.descriptions[b - 1] or f"band {b}" for b in self.bands]
        spec = InputSpec(
            band_count=len(self.bands),
            band_names=band_names,
            statistics=self.statistics.result(),
            tile_width=self.chip_width,
            tile_height=self.chip_height,
            dtype=image.dtypes[self.bands[0] - 1],
            nodata=image.nodata,
            cell_size=[abs(image.transform.a), abs(image.transform.e)],
            crs=crs_wkt(image),
            source_bands=list(self.bands),
            chip_recipe=self._chip_recipe(config),
        )
        sources = dict((self.previous or {}).get("source_rasters", {}))
        sources[self.source_id] = str(config.raster)
        return ExportSummary(
            task=self.task,
            metadata_format=config.metadata_format,
            spec=spec,
            classes=classes,
            chips=self.records,
            class_pixels=self.class_pixels,
            class_chips=self.class_chips,
            label_dtype=self.label_dtype,
            settings={
                "source_rasters": sources,
                "source_class_data": str(config.class_data),
                "tile_size": [config.tile_width, config.tile_rows],
                "stride": [config.stride_x, config.stride_rows],
                "chip_format": config.chip_format,
                "rotation_angle": config.rotation_angle,
                "min_labelled_fraction": config.min_labelled_fraction,
                "crop_mode": config.crop_mode if self.task == IMAGE_CLASSIFICATION else None,
                "buffer_percent": config.buffer_percent,
            },
        )


def _chip_index(path: str) -> int:
    try:
        return int(Path(path).stem)
    except ValueError:
        return -1


def _check_append(previous: dict, tally: _Tally, config: ExportConfig) -> None:
    spec = InputSpec.from_json(previous["spec"])
    image = tally.image
    mismatches = []
    if previous.get("task") != tally.task:
        mismatches.append(_("the metadata format"))
    if spec.band_count != len(tally.bands) or spec.dtype != image.dtypes[tally.bands[0] - 1]:
        mismatches.append(_("the bands or their data type"))
    if (spec.tile_width, spec.tile_height) != (config.tile_width, config.tile_rows):
        mismatches.append(_("the tile size"))
    if previous.get("chip_format", "tif") != config.chip_format:
        mismatches.append(_("the chip format"))
    if mismatches:
        listed = functools.reduce(
            lambda first, second: _("{first} and {second}").format(first=first, second=second),
            mismatches,
        )
        raise InputError(
            "output_folder",
            _(
                "cannot append to {folder}: {mismatches} differ from the earlier export's; "
                "export into a new folder, or use the same settings."
            ).format(folder=config.output_folder, mismatches=listed),
        )


def _previous_export(config: ExportConfig) -> dict | None:
    folder = config.output_folder
    exists_with_files = folder.is_dir() and any(folder.iterdir())
    if config.append and (folder / EXPORT_METADATA_NAME).is_file():
        return read_metadata(folder)
    if exists_with_files and not config.overwrite and not config.append:
        raise InputError(
            "output_folder",
            _(
                "{folder} already holds files; choose a new or empty folder, or switch on "
                "overwrite (replaces an earlier export) or append (adds chips to it)."
            ).format(folder=folder),
        )
    if exists_with_files and config.append:
        raise InputError(
            "output_folder",
            _("{folder} holds other files than an export; append needs an earlier export.").format(
                folder=folder
            ),
        )
    return None


@contextmanager
def _output_folder(config: ExportConfig) -> Iterator[Path]:
    """A fresh folder that replaces the output on success, or, when appending, a staging
    folder whose files join the earlier export on success (nothing on cancel or error)."""
    folder = config.output_folder
    if not (config.append and (folder / EXPORT_METADATA_NAME).is_file()):
        with atomic_folder("output_folder", folder, EXPORT_METADATA_NAME) as work:
            yield work
        return
    with atomic_additions(folder) as work:
        yield work
