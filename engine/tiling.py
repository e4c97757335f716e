"""Windows that cover a raster in tiles, so no stage ever holds a whole raster in memory."""

from __future__ import annotations

from collections.abc import Iterator

from rasterio.windows import Window


def tile_offsets(length: int, tile_size: int, stride: int) -> list[int]:
    """Start offsets along one axis: every ``stride`` pixels, plus one flush with the end so
    that the last pixels are covered too (when the raster is at least one tile long)."""
    if length <= tile_size:
        return [0]
    offsets = list(range(0, length - tile_size + 1, stride))
    if offsets[-1] + tile_size < length:
        offsets.append(length - tile_size)
    return offsets


def tile_windows(width: int, height: int, tile_size: int, stride: int) -> Iterator[Window]:
    """Windows of ``tile_size`` (clipped to the raster) stepping by ``stride``, row by row."""
    for row in tile_offsets(height, tile_size, stride):
        for col in tile_offsets(width, tile_size, stride):
            yield Window(
                col_off=col,
                row_off=row,
                width=min(tile_size, width - col),
                height=min(tile_size, height - row),
            )


def count_tile_windows(width: int, height: int, tile_size: int, stride: int) -> int:
    """How many windows ``tile_windows`` yields, for progress reporting."""
    columns = tile_offsets(width, tile_size, stride)
    rows = tile_offsets(height, tile_size, stride)
    return len(columns) * len(rows)
