from __future__ import annotations

import numpy as np
import pytest

from torchmap.engine.rasters import tile_offsets


@pytest.mark.parametrize(
    ("width", "height", "tile", "stride"),
    [(64, 64, 32, 32), (70, 45, 32, 32), (100, 37, 32, 16), (32, 32, 32, 8), (20, 10, 32, 32)],
)
def test_tiles_cover_every_pixel_and_stay_inside(
    width: int, height: int, tile: int, stride: int
) -> None:
    covered = np.zeros((height, width), dtype=int)
    for row in tile_offsets(height, tile, stride):
        for col in tile_offsets(width, tile, stride):
            assert col >= 0 and col + min(tile, width) <= width
            assert row >= 0 and row + min(tile, height) <= height
            covered[row : row + tile, col : col + tile] += 1
    assert covered.min() >= 1


def test_offsets_step_by_stride_and_end_flush_with_the_edge() -> None:
    offsets = tile_offsets(100, 32, 30)
    assert offsets[:4] == [0, 30, 60, 68]
    assert offsets[-1] + 32 == 100
