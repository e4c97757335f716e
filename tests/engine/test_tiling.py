from __future__ import annotations

import numpy as np
import pytest

from torchmap.engine.tiling import count_tile_windows, tile_offsets, tile_windows


@pytest.mark.parametrize(
    ("width", "height", "tile", "stride"),
    [(64, 64, 32, 32), (70, 45, 32, 32), (100, 37, 32, 16), (32, 32, 32, 8), (20, 10, 32, 32)],
)
def test_windows_cover_every_pixel_and_stay_inside(
    width: int, height: int, tile: int, stride: int
) -> None:
    covered = np.zeros((height, width), dtype=int)
    windows = list(tile_windows(width, height, tile, stride))
    for window in windows:
        assert window.col_off >= 0 and window.row_off >= 0
        assert window.col_off + window.width <= width
        assert window.row_off + window.height <= height
        assert window.width == min(tile, width) and window.height == min(tile, height)
        covered[
            window.row_off : window.row_off + window.height,
            window.col_off : window.col_off + window.width,
        ] += 1
    assert covered.min() >= 1
    assert len(windows) == count_tile_windows(width, height, tile, stride)


def test_offsets_step_by_stride_and_end_flush_with_the_edge() -> None:
    offsets = tile_offsets(100, 32, 30)
    assert offsets[:4] == [0, 30, 60, 68]
    assert offsets[-1] + 32 == 100
