"""The raster primitives every stage uses, each written once: opening a user's raster with
errors that name the input, which pixels are valid (nodata value, mask band, alpha, NaN), an
extent as a window of whole pixels, reading at another cell size, and tile offsets."""

from __future__ import annotations

import contextlib
import math
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import rasterio
import rasterio._err
import rasterio.windows
from affine import Affine
from rasterio.enums import MaskFlags, Resampling
from rasterio.io import DatasetReader
from rasterio.vrt import WarpedVRT
from rasterio.windows import Window

from .compat import zip_strict
from .errors import InputError
from .i18n import _

# GDAL's block cache grows to 5 % of the RAM by default (tens of GiB on a server) as a large
# raster is read; tiles and chips are read in order with little overlap, so a small one serves.
GDAL_CACHE_BYTES = 96 * 2**20


_cache_lock = threading.Lock()
_cache_users = 0
_cache_before = 0


@contextlib.contextmanager
def bounded_gdal_cache(limit: int = GDAL_CACHE_BYTES) -> Iterator[None]:
    """GDAL's block cache at most ``limit`` bytes while inside, then as it was. The cache is
    one per process and QGIS runs algorithms on several threads at once: the first run in
    saves the size, the last one out restores it (not whichever ends last)."""
    from osgeo import gdal

    global _cache_users, _cache_before
    with _cache_lock:
        if not _cache_users:
            _cache_before = gdal.GetCacheMax()
        _cache_users += 1
        gdal.SetCacheMax(min(_cache_before, limit))
    try:
        yield
    finally:
        with _cache_lock:
            _cache_users -= 1
            if not _cache_users:
                gdal.SetCacheMax(_cache_before)


def open_raster(field: str, path: Path | str) -> DatasetReader:
    """Open a raster (a file, or any GDAL name: ``/vsizip/...``, ``GPKG:file:table``) for
    reading or raise InputError naming ``field``."""
    try:
        return rasterio.open(path)
    except rasterio.errors.RasterioIOError as error:
        if not str(path).startswith("/vsi") and not Path(path).exists():
            raise InputError(
                field, _("{path} does not exist; choose an existing raster file.").format(path=path)
            ) from error
        raise InputError(
            field,
            _(
                "{path} cannot be read as a raster ({error}); choose a GDAL-readable raster "
                "such as a GeoTIFF."
            ).format(path=path, error=error),
        ) from error


def valid_pixels(
    src: DatasetReader | WarpedVRT,
    bands: list[int] | None = None,
    window: Window | None = None,
    out_shape: tuple[int, ...] | None = None,
) -> np.ndarray:
    """True where every band (all by default) holds data: GDAL's masks cover nodata values,
    mask bands and alpha channels alike, so nodata is never mistaken for a real zero. Where
    only nodata values mask the bands, :func:`valid_where_not_nodata` on pixels already read
    gives the same answer without decoding the blocks again."""
    masks = src.read_masks(bands, window=window, out_shape=out_shape)
    return np.all(masks > 0, axis=0)


def finite_pixels(pixels: np.ndarray) -> np.ndarray:
    """True where every band is a number (NaN and infinities are no data in float rasters
    whatever their nodata value says)."""
    if pixels.dtype.kind != "f":
        return np.ones(pixels.shape[1:], dtype=bool)
    return np.all(np.isfinite(pixels), axis=0)


def cell_size(src: DatasetReader) -> list[float]:
    """Pixel width and height in CRS units."""
    return [abs(src.transform.a), abs(src.transform.e)]


def crs_wkt(src: DatasetReader) -> str | None:
    """The CRS as WKT, or None for a raster without one."""
    return src.crs.to_wkt() if src.crs else None


def nodata_only_masks(
    reader: DatasetReader | WarpedVRT, bands: list[int]
) -> list[float | None] | None:
    """Each band's nodata value (None: all valid) when that is all that masks the bands;
    None when a mask band or alpha channel does, which only GDAL's masks can read."""
    if isinstance(reader, WarpedVRT):
        return None
    values: list[float | None] = []
    for band in bands:
        flags = reader.mask_flag_enums[band - 1]
        if flags == [MaskFlags.all_valid]:
            values.append(None)
        elif flags == [MaskFlags.nodata]:
            values.append(reader.nodatavals[band - 1])
        else:
            return None
    return values


def valid_where_not_nodata(pixels: np.ndarray, nodata_values: list[float | None]) -> np.ndarray:
    """Pixels whose bands all differ from their band's nodata value."""
    valid = np.ones(pixels.shape[1:], dtype=bool)
    for band, nodata in zip_strict(pixels, nodata_values):
        if nodata is None:
            continue
        if np.isnan(nodata):
            valid &= ~np.isnan(band)
        elif _representable(nodata, band.dtype):  # else no pixel can hold it, as in GDAL
            valid &= band != band.dtype.type(nodata)
    return valid


def _representable(value: float, dtype: np.dtype) -> bool:
    if dtype.kind == "f":
        return True
    info = np.iinfo(dtype)
    return float(value).is_integer() and info.min <= value <= info.max


def tile_offsets(length: int, tile_size: int, stride: int) -> list[int]:
    """Start offsets along one axis: every ``stride`` pixels, plus one flush with the end so
    that the last pixels are covered too (when the raster is at least one tile long)."""
    if length <= tile_size:
        return [0]
    offsets = list(range(0, length - tile_size + 1, stride))
    if offsets[-1] + tile_size < length:
        offsets.append(length - tile_size)
    return offsets


def whole_pixels(window: Window) -> Window:
    """The smallest window of whole pixels that holds ``window`` (a pixel the window merely
    touches within 1e-9 of a pixel is not taken)."""
    col, row = math.floor(window.col_off + 1e-9), math.floor(window.row_off + 1e-9)
    right = math.ceil(window.col_off + window.width - 1e-9)
    bottom = math.ceil(window.row_off + window.height - 1e-9)
    return Window(col, row, right - col, bottom - row)


def extent_window(
    field: str, src: DatasetReader, extent: tuple[float, float, float, float] | None
) -> Window:
    """The window of ``src`` to process: every pixel ``extent`` (xmin, ymin, xmax, ymax in the
    raster's CRS) covers, even in part, clipped to the raster; the whole raster for None.
    An extent that misses the raster raises InputError naming ``field``."""
    full = Window(0, 0, src.width, src.height)
    if extent is None:
        return full
    xmin, ymin, xmax, ymax = extent
    window = whole_pixels(rasterio.windows.from_bounds(xmin, ymin, xmax, ymax, src.transform))
    try:
        window = window.intersection(full)
    except rasterio.errors.WindowError:
        window = None
    if window is None or window.width < 1 or window.height < 1:
        left, bottom, right, top = src.bounds
        raise InputError(
            field,
            _(
                "the extent ({xmin:g}, {ymin:g}, {xmax:g}, {ymax:g}) misses the raster "
                "({left:g}, {bottom:g}, {right:g}, {top:g} in its CRS); choose an extent over it."
            ).format(
                xmin=xmin,
                ymin=ymin,
                xmax=xmax,
                ymax=ymax,
                left=left,
                bottom=bottom,
                right=right,
                top=top,
            ),
        )
    return Window(int(window.col_off), int(window.row_off), int(window.width), int(window.height))


def resampled(src: DatasetReader, cell: float, window: Window | None = None) -> WarpedVRT:
    """``window`` of ``src`` (all of it by default) read on the fly at ``cell`` CRS units
    (bilinear), north up from its top-left corner; open it with ``with``. Width and height
    are rounded to whole cells, at least one each."""
    window = window or Window(0, 0, src.width, src.height)
    left, top = src.window_transform(window) * (0, 0)
    width = max(1, round(window.width * abs(src.transform.a) / cell))
    height = max(1, round(window.height * abs(src.transform.e) / cell))
    transform = Affine(cell, 0, left, 0, -cell, top)
    return WarpedVRT(
        src,
        crs=src.crs,
        transform=transform,
        width=width,
        height=height,
        resampling=Resampling.bilinear,
    )


SERVICE_DRIVERS = ("WMS", "WMTS", "WCS")  # imagery services: no grid of their own


def is_service_dataset(src: DatasetReader) -> bool:
    return src.driver in SERVICE_DRIVERS


def service_grid(
    extent: tuple[float, float, float, float] | None, cell: float | None
) -> tuple[tuple[float, float, float, float], float]:
    """The extent and cell size an imagery service is read at: both required (a service
    covers the world, and has no cell size of its own)."""
    if not cell:
        raise InputError(
            "cell_size",
            _("an imagery service has no cell size of its own: give the cell size to read it at."),
        )
    if extent is None:
        raise InputError(
            "extent", _("an imagery service covers the whole world: give the extent to process.")
        )
    return extent, cell


def snapped(
    src: DatasetReader, extent: tuple[float, float, float, float], cell: float
) -> WarpedVRT:
    """``extent`` of ``src`` read at ``cell`` on a grid snapped to multiples of the cell size
    in the raster's CRS (a service's grid: the same cells whatever extent is asked for);
    open it with ``with``."""
    xmin, ymin, xmax, ymax = extent
    left, top = math.floor(xmin / cell) * cell, math.ceil(ymax / cell) * cell
    width = max(1, math.ceil((xmax - left) / cell - 1e-9))
    height = max(1, math.ceil((top - ymin) / cell - 1e-9))
    transform = Affine(cell, 0, left, 0, -cell, top)
    return WarpedVRT(
        src,
        crs=src.crs,
        transform=transform,
        width=width,
        height=height,
        resampling=Resampling.bilinear,
    )


@contextlib.contextmanager
def service_reads(field: str, raster: str | Path) -> Iterator[None]:
    """A read of an imagery service that fails (a request that still failed after GDAL's
    retries, a broken tile) as an InputError naming the input, not a crash."""
    from .raster_sources import is_service

    try:
        yield
    except (
        rasterio.errors.RasterioIOError,
        rasterio.errors.RasterioError,
        rasterio._err.CPLE_BaseError,
    ) as error:
        if not is_service(raster):
            raise
        raise InputError(
            field,
            _(
                "the imagery service could not be read ({error}); check the connection and "
                "the layer (its URL, and that it serves this area), or try again later."
            ).format(error=error),
        ) from error
