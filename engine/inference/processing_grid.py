"""Where Classify Pixels reads: the extent as a window of the input raster, at the model's
training cell size (or the one asked for) when it differs, resampled on the fly."""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass

from rasterio.io import DatasetReader
from rasterio.transform import Affine
from rasterio.vrt import WarpedVRT
from rasterio.windows import Window

from ..errors import InputError
from ..i18n import _
from ..models.definition import ModelDefinition
from ..rasters import extent_window, is_service_dataset, resampled, service_grid, snapped
from ..reporter import Reporter
from .checks import same_crs

Extent = tuple[float, float, float, float]  # xmin, ymin, xmax, ymax in the raster's CRS


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


def processing_grid(
    src: DatasetReader,
    definition: ModelDefinition,
    extent: Extent | None,
    cell_size: float | None,
    keep_processing_grid: bool,
    reporter: Reporter,
    stack: contextlib.ExitStack,
) -> ProcessingGrid:
    """The window to classify (extent on the input grid) and the cell size to read it at.
    An imagery service is read on the cell size's own grid, and the output lies on it."""
    if is_service_dataset(src):
        vrt = stack.enter_context(snapped(src, *service_grid(extent, cell_size)))
        window = Window(0, 0, vrt.width, vrt.height)
        return ProcessingGrid(
            vrt,
            window,
            src.crs,
            vrt.transform,
            vrt.width,
            vrt.height,
            vrt.transform,
            vrt.width,
            vrt.height,
        )
    window = extent_window("extent", src, extent)
    transform = src.window_transform(window)
    width, height = int(window.width), int(window.height)
    cell = _processing_cell_size(src, definition, cell_size, reporter)
    native = abs(src.transform.a)
    if cell is None or math.isclose(cell, native, rel_tol=0.01):
        return ProcessingGrid(
            src, window, src.crs, transform, width, height, transform, width, height
        )
    vrt = stack.enter_context(resampled(src, cell, window))
    grid_transform, out_width, out_height = vrt.transform, vrt.width, vrt.height
    if keep_processing_grid:
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
    cell_size: float | None,
    reporter: Reporter,
) -> float | None:
    """The requested cell size, else the model's training one where it is comparable."""
    if cell_size:
        if not src.crs:
            raise InputError("cell_size", _("the raster has no CRS: it cannot be resampled."))
        return float(cell_size)
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
