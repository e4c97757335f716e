"""Opening user rasters with errors that name the input, and reading valid-pixel masks."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import rasterio
from rasterio.enums import MaskFlags
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


def valid_pixels(src: DatasetReader, window: Window | None = None) -> np.ndarray:
    """True where every band holds data: GDAL masks cover nodata values, alpha bands and
    internal masks alike, so nodata is never mistaken for a real zero."""
    masks = src.read_masks(window=window)
    return np.all(masks > 0, axis=0)


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
