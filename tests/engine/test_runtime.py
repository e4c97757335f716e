"""One device resolver, one native-bf16 check, one precision policy (engine/runtime.py)."""

from __future__ import annotations

import pytest
import torch

from torchmap.engine.errors import InputError
from torchmap.engine.runtime import native_bf16, resolve_device, resolve_precision

CPU = torch.device("cpu")


def test_auto_picks_a_gpu_when_there_is_one_else_the_cpu() -> None:
    expected = "cuda" if torch.cuda.is_available() else None
    assert resolve_device("auto").type == (expected or resolve_device(None).type)
    assert resolve_device("CPU") == CPU


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a CUDA GPU")
def test_a_device_this_machine_lacks_or_does_not_know_is_refused_naming_device() -> None:
    for name in ("cuda", "cuda:1", "gpu"):
        with pytest.raises(InputError) as raised:
            resolve_device(name)
        assert raised.value.field == "device"


def test_precisions_by_full_or_short_name_and_auto_per_purpose() -> None:
    assert resolve_precision("fp32", CPU, training=True) == torch.float32
    assert resolve_precision("float32", CPU, training=False) == torch.float32
    # Training on a CPU stays in float32 (bf16 learned less per epoch); inference takes
    # bfloat16 where the CPU computes it natively.
    assert resolve_precision("auto", CPU, training=True) == torch.float32
    inference = torch.bfloat16 if native_bf16(CPU) else torch.float32
    assert resolve_precision(None, CPU, training=False) == inference
    assert resolve_precision("bfloat16", CPU, training=False) == torch.bfloat16


def test_a_precision_the_device_cannot_run_is_refused_naming_precision() -> None:
    refused = ["float16", "fp16", "double"]
    if not native_bf16(CPU):
        refused.append("bf16")  # training in emulated bf16 would be slower than float32
    for name in refused:
        with pytest.raises(InputError) as raised:
            resolve_precision(name, CPU, training=True)
        assert raised.value.field == "precision"
