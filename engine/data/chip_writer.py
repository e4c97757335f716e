"""Writing chips to disk: GeoTIFF keeps every band, the data type and the georeference;
PNG and JPEG (8-bit, 1, 3 or 4 bands) keep the georeference in a world file. Writes run on
a few threads (GDAL releases Python's lock while it encodes and writes), with a bounded
queue so memory stays flat however many chips an export has."""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
from affine import Affine

from ..errors import InputError
from ..i18n import _

CHIP_FORMATS = ("tif", "png", "jpg")
DRIVERS = {"tif": "GTiff", "png": "PNG", "jpg": "JPEG"}
EIGHT_BIT_BAND_COUNTS = (1, 3, 4)


def check_chip_format(chip_format: str, dtype: str, band_count: int) -> None:
    """PNG and JPEG hold 8-bit chips of 1, 3 or 4 bands only: refuse anything else."""
    if chip_format == "tif":
        return
    if dtype != "uint8" or band_count not in EIGHT_BIT_BAND_COUNTS:
        raise InputError(
            "chip_format",
            _(
                "{format} holds 8-bit images of 1, 3 or 4 bands, but the chips would have "
                "{count} {dtype} bands; choose TIFF (keeps every band and data type), or select "
                "1, 3 or 4 bands of an 8-bit raster."
            ).format(format=chip_format.upper(), count=band_count, dtype=dtype),
        )


class ChipWriter:
    """Writes chips under ``folder`` in parallel; ``finish()`` waits for all of them."""

    def __init__(self, folder: Path, chip_format: str, workers: int = 2) -> None:
        self.folder = folder
        self.chip_format = chip_format
        # JPEG is lossy: label chips of JPEG exports are PNG, as ArcGIS writes them.
        self.label_format = "tif" if chip_format == "tif" else "png"
        self.pool = ThreadPoolExecutor(max_workers=max(1, workers))
        self.pending: deque[Future] = deque()
        self.limit = 4 * max(1, workers)
        self.folders: set[Path] = set()

    def __enter__(self) -> ChipWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def write_image(
        self, stem: str, pixels: np.ndarray, transform: Affine, crs: str | None, nodata
    ) -> str:
        """Queue an image chip; returns its path relative to the folder."""
        return self._queue(f"{stem}.{self.chip_format}", pixels, transform, crs, nodata)

    def write_label(self, stem: str, label: np.ndarray, transform: Affine, crs: str | None) -> str:
        """Queue a label chip (0 = unlabelled); returns its relative path."""
        return self._queue(f"{stem}.{self.label_format}", label, transform, crs, 0)

    def _queue(self, name: str, pixels: np.ndarray, transform, crs, nodata) -> str:
        path = self.folder / name
        if path.parent not in self.folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(path.parent)
        while len(self.pending) >= self.limit:
            self.pending.popleft().result()  # raises a failed write at once
        self.pending.append(self.pool.submit(write_chip, path, pixels, transform, crs, nodata))
        return name

    def finish(self) -> None:
        """Wait for every queued chip (re-raising the first failure)."""
        while self.pending:
            self.pending.popleft().result()


def write_chip(
    path: Path, pixels: np.ndarray, transform: Affine, crs_wkt: str | None, nodata
) -> None:
    """Write one (bands, rows, cols) chip in the format its suffix names. GDAL directly:
    opening a dataset for writing through rasterio costs more than the write itself."""
    from osgeo import gdal, gdal_array

    driver = DRIVERS[path.suffix.lstrip(".")]
    bands, rows, cols = pixels.shape
    kind = gdal_array.NumericTypeCodeToGDALTypeCode(pixels.dtype)
    target = str(path) if driver == "GTiff" else ""
    dataset = gdal.GetDriverByName("GTiff" if driver == "GTiff" else "MEM").Create(
        target, cols, rows, bands, kind
    )
    if dataset is None:
        raise OSError(
            _("cannot create {path}: {error}").format(path=path, error=gdal.GetLastErrorMsg())
        )
    dataset.SetGeoTransform(transform.to_gdal())
    if crs_wkt:
        dataset.SetProjection(crs_wkt)
    if nodata is not None and driver == "GTiff":
        for band in range(1, bands + 1):
            dataset.GetRasterBand(band).SetNoDataValue(float(nodata))
    dataset.WriteRaster(0, 0, cols, rows, np.ascontiguousarray(pixels).tobytes())
    if driver != "GTiff":
        options = ["WORLDFILE=YES"] + (["QUALITY=95"] if driver == "JPEG" else [])
        copy = gdal.GetDriverByName(driver).CreateCopy(str(path), dataset, options=options)
        if copy is None:
            raise OSError(
                _("cannot write {path}: {error}").format(path=path, error=gdal.GetLastErrorMsg())
            )
        copy = None  # flushes and closes the file
    dataset = None
