from __future__ import annotations

import numpy as np
import pytest

from torchmap.engine.inference.blending import StripAccumulator, tile_weights
from torchmap.engine.inference.tiling import inference_tiles, overlap_pixels, spans


@pytest.mark.parametrize(
    ("length", "tile", "overlap"),
    [(100, 32, 8), (64, 32, 0), (20, 32, 8), (33, 32, 16), (500, 64, 16)],
)
def test_reads_cover_the_axis_and_cores_split_it(length: int, tile: int, overlap: int) -> None:
    axis = spans(length, tile, overlap)
    assert axis[0].read_start == 0 and axis[-1].read_stop == length
    assert axis[0].core_start == 0 and axis[-1].core_stop == length
    for before, after in zip(axis, axis[1:], strict=False):
        assert before.core_stop == after.core_start  # cores are disjoint and gapless
        assert after.read_start <= before.read_stop - overlap  # neighbours overlap
        assert before.overlap_after == after.overlap_before == before.read_stop - after.read_start
    for span in axis:
        assert span.read_start <= span.core_start < span.core_stop <= span.read_stop
        assert span.read_stop - span.read_start == min(tile, length)


def test_overlap_is_a_share_of_the_tile_at_most_half() -> None:
    assert overlap_pixels(256, 25) == 64
    assert overlap_pixels(256, 80) == 128


def test_blending_weights_sum_to_one_across_regular_overlaps_and_stay_positive() -> None:
    width, tile, overlap = 88, 32, 8  # tiles at 0, 24, 48, 56: the last one flush with the end
    total = np.zeros((width, width), dtype=np.float64)
    for tile_info in inference_tiles(width, width, tile, overlap):
        weights = tile_weights(tile_info)
        assert weights.min() > 0
        read = tile_info.read
        total[
            read.row_off : read.row_off + read.height, read.col_off : read.col_off + read.width
        ] += weights
    np.testing.assert_allclose(total, 1.0, atol=1e-5)


def test_the_accumulator_blends_and_releases_finished_rows_only() -> None:
    width, height, tile, overlap = 40, 56, 32, 8
    tiles = list(inference_tiles(width, height, tile, overlap))
    accumulator = StripAccumulator(width, tile, class_count=2)
    assert accumulator.sums.shape == (2, tile, width)  # one strip, never the whole raster
    released = np.zeros((2, height, width), dtype=np.float32)
    valid_rows = np.zeros((height, width), dtype=bool)
    row_starts = sorted({t.rows.read_start for t in tiles}) + [height]
    for tile_info in tiles:
        rows, cols = tile_info.read.height, tile_info.read.width
        probabilities = np.zeros((2, rows, cols), dtype=np.float32)
        probabilities[0] = tile_info.column % 2  # neighbours disagree: blending shows it
        probabilities[1] = 1 - probabilities[0]
        valid = np.ones((rows, cols), dtype=bool)
        valid[0, 0] = tile_info.row != 0  # one invalid pixel at the raster's corner
        accumulator.add(tile_info, probabilities, valid)
        if tile_info.column == max(t.column for t in tiles):
            stop = row_starts[tile_info.row + 1]
            top, blended, ok = accumulator.release(stop)
            released[:, top:stop], valid_rows[top:stop] = blended, ok
    assert not valid_rows[0, 0] and valid_rows.sum() == height * width - 1
    np.testing.assert_allclose(released[:, valid_rows].sum(axis=0), 1.0, atol=1e-5)
    # Probabilities change smoothly across the overlap instead of jumping at one column.
    step = np.abs(np.diff(released[0, 10], axis=0))
    assert step.max() < 0.5 and 0 < released[0, 10, 28] < 1
