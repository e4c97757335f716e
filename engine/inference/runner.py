"""Running a segmentation network fast: channels-last memory, inference mode, reduced
precision where the hardware computes it natively, and test-time augmentation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from ..errors import InputError
from ..i18n import _
from ..options import TTA_MODES
from .fusion import fold_batch_norms


def prepare_for_inference(
    model: nn.Module, bands: int | None, channels_last: bool = True
) -> nn.Module:
    """The network as inference runs it: in eval mode, batch norms folded into the
    convolutions when the input ``bands`` are known (checked, see ``fold_batch_norms``), and
    channels-last, the layout oneDNN's convolutions run fastest in (feed it channels-last
    images: ``as_channels_last``)."""
    model = model.eval()
    if bands:
        model = fold_batch_norms(model, bands)
    return model.to(memory_format=torch.channels_last) if channels_last else model


def as_channels_last(images: torch.Tensor) -> torch.Tensor:
    """(batch, bands, rows, cols) images in the channels-last layout."""
    return images.contiguous(memory_format=torch.channels_last)


def dihedral_transforms(mode: str) -> list[tuple[int, bool]]:
    """(quarter turns, flip) pairs of a TTA mode: the identity first."""
    if mode not in TTA_MODES:
        raise InputError(
            "tta",
            _("{value!r} is not a TTA mode; use one of {choices}.").format(
                value=mode, choices=TTA_MODES
            ),
        )
    if mode == "none":
        return [(0, False)]
    if mode == "flips":
        return [(0, False), (0, True), (2, True)]  # identity, left-right, up-down
    return [(turns, flip) for flip in (False, True) for turns in range(4)]


@dataclass
class SegmentationRunner:
    """A network ready for inference: probabilities for batches of normalised tiles."""

    model: nn.Module
    device: torch.device
    precision: torch.dtype = torch.float32
    tta: str = "none"
    channels_last: bool = True
    bands: int | None = None  # input bands: with them, batch norms are folded (faster)

    def __post_init__(self) -> None:
        self.transforms = dihedral_transforms(self.tta)
        self.model = prepare_for_inference(
            self.model.to(self.device), self.bands, self.channels_last
        )

    @torch.inference_mode()
    def probabilities(self, tiles: np.ndarray) -> np.ndarray:
        """(batch, bands, rows, cols) float32 -> (batch, classes, rows, cols) probabilities,
        averaged over the TTA transforms."""
        images = torch.from_numpy(tiles).to(self.device, non_blocking=True)
        total = None
        for turns, flip in self.transforms:
            result = self._softmax(transform_images(images, turns, flip))
            result = untransform_images(result, turns, flip)
            total = result if total is None else total + result
        if len(self.transforms) > 1:
            total /= len(self.transforms)
        return total.cpu().numpy()

    def _softmax(self, images: torch.Tensor) -> torch.Tensor:
        if self.channels_last:
            images = as_channels_last(images)
        reduced = self.precision != torch.float32
        with torch.autocast(self.device.type, dtype=self.precision, enabled=reduced):
            logits = self.model(images)
        return torch.softmax(logits, dim=1, dtype=torch.float32)


def transform_images(images: torch.Tensor, turns: int, flip: bool) -> torch.Tensor:
    if flip:
        images = images.flip(-1)
    return torch.rot90(images, turns, dims=(-2, -1)) if turns else images


def untransform_images(images: torch.Tensor, turns: int, flip: bool) -> torch.Tensor:
    if turns:
        images = torch.rot90(images, -turns, dims=(-2, -1))
    return images.flip(-1) if flip else images
