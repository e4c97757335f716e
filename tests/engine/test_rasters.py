"""Raster helpers shared by the algorithms: GDAL's block cache bounded while they read."""

from __future__ import annotations

from osgeo import gdal

from torchmap.engine.rasters import bounded_gdal_cache


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
