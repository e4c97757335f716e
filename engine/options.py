"""The engine's vocabulary, each word declared once: the tasks, and the options the
algorithms share with their names in the order the Processing enums list them, and the
defaults (torch-free, Qt-free).

The Processing parameters (``processing_provider/options.py``) give them translated labels;
the engine's functions take these names.
"""

from __future__ import annotations

PIXEL_CLASSIFICATION = "pixel_classification"  # a class for every pixel (U-Net & co.)
IMAGE_CLASSIFICATION = "image_classification"  # a class for a whole chip (ResNet & co.)
TASKS = (PIXEL_CLASSIFICATION, IMAGE_CLASSIFICATION)

DEVICES = ("auto", "cpu", "cuda", "mps")  # auto: a CUDA GPU, else Apple's MPS, else the CPU
PRECISIONS = ("auto", "float32", "bfloat16", "float16")  # auto: the fastest that keeps accuracy
TTA_MODES = ("none", "flips", "dihedral")  # dihedral: all 8 rotations and flips
FIXED_SIZE = "fixed_size"  # a window of the tile size around the feature's centre
BOUNDING_BOX = "bounding_box"  # the feature's bounding box plus a buffer, resized
CROP_MODES = (FIXED_SIZE, BOUNDING_BOX)  # how a feature's chip is cut
MONITORS = ("mean_iou", "accuracy", "valid_loss")  # the validation metric picking the best epoch
REFITS = ("auto", "on", "off")  # refit on every chip after validation; auto: small sets

DEFAULT_DEVICE = "auto"
DEFAULT_PRECISION = "auto"
DEFAULT_TTA = "none"
DEFAULT_MONITOR = "mean_iou"
DEFAULT_REFIT = "auto"
