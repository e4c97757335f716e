"""Which chips an export writes: tiles of the processing window (with rotated copies) that
hold enough labelled valid pixels, or for ImageNet from polygons one chip per polygon, cut as
Classify Objects cuts them. Everything a chip is chosen and cut from is in one
:class:`ExportRun`."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from affine import Affine
from rasterio.io import DatasetReader
from rasterio.windows import Window

from ..errors import InputError
from ..i18n import _
from ..rasters import finite_pixels, tile_offsets, valid_pixels
from ..reporter import Reporter, raise_if_cancelled
from .chip_writer import ChipWriter
from .export_config import IMAGENET, ExportConfig
from .export_state import Chip, ExportState
from .labels import (
    ChipGrid,
    LabelSource,
    PolygonLabels,
    class_counts,
    covering_window,
    nearest_on_grid,
)
from .records import ChipPosition


@dataclass
class ExportRun:
    """One export as it goes: what chips are cut from (the image on the export grid, its
    bands, the processing window, the labels and the mask) and where they go (the state and
    the writer), with the reporter that shows progress and asks to cancel."""

    config: ExportConfig
    image: DatasetReader
    bands: list[int]
    area: Window
    labels: LabelSource
    mask: PolygonLabels | None
    state: ExportState
    writer: ChipWriter
    reporter: Reporter

    def write(self) -> None:
        """Choose, cut and queue every chip for writing."""
        if self.config.metadata_format == IMAGENET and isinstance(self.labels, PolygonLabels):
            export_feature_chips(self)
        else:
            export_tiles(self)


def export_tiles(run: ExportRun) -> None:
    """Tile the processing window row by row (the raster's block order) and write each chip
    with enough labelled valid pixels, plus its rotated copies."""
    config, area, state = run.config, run.area, run.state
    cols = [
        int(area.col_off) + c
        for c in tile_offsets(int(area.width), config.tile_width, config.stride_x)
    ]
    rows = [
        int(area.row_off) + r
        for r in tile_offsets(int(area.height), config.tile_rows, config.stride_rows)
    ]
    total = len(cols) * len(rows)
    angles = rotations(config.rotation_angle)
    done = 0
    for row in rows:
        for col in cols:
            raise_if_cancelled(run.reporter)
            done += 1
            window = Window(col, row, config.tile_width, config.tile_rows)
            position = ChipPosition(state.source_id, col, row, config.tile_width, config.tile_rows)
            grid = ChipGrid(
                window, run.image.window_transform(window), config.tile_width, config.tile_rows
            )
            for angle in angles:
                chip = labelled_chip(run, _rotated(grid, angle))
                if chip is None:
                    break  # an unrotated chip not worth exporting has no rotated copies either
                state.add(chip, position, angle, run.writer)
            run.reporter.progress(100.0 * done / total)


def labelled_chip(run: ExportRun, grid: ChipGrid) -> Chip | None:
    """The chip on ``grid`` with its labels, or None when it is not worth exporting."""
    config, labels, mask = run.config, run.labels, run.mask
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
    pixels, valid = read_grid(run.image, run.bands, grid)
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
    nodata = run.image.nodata
    if nodata is not None:
        pixels[:, ~valid] = nodata
    return Chip(pixels, valid, label, class_value, grid.transform)


def export_feature_chips(run: ExportRun) -> None:
    """ImageNet from polygons: one chip per polygon (and its rotated copies), cut by the
    function Classify Objects uses, so training sees objects as inference will."""
    from .object_chips import ChipOptions, read_object_chip

    config, image, features = run.config, run.image, run.labels.features
    options = ChipOptions(
        size=config.tile_width,
        crop_mode=config.crop_mode,
        buffer_percent=config.buffer_percent,
        blacken_around_feature=config.blacken_around_feature,
    )
    area_bounds = config.extent or tuple(image.bounds)
    run.state.chip_width = run.state.chip_height = config.tile_width  # square object chips
    for done, feature in enumerate(features, start=1):
        raise_if_cancelled(run.reporter)
        run.reporter.progress(100.0 * done / len(features))
        if not _meets(feature.bounds, area_bounds):
            continue
        if run.mask is not None and not run.mask.may_label(feature.bounds):
            continue
        chip = read_object_chip(image, feature.geometry, options, run.bands)
        if chip is None:
            continue
        valid = chip.valid & finite_pixels(chip.pixels)
        if valid.any():
            _write_feature_chip(run, feature.value, chip.pixels, valid, chip.transform)


def _write_feature_chip(
    run: ExportRun, value: int, pixels: np.ndarray, valid: np.ndarray, transform: Affine
) -> None:
    """A polygon's chip and its rotated copies (quarter turns), nodata where not valid."""
    config, image = run.config, run.image
    col, row = ~image.transform * (transform.c, transform.f)
    far_col, far_row = ~image.transform * (transform * (config.tile_width, config.tile_width))
    position = ChipPosition(
        run.state.source_id,
        math.floor(col),
        math.floor(row),
        max(1, math.ceil(far_col - col)),
        max(1, math.ceil(far_row - row)),
    )
    for angle in rotations(config.rotation_angle):
        turned, turned_valid = pixels, valid
        if angle:
            turns = angle / 90
            if not float(turns).is_integer():
                raise InputError(
                    "rotation_angle",
                    _("chips of polygons rotate in quarter turns only (90, 180 or 270)."),
                )
            turned = np.rot90(pixels, int(turns), axes=(1, 2))
            turned_valid = np.rot90(valid, int(turns)).copy()
        turned = turned.copy()
        if image.nodata is not None:
            turned[:, ~turned_valid] = image.nodata
        chip = Chip(turned, turned_valid, None, value, transform)
        run.state.add(chip, position, angle, run.writer)


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


def rotations(angle: float) -> list[float]:
    """0 and the extra rotations ArcGIS makes: every ``angle`` degrees round the circle."""
    if angle <= 0:
        return [0.0]
    return [step * angle for step in range(math.ceil(360 / angle - 1e-9))]


def _rotated(grid: ChipGrid, angle: float) -> ChipGrid:
    if angle == 0:
        return grid
    pivot = (grid.width / 2, grid.height / 2)
    return replace(grid, window=None, transform=grid.transform * Affine.rotation(angle, pivot))


def _enough_labelled(label: np.ndarray, config: ExportConfig) -> bool:
    labelled = np.count_nonzero(label)
    return labelled > 0 and labelled >= config.min_labelled_fraction * label.size


def _majority_class(label: np.ndarray) -> int | None:
    values, counts = class_counts(label)
    return int(values[np.argmax(counts)]) if len(values) else None


def _meets(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
