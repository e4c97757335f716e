"""The chip of one feature (a polygon or a point) cut from a raster: the one place that decides
which pixels a model sees for an object, shared by Classify Objects and Export's ImageNet
format so that training and inference look at objects the same way.

Two crop modes, as ArcGIS's ``CropSizeFixed``:

- ``bounding_box`` (CropSizeFixed = 0): the feature's extent plus ``buffer_percent`` on every
  side, widened to a square around its centre (objects keep their shape), read resampled to
  ``size`` x ``size``. The read is decimated by GDAL, so a polygon covering the whole raster
  costs no more memory than a small one.
- ``fixed_size`` (CropSizeFixed = 1): a window of ``size`` x ``size`` raster pixels centred on
  the feature's centroid, at the raster's own resolution; the only mode for points.

Windows reaching past the raster's edge are padded with invalid pixels (never shifted inside),
so an object keeps its place in the chip.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from affine import Affine
from osgeo import gdal, ogr
from rasterio.enums import MaskFlags, Resampling
from rasterio.features import bounds as geometry_bounds
from rasterio.features import geometry_mask
from rasterio.io import DatasetReader
from rasterio.windows import Window

BOUNDING_BOX = "bounding_box"  # ArcGIS CropSizeFixed = 0
FIXED_SIZE = "fixed_size"  # ArcGIS CropSizeFixed = 1
CROP_MODES = (BOUNDING_BOX, FIXED_SIZE)

POINT_TYPES = ("Point", "MultiPoint")
POLYGON_TYPES = ("Polygon", "MultiPolygon")

Geometry = Mapping[str, object]  # GeoJSON-like: {"type": ..., "coordinates": ...}


@dataclass(frozen=True)
class ChipOptions:
    """How to cut chips: output side ``size`` (the model's input), crop mode, buffer, and
    whether pixels outside the polygon are blackened (set invalid)."""

    size: int
    crop_mode: str = BOUNDING_BOX
    buffer_percent: float = 0.0
    blacken_around_feature: bool = False
    # Bounding boxes grow to at least this many raster pixels a side: small objects are then
    # seen at the raster's own resolution (what pixel classifiers need), large ones decimated.
    min_pixels: int = 0

    def __post_init__(self) -> None:
        if self.crop_mode not in CROP_MODES:
            raise ValueError(f"crop_mode must be one of {CROP_MODES}, not {self.crop_mode!r}")
        if self.size < 1 or self.buffer_percent < 0:
            raise ValueError("size must be positive and buffer_percent not negative")


@dataclass(frozen=True)
class ObjectChip:
    """A feature's chip: ``pixels`` (bands, size, size) in the raster's dtype, 0 where not
    valid; ``valid`` (size, size) is False outside the raster, over nodata and, when
    blackened, outside the feature; ``transform`` places the chip in the raster's CRS."""

    pixels: np.ndarray
    valid: np.ndarray
    transform: Affine


def read_object_chip(
    src: DatasetReader,
    geometry: Geometry,
    options: ChipOptions,
    indexes: Sequence[int] | None = None,
) -> ObjectChip | None:
    """The chip of a feature given in the raster's CRS, or None when the feature is empty,
    lies outside the raster or over nodata only."""
    geometry = getattr(geometry, "__geo_interface__", geometry)
    window = chip_window(src, geometry, options)
    if window is None:
        return None
    bands = list(indexes) if indexes else list(src.indexes)
    pixels, valid = _read_padded(src, window, options.size, bands)
    transform = src.window_transform(window) * Affine.scale(
        window.width / options.size, window.height / options.size
    )
    if options.blacken_around_feature and geometry["type"] in POLYGON_TYPES:
        valid &= inside_feature(geometry, transform, options.size)
        pixels[:, ~valid] = 0
    if not valid.any():
        return None
    return ObjectChip(pixels=pixels, valid=valid, transform=transform)


def chip_window(src: DatasetReader, geometry: Geometry, options: ChipOptions) -> Window | None:
    """The (fractional) pixel window a feature's chip covers, or None for an empty feature."""
    if not geometry or not geometry.get("coordinates"):
        return None
    if options.crop_mode == FIXED_SIZE or geometry["type"] in POINT_TYPES:
        centre = _centroid(geometry)
        if centre is None:
            return None
        col, row = ~src.transform * centre
        half = options.size / 2
        # Whole-pixel offsets: a fixed-size chip is read at the raster's resolution, unresampled.
        return Window(_nearest(col - half), _nearest(row - half), options.size, options.size)
    return _bounding_box_window(src, geometry, options)


def inside_feature(geometry: Geometry, transform: Affine, size: int) -> np.ndarray:
    """(size, size) True on chip pixels whose centre lies in the feature; a feature smaller
    than a chip pixel still gets the pixels it touches."""
    inside = geometry_mask([geometry], (size, size), transform, invert=True)
    if not inside.any():
        inside = geometry_mask([geometry], (size, size), transform, invert=True, all_touched=True)
    return inside


def _bounding_box_window(src: DatasetReader, geometry: Geometry, options: ChipOptions) -> Window:
    xmin, ymin, xmax, ymax = geometry_bounds(geometry)
    inverse = ~src.transform
    cols, rows = zip(*(inverse * corner for corner in ((xmin, ymin), (xmax, ymax))), strict=True)
    width, height = abs(cols[1] - cols[0]), abs(rows[1] - rows[0])
    grow = 1 + 2 * options.buffer_percent / 100
    # Whole pixels on the raster's grid: a box of the chip's size is then read unresampled.
    side = math.ceil(max(width * grow, height * grow, options.min_pixels, 1) - 1e-6)
    col, row = (cols[0] + cols[1]) / 2, (rows[0] + rows[1]) / 2
    return Window(_nearest(col - side / 2), _nearest(row - side / 2), side, side)


def _nearest(value: float) -> int:
    """Round half up (Python's round() goes to even, shifting alternate boxes differently)."""
    return math.floor(value + 0.5)


def _centroid(geometry: Geometry) -> tuple[float, float] | None:
    """The centroid through OGR (quietly: a malformed geometry only yields None)."""
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        shape = ogr.CreateGeometryFromJson(json.dumps(geometry))
        if shape is None or shape.IsEmpty():
            return None
        point = shape.Centroid()
        if point is None or point.IsEmpty():
            return None
        return point.GetX(), point.GetY()
    finally:
        gdal.PopErrorHandler()


def _read_padded(
    src: DatasetReader, window: Window, size: int, bands: list[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Read ``window`` resampled to size x size; chip pixels whose centre falls outside the
    raster stay 0 and invalid."""
    pixels = np.zeros((len(bands), size, size), dtype=src.dtypes[bands[0] - 1])
    valid = np.zeros((size, size), dtype=bool)
    cols = _inside_span(window.col_off, window.width / size, size, src.width)
    rows = _inside_span(window.row_off, window.height / size, size, src.height)
    if cols is None or rows is None:
        return pixels, valid
    (j0, j1, x0, x1), (i0, i1, y0, y1) = cols, rows
    part = Window(x0, y0, x1 - x0, y1 - y0)
    shape = (len(bands), i1 - i0, j1 - j0)
    pixels[:, i0:i1, j0:j1] = src.read(
        bands, window=part, out_shape=shape, resampling=Resampling.bilinear
    )
    if _all_valid(src, bands):
        valid[i0:i1, j0:j1] = True
    else:
        masks = src.read_masks(bands, window=part, out_shape=shape)
        valid[i0:i1, j0:j1] = np.all(masks > 0, axis=0)
        pixels[:, ~valid] = 0
    return pixels, valid


def _inside_span(
    offset: float, step: float, size: int, limit: int
) -> tuple[int, int, float, float] | None:
    """Chip pixels [first, stop) whose centres lie in [0, limit) along one axis, and the
    raster span they cover (clipped to the raster, as GDAL reads no further)."""
    first = max(0, math.ceil(-offset / step - 0.5))
    stop = min(size, math.ceil((limit - offset) / step - 0.5))
    if first >= stop:
        return None
    start, end = max(0.0, offset + first * step), min(float(limit), offset + stop * step)
    return first, stop, start, end


def _all_valid(src: DatasetReader, bands: list[int]) -> bool:
    """True when no band has nodata, an alpha band or a mask: every read pixel is valid."""
    return all(src.mask_flag_enums[band - 1] == [MaskFlags.all_valid] for band in bands)
