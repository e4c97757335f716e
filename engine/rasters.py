"""Opening user rasters with errors that name the input, and reading valid-pixel masks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import rasterio
from rasterio.io import DatasetReader
from rasterio.windows import Window

from .errors import InputError


def open_raster(field: str, path: Path | str) -> DatasetReader:
    """Open a raster (a file, or any GDAL name: ``/vsizip/...``, ``GPKG:file:table``) for
    reading or raise InputError naming ``field``."""
    try:
        return rasterio.open(path)
    except rasterio.errors.RasterioIOError as error:
        if not str(path).startswith("/vsi") and not Path(path).exists():
            raise InputError(
                field, f"{path} does not exist; choose an existing raster file."
            ) from error
        raise InputError(
            field,
            f"{path} cannot be read as a raster ({error}); choose a GDAL-readable "
            "raster such as a GeoTIFF.",
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
