"""Per-band statistics accumulated chip by chip, for normalising model inputs."""

from __future__ import annotations

import numpy as np

from ..spec import BandStatistics


class BandStatisticsAccumulator:
    """Streams pixels in, in float64 so that sums of millions of int16 values stay exact."""

    def __init__(self, band_count: int) -> None:
        self.count = 0
        self.total = np.zeros(band_count)
        self.total_squares = np.zeros(band_count)
        self.minimum = np.full(band_count, np.inf)
        self.maximum = np.full(band_count, -np.inf)

    def add(self, pixels: np.ndarray, valid: np.ndarray) -> None:
        """Add a (bands, rows, cols) chip; only pixels where ``valid`` is true count."""
        values = pixels[:, valid].astype(np.float64)
        if values.shape[1] == 0:
            return
        self.count += values.shape[1]
        self.total += values.sum(axis=1)
        self.total_squares += np.square(values).sum(axis=1)
        self.minimum = np.minimum(self.minimum, values.min(axis=1))
        self.maximum = np.maximum(self.maximum, values.max(axis=1))

    def result(self) -> BandStatistics:
        """The statistics so far; a constant band gets std 1 so normalising never divides by 0."""
        if self.count == 0:
            raise ValueError("no valid pixels were added")
        mean = self.total / self.count
        variance = np.maximum(self.total_squares / self.count - np.square(mean), 0.0)
        std = np.sqrt(variance)
        std[std < 1e-6] = 1.0
        return BandStatistics(
            mean=mean.tolist(),
            std=std.tolist(),
            minimum=self.minimum.tolist(),
            maximum=self.maximum.tolist(),
            pixel_count=int(self.count),
        )
