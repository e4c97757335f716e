"""Where and in what precision the engine computes, decided once for training, Classify
Pixels, Classify Objects and the Dependencies panel: one device resolver, one native-bf16
check, one precision policy (the thread policy is in ``threads.py``). Names come from
``engine/options.py``."""

from __future__ import annotations

import torch

from .errors import InputError
from .i18n import _
from .options import DEVICES, PRECISIONS

# Training's settings, reports and older scripts name precisions short.
PRECISION_ALIASES = {"fp32": "float32", "bf16": "bfloat16", "fp16": "float16"}
DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}


def resolve_device(requested: str | None = None) -> torch.device:
    """``auto`` (or None): a CUDA GPU, else Apple's MPS, else the CPU; ``cpu``, ``cuda``,
    ``cuda:1``, ``mps`` as asked, refused where this machine has no such device."""
    name = (requested or "auto").strip().lower()
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        return torch.device("mps") if _mps_available() else torch.device("cpu")
    if name.split(":")[0] not in DEVICES:
        raise InputError(
            "device",
            _("{value!r} is not a device; use one of {choices}.").format(
                value=requested, choices=", ".join(DEVICES)
            ),
        )
    device = torch.device(name)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise InputError(
            "device", _("CUDA was asked for but torch sees no CUDA GPU here; use auto or cpu.")
        )
    if device.type == "mps" and not _mps_available():
        raise InputError("device", _("MPS is not available here; choose auto or cpu."))
    return device


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())


def native_bf16(device: torch.device) -> bool:
    """Whether ``device`` computes bfloat16 natively (CUDA from Ampere on; CPUs with
    AVX512-BF16 or AMX, through oneDNN), where it is faster than float32; elsewhere it is
    emulated, slowly."""
    if device.type == "cuda":
        return bool(torch.cuda.is_bf16_supported())
    if device.type != "cpu":
        return False
    check = getattr(torch.ops.mkldnn, "_is_mkldnn_bf16_supported", None)
    try:
        return bool(torch.backends.mkldnn.is_available() and check is not None and check())
    except RuntimeError:
        return False


def resolve_precision(requested: str | None, device: torch.device, training: bool) -> torch.dtype:
    """The compute precision: ``auto`` is the fastest that keeps accuracy. CUDA: bfloat16
    where native, else float16. CPU: for inference bfloat16 where native (99.98 % agreement
    with float32, bench_classify_pixels.py), for training float32: bf16 trained less accurate
    models per epoch (bench_train.py) and per minute under MAX_TIME 2 and 5, level at 10
    (mean IoU 0.614/0.622/0.643 against fp32's 0.729/0.668/0.628 over two runs,
    bench_budget.py --precision bf16: on small windows it ran fewer epochs, not more).
    Asked-for precisions the device cannot run are refused."""
    name = (requested or "auto").strip().lower()
    name = PRECISION_ALIASES.get(name, name)
    if name not in PRECISIONS:
        raise InputError(
            "precision",
            _("{value!r} is not a precision; use one of {choices}.").format(
                value=requested, choices=", ".join(PRECISIONS)
            ),
        )
    if name == "auto":
        if device.type == "cuda":
            return torch.bfloat16 if native_bf16(device) else torch.float16
        if device.type == "cpu" and not training and native_bf16(device):
            return torch.bfloat16
        return torch.float32
    if name == "float16" and device.type != "cuda":
        raise InputError(
            "precision", _("float16 needs a CUDA GPU; choose bfloat16, float32 or auto.")
        )
    if name == "bfloat16" and device.type == "mps":
        raise InputError(
            "precision", _("bfloat16 is not offered on Apple MPS; choose float32 or auto.")
        )
    if name == "bfloat16" and training and device.type == "cpu" and not native_bf16(device):
        raise InputError(
            "precision",
            _("this CPU has no native bfloat16 (it would be slower); choose float32 or auto."),
        )
    return DTYPES[name]
