"""The learning-rate finder (as fastai's ``lr_find``): a short run whose rate grows
exponentially; the pick is a tenth of the rate where the smoothed loss bottomed out."""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field

import torch
from torch import nn

from ..i18n import _
from ..reporter import Reporter, raise_if_cancelled
from .precision import Precision

START_RATE = 1e-7
END_RATE = 1.0
MIN_PICK, MAX_PICK = 1e-5, 1e-1  # a pick outside this range means a noisy curve


@dataclass
class LearningRateSweep:
    rates: list[float] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)  # smoothed
    suggestion: float = 1e-3


def find_learning_rate(
    model: nn.Module,
    loss_function: nn.Module,
    optimizer: torch.optim.Optimizer,
    loader,
    precision: Precision,
    reporter: Reporter,
    steps: int = 100,
) -> LearningRateSweep:
    """Sweep the rate over ``steps`` batches, then put the model and optimizer back."""
    model_state = copy.deepcopy(model.state_dict())
    optimizer_state = copy.deepcopy(optimizer.state_dict())
    sweep = LearningRateSweep()
    growth = (END_RATE / START_RATE) ** (1 / max(steps - 1, 1))
    smoothed, best = 0.0, math.inf
    model.train()
    batches = iter(loader)
    for step in range(steps):
        raise_if_cancelled(reporter)
        try:
            images, targets = next(batches)
        except StopIteration:
            batches = iter(loader)
            images, targets = next(batches)
        rate = START_RATE * growth**step
        for group in optimizer.param_groups:
            group["lr"] = rate
        loss = precision.step(model, loss_function, optimizer, images, targets)
        smoothed = 0.9 * smoothed + 0.1 * loss
        value = smoothed / (1 - 0.9 ** (step + 1))  # bias-corrected running mean
        if not math.isfinite(value) or (step > 10 and value > 4 * best):
            break
        best = min(best, value)
        sweep.rates.append(rate)
        sweep.losses.append(value)
    model.load_state_dict(model_state)
    optimizer.load_state_dict(optimizer_state)
    sweep.suggestion = _pick(sweep)
    reporter.info(_("Learning rate finder: picked {rate:.2e}.").format(rate=sweep.suggestion))
    return sweep


def _pick(sweep: LearningRateSweep) -> float:
    if len(sweep.losses) < 5:
        return 1e-3
    lowest = min(range(len(sweep.losses)), key=sweep.losses.__getitem__)
    return float(min(MAX_PICK, max(MIN_PICK, sweep.rates[lowest] / 10)))
