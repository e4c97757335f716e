"""The raster primitives every stage shares: GDAL's block cache bounded while they read,
valid pixels, an extent as whole pixels, reading at another cell size."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine
from osgeo import gdal

from torchmap.engine.errors import InputError
from torchmap.engine.rasters import (
    bounded_gdal_cache,
    extent_window,
    finite_pixels,
    resampled,
    valid_pixels,
    valid_where_not_nodata,
)

CELL = 10.0


def write_raster(path: Path, pixels: np.ndarray, nodata: float | None = None, **extra) -> Path:
    profile = {
        "driver": "GTiff", "width": pixels.shape[2], "height": pixels.shape[1],
        "count": pixels.shape[0], "dtype": pixels.dtype, "crs": "EPSG:32633", "nodata": nodata,
        "transform": Affine(CELL, 0, 500000, 0, -CELL, 4000000), **extra,
    }  # fmt: skip
    with rasterio.open(path, "w", **profile) as out:
        out.write(pixels)
    return path


def test_the_cache_is_bounded_inside_and_restored_by_the_last_run_out() -> None:
    original = gdal.GetCacheMax()
    gdal.SetCacheMax(512 * 2**20)
    try:
        first, second = bounded_gdal_cache(64 * 2**20), bounded_gdal_cache(64 * 2**20)
        first.__enter__()
        assert gdal.GetCacheMax() == 64 * 2**20
        second.__enter__()  # a second algorithm starts on another thread
        first.__exit__(None, None, None)  # the first one ends before it
        assert gdal.GetCacheMax() == 64 * 2**20  # still bounded for the one still reading
        second.__exit__(None, None, None)
        assert gdal.GetCacheMax() == 512 * 2**20
    finally:
        gdal.SetCacheMax(original)


def test_a_smaller_cache_is_left_as_it_is() -> None:
    original = gdal.GetCacheMax()
    gdal.SetCacheMax(16 * 2**20)
    try:
        with bounded_gdal_cache(64 * 2**20):
            assert gdal.GetCacheMax() == 16 * 2**20
        assert gdal.GetCacheMax() == 16 * 2**20
    finally:
        gdal.SetCacheMax(original)


def test_an_extent_takes_every_pixel_it_covers_even_in_part(tmp_path: Path) -> None:
    path = write_raster(tmp_path / "r.tif", np.ones((1, 20, 30), np.uint8))
    with rasterio.open(path) as src:
        left, top = src.bounds.left, src.bounds.top
        # 2.5 to 7.5 pixels across, 1 to 3 down: pixels 2..7 and rows 1..2.
        box = (left + 2.5 * CELL, top - 3 * CELL, left + 7.5 * CELL, top - 1 * CELL)
        window = extent_window("extent", src, box)
        assert (window.col_off, window.row_off, window.width, window.height) == (2, 1, 6, 2)
        # Beyond the raster: clipped to it.
        wide = (left - 100, top - 5 * CELL, left + 10 * CELL, top + 100)
        window = extent_window("extent", src, wide)
        assert (window.col_off, window.row_off, window.width, window.height) == (0, 0, 10, 5)
        assert extent_window("extent", src, None).width == 30
        with pytest.raises(InputError) as error:
            extent_window("extent", src, (0, 0, 10, 10))
        assert error.value.field == "extent" and "misses the raster" in error.value.message


def test_reading_at_a_cell_size_keeps_the_corner_and_rounds_to_whole_cells(
    tmp_path: Path,
) -> None:
    path = write_raster(tmp_path / "r.tif", np.arange(600, dtype=np.float32).reshape(1, 20, 30))
    with rasterio.open(path) as src:
        with resampled(src, 25.0) as vrt:
            assert (vrt.width, vrt.height) == (12, 8)  # 300 m / 25, 200 m / 25
            assert vrt.transform.c == src.bounds.left and vrt.transform.f == src.bounds.top
        window = extent_window("extent", src, (500050, 3999850, 500150, 3999950))
        with resampled(src, 20.0, window) as vrt:
            assert (vrt.width, vrt.height) == (5, 5)
            assert (vrt.transform.c, vrt.transform.f) == (500050, 3999950)


def test_valid_pixels_by_nodata_value_and_by_alpha_agree_with_the_fast_path(
    tmp_path: Path,
) -> None:
    pixels = np.full((2, 4, 4), 7, np.int16)
    pixels[0, 0, 0] = -1  # nodata in one band: the pixel is invalid
    path = write_raster(tmp_path / "nodata.tif", pixels, nodata=-1)
    with rasterio.open(path) as src:
        by_gdal = valid_pixels(src)
        assert not by_gdal[0, 0] and by_gdal.sum() == 15
        assert (valid_where_not_nodata(src.read(), [-1, -1]) == by_gdal).all()
    rgba = np.full((4, 4, 4), 200, np.uint8)
    rgba[3, 1:, :] = 0  # transparent rows: no data whatever the colour
    path = write_raster(tmp_path / "alpha.tif", rgba, photometric="RGB", alpha="YES")
    with rasterio.open(path) as src:
        assert valid_pixels(src, [1, 2, 3]).sum() == 4
    floats = np.ones((2, 2, 2), np.float32)
    floats[1, 0, 1] = np.nan
    floats[0, 1, 0] = np.inf
    assert finite_pixels(floats).tolist() == [[True, False], [False, True]]
    assert finite_pixels(np.zeros((1, 2, 2), np.uint8)).all()
