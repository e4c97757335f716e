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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from affine import Affine
from osgeo import gdal, ogr
from rasterio.enums import MaskFlags, Resampling
from rasterio.features import bounds as geometry_bounds
from rasterio.features import geometry_mask
from rasterio.io import DatasetReader
from rasterio.windows import Window

from ..compat import zip_strict
from ..options import BOUNDING_BOX, CROP_MODES, FIXED_SIZE  # ArcGIS's CropSizeFixed 0 and 1
from ..rasters import nodata_only_masks, valid_pixels, valid_where_not_nodata

POINT_TYPES = ("Point", "MultiPoint")
POLYGON_TYPES = ("Polygon", "MultiPolygon")

Geometry = Mapping[str, object]  # GeoJSON-like: {"type": ..., "coordinates": ...}

# The most pixels (per band) one read for a group of nearby chips may cover: with 4 bands of
# float32, 64 MiB.
MAX_GROUP_PIXELS = 4096 * 1024


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
    return ObjectChipReader(src, options, indexes).read(geometry)


class ObjectChipReader:
    """Cuts the chips of many features from one raster with the same options: the band facts
    are looked up once, and chips read at the raster's own resolution that lie close together
    in a batch (a fishnet's row of cells) come out of one read instead of one read each."""

    def __init__(
        self, src: DatasetReader, options: ChipOptions, indexes: Sequence[int] | None = None
    ) -> None:
        self.src = src
        self.options = options
        self.bands = list(indexes) if indexes else list(src.indexes)
        self.dtype = src.dtypes[self.bands[0] - 1]
        self.all_valid = _all_valid(src, self.bands)
        self.inverse = ~src.transform  # map to pixel coordinates
        self.nodata_values = nodata_only_masks(src, self.bands)

    def read(self, geometry: Geometry | None) -> ObjectChip | None:
        """The chip of one feature (see ``read_object_chip``)."""
        return self.read_many([geometry])[0]

    def read_many(
        self, geometries: Sequence[Geometry | None], check: Callable[[], None] | None = None
    ) -> list[ObjectChip | None]:
        """The chip of each feature, in order (None as ``read_object_chip``); ``check`` is
        called before every read from the raster (to raise on cancel)."""
        shapes = [getattr(g, "__geo_interface__", g) for g in geometries]
        windows = [_window(self.inverse, shape, self.options) for shape in shapes]
        reads: list[tuple[np.ndarray, np.ndarray] | None] = [None] * len(windows)
        native = []
        for index, window in enumerate(windows):
            if window is None:
                continue
            if window.width == window.height == self.options.size:
                native.append(index)  # unresampled: can be cut out of a larger read
                continue
            if check:
                check()
            reads[index] = self._read_resampled(window)
        for group in _nearby_groups([windows[i] for i in native], self.options.size):
            if check:
                check()
            members = [native[i] for i in group]
            reads_together = self._read_together([windows[i] for i in members])
            for index, read in zip_strict(members, reads_together):
                reads[index] = read
        return [
            self._chip(shape, window, read) if read is not None else None
            for shape, window, read in zip_strict(shapes, windows, reads)
        ]

    def _chip(
        self, geometry: Geometry, window: Window, read: tuple[np.ndarray, np.ndarray]
    ) -> ObjectChip | None:
        pixels, valid = read
        size = self.options.size
        transform = self.src.window_transform(window) * Affine.scale(
            window.width / size, window.height / size
        )
        if self.options.blacken_around_feature and geometry["type"] in POLYGON_TYPES:
            valid &= inside_feature(geometry, transform, size)
            pixels[:, ~valid] = 0
        if not valid.any():
            return None
        return ObjectChip(pixels=pixels, valid=valid, transform=transform)

    def _empty(self) -> tuple[np.ndarray, np.ndarray]:
        size = self.options.size
        pixels = np.zeros((len(self.bands), size, size), dtype=self.dtype)
        return pixels, np.zeros((size, size), dtype=bool)

    def _read_resampled(self, window: Window) -> tuple[np.ndarray, np.ndarray]:
        """Read ``window`` resampled to the chip size; chip pixels whose centre falls outside
        the raster stay 0 and invalid."""
        src, size = self.src, self.options.size
        pixels, valid = self._empty()
        cols = _inside_span(window.col_off, window.width / size, size, src.width)
        rows = _inside_span(window.row_off, window.height / size, size, src.height)
        if cols is None or rows is None:
            return pixels, valid
        (j0, j1, x0, x1), (i0, i1, y0, y1) = cols, rows
        part = Window(x0, y0, x1 - x0, y1 - y0)
        shape = (len(self.bands), i1 - i0, j1 - j0)
        pixels[:, i0:i1, j0:j1] = src.read(
            self.bands, window=part, out_shape=shape, resampling=Resampling.bilinear
        )
        if self.all_valid:
            valid[i0:i1, j0:j1] = True
        else:
            valid[i0:i1, j0:j1] = valid_pixels(src, self.bands, part, shape)
            pixels[:, ~valid] = 0
        return pixels, valid

    def _read_together(self, windows: list[Window]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Unresampled windows (whole-pixel offsets, the chip's size) cut from one read of
        their union; parts outside the raster stay 0 and invalid."""
        src = self.src
        col0 = max(0, min(int(w.col_off) for w in windows))
        row0 = max(0, min(int(w.row_off) for w in windows))
        col1 = min(src.width, max(int(w.col_off + w.width) for w in windows))
        row1 = min(src.height, max(int(w.row_off + w.height) for w in windows))
        if col0 >= col1 or row0 >= row1:
            return [self._empty() for _ in windows]
        union = Window(col0, row0, col1 - col0, row1 - row0)
        block = src.read(self.bands, window=union)
        if self.all_valid:
            block_valid = None
        elif self.nodata_values is not None:  # GDAL's nodata masks, without decoding again
            block_valid = valid_where_not_nodata(block, self.nodata_values)
        else:
            block_valid = valid_pixels(src, self.bands, union)
        reads = []
        for window in windows:
            pixels, valid = self._empty()
            left, top = int(window.col_off), int(window.row_off)
            # The window's part inside the union read, in chip and in block coordinates.
            c0, r0 = max(left, col0), max(top, row0)
            c1 = min(left + self.options.size, col1)
            r1 = min(top + self.options.size, row1)
            if c0 < c1 and r0 < r1:
                chip_rows, chip_cols = slice(r0 - top, r1 - top), slice(c0 - left, c1 - left)
                block_rows, block_cols = slice(r0 - row0, r1 - row0), slice(c0 - col0, c1 - col0)
                pixels[:, chip_rows, chip_cols] = block[:, block_rows, block_cols]
                if block_valid is None:
                    valid[chip_rows, chip_cols] = True
                else:
                    valid[chip_rows, chip_cols] = block_valid[block_rows, block_cols]
                    pixels[:, ~valid] = 0
            reads.append((pixels, valid))
        return reads


def _nearby_groups(windows: list[Window], size: int) -> list[list[int]]:
    """Indexes of ``windows`` in groups worth one read each: sorted by row then column, a
    window joins the current group while the group's bounding box stays within twice the area
    of its windows (a row of fishnet cells joins; scattered features read alone) and small
    enough to hold (``MAX_GROUP_PIXELS``)."""
    order = sorted(range(len(windows)), key=lambda i: (windows[i].row_off, windows[i].col_off))
    groups: list[list[int]] = []
    area = size * size
    box = (0, 0, 0, 0)
    for index in order:
        window = windows[index]
        left, top = int(window.col_off), int(window.row_off)
        right, bottom = left + size, top + size
        if groups:
            grown = (min(box[0], left), min(box[1], top), max(box[2], right), max(box[3], bottom))
            grown_area = (grown[2] - grown[0]) * (grown[3] - grown[1])
            members = len(groups[-1]) + 1
            if grown_area <= min(2 * members * area, max(MAX_GROUP_PIXELS, area)):
                groups[-1].append(index)
                box = grown
                continue
        groups.append([index])
        box = (left, top, right, bottom)
    return groups


def chip_window(src: DatasetReader, geometry: Geometry, options: ChipOptions) -> Window | None:
    """The (fractional) pixel window a feature's chip covers, or None for an empty feature."""
    return _window(~src.transform, geometry, options)


def _window(inverse: Affine, geometry: Geometry | None, options: ChipOptions) -> Window | None:
    """``chip_window`` with the raster's map-to-pixel transform at hand."""
    if not geometry or not geometry.get("coordinates"):
        return None
    if options.crop_mode == FIXED_SIZE or geometry["type"] in POINT_TYPES:
        centre = _centroid(geometry)
        if centre is None:
            return None
        col, row = inverse * centre
        half = options.size / 2
        # Whole-pixel offsets: a fixed-size chip is read at the raster's resolution, unresampled.
        return Window(_nearest(col - half), _nearest(row - half), options.size, options.size)
    return _bounding_box_window(inverse, geometry, options)


def inside_feature(geometry: Geometry, transform: Affine, size: int) -> np.ndarray:
    """(size, size) True on chip pixels whose centre lies in the feature; a feature smaller
    than a chip pixel still gets the pixels it touches."""
    inside = geometry_mask([geometry], (size, size), transform, invert=True)
    if not inside.any():
        inside = geometry_mask([geometry], (size, size), transform, invert=True, all_touched=True)
    return inside


def _bounding_box_window(inverse: Affine, geometry: Geometry, options: ChipOptions) -> Window:
    xmin, ymin, xmax, ymax = geometry_bounds(geometry)
    cols, rows = zip_strict(*(inverse * corner for corner in ((xmin, ymin), (xmax, ymax))))
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
