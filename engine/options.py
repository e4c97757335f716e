"""The options the algorithms share, each declared once: names in the order the Processing
enums list them, and the defaults (torch-free, Qt-free).

The Processing parameters (``processing_provider/options.py``) give them translated labels;
the engine's functions take these names.
"""

from __future__ import annotations

DEVICES = ("auto", "cpu", "cuda", "mps")  # auto: a CUDA GPU, else Apple's MPS, else the CPU
PRECISIONS = ("auto", "float32", "bfloat16", "float16")  # auto: the fastest that keeps accuracy
TTA_MODES = ("none", "flips", "dihedral")  # dihedral: all 8 rotations and flips
CROP_MODES = ("fixed_size", "bounding_box")  # how a feature's chip is cut
MONITORS = ("mean_iou", "accuracy", "valid_loss")  # the validation metric picking the best epoch

DEFAULT_DEVICE = "auto"
DEFAULT_PRECISION = "auto"
DEFAULT_TTA = "none"
