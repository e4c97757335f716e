"""Classify Pixels: a pixel classifier over a raster of any size, tile by tile, blended
seam-free, streamed in bounded memory, into a classified GeoTIFF that carries the model's
colour table and class names (and optionally the confidence and class probabilities)."""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import rasterio
from rasterio.features import geometry_mask
from rasterio.io import DatasetReader, DatasetWriter
from rasterio.transform import Affine
from rasterio.vrt import WarpedVRT
from rasterio.windows import Window

from ..colormap import hex_to_rgba, write_category_names
from ..compat import zip_strict
from ..data.preprocess import normalise
from ..errors import InputError
from ..i18n import _
from ..models.package import ModelDefinition, load_model_for_task
from ..models.registry import PIXEL_CLASSIFICATION
from ..outputs import atomic_file
from ..rasters import (
    bounded_gdal_cache,
    extent_window,
    finite_pixels,
    nodata_only_masks,
    open_raster,
    resampled,
    valid_pixels,
    valid_where_not_nodata,
)
from ..reporter import NullReporter, Reporter, raise_if_cancelled
from ..runtime import resolve_device, resolve_precision
from ..spec import ClassInfo
from ..threads import compute_threads
from .blending import StripAccumulator
from .checks import check_raster_fits_model, same_crs, warn_if_values_far_from_training
from .read_ahead import read_ahead
from .runner import SegmentationRunner
from .tiling import Tile, inference_tiles, overlap_pixels, tile_grid_shape

GEOTIFF_SUFFIXES = (".tif", ".tiff")
SCORE_NODATA = -1.0  # confidence and probabilities lie in 0..1
BLOCK = 256  # output block size: rows are written a whole block row at a time
RANGE_CHECK_TILES = 8  # tiles whose values are compared with the training statistics
Extent = tuple[float, float, float, float]  # xmin, ymin, xmax, ymax in the raster's CRS


@dataclass(frozen=True)
class ClassifyPixelsConfig:
    raster: Path | str  # a file, or any name GDAL opens (/vsizip/..., GPKG:file:table)
    model: Path
    output: Path
    batch_size: int = 4
    device: str | None = None  # auto (None), cpu or cuda
    bands: Sequence[int] | None = None  # raster band (1-based) per model band; None: default
    extent: Extent | None = None  # in the raster's CRS; None: the whole raster
    mask: Sequence[dict] | None = None  # GeoJSON-like geometries in the raster's CRS
    cell_size: float | None = None  # processing cell size; None: the model's training one
    keep_processing_grid: bool = False  # write on the processing grid, not the input's
    tile_size: int | None = None  # None: the model's tile size
    overlap_percent: float = 25.0
    precision: str = "auto"
    tta: str = "none"
    confidence: Path | None = None
    probabilities: Path | None = None


@dataclass(frozen=True)
class ClassifyPixelsResult:
    output: Path
    classes: list[ClassInfo]
    class_pixel_counts: dict[str, int]
    nodata: int
    confidence: Path | None = None
    probabilities: Path | None = None
    settings: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class ProcessingGrid:
    """Where tiles are read: a window of the raster, or of it resampled to a cell size."""

    reader: DatasetReader | WarpedVRT
    window: Window  # in the reader's pixels
    crs: object
    transform: Affine
    width: int
    height: int
    input_transform: Affine  # the same area on the input raster's grid
    input_width: int
    input_height: int

    @property
    def resampled(self) -> bool:
        return (self.width, self.height) != (self.input_width, self.input_height)


@dataclass(frozen=True)
class Plan:
    """How a run reads and infers: the grid, the bands, the model and the tiling."""

    grid: ProcessingGrid
    bands: list[int]
    definition: ModelDefinition
    runner: SegmentationRunner
    config: ClassifyPixelsConfig
    tile_size: int
    overlap: int


@dataclass
class TileData:
    """A tile as read: its normalised pixels (None when nothing is valid) and valid mask."""

    tile: Tile
    pixels: np.ndarray | None
    valid: np.ndarray
    value_range: tuple[np.ndarray, np.ndarray] | None = None


def classify_pixels(
    config: ClassifyPixelsConfig, reporter: Reporter | None = None
) -> ClassifyPixelsResult:
    """Classify every valid pixel of the raster with a pixel classification package, on this
    job's share of the cores (see runtime.compute_threads)."""
    reporter = reporter or NullReporter()
    with compute_threads(reporter):
        return _classify_pixels(config, reporter)


def _classify_pixels(config: ClassifyPixelsConfig, reporter: Reporter) -> ClassifyPixelsResult:
    for field_name, path in _outputs(config).items():
        if path.suffix.lower() not in GEOTIFF_SUFFIXES:
            raise InputError(
                field_name,
                _("{name} must end in .tif: the output is a GeoTIFF.").format(name=path.name),
            )
    _check_options(config)
    device = resolve_device(config.device)
    precision = resolve_precision(config.precision, device, training=False)
    definition, model = load_model_for_task(config.model, device, PIXEL_CLASSIFICATION)
    runner = SegmentationRunner(
        model, device, precision, config.tta, bands=definition.spec.band_count
    )
    tile_size = config.tile_size or definition.spec.tile_size
    _warn_if_tiles_outgrow_training_chips(tile_size, definition, reporter)
    with (
        open_raster("raster", config.raster) as src,
        bounded_gdal_cache(),
        contextlib.ExitStack() as stack,
    ):
        bands = check_raster_fits_model(src, definition, reporter, config.bands)
        plan = Plan(
            grid=_processing_grid(src, definition, config, reporter, stack),
            bands=bands,
            definition=definition,
            runner=runner,
            config=config,
            tile_size=tile_size,
            overlap=overlap_pixels(tile_size, config.overlap_percent),
        )
        settings = {
            "device": str(device),
            "precision": str(precision).replace("torch.", ""),
            "tile_size": tile_size,
            "overlap": plan.overlap,
            "bands": bands,
            "cell_size": abs(plan.grid.transform.a),
            "tta": config.tta,
        }
        reporter.info(
            _("Classify Pixels settings: {settings}").format(settings=json.dumps(settings))
        )
        partials = {
            name: stack.enter_context(atomic_file(name, path))
            for name, path in _outputs(config).items()
        }
        counts, nodata = _classify_grid(plan, partials, reporter, stack)
    summary = {info.name: int(count) for info, count in zip_strict(definition.classes, counts)}
    reporter.info(_("Classified pixels per class: {counts}").format(counts=json.dumps(summary)))
    return ClassifyPixelsResult(
        output=config.output,
        classes=definition.classes,
        class_pixel_counts=summary,
        nodata=nodata,
        confidence=config.confidence,
        probabilities=config.probabilities,
        settings=settings,
    )


def _warn_if_tiles_outgrow_training_chips(
    tile_size: int, definition: ModelDefinition, reporter: Reporter
) -> None:
    """Larger tiles run faster, but a network sees more context than it learned from: on the
    Landsat sample, 256 px tiles of a model trained on 64 px chips lost a fifth of its
    accuracy (bench/bench_classify_pixels.py, section 4)."""
    chip = definition.spec.tile_size
    if tile_size > 1.5 * chip:
        reporter.warning(
            _(
                "TILE_SIZE {tile_size} is {ratio:.1f}x the {chip_size} px chips the model "
                "learned on; networks often classify worse on tiles much larger than their "
                "training chips. Leave TILE_SIZE empty to use the model's chip size."
            ).format(tile_size=tile_size, ratio=tile_size / chip, chip_size=chip)
        )


def _outputs(config: ClassifyPixelsConfig) -> dict[str, Path]:
    outputs = {"output": config.output}
    if config.confidence:
        outputs["confidence"] = config.confidence
    if config.probabilities:
        outputs["probabilities"] = config.probabilities
    return outputs


def _check_options(config: ClassifyPixelsConfig) -> None:
    if config.batch_size < 1:
        raise InputError("batch_size", _("the batch size must be at least 1."))
    if config.tile_size is not None and config.tile_size < 16:
        raise InputError("tile_size", _("tiles must be at least 16 pixels wide."))
    if not 0 <= config.overlap_percent <= 50:
        raise InputError("overlap", _("the overlap must lie between 0 and 50 % of the tile."))
    if config.cell_size is not None and config.cell_size <= 0:
        raise InputError("cell_size", _("the cell size must be positive (in the raster's units)."))


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


def _processing_grid(
    src: DatasetReader,
    definition: ModelDefinition,
    config: ClassifyPixelsConfig,
    reporter: Reporter,
    stack: contextlib.ExitStack,
) -> ProcessingGrid:
    """The window to classify (extent on the input grid) and the cell size to read it at."""
    window = extent_window("extent", src, config.extent)
    transform = src.window_transform(window)
    width, height = int(window.width), int(window.height)
    cell = _processing_cell_size(src, definition, config, reporter)
    native = abs(src.transform.a)
    if cell is None or math.isclose(cell, native, rel_tol=0.01):
        return ProcessingGrid(
            src, window, src.crs, transform, width, height, transform, width, height
        )
    vrt = stack.enter_context(resampled(src, cell, window))
    grid_transform, out_width, out_height = vrt.transform, vrt.width, vrt.height
    if config.keep_processing_grid:
        reading = _(
            "Reading at the cell size {cell:g} (the raster's is {native:g}); the output is on "
            "that grid."
        )
    else:
        reading = _(
            "Reading at the cell size {cell:g} (the raster's is {native:g}); the output is on "
            "the input raster's grid."
        )
    reporter.info(reading.format(cell=cell, native=native))
    return ProcessingGrid(
        vrt,
        Window(0, 0, out_width, out_height),
        src.crs,
        grid_transform,
        out_width,
        out_height,
        transform,
        width,
        height,
    )


def _processing_cell_size(
    src: DatasetReader,
    definition: ModelDefinition,
    config: ClassifyPixelsConfig,
    reporter: Reporter,
) -> float | None:
    """The requested cell size, else the model's training one where it is comparable."""
    if config.cell_size:
        if not src.crs:
            raise InputError("cell_size", _("the raster has no CRS: it cannot be resampled."))
        return float(config.cell_size)
    spec = definition.spec
    if not spec.cell_size or not src.crs or not spec.crs:
        return None
    if not same_crs(src.crs, spec.crs):
        reporter.warning(
            _(
                "The raster and the training data use different CRSs, so the training cell "
                "size ({cell:g}) cannot be applied; set the cell size to resample."
            ).format(cell=spec.cell_size[0])
        )
        return None
    return float(spec.cell_size[0])


def _classify_grid(
    plan: Plan, partials: dict[str, Path], reporter: Reporter, stack: contextlib.ExitStack
) -> tuple[np.ndarray, int]:
    """Read, infer, blend and write tile row by tile row; returns the counts per class."""
    grid, definition, config = plan.grid, plan.definition, plan.config
    values = [info.value for info in definition.classes]
    dtype, nodata = class_encoding(values)
    warp_back = grid.resampled and not config.keep_processing_grid
    targets = {
        name: (path.with_name(path.name + ".grid.tif") if warp_back else path)
        for name, path in partials.items()
    }
    for target in targets.values():
        if target not in partials.values():
            stack.callback(target.unlink, missing_ok=True)
    writers = {
        name: BlockRowWriter(dataset)
        for name, dataset in _open_writers(grid, definition, targets, dtype, nodata, stack).items()
    }
    counts = _stream(plan, writers, nodata, reporter)
    for writer in writers.values():
        writer.close()
    if not counts.sum():
        raise InputError(
            "raster",
            _(
                "the raster holds no valid pixel (all nodata) in the extent and mask; choose an "
                "extent or mask over valid pixels."
            ),
        )
    if warp_back:
        for name, target in targets.items():
            _warp_to_input_grid(target, partials[name], grid, categorical=name == "output")
    _describe_classes(partials["output"], definition, dtype)
    if "probabilities" in partials:
        _describe_probabilities(partials["probabilities"], definition)
    return counts, nodata


def _open_writers(
    grid: ProcessingGrid,
    definition: ModelDefinition,
    targets: dict[str, Path],
    dtype: str,
    nodata: int,
    stack: contextlib.ExitStack,
) -> dict[str, DatasetWriter]:
    base = {
        "driver": "GTiff",
        "width": grid.width,
        "height": grid.height,
        "crs": grid.crs,
        "transform": grid.transform,
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


def _stream(
    plan: Plan, writers: dict[str, BlockRowWriter], nodata: int, reporter: Reporter
) -> np.ndarray:
    """The pipeline: read and normalise tiles (ahead on a thread on a GPU), infer them in
    batches, blend them, write each row of tiles once it is complete."""
    grid, tile_size, overlap = plan.grid, plan.tile_size, plan.overlap
    tiles = list(inference_tiles(grid.width, grid.height, tile_size, overlap))
    _, tile_columns = tile_grid_shape(grid.width, grid.height, tile_size, overlap)
    row_starts = [tile.rows.read_start for tile in tiles[::tile_columns]] + [grid.height]
    lookup = np.asarray([info.value for info in plan.definition.classes])
    accumulator = StripAccumulator(grid.width, min(tile_size, grid.height), len(lookup))
    counts = np.zeros(len(lookup), dtype=np.int64)
    ranges: list[tuple[np.ndarray, np.ndarray]] = []
    pending: list[TileData] = []
    done = 0

    def flush_pending() -> None:
        nonlocal done
        to_infer = [item.pixels for item in pending if item.pixels is not None]
        inferred = iter(plan.runner.probabilities(np.stack(to_infer)) if to_infer else [])
        for item in pending:
            rows, cols = item.valid.shape
            probabilities = None if item.pixels is None else next(inferred)[:, :rows, :cols]
            accumulator.add(item.tile, probabilities, item.valid)
            if item.tile.column == tile_columns - 1:
                stop = row_starts[item.tile.row + 1]
                top, probabilities, valid = accumulator.release(stop)
                counts[:] += _write_rows(writers, probabilities, valid, lookup, nodata)
        done += len(pending)
        pending.clear()
        reporter.progress(100.0 * done / len(tiles))

    reader = TileReader(plan, tiles, background=plan.runner.device.type != "cpu")
    with reader.items() as items:
        for item in items:
            raise_if_cancelled(reporter)
            pending.append(item)
            if item.value_range is not None:
                ranges.append(item.value_range)
                if len(ranges) == RANGE_CHECK_TILES:
                    _check_value_range(ranges, plan.definition, reporter)
            if sum(entry.pixels is not None for entry in pending) == plan.config.batch_size:
                flush_pending()
        raise_if_cancelled(reporter)
        if ranges and len(ranges) < RANGE_CHECK_TILES:
            _check_value_range(ranges, plan.definition, reporter)
        flush_pending()
    return counts


def _check_value_range(
    ranges: list[tuple[np.ndarray, np.ndarray]], definition: ModelDefinition, reporter: Reporter
) -> None:
    low = np.min([low for low, _ in ranges], axis=0)
    high = np.max([high for _, high in ranges], axis=0)
    spec = definition.spec
    warn_if_values_far_from_training(low, high, spec.statistics, spec.band_names, reporter)


def _write_rows(
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


class TileReader:
    """Reads, masks and normalises tiles, in order; with ``background`` up to ``ahead`` tiles
    are read ahead on a thread (``read_ahead``: on a GPU only)."""

    def __init__(
        self, plan: Plan, tiles: list[Tile], ahead: int = 16, background: bool = True
    ) -> None:
        self.depth = ahead if background else 0
        self.grid, self.bands, self.tile_size = plan.grid, plan.bands, plan.tile_size
        self.tiles = tiles
        self.statistics = plan.definition.spec.statistics
        mask = plan.config.mask
        self.mask = list(mask) if mask is not None else None
        self.nodata_values = nodata_only_masks(self.grid.reader, self.bands)
        self.ranges_taken = 0

    def items(self) -> contextlib.closing[Iterator[TileData]]:
        """Every tile as read, in order (close it to stop reading ahead)."""
        return contextlib.closing(read_ahead(self.tiles, self._read_next, self.depth))

    def _read_next(self, tile: Tile) -> TileData:
        # The first tiles with valid pixels also give their value range (reads run in order).
        item = self.read(tile, with_range=self.ranges_taken < RANGE_CHECK_TILES)
        self.ranges_taken += item.value_range is not None
        return item

    def read(self, tile: Tile, with_range: bool = False) -> TileData:
        """One tile: valid mask (nodata, alpha, masks, NaN, mask layer) and pixels."""
        window = Window(
            self.grid.window.col_off + tile.read.col_off,
            self.grid.window.row_off + tile.read.row_off,
            tile.read.width,
            tile.read.height,
        )
        reader = self.grid.reader
        if self.nodata_values is None:
            valid = valid_pixels(reader, self.bands, window)
            pixels = None
        else:  # one read serves pixels and mask (GDAL's masks would decode the blocks again)
            pixels = reader.read(self.bands, window=window)
            valid = valid_where_not_nodata(pixels, self.nodata_values)
        if self.mask is not None and valid.any():
            transform = self.grid.transform * Affine.translation(
                tile.read.col_off, tile.read.row_off
            )
            valid &= geometry_mask(self.mask, valid.shape, transform, invert=True)
        if not valid.any():
            return TileData(tile, None, valid)
        if pixels is None:
            pixels = reader.read(self.bands, window=window)
        valid &= finite_pixels(pixels)
        value_range = _value_range(pixels, valid) if with_range and valid.any() else None
        normalised = normalise(pixels, valid, self.statistics)
        return TileData(tile, _pad_to(normalised, self.tile_size), valid, value_range)


def _value_range(pixels: np.ndarray, valid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """2nd and 98th percentile of each band over a sample of valid pixels."""
    sample = pixels[:, valid][:, ::7].astype(np.float64)
    low, high = np.percentile(sample, [2, 98], axis=1)
    return low, high


def _pad_to(pixels: np.ndarray, size: int) -> np.ndarray:
    """Edge tiles (and rasters smaller than a tile) mirrored up to the tile size, so tiles
    batch together and the network sees image-like context instead of zeros."""
    pad_rows, pad_cols = size - pixels.shape[1], size - pixels.shape[2]
    if not pad_rows and not pad_cols:
        return pixels
    return np.pad(pixels, ((0, 0), (0, pad_rows), (0, pad_cols)), mode="symmetric")


def _warp_to_input_grid(
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


def _describe_classes(path: Path, definition: ModelDefinition, dtype: str) -> None:
    """Colour table, class names and metadata inside the file, so it is self-describing."""
    if dtype in ("uint8", "uint16"):  # the types GeoTIFF colour tables support
        _write_color_table(path, definition.classes)
    with rasterio.open(path, "r+") as dst:
        dst.set_band_description(1, "class")
        dst.update_tags(
            TORCHMAP_CLASSES=json.dumps([info.to_json() for info in definition.classes]),
            TORCHMAP_MODEL_TYPE=definition.model_type,
        )
    if min(info.value for info in definition.classes) >= 0:
        write_category_names(path, definition.classes)


def _write_color_table(path: Path, classes: list[ClassInfo]) -> None:
    """Through GDAL: rasterio writes at most 256 entries, classes may go up to 65535."""
    from osgeo import gdal

    table = gdal.ColorTable()
    for info in classes:
        table.SetColorEntry(info.value, hex_to_rgba(info.color))
    dataset = gdal.OpenEx(str(path), gdal.OF_RASTER | gdal.OF_UPDATE)
    dataset.GetRasterBand(1).SetRasterColorTable(table)
    dataset = None  # closes and flushes


def _describe_probabilities(path: Path, definition: ModelDefinition) -> None:
    with rasterio.open(path, "r+") as dst:
        for band, info in enumerate(definition.classes, start=1):
            dst.set_band_description(band, f"probability of {info.name}")
        dst.update_tags(
            TORCHMAP_CLASSES=json.dumps([info.to_json() for info in definition.classes])
        )
