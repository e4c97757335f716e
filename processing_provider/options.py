"""What the user reads for the shared options (``engine/options.py``'s names: devices,
precisions, TTA modes, crop modes, metrics), translated by Qt; the parameters that offer them
are described once in ``engine/algorithms/shared.py`` and built in :mod:`.parameters`."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingParameterNumber,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Options"

# What the user reads for each engine name (translated in the context "Options").
LABELS = {
    "auto": QT_TRANSLATE_NOOP("Options", "Automatic"),
    "cpu": QT_TRANSLATE_NOOP("Options", "CPU"),
    "cuda": QT_TRANSLATE_NOOP("Options", "CUDA GPU"),
    "mps": QT_TRANSLATE_NOOP("Options", "Apple GPU (MPS)"),
    "float32": QT_TRANSLATE_NOOP("Options", "Full (float32)"),
    "bfloat16": QT_TRANSLATE_NOOP("Options", "Half (bfloat16)"),
    "float16": QT_TRANSLATE_NOOP("Options", "Half (float16, CUDA only)"),
    "none": QT_TRANSLATE_NOOP("Options", "None"),
    "flips": QT_TRANSLATE_NOOP("Options", "Flips (3 passes)"),
    "dihedral": QT_TRANSLATE_NOOP("Options", "All 8 rotations and flips (8 passes)"),
    "fixed_size": QT_TRANSLATE_NOOP("Options", "Fixed size around the centre"),
    "bounding_box": QT_TRANSLATE_NOOP("Options", "Bounding box (plus buffer)"),
    "mean_iou": QT_TRANSLATE_NOOP("Options", "Mean IoU"),
    "accuracy": QT_TRANSLATE_NOOP("Options", "Overall accuracy"),
    "valid_loss": QT_TRANSLATE_NOOP("Options", "Validation loss"),
}


def translate(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def option_label(name: str) -> str:
    """The translated label of an engine name such as ``cuda`` or ``mean_iou``."""
    return translate(LABELS[name]) if name in LABELS else name


def with_decimals(
    parameter: QgsProcessingParameterNumber, decimals: int
) -> QgsProcessingParameterNumber:
    """``parameter``, shown with ``decimals`` places in the dialog (QGIS shows six otherwise:
    ``25.000000``). Only for numbers that need no more (percentages, minutes, angles)."""
    metadata = parameter.metadata()
    wrapper = dict(metadata.get("widget_wrapper") or {})
    wrapper["decimals"] = decimals
    metadata["widget_wrapper"] = wrapper
    parameter.setMetadata(metadata)
    return parameter
