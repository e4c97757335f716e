"""Classify Pixels: a pixel classifier over a raster of any size, tile by tile, blended
seam-free, streamed in bounded memory, into a classified GeoTIFF that carries the model's
colour table and class names (and optionally the confidence and class probabilities).

This module plans the run and streams tiles through the model; ``processing_grid`` says
where and at which cell size to read, ``tile_reader`` reads the tiles, ``raster_outputs``
writes and describes the rasters."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from rasterio.io import DatasetReader

from ..compat import zip_strict
from ..distributed import SINGLE, Group
from ..errors import InputError
from ..i18n import _
from ..models.package import ModelDefinition, load_model_for_task
from ..models.registry import PIXEL_CLASSIFICATION
from ..outputs import atomic_file
from ..rasters import bounded_gdal_cache, open_raster, service_reads
from ..reporter import NullReporter, Reporter, raise_if_cancelled
from ..runtime import resolve_device, resolve_precision
from ..spec import ClassInfo
from ..threads import compute_threads
from .blending import StripAccumulator
from .checks import check_raster_fits_model, warn_if_values_far_from_training
from .processing_grid import Extent, ProcessingGrid, processing_grid
from .raster_outputs import (
    BlockRowWriter,
    class_encoding,
    describe_classes,
    describe_probabilities,
    join_parts,
    open_writers,
    warp_to_input_grid,
    write_rows,
)
from .runner import SegmentationRunner
from .tile_reader import RANGE_CHECK_TILES, TileData, TileReader
from .tiling import inference_tiles, overlap_pixels, tile_grid_shape

GEOTIFF_SUFFIXES = (".tif", ".tiff")


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
class Plan:
    """How a run reads and infers: the grid, the bands, the model and the tiling."""

    grid: ProcessingGrid
    bands: list[int]
    definition: ModelDefinition
    runner: SegmentationRunner
    config: ClassifyPixelsConfig
    tile_size: int
    overlap: int

    def settings(self) -> dict[str, object]:
        """What the run used, for its log and result."""
        runner = self.runner
        return {
            "device": str(runner.device),
            "precision": str(runner.precision).replace("torch.", ""),
            "tile_size": self.tile_size,
            "overlap": self.overlap,
            "bands": self.bands,
            "cell_size": abs(self.grid.transform.a),
            "tta": self.config.tta,
        }


def classify_pixels(
    config: ClassifyPixelsConfig, reporter: Reporter | None = None, group: Group = SINGLE
) -> ClassifyPixelsResult:
    """Classify every valid pixel of the raster with a pixel classification package, on this
    job's share of the cores (see runtime.compute_threads). In a ``group`` of several ranks
    (torchrun) each classifies its share of the rows of tiles and rank 0 joins the parts
    into the same rasters one process writes."""
    reporter = reporter or NullReporter()
    with compute_threads(reporter):
        return _classify_pixels(config, reporter, group)


def _classify_pixels(
    config: ClassifyPixelsConfig, reporter: Reporter, group: Group
) -> ClassifyPixelsResult:
    _check_options(config)
    device = resolve_device(config.device)
    precision = resolve_precision(config.precision, device, training=False)
    definition, model = load_model_for_task(config.model, device, PIXEL_CLASSIFICATION)
    runner = SegmentationRunner(
        model, device, precision, config.tta, bands=definition.spec.band_count
    )
    with (
        service_reads("raster", config.raster),
        open_raster("raster", config.raster) as src,
        bounded_gdal_cache(),
        contextlib.ExitStack() as stack,
    ):
        plan = _plan(config, src, definition, runner, reporter, stack)
        # Rank 0 alone writes the outputs (whole or not at all); other ranks write parts.
        partials = {
            name: stack.enter_context(atomic_file(name, path)) if group.is_main else path
            for name, path in _outputs(config).items()
        }
        counts, nodata = _classify_grid(plan, partials, reporter, stack, group)
    summary = {info.name: int(count) for info, count in zip_strict(definition.classes, counts)}
    reporter.info(_("Classified pixels per class: {counts}").format(counts=json.dumps(summary)))
    return ClassifyPixelsResult(
        output=config.output,
        classes=definition.classes,
        class_pixel_counts=summary,
        nodata=nodata,
        confidence=config.confidence,
        probabilities=config.probabilities,
        settings=plan.settings(),
    )


def _plan(
    config: ClassifyPixelsConfig,
    src: DatasetReader,
    definition: ModelDefinition,
    runner: SegmentationRunner,
    reporter: Reporter,
    stack: contextlib.ExitStack,
) -> Plan:
    """The bands, grid and tiling of the run, checked against the model and reported."""
    tile_size = config.tile_size or definition.spec.tile_size
    _warn_if_tiles_outgrow_training_chips(tile_size, definition, reporter)
    bands = check_raster_fits_model(src, definition, reporter, config.bands)
    grid = processing_grid(
        src,
        definition,
        config.extent,
        config.cell_size,
        config.keep_processing_grid,
        reporter,
        stack,
    )
    plan = Plan(
        grid=grid,
        bands=bands,
        definition=definition,
        runner=runner,
        config=config,
        tile_size=tile_size,
        overlap=overlap_pixels(tile_size, config.overlap_percent),
    )
    settings = json.dumps(plan.settings())
    reporter.info(_("Classify Pixels settings: {settings}").format(settings=settings))
    return plan


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
    for field_name, path in _outputs(config).items():
        if path.suffix.lower() not in GEOTIFF_SUFFIXES:
            raise InputError(
                field_name,
                _("{name} must end in .tif: the output is a GeoTIFF.").format(name=path.name),
            )
    if config.batch_size < 1:
        raise InputError("batch_size", _("the batch size must be at least 1."))
    if config.tile_size is not None and config.tile_size < 16:
        raise InputError("tile_size", _("tiles must be at least 16 pixels wide."))
    if not 0 <= config.overlap_percent <= 50:
        raise InputError("overlap", _("the overlap must lie between 0 and 50 % of the tile."))
    if config.cell_size is not None and config.cell_size <= 0:
        raise InputError("cell_size", _("the cell size must be positive (in the raster's units)."))


def _classify_grid(
    plan: Plan,
    partials: dict[str, Path],
    reporter: Reporter,
    stack: contextlib.ExitStack,
    group: Group = SINGLE,
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
    share = row_share(plan, group)
    final = _outputs(config)  # the paths every rank knows (rank 0's partials are its own)
    if group.distributed:  # this rank's rows go to a part beside the output
        parts = {name: part_path(final[name], group.rank, group.world) for name in targets}
        for part in parts.values():
            stack.callback(part.unlink, missing_ok=True)
        counts = _stream_into(plan, parts, dtype, nodata, share, reporter, stack)
        counts = group.sum(counts)
        group.barrier()  # every part is complete
    else:
        counts = _stream_into(plan, targets, dtype, nodata, share, reporter, stack)
    if not counts.sum():
        raise InputError(
            "raster",
            _(
                "the raster holds no valid pixel (all nodata) in the extent and mask; choose an "
                "extent or mask over valid pixels."
            ),
        )
    if group.is_main:
        if group.distributed:
            _join_parts(plan, targets, final, group.world, dtype, nodata, stack)
        _finish_outputs(plan, partials, targets, dtype, warp_back, stack)
    group.barrier()  # the parts are read before their ranks remove them
    return counts, nodata


def _stream_into(
    plan: Plan,
    targets: dict[str, Path],
    dtype: str,
    nodata: int,
    share: RowShare,
    reporter: Reporter,
    stack: contextlib.ExitStack,
) -> np.ndarray:
    """Stream this share of the rows into new GeoTIFFs at ``targets``; the counts per class."""
    rows = (share.top, share.bottom)
    opened = open_writers(plan.grid, plan.definition, targets, dtype, nodata, stack, rows)
    writers = {name: BlockRowWriter(dataset) for name, dataset in opened.items()}
    counts = _stream(plan, writers, nodata, reporter, share)
    for writer in writers.values():
        writer.close()
    return counts


def _join_parts(
    plan: Plan,
    targets: dict[str, Path],
    final: dict[str, Path],
    world: int,
    dtype: str,
    nodata: int,
    stack: contextlib.ExitStack,
) -> None:
    """Rank 0: the ranks' parts, in order, into the outputs."""
    opened = open_writers(plan.grid, plan.definition, targets, dtype, nodata, stack)
    for name, dataset in opened.items():
        writer = BlockRowWriter(dataset)
        join_parts([part_path(final[name], rank, world) for rank in range(world)], writer)
        writer.close()


def _finish_outputs(
    plan: Plan,
    partials: dict[str, Path],
    targets: dict[str, Path],
    dtype: str,
    warp_back: bool,
    stack: contextlib.ExitStack,
) -> None:
    """Back onto the input raster's grid if read at another cell size; described inside."""
    for target in targets.values():
        if target not in partials.values():
            stack.callback(target.unlink, missing_ok=True)
    if warp_back:
        for name, target in targets.items():
            warp_to_input_grid(target, partials[name], plan.grid, categorical=name == "output")
    describe_classes(partials["output"], plan.definition, dtype)
    if "probabilities" in partials:
        describe_probabilities(partials["probabilities"], plan.definition)


def part_path(path: Path, rank: int, world: int) -> Path:
    """Where rank ``rank`` of ``world`` writes its rows of ``path`` (beside it: a folder all
    ranks see, on a cluster a shared one)."""
    return path.with_name(f".{path.name}.part{rank}of{world}.tif")


@dataclass(frozen=True)
class RowShare:
    """What one rank classifies: tile rows ``first..stop`` (earlier ones whose overlap
    reaches its rows included, for the blending) and the output rows ``top..bottom`` it
    writes. One process's share is everything."""

    first: int
    stop: int
    own: int  # the first tile row whose rows it writes
    top: int
    bottom: int


def row_share(plan: Plan, group: Group) -> RowShare:
    """The rows of tiles split into ``group.world`` runs of consecutive rows, one a rank.
    Rows of pixels are final once their last tile row is blended, so each rank's rows come
    out exactly as in one process."""
    grid = plan.grid
    spans = _row_spans(plan)
    count = len(spans)
    own = group.rank * count // group.world
    stop = (group.rank + 1) * count // group.world
    top = 0 if own == 0 else spans[own].read_start
    bottom = grid.height if stop >= count else spans[stop].read_start
    first = next(row for row in range(own + 1) if spans[row].read_stop > top or row == own)
    return RowShare(first, stop, own, top, bottom)


def _row_spans(plan: Plan) -> list:
    grid = plan.grid
    tiles = inference_tiles(grid.width, grid.height, plan.tile_size, plan.overlap)
    return [tile.rows for tile in tiles if tile.column == 0]


def _stream(
    plan: Plan,
    writers: dict[str, BlockRowWriter],
    nodata: int,
    reporter: Reporter,
    share: RowShare | None = None,
) -> np.ndarray:
    """The pipeline: read and normalise tiles (ahead on a thread on a GPU), infer them in
    batches, blend them, write each row of tiles once it is complete. Batches never span
    two rows of tiles, so a row's tiles are inferred alike however the rows are shared."""
    grid, tile_size, overlap = plan.grid, plan.tile_size, plan.overlap
    _, tile_columns = tile_grid_shape(grid.width, grid.height, tile_size, overlap)
    all_tiles = list(inference_tiles(grid.width, grid.height, tile_size, overlap))
    row_starts = [tile.rows.read_start for tile in all_tiles[::tile_columns]] + [grid.height]
    share = share or RowShare(0, len(row_starts) - 1, 0, 0, grid.height)
    tiles = [tile for tile in all_tiles if share.first <= tile.row < share.stop]
    lookup = np.asarray([info.value for info in plan.definition.classes])
    first_top = 0 if share.first == 0 else row_starts[share.first]
    accumulator = StripAccumulator(
        grid.width, min(tile_size, grid.height), len(lookup), top=first_top
    )
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
                if item.tile.row >= share.own:  # earlier rows are another rank's
                    counts[:] += write_rows(writers, probabilities, valid, lookup, nodata)
        done += len(pending)
        pending.clear()
        reporter.progress(100.0 * done / len(tiles))

    reader = TileReader(
        grid,
        plan.bands,
        tiles,
        tile_size,
        plan.definition.spec.statistics,
        plan.config.mask,
        background=plan.runner.device.type != "cpu",
    )
    with reader.items() as items:
        for item in items:
            raise_if_cancelled(reporter)
            pending.append(item)
            if item.value_range is not None:
                ranges.append(item.value_range)
                if len(ranges) == RANGE_CHECK_TILES:
                    _check_value_range(ranges, plan.definition, reporter)
            inferred = sum(entry.pixels is not None for entry in pending)
            if inferred == plan.config.batch_size or item.tile.column == tile_columns - 1:
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
