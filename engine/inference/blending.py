"""Seam-free merging of overlapping tiles: class probabilities weighted by a smooth window.

Each tile's weight ramps up over the pixels it shares with a neighbour (a squared sine, so the
two ramps of an overlap add up to one) and is flat elsewhere, also along the raster's edges,
where no neighbour takes over. Probabilities accumulate in a strip one tile high that spans
the raster's width; once a row of tiles is complete, the rows no later tile touches are
final and leave the strip: memory stays bounded by the raster's width, not its size.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .tiling import Span, Tile


@lru_cache(maxsize=64)
def ramp_profile(length: int, ramp_before: int, ramp_after: int) -> np.ndarray:
    """Weights along one axis: sin² ramps over the overlaps, 1 elsewhere, never 0."""
    profile = np.ones(length, dtype=np.float32)
    if ramp_before:
        profile[:ramp_before] *= _rising(ramp_before)
    if ramp_after:
        profile[length - ramp_after :] *= _rising(ramp_after)[::-1]
    profile.flags.writeable = False  # cached and shared
    return profile


def _rising(length: int) -> np.ndarray:
    # Sampled at pixel centres: strictly between 0 and 1, and sin² + cos² = 1 across an overlap.
    return (np.sin(np.pi / 2 * (np.arange(length) + 0.5) / length) ** 2).astype(np.float32)


def tile_weights(tile: Tile) -> np.ndarray:
    """The (rows, cols) blending weight of a tile's read window (cached, read-only)."""
    return _outer_weights(tile.rows, tile.columns)


@lru_cache(maxsize=64)
def _outer_weights(rows: Span, columns: Span) -> np.ndarray:
    # Tiles of one raster share a few span pairs: compute each weight window once.
    weights = np.outer(_profile(rows), _profile(columns))
    weights.flags.writeable = False
    return weights


def _profile(span: Span) -> np.ndarray:
    return ramp_profile(span.read_stop - span.read_start, span.overlap_before, span.overlap_after)


class StripAccumulator:
    """Weighted sums of probabilities for the rows of one row of tiles, full raster width."""

    def __init__(self, width: int, strip_height: int, class_count: int, top: int = 0) -> None:
        self.width = width
        self.top = top  # raster row of the strip's first row
        self.sums = np.zeros((class_count, strip_height, width), dtype=np.float32)
        self.weights = np.zeros((strip_height, width), dtype=np.float32)
        self.valid = np.zeros((strip_height, width), dtype=bool)

    def add(self, tile: Tile, probabilities: np.ndarray | None, valid: np.ndarray) -> None:
        """Blend a tile's (classes, rows, cols) probabilities in (they are overwritten);
        None: nothing valid to add."""
        rows = slice(tile.rows.read_start - self.top, tile.rows.read_stop - self.top)
        cols = slice(tile.columns.read_start, tile.columns.read_stop)
        if rows.start < 0 or rows.stop > self.weights.shape[0]:
            raise ValueError("tiles must be added row of tiles by row of tiles")
        self.valid[rows, cols] |= valid
        if probabilities is None:
            return
        weights = tile_weights(tile)
        if not valid.all():
            weights = weights * valid  # invalid pixels carry no evidence
        # The caller's probabilities are scratch: weighting them in place saves a copy.
        np.multiply(probabilities, weights, out=probabilities)
        self.sums[:, rows, cols] += probabilities
        self.weights[rows, cols] += weights

    def release(self, stop: int) -> tuple[int, np.ndarray, np.ndarray]:
        """Rows ``top..stop`` are final: return (top, probabilities, valid) and drop them."""
        count = stop - self.top
        weights = self.weights[:count]
        valid = self.valid[:count] & (weights > 0)
        probabilities = self.sums[:, :count] / np.where(valid, weights, 1.0)
        self._shift(count)
        top, self.top = self.top, stop
        return top, probabilities, valid

    def _shift(self, count: int) -> None:
        """Move the rows still accumulating to the strip's top and clear the rest."""
        for array in (self.sums[:, :, :], self.weights[None], self.valid[None]):
            kept = array.shape[1] - count
            array[:, :kept] = array[:, count:]
            array[:, kept:] = 0
