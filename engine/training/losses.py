"""Losses: class-weighted cross-entropy plus Dice for pixels (rare classes count), plain
cross-entropy for images (balanced by oversampling); unlabelled pixels are ignored."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn
from torch.nn import functional

from ..data.datasets import IGNORE_INDEX


def class_weights(counts: np.ndarray, limit: float = 10.0) -> np.ndarray:
    """Square-root median-frequency weights: a class ten times rarer than the median weighs
    about three times more; bounded so a handful of pixels cannot dominate the loss."""
    counts = np.asarray(counts, dtype=np.float64)
    present = counts > 0
    if not present.any():
        return np.ones_like(counts)
    frequency = counts / counts.sum()
    median = np.median(frequency[present])
    weights = np.ones_like(counts)
    weights[present] = np.sqrt(median / frequency[present])
    return np.clip(weights, 1.0 / limit, limit)


class DiceLoss(nn.Module):
    """1 - soft Dice, averaged over the classes present in the batch's labelled pixels."""

    def __init__(self, ignore_index: int = IGNORE_INDEX, smooth: float = 1.0) -> None:
        super().__init__()
        self.ignore_index = ignore_index
        self.smooth = smooth

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        classes = logits.shape[1]
        labelled = targets != self.ignore_index
        probabilities = logits.float().softmax(dim=1) * labelled[:, None]
        one_hot = functional.one_hot(targets.clamp(min=0), classes).permute(0, 3, 1, 2)
        one_hot = one_hot * labelled[:, None]
        dims = (0, 2, 3)
        intersection = (probabilities * one_hot).sum(dims)
        total = probabilities.sum(dims) + one_hot.sum(dims)
        dice = (2 * intersection + self.smooth) / (total + self.smooth)
        present = one_hot.sum(dims) > 0
        if not present.any():
            return logits.sum() * 0.0  # nothing labelled: no gradient, but a graph
        return (1 - dice[present]).mean()


class CrossEntropyDiceLoss(nn.Module):
    """Class-weighted cross-entropy plus Dice: the default for pixel classification."""

    def __init__(self, weights: torch.Tensor | None, dice: bool = True) -> None:
        super().__init__()
        self.cross_entropy = nn.CrossEntropyLoss(weight=weights, ignore_index=IGNORE_INDEX)
        self.dice = DiceLoss() if dice else None

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        if not (targets != IGNORE_INDEX).any():
            return logits.sum() * 0.0  # a batch with nothing labelled
        loss = self.cross_entropy(logits.float(), targets)
        return loss + self.dice(logits, targets) if self.dice is not None else loss


def build_loss(name: str, weights: np.ndarray | None, device: torch.device) -> nn.Module:
    """``weighted_ce_dice`` (default for pixels), ``weighted_ce`` or ``ce`` (plain)."""
    tensor = torch.tensor(weights, dtype=torch.float32, device=device)
    if name == "weighted_ce_dice":
        return CrossEntropyDiceLoss(tensor, dice=True)
    if name == "weighted_ce":
        return CrossEntropyDiceLoss(tensor, dice=False)
    if name == "ce":
        return CrossEntropyDiceLoss(None, dice=False)
    raise ValueError(f"unknown loss {name!r}")
