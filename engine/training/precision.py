"""Mixed precision: bf16 or fp16 (with loss scaling) on CUDA, fp32 on CPUs by default (bf16
autocast on request, where the CPU computes bf16 natively); one training step that honours
it. bench/bench_train.py measured CPU bf16 1.26x faster per step but less accurate after the
same epochs (Landsat mean IoU 0.39 against 0.47), so it is not the CPU default."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

import torch
from torch import nn

SHORT_NAMES = {torch.float32: "fp32", torch.bfloat16: "bf16", torch.float16: "fp16"}


class Precision:
    """Autocast and (for fp16) gradient scaling for one device; ``name`` is the short name
    training's settings and reports use (fp32, bf16, fp16)."""

    def __init__(self, dtype: torch.dtype, device: torch.device) -> None:
        self.name = SHORT_NAMES[dtype]
        self.device = device
        self.dtype = None if dtype == torch.float32 else dtype
        self.scaler = torch.amp.GradScaler("cuda") if dtype == torch.float16 else None

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
