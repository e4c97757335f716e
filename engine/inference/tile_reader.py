"""Tiles as Classify Pixels reads them: which pixels are valid (nodata, masks, alpha, NaN, the
mask layer), normalised as in training, mirrored up to the tile size at the edges; read ahead
on a thread on a GPU."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from rasterio.features import geometry_mask
from rasterio.transform import Affine
from rasterio.windows import Window

from ..data.preprocess import normalise
from ..rasters import finite_pixels, nodata_only_masks, valid_pixels, valid_where_not_nodata
from ..spec import BandStatistics
from .processing_grid import ProcessingGrid
from .read_ahead import read_ahead
from .tiling import Tile

RANGE_CHECK_TILES = 8  # tiles whose values are compared with the training statistics


@dataclass
class TileData:
    """A tile as read: its normalised pixels (None when nothing is valid) and valid mask."""

    tile: Tile
    pixels: np.ndarray | None
    valid: np.ndarray
    value_range: tuple[np.ndarray, np.ndarray] | None = None


class TileReader:
    """Reads, masks and normalises tiles, in order; with ``background`` up to ``ahead`` tiles
    are read ahead on a thread (``read_ahead``: on a GPU only)."""

    def __init__(
        self,
        grid: ProcessingGrid,
        bands: list[int],
        tiles: list[Tile],
        tile_size: int,
        statistics: BandStatistics | None,
        mask: Sequence[dict] | None = None,
        ahead: int = 16,
        background: bool = True,
    ) -> None:
        self.depth = ahead if background else 0
        self.grid, self.bands, self.tiles = grid, bands, tiles
        self.tile_size = tile_size  # edge tiles are mirrored up to it, so all batch together
        self.statistics = statistics
        self.mask = list(mask) if mask is not None else None
        self.nodata_values = nodata_only_masks(self.grid.reader, self.bands)
        self.ranges_taken = 0

    def items(self) -> contextlib.closing[Iterator[TileData]]:
        """Every tile as read, in order (close it to stop reading ahead)."""
        return contextlib.closing(read_ahead(self.tiles, self._read_next, self.depth))

    def _read_next(self, tile: Tile) -> TileData:
        # The first tiles with valid pixels also give their value range (reads run in order).
        item = self.read(tile, with_range=self.ranges_taken < RANGE_CHECK_TILES)
        self.ranges_taken += item.value_range is not None
        return item

    def read(self, tile: Tile, with_range: bool = False) -> TileData:
        """One tile: valid mask (nodata, alpha, masks, NaN, mask layer) and pixels."""
        window = Window(
            self.grid.window.col_off + tile.read.col_off,
            self.grid.window.row_off + tile.read.row_off,
            tile.read.width,
            tile.read.height,
        )
        reader = self.grid.reader
        if self.nodata_values is None:
            valid = valid_pixels(reader, self.bands, window)
            pixels = None
        else:  # one read serves pixels and mask (GDAL's masks would decode the blocks again)
            pixels = reader.read(self.bands, window=window)
            valid = valid_where_not_nodata(pixels, self.nodata_values)
        if self.mask is not None and valid.any():
            transform = self.grid.transform * Affine.translation(
                tile.read.col_off, tile.read.row_off
            )
            valid &= geometry_mask(self.mask, valid.shape, transform, invert=True)
        if not valid.any():
            return TileData(tile, None, valid)
        if pixels is None:
            pixels = reader.read(self.bands, window=window)
        valid &= finite_pixels(pixels)
        value_range = _value_range(pixels, valid) if with_range and valid.any() else None
        normalised = normalise(pixels, valid, self.statistics)
        return TileData(tile, _pad_to(normalised, self.tile_size), valid, value_range)


def _value_range(pixels: np.ndarray, valid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """2nd and 98th percentile of each band over a sample of valid pixels."""
    sample = pixels[:, valid][:, ::7].astype(np.float64)
    low, high = np.percentile(sample, [2, 98], axis=1)
    return low, high


def _pad_to(pixels: np.ndarray, size: int) -> np.ndarray:
    """Edge tiles (and rasters smaller than a tile) mirrored up to the tile size, so tiles
    batch together and the network sees image-like context instead of zeros."""
    pad_rows, pad_cols = size - pixels.shape[1], size - pixels.shape[2]
    if not pad_rows and not pad_cols:
        return pixels
    return np.pad(pixels, ((0, 0), (0, pad_rows), (0, pad_cols)), mode="symmetric")
