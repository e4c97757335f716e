"""Writing chips to disk: GeoTIFF keeps every band, the data type and the georeference;
PNG and JPEG (8-bit, 1, 3 or 4 bands) keep the georeference in a world file. Writes run on
a few threads (GDAL releases Python's lock while it encodes and writes), with a bounded
queue so memory stays flat however many chips an export has."""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine
from rasterio.crs import CRS

from ..errors import InputError

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
            f"{chip_format.upper()} holds 8-bit images of 1, 3 or 4 bands, but the chips "
            f"would have {band_count} {dtype} bands; choose TIFF (keeps every band and data "
            "type), or select 1, 3 or 4 bands of an 8-bit raster.",
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
        self, stem: str, pixels: np.ndarray, transform: Affine, crs: CRS | None, nodata
    ) -> str:
        """Queue an image chip; returns its path relative to the folder."""
        return self._queue(f"{stem}.{self.chip_format}", pixels, transform, crs, nodata)

    def write_label(self, stem: str, label: np.ndarray, transform: Affine, crs: CRS | None) -> str:
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


def write_chip(path: Path, pixels: np.ndarray, transform: Affine, crs, nodata) -> None:
    """Write one (bands, rows, cols) chip in the format its suffix names."""
    driver = DRIVERS[path.suffix.lstrip(".")]
    profile = {
        "driver": driver,
        "width": pixels.shape[2],
        "height": pixels.shape[1],
        "count": pixels.shape[0],
        "dtype": pixels.dtype.name,
        "crs": crs,
        "transform": transform,
    }
    if driver == "GTiff":
        profile["nodata"] = nodata
    else:
        profile["WORLDFILE"] = "YES"
    if driver == "JPEG":
        profile["QUALITY"] = 95
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(pixels)
