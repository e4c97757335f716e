"""The chip of a feature: crop modes, buffer, blackening, decimated reads, edges and nodata."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
from data import CELL, pixel_box, profile
from data import box_geometry as box
from data import point_geometry as point

from torchmap.engine.data.object_chips import (
    BOUNDING_BOX,
    FIXED_SIZE,
    ChipOptions,
    ObjectChipReader,
    chip_window,
    read_object_chip,
)

NODATA = -1


@pytest.fixture(scope="module")
def ramp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """64 x 64, two bands: band 1 = column index, band 2 = row index; nodata in rows 60-63."""
    rows, cols = np.mgrid[0:64, 0:64]
    pixels = np.stack([cols, rows]).astype(np.int16)
    pixels[:, 60:, :] = NODATA
    path = tmp_path_factory.mktemp("chips") / "ramp.tif"
    with rasterio.open(path, "w", **profile(64, 2, "int16", NODATA)) as dst:
        dst.write(pixels)
    return path


@pytest.fixture(scope="module")
def float_ramp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ramp in float32 with NaN as nodata."""
    rows, cols = np.mgrid[0:64, 0:64]
    pixels = np.stack([cols, rows]).astype(np.float32)
    pixels[:, 60:, :] = np.nan
    path = tmp_path_factory.mktemp("chips") / "float_ramp.tif"
    with rasterio.open(path, "w", **profile(64, 2, "float32", float("nan"))) as dst:
        dst.write(pixels)
    return path


def test_a_box_of_the_model_size_is_read_pixel_for_pixel(ramp: Path) -> None:
    with rasterio.open(ramp) as src:
        chip = read_object_chip(src, box(10, 20, 8, 8), ChipOptions(size=8))
        expected = src.read(window=((20, 28), (10, 18)))
    np.testing.assert_array_equal(chip.pixels, expected)
    assert chip.valid.all() and chip.pixels.dtype == np.int16
    assert chip.transform * (0, 0) == pixel_box(10, 20, 8, 8)[::3]  # top left corner


def test_the_buffer_widens_the_box_around_its_centre(ramp: Path) -> None:
    with rasterio.open(ramp) as src:
        chip = read_object_chip(src, box(20, 20, 8, 8), ChipOptions(8, buffer_percent=50))
    # 8 px + 50 % on each side = 16 px, centred: columns 16..31 sampled every 2 px.
    assert chip.pixels[0, 0, 0] in (16, 17) and chip.pixels[0, 0, -1] in (30, 31)
    assert abs(chip.transform.a) == pytest.approx(2 * CELL)


def test_a_long_box_is_widened_to_a_square_so_the_object_keeps_its_shape(ramp: Path) -> None:
    with rasterio.open(ramp) as src:
        chip = read_object_chip(src, box(20, 28, 16, 4), ChipOptions(16))
    assert chip.transform.a == pytest.approx(CELL) and -chip.transform.e == pytest.approx(CELL)
    np.testing.assert_array_equal(chip.pixels[1, :, 0], np.arange(22, 38))  # rows 22..37


def test_a_huge_polygon_is_read_decimated_to_the_chip_size(tmp_path: Path) -> None:
    size = 2048
    path = tmp_path / "big.tif"
    with rasterio.open(path, "w", **profile(size, 1, "uint8", None)) as dst:
        dst.write(np.broadcast_to(np.arange(size) // 8, (1, size, size)).astype(np.uint8))
    with rasterio.open(path) as src:
        chip = read_object_chip(src, box(0, 0, size, size), ChipOptions(16))
    assert chip.pixels.shape == (1, 16, 16) and chip.valid.all()
    # Each chip pixel stands for 128 columns: values step by 16 across the chip.
    assert np.all(np.diff(chip.pixels[0, 0].astype(int))[1:-1] == 16)


def test_a_box_past_the_edge_is_padded_with_invalid_pixels_not_shifted(ramp: Path) -> None:
    with rasterio.open(ramp) as src:
        chip = read_object_chip(src, box(-4, 10, 8, 8), ChipOptions(8))
    assert not chip.valid[:, :4].any() and chip.valid[:, 4:].all()
    assert (chip.pixels[:, :, :4] == 0).all()
    np.testing.assert_array_equal(chip.pixels[0, 0, 4:], [0, 1, 2, 3])


def test_nodata_pixels_are_invalid_and_zero(ramp: Path) -> None:
    with rasterio.open(ramp) as src:
        chip = read_object_chip(src, box(0, 56, 8, 8), ChipOptions(8))
    assert chip.valid[:4].all() and not chip.valid[4:].any()
    assert (chip.pixels[:, 4:] == 0).all()


@pytest.mark.parametrize(
    "geometry",
    [box(100, 100, 8, 8), box(10, 60, 4, 4), point(-20, 5), {"type": "Polygon", "coordinates": []}],
    ids=["outside", "all nodata", "point outside", "empty"],
)
def test_no_chip_outside_over_nodata_only_or_without_geometry(ramp: Path, geometry: dict) -> None:
    with rasterio.open(ramp) as src:
        assert read_object_chip(src, geometry, ChipOptions(8)) is None


def test_fixed_size_is_a_tile_at_native_resolution_around_the_centroid(ramp: Path) -> None:
    with rasterio.open(ramp) as src:
        chip = read_object_chip(src, box(30, 30, 40, 2), ChipOptions(8, crop_mode=FIXED_SIZE))
    # Centroid (50, 31): columns 46..53, rows 27..34, unresampled.
    np.testing.assert_array_equal(chip.pixels[0, 0], np.arange(46, 54))
    np.testing.assert_array_equal(chip.pixels[1, :, 0], np.arange(27, 35))


@pytest.mark.parametrize("crop_mode", [BOUNDING_BOX, FIXED_SIZE])
def test_a_point_always_gets_a_fixed_size_chip(ramp: Path, crop_mode: str) -> None:
    with rasterio.open(ramp) as src:
        chip = read_object_chip(src, point(20, 12), ChipOptions(8, crop_mode=crop_mode))
    np.testing.assert_array_equal(chip.pixels[0, 0], np.arange(16, 24))
    assert chip.valid.all()


def test_blackening_invalidates_pixels_outside_the_polygon(ramp: Path) -> None:
    xmin, ymin, xmax, ymax = pixel_box(8, 8, 16, 16)
    triangle = {
        "type": "Polygon",
        "coordinates": [[(xmin, ymax), (xmax, ymax), (xmin, ymin), (xmin, ymax)]],
    }  # the upper-left half of the box
    with rasterio.open(ramp) as src:
        chip = read_object_chip(src, triangle, ChipOptions(16, blacken_around_feature=True))
    rows, cols = np.mgrid[0:16, 0:16]
    assert chip.valid[rows + cols < 15].all() and not chip.valid[rows + cols > 15].any()
    assert (chip.pixels[:, ~chip.valid] == 0).all()


def test_a_polygon_smaller_than_a_pixel_still_gets_its_pixel(ramp: Path) -> None:
    tiny = box(12.3, 7.3, 0.2, 0.2)
    with rasterio.open(ramp) as src:
        chip = read_object_chip(src, tiny, ChipOptions(4, blacken_around_feature=True))
    assert chip.valid.any()
    assert set(chip.pixels[0][chip.valid].tolist()) == {12}


def test_min_pixels_keeps_small_objects_at_native_resolution(ramp: Path) -> None:
    with rasterio.open(ramp) as src:
        chip = read_object_chip(src, box(20, 20, 3, 3), ChipOptions(16, min_pixels=16))
    assert chip.transform.a == pytest.approx(CELL)
    np.testing.assert_array_equal(chip.pixels[0, 0], np.arange(14, 30))  # centred on 21.5


def test_band_indexes_choose_the_bands(ramp: Path) -> None:
    with rasterio.open(ramp) as src:
        chip = read_object_chip(src, box(0, 0, 4, 4), ChipOptions(4), indexes=[2])
    np.testing.assert_array_equal(chip.pixels[0, :, 0], [0, 1, 2, 3])


def mixed_features() -> list[dict | None]:
    """A fishnet row and column of 8 px cells (edges, nodata rows included), scattered and
    resampled boxes, points, nothing."""
    cells = [box(8 * i - 4, 8, 8, 8) for i in range(9)] + [box(40, 8 * i, 8, 8) for i in range(9)]
    others = [box(2, 30, 20, 20), point(50, 3), box(100, 100, 8, 8), None, box(33, 61, 8, 8)]
    return [*cells, *others, box(57, 57, 8, 8)]


@pytest.mark.parametrize(
    "options",
    [
        ChipOptions(8),
        ChipOptions(8, crop_mode=FIXED_SIZE),
        ChipOptions(8, blacken_around_feature=True),
    ],
    ids=["bounding box", "fixed size", "blackened"],
)
@pytest.mark.parametrize("raster", ["ramp", "float_ramp"])
def test_many_chips_read_together_equal_chips_read_one_by_one(
    raster: str, options: ChipOptions, request: pytest.FixtureRequest
) -> None:
    """Reads of nearby chips together (nodata told from the pixels) give what GDAL's own
    resampled read of each window and its masks give."""
    features = mixed_features()
    with rasterio.open(request.getfixturevalue(raster)) as src:
        reader = ObjectChipReader(src, options)
        together = reader.read_many(features)
        alone = []
        for feature in features:
            window = chip_window(src, feature, options)
            read = reader._read_resampled(window) if window else None
            alone.append(reader._chip(feature, window, read) if read else None)
    assert [chip is None for chip in together] == [chip is None for chip in alone]
    assert sum(chip is None for chip in alone) == 4  # 2 outside, 1 over nodata, 1 no geometry
    for mine, theirs in zip(together, alone, strict=True):
        if theirs is not None:
            np.testing.assert_array_equal(mine.pixels, theirs.pixels)
            np.testing.assert_array_equal(mine.valid, theirs.valid)
            assert mine.transform == theirs.transform


def test_a_row_of_cells_is_one_read_and_scattered_features_one_read_each(ramp: Path) -> None:
    row = [box(8 * i, 16, 8, 8) for i in range(8)]
    scattered = [box(56, 0, 8, 8), box(0, 48, 8, 8)]
    with rasterio.open(ramp) as src:
        reads = []
        original = src.read
        src.read = lambda *args, **kwargs: (
            reads.append(kwargs["window"]) or original(*args, **kwargs)
        )
        ObjectChipReader(src, ChipOptions(8)).read_many(row + scattered)
    assert sorted((w.width, w.height) for w in reads) == [(8, 8), (8, 8), (64, 8)]


def test_read_many_checks_before_each_read(ramp: Path) -> None:
    calls = []
    with rasterio.open(ramp) as src:
        reader = ObjectChipReader(src, ChipOptions(8))
        reader.read_many(
            [box(0, 0, 8, 8), box(40, 40, 8, 8), box(0, 0, 20, 20)], lambda: calls.append(1)
        )
    assert len(calls) == 3
