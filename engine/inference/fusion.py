"""Folding batch normalisation into the convolution before it, for inference.

In evaluation mode a BatchNorm2d is a fixed per-channel scale and shift, so it can be merged
into the weights of the convolution that feeds it: one pass over each feature map fewer, the
same result up to rounding. The pairs are found by the two conventions the encoders of smp
and torchvision follow: a Conv2d followed by a BatchNorm2d inside an ``nn.Sequential``, and
sibling attributes ``convN`` / ``bnN`` (ResNet blocks). Because the second is a naming
convention, not a guarantee of order, the folded network is checked against the original
on a sample input and discarded if they differ.
"""

from __future__ import annotations

import copy

import torch
from torch import nn
from torch.nn.utils.fusion import fuse_conv_bn_eval

CHECK_SIZE = 64  # pixels of the sample tile the folded network is checked on


def fold_batch_norms(model: nn.Module, bands: int, size: int = CHECK_SIZE) -> nn.Module:
    """An equivalent copy of an eval-mode ``model`` with its batch norms folded into the
    convolutions, or ``model`` itself when nothing folds or the copy does not agree."""
    folded = copy.deepcopy(model).eval()
    if not _fold_children(folded):
        return model
    sample = torch.randn(2, bands, size, size, generator=torch.Generator().manual_seed(0))
    parameter = next(model.parameters())
    sample = sample.to(parameter.device, parameter.dtype)
    with torch.inference_mode():
        expected, actual = model.eval()(sample), folded(sample)
    scale = expected.abs().max().clamp(min=1.0)
    if not torch.allclose(expected, actual, rtol=1e-3, atol=1e-4 * float(scale)):
        return model
    return folded


def _fold_children(module: nn.Module) -> int:
    """Fold every pair below ``module`` in place; returns how many were folded."""
    folded = sum(_fold_children(child) for child in module.children())
    children = module._modules  # ordered: a Sequential runs them in this order
    names = list(children)
    if isinstance(module, nn.Sequential):
        for first, second in zip(names, names[1:]):
            folded += _fold_pair(children, first, second)
    for name in names:
        if name.startswith("conv") and name[4:].isdigit():
            folded += _fold_pair(children, name, "bn" + name[4:])
    return folded


def _fold_pair(children: dict[str, nn.Module | None], conv_name: str, norm_name: str) -> int:
    conv, norm = children.get(conv_name), children.get(norm_name)
    foldable = (
        isinstance(conv, nn.Conv2d)
        and isinstance(norm, nn.BatchNorm2d)
        and norm.track_running_stats
        and norm.running_mean is not None
        and conv.out_channels == norm.num_features
    )
    if not foldable:
        return 0
    children[conv_name] = fuse_conv_bn_eval(conv.eval(), norm.eval())
    children[norm_name] = nn.Identity()
    return 1
