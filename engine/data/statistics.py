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

    @staticmethod
    def from_statistics(statistics: BandStatistics) -> BandStatisticsAccumulator:
        """Continue from earlier statistics (an export being appended to)."""
        accumulator = BandStatisticsAccumulator(len(statistics.mean))
        count = statistics.pixel_count
        mean, std = np.asarray(statistics.mean), np.asarray(statistics.std)
        accumulator.count = count
        accumulator.total = mean * count
        accumulator.total_squares = (np.square(std) + np.square(mean)) * count
        accumulator.minimum = np.asarray(statistics.minimum, dtype=np.float64)
        accumulator.maximum = np.asarray(statistics.maximum, dtype=np.float64)
        return accumulator

    def add(self, pixels: np.ndarray, valid: np.ndarray) -> None:
        """Add a (bands, rows, cols) chip; only pixels where ``valid`` is true count, and
        never NaN or infinite ones (float rasters mark nodata so, with or without a value)."""
        values = pixels[:, valid].astype(np.float64)
        if np.issubdtype(pixels.dtype, np.floating):
            values = values[:, np.all(np.isfinite(values), axis=0)]
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
