"""Mixed precision: bf16 or fp16 (with loss scaling) on CUDA, fp32 on CPUs by default (bf16
autocast on request, where the CPU computes bf16 natively); one training step that honours
it. bench/bench_train.py measured CPU bf16 1.26x faster per step but less accurate after the
same epochs (Landsat mean IoU 0.39 against 0.47), so it is not the CPU default."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

import torch
from torch import nn

from ..errors import InputError
from ..i18n import _

PRECISIONS = ("auto", "fp32", "bf16", "fp16")
# The algorithms name precisions in full (engine/options.py); training's settings, package and
# report keep these short names.
SHORT_NAMES = {"float32": "fp32", "bfloat16": "bf16", "float16": "fp16"}


def cpu_has_native_bf16() -> bool:
    """Whether this CPU computes bf16 natively (else bf16 autocast is slower than fp32)."""
    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def resolve_precision(requested: str, device: torch.device) -> str:
    """The precision a run uses: ``auto`` picks the fastest one that keeps accuracy here."""
    requested = SHORT_NAMES.get(requested, requested)
    if requested not in PRECISIONS:
        raise InputError(
            "precision",
            _("{value!r} is not one of {choices}.").format(
                value=requested, choices=", ".join(PRECISIONS)
            ),
        )
    if requested == "auto":
        if device.type == "cuda":
            return "bf16" if torch.cuda.is_bf16_supported() else "fp16"
        return "fp32"
    if requested == "fp16" and device.type != "cuda":
        raise InputError("precision", _("fp16 needs a CUDA GPU; choose bf16, fp32 or auto."))
    if requested == "bf16" and device.type == "mps":
        raise InputError("precision", _("bf16 is not offered on Apple MPS; choose fp32 or auto."))
    if requested == "bf16" and device.type == "cpu" and not cpu_has_native_bf16():
        raise InputError(
            "precision",
            _("this CPU has no native bf16 (it would be slower); choose fp32 or auto."),
        )
    return requested


class Precision:
    """Autocast and (for fp16) gradient scaling for one device."""

    def __init__(self, name: str, device: torch.device) -> None:
        self.name = name
        self.device = device
        self.dtype = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(name)
        self.scaler = torch.amp.GradScaler("cuda") if name == "fp16" else None

    def autocast(self) -> AbstractContextManager:
        """The autocast context of this precision (nothing for fp32)."""
        if self.dtype is None:
            return nullcontext()
        return torch.autocast(device_type=self.device.type, dtype=self.dtype)

    def step(
        self,
        model: nn.Module,
        loss_function: nn.Module,
        optimizer: torch.optim.Optimizer,
        images: torch.Tensor,
        targets: torch.Tensor,
    ) -> float:
        """One optimisation step; returns the batch loss."""
        optimizer.zero_grad(set_to_none=True)
        with self.autocast():
            loss = loss_function(model(images), targets)
        if self.scaler is not None:
            self.scaler.scale(loss).backward()
            self.scaler.step(optimizer)
            self.scaler.update()
        else:
            loss.backward()
            optimizer.step()
        return float(loss.detach())
