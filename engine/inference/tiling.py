"""Inference tiles: (read window, core window) pairs that cover a raster with overlap.

The network sees each tile's read window; neighbouring read windows overlap so that every
pixel is also seen away from a tile edge, where predictions are best. Core windows split the
raster into disjoint parts, one per tile, meeting halfway across each overlap: they say
which tile "owns" a pixel, and where the tile borders lie.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rasterio.windows import Window

from ..compat import zip_strict
from ..rasters import tile_offsets


@dataclass(frozen=True)
class Span:
    """One tile's extent along one axis: what is read, and the core part it owns."""

    read_start: int
    read_stop: int
    core_start: int
    core_stop: int
    overlap_before: int  # pixels shared with the previous tile (0 for the first)
    overlap_after: int  # pixels shared with the next tile (0 for the last)


@dataclass(frozen=True)
class Tile:
    """A read window, its core window, and its place in the grid of tiles."""

    read: Window
    core: Window
    row: int  # index of the tile row
    column: int  # index of the tile column
    rows: Span
    columns: Span


def overlap_pixels(tile_size: int, overlap_percent: float) -> int:
    """The overlap between neighbouring tiles in pixels (at most half a tile)."""
    return min(round(tile_size * overlap_percent / 100.0), tile_size // 2)


def spans(length: int, tile_size: int, overlap: int) -> list[Span]:
    """Tiles along one axis stepping by ``tile_size - overlap``, the last flush with the end."""
    offsets = tile_offsets(length, tile_size, max(tile_size - overlap, 1))
    stops = [min(offset + tile_size, length) for offset in offsets]
    # Cores meet in the middle of each overlap.
    borders = [(offsets[i + 1] + stops[i]) // 2 for i in range(len(offsets) - 1)]
    cores = list(zip_strict([0, *borders], [*borders, length]))
    result = []
    for index, (start, stop) in enumerate(zip_strict(offsets, stops)):
        before = stops[index - 1] - start if index else 0
        after = stop - offsets[index + 1] if index + 1 < len(offsets) else 0
        result.append(Span(start, stop, *cores[index], before, after))
    return result


def inference_tiles(width: int, height: int, tile_size: int, overlap: int) -> Iterator[Tile]:
    """Every tile, row by row (the order the blending accumulator needs)."""
    columns = spans(width, tile_size, overlap)
    for row, row_span in enumerate(spans(height, tile_size, overlap)):
        for column, column_span in enumerate(columns):
            yield Tile(
                read=_window(
                    column_span.read_start,
                    column_span.read_stop,
                    row_span.read_start,
                    row_span.read_stop,
                ),
                core=_window(
                    column_span.core_start,
                    column_span.core_stop,
                    row_span.core_start,
                    row_span.core_stop,
                ),
                row=row,
                column=column,
                rows=row_span,
                columns=column_span,
            )


def tile_grid_shape(width: int, height: int, tile_size: int, overlap: int) -> tuple[int, int]:
    """How many tile rows and columns ``inference_tiles`` yields."""
    return len(spans(height, tile_size, overlap)), len(spans(width, tile_size, overlap))


def _window(col_start: int, col_stop: int, row_start: int, row_stop: int) -> Window:
    return Window(col_start, row_start, col_stop - col_start, row_stop - row_start)
