"""The preprocessing that training and inference share, so a model sees its inputs the same
way in both: normalisation by the training statistics, and resizing of image chips."""

from __future__ import annotations

import numpy as np
import torch
from torch.nn import functional

from ..spec import BandStatistics


def normalise(pixels: np.ndarray, valid: np.ndarray, statistics: BandStatistics) -> np.ndarray:
    """(bands, rows, cols) to float32 zero-mean unit-variance; invalid pixels become 0, the
    mean, so nodata values never reach the network. A batch works alike: pixels (chips,
    bands, rows, cols) with valid (chips, rows, cols)."""
    mean = np.asarray(statistics.mean, dtype=np.float32)[:, None, None]
    std = np.asarray(statistics.std, dtype=np.float32)[:, None, None]
    result = pixels.astype(np.float32)  # a copy: the arithmetic below runs in place
    np.subtract(result, mean, out=result)
    np.divide(result, std, out=result)
    if not valid.all():
        np.copyto(result, np.float32(0.0), where=~valid[..., None, :, :])
    return result


def resize_chip(chip: torch.Tensor, size: int) -> torch.Tensor:
    """A (bands, rows, cols) tensor resized to size x size (bilinear), as image models expect."""
    if chip.shape[-2:] == (size, size):
        return chip
    return functional.interpolate(
        chip[None], size=(size, size), mode="bilinear", align_corners=False
    )[0]
