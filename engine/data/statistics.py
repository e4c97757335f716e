"""Per-band statistics accumulated chip by chip, for normalising model inputs."""

from __future__ import annotations

import numpy as np

from ..spec import BandStatistics

HISTOGRAM_ITEMSIZE = 2  # 8- and 16-bit integers are counted in value histograms: exact, fast


class BandStatisticsAccumulator:
    """Streams pixels in: 8- and 16-bit integer bands as value histograms (exact and an
    order of magnitude faster than arithmetic on every pixel), others in float64 sums."""

    def __init__(self, band_count: int) -> None:
        self.band_count = band_count
        self.count = 0
        self.total = np.zeros(band_count)
        self.total_squares = np.zeros(band_count)
        self.minimum = np.full(band_count, np.inf)
        self.maximum = np.full(band_count, -np.inf)
        self.histograms: np.ndarray | None = None  # (bands, values) counts
        self.offset = 0  # value of histogram bin 0

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
        values = pixels.reshape(pixels.shape[0], -1)
        if not valid.all():
            values = values[:, valid.ravel()]
        if values.shape[1] == 0:
            return
        dtype = values.dtype
        if np.issubdtype(dtype, np.integer) and dtype.itemsize <= HISTOGRAM_ITEMSIZE:
            self._add_histograms(values)
            return
        if np.issubdtype(dtype, np.floating):
            values = values[:, np.all(np.isfinite(values), axis=0)]
            if values.shape[1] == 0:
                return
        values = values.astype(np.float64)
        self.count += values.shape[1]
        self.total += values.sum(axis=1)
        self.total_squares += np.einsum("ij,ij->i", values, values)
        self.minimum = np.minimum(self.minimum, values.min(axis=1))
        self.maximum = np.maximum(self.maximum, values.max(axis=1))

    def _add_histograms(self, values: np.ndarray) -> None:
        info = np.iinfo(values.dtype)
        if self.histograms is None:
            self.offset = int(info.min)
            self.histograms = np.zeros((self.band_count, int(info.max) - self.offset + 1), np.int64)
        shifted = values.astype(np.int64) - self.offset if self.offset else values
        for band in range(values.shape[0]):
            self.histograms[band] += np.bincount(shifted[band], minlength=self.histograms.shape[1])

    def _fold_histograms(self) -> tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Count, sums, sums of squares, minimum and maximum, histograms included."""
        count, total, squares = self.count, self.total.copy(), self.total_squares.copy()
        minimum, maximum = self.minimum.copy(), self.maximum.copy()
        if self.histograms is not None and self.histograms[0].sum() > 0:
            levels = np.arange(self.histograms.shape[1], dtype=np.float64) + self.offset
            count += int(self.histograms[0].sum())
            total += self.histograms @ levels
            squares += self.histograms @ np.square(levels)
            for band, histogram in enumerate(self.histograms):
                present = np.flatnonzero(histogram)
                minimum[band] = min(minimum[band], present[0] + self.offset)
                maximum[band] = max(maximum[band], present[-1] + self.offset)
        return count, total, squares, minimum, maximum

    def result(self) -> BandStatistics:
        """The statistics so far; a constant band gets std 1 so normalising never divides by 0."""
        count, total, squares, minimum, maximum = self._fold_histograms()
        if count == 0:
            raise ValueError("no valid pixels were added")
        mean = total / count
        variance = np.maximum(squares / count - np.square(mean), 0.0)
        std = np.sqrt(variance)
        std[std < 1e-6] = 1.0
        return BandStatistics(
            mean=mean.tolist(),
            std=std.tolist(),
            minimum=minimum.tolist(),
            maximum=maximum.tolist(),
            pixel_count=int(count),
        )
